package extract

import "strings"

// A paragraph, tokenized, with its quotes paired and its sentences split.

// quote is one quoted region of a paragraph: token indices of its marks.
type quote struct {
	open, close int  // close is the last token when unclosed
	closed      bool // false: runs to the paragraph end (multi-paragraph quote)
}

type paragraph struct {
	text   string
	toks   []token
	qreg   []int32 // per token: index of the quote region it lies in (marks included), -1 outside (the token's fInQuote says which; -1 up to its capacity but for the quotes, see clearRegions)
	quotes []quote
	sents  []sent
	cues   []int32 // indices of the tokens outside quotes that are cue forms, in order
	caps   []int32 // indices of the capitalised tokens, in order
	nquote int     // quote marks in the paragraph

	sentStart int     // splitSentences: where the sentence being read starts
	sentCues  int32   // splitSentences: where its cue forms start in cues (load zeroes it)
	pr        pairing // splitSentences: the quote pairing so far
}

// sent is one sentence of a paragraph: its tokens [a, b), their
// trigger flags or-ed, and where its cue forms end in the paragraph's
// cues (they start where those of the sentence before end).
type sent struct {
	a, b  int32
	flags uint32
	cues  int32
}

// abbrevs are words whose following period does not end a sentence.
var abbrevs = set(`mr mrs ms dr sen gov rep st jr sr gen lt col sgt capt prof inc co corp ltd vs no mt ft rev fr
	jan feb mar apr aug sept sep oct nov dec est dept univ assn bros adm cmdr gens reps sens messrs
	ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo`)

// load sets the paragraph to its tokens (as tokenize made them, with
// their counts), pairs its quotes and splits its sentences.
func (p *paragraph) load(text string, toks []token, tc tokCounts) {
	p.text = text
	p.toks = toks
	if tc.links > 0 {
		// Drop Markdown link syntax so that "[argued](#)" reads as
		// "argued".
		n := 0
		for _, t := range p.toks {
			if t.flags&fLinkSkip == 0 {
				p.toks[n] = t
				n++
			}
		}
		p.toks = p.toks[:n]
	}
	p.nquote = tc.quotes
	p.sentCues = 0
	p.splitSentences()
}

// quiet sets the paragraph to tokens without quote marks, Markdown
// links or words a rule starts at: only what noteNames reads is set (no
// quote regions, no sentences).
func (p *paragraph) quiet(text string, toks []token) {
	p.text = text
	p.toks = toks
	p.nquote = 0
	p.clearRegions()
	p.sents, p.cues = p.sents[:0], p.cues[:0]
	// (caps as splitSentences writes it: without a branch on fCap)
	n := len(toks)
	if cap(p.caps) < n {
		p.caps = make([]int32, n)
	}
	caps := p.caps[:n]
	np := 0
	for k := range toks {
		caps[np] = int32(k)
		np += int(toks[k].flags / fCap & 1)
	}
	p.caps = caps[:np]
}

// pairing is the state of the quote pairing: whether a quote is open,
// from which mark, and how many curly marks nest in it; the last mark,
// and the region of the tokens after it.
type pairing struct {
	open         bool
	depth, start int
	last         int   // the last quote mark paired (-1: none yet)
	cur          int32 // region index of the tokens after it, -1 outside quotes
}

// pairAt pairs the quote mark toks[k], marks being paired left to
// right: curly marks nest; a straight mark closes an open quote and
// opens otherwise. It sets the region and fInQuote of the tokens since
// the last mark (see fillRegion) and of the mark itself, and in p.pr
// those of the tokens after it.
func (p *paragraph) pairAt(k int) {
	p.fillRegion(k)
	p.pr.last = k
	t := &p.toks[k]
	pr := &p.pr
	r := int32(len(p.quotes))
	switch {
	case !pr.open && t.flags&fOpen != 0:
		pr.open, pr.depth, pr.start = true, 0, k
	case !pr.open:
		// a stray closing mark: ignore (its region is -1 already)
		return
	case t.flags&fClose != 0 && pr.depth > 0 && t.flags&fOpen == 0:
		pr.depth--
	case t.flags&fClose != 0:
		// the closing mark is in its quote, the tokens after it are not
		p.quotes = append(p.quotes, quote{open: pr.start, close: k, closed: true})
		pr.open = false
		p.qreg[k] = r
		t.flags |= fInQuote
		pr.cur = -1
		return
	case t.flags&fOpen != 0:
		pr.depth++
	}
	p.qreg[k] = r
	t.flags |= fInQuote
	pr.cur = r
}

// fillRegion sets the region and fInQuote of the tokens after the last
// quote mark and before toks[k] to those p.pr holds: those in a quote
// (outside quotes, qreg holds -1 already, see clearRegions).
func (p *paragraph) fillRegion(k int) {
	if r := p.pr.cur; r >= 0 {
		toks := p.toks[p.pr.last+1 : k]
		qreg := p.qreg[p.pr.last+1 : k]
		qreg = qreg[:len(toks)]
		for j := range toks {
			toks[j].flags |= fInQuote
			qreg[j] = r
		}
	}
}

// clearRegions sets back to -1 the regions of the paragraph's quotes and
// empties quotes: qreg holds -1 everywhere else, up to its capacity, so
// that only the tokens in quotes need their region written (they lie
// from a quote's opening mark to its closing one, see pairAt).
func (p *paragraph) clearRegions() {
	qreg := p.qreg[:cap(p.qreg)]
	for _, q := range p.quotes {
		r := qreg[q.open : q.close+1]
		for j := range r {
			r[j] = -1
		}
	}
	p.quotes = p.quotes[:0]
}

// closes reports whether the quote mark t closes the open quote (what
// pairAt would do with it).
func (pr *pairing) closes(t *token) bool {
	return pr.open && t.kind == tQuote && t.flags&fClose != 0 && (pr.depth == 0 || t.flags&fOpen != 0)
}

// isTerminal reports whether t is terminal punctuation: . ! ? or an
// ellipsis (the tokenizer flags them fTerm; FuzzTokenize checks that it
// flags those and no other token).
func isTerminal(t *token) bool {
	return t.flags&fTerm != 0
}

// splitSentences pairs the paragraph's quotes and splits its sentences,
// in one walk over the tokens. It splits at terminal punctuation outside
// quotes (or right before a quote's closing mark) followed by a
// capitalised word, a digit or an opening quote. A period after a known
// abbreviation or an initial does not split. It also lists the
// paragraph's cue forms and capitalised words, and or-s each sentence's
// flags.
//
// Most tokens are neither a quote mark, terminal punctuation nor a cue
// form, and for them the loop takes no branch that depends on the
// token: the token's flags say whether to stop (only a quote mark has
// fOpen or fClose, only terminal punctuation fTerm, only a cue form
// fCue), and caps is written at
// every token and advanced by its fCap bit (a capital is too frequent,
// and too irregular, for a branch to guess). A cue form is listed in
// place; what is done at a quote mark or terminal punctuation is a call
// away (pairAt, splitAt), so that the loop's few variables stay in
// registers. The quote regions and fInQuote of the tokens in quotes are
// written a run at a time, at the quote mark after them (see pairAt)
// and at the end; outside quotes qreg holds -1 already (see
// clearRegions).
func (p *paragraph) splitSentences() {
	toks := p.toks
	n := len(toks)
	if cap(p.caps) < n {
		p.caps = make([]int32, n)
	}
	p.clearRegions()
	if cap(p.qreg) < n {
		p.qreg = make([]int32, cap(toks))
		for k := range p.qreg {
			p.qreg[k] = -1
		}
	}
	caps := p.caps[:n]
	p.qreg = p.qreg[:n]
	np := 0
	p.cues, p.sents = p.cues[:0], p.sents[:0]
	p.sentStart = 0
	p.pr = pairing{last: -1, cur: -1}
	var fl uint32
	for k := range toks {
		t := &toks[k]
		f := t.flags
		fl |= f
		caps[np] = int32(k)
		np += int(f / fCap & 1)
		if f&(fCue|fOpen|fClose|fTerm) != 0 {
			// (t.flags, not f: f need not live on in a register)
			if t.flags&fCue != 0 {
				// a cue form (a word: neither a mark nor terminal);
				// one in a quote is none to the rules (see
				// endSentence)
				if p.pr.cur < 0 {
					p.cues = append(p.cues, int32(k))
				}
				continue
			}
			if t.flags&(fOpen|fClose) != 0 { // a quote mark
				p.pairAt(k)
				continue
			}
			fl = p.splitAt(k, fl)
		}
	}
	p.fillRegion(n)
	if a := p.sentStart; a < n {
		p.endSentence(a, n, fl)
	}
	if p.pr.open {
		p.quotes = append(p.quotes, quote{open: p.pr.start, close: n - 1, closed: false})
	}
	p.caps = caps[:np]
}

// endSentence adds the sentence toks[a:b], with fl its tokens' flags
// or-ed. Its trigger flags have fCue only if one of its cue forms is
// outside quotes: the cue rules skip those in quotes, so a sentence
// whose every cue form is quoted ("...," he said, "they asked us.") may
// skip the rules.
func (p *paragraph) endSentence(a, b int, fl uint32) {
	c1 := int32(len(p.cues))
	fl &= triggers &^ fCue
	if c1 > p.sentCues {
		fl |= fCue
	}
	p.sents = append(p.sents, sent{a: int32(a), b: int32(b), flags: fl, cues: c1})
	p.sentCues = c1
}

// splitAt is splitSentences at toks[k], terminal punctuation, with fl
// the flags of the sentence up to k: it returns the flags of the
// sentence then.
//
// A sentence may end after k, with the quote's closing mark or a
// parenthesis right after it; splitSentences then reads that token as
// the next sentence's first (its flags are no trigger).
//
//go:noinline
func (p *paragraph) splitAt(k int, fl uint32) uint32 {
	toks := p.toks
	n := len(toks)
	t := &toks[k] // (terminal: fTerm)
	end := k
	inQuote := p.pr.cur >= 0 // (toks[k] is no mark: its region is cur)
	if inQuote {
		// inside a quote: only at its closing mark
		if k+1 >= n || !p.pr.closes(&toks[k+1]) {
			return fl
		}
		end = k + 1
	} else if k+1 < n && toks[k+1].kind == tPunct && toks[k+1].v == punctV[')'] {
		end = k + 1
	}
	if end+1 >= n {
		return fl
	}
	if t.v == punctV['.'] && k > 0 && toks[k-1].kind == tWord && toks[k-1].e == t.s {
		w := &toks[k-1]
		if w.in(abbrevs) || w.flags&fAbbrev != 0 || (w.e-w.s == 1 && w.flags&fCap != 0) {
			// "in the U.S. He says ...": after a dotted abbreviation
			// (not a title like "Gov."), a capitalised pronoun or
			// article starts a new sentence
			nx := &toks[end+1]
			if !(w.flags&fAbbrev != 0 && !w.in(abbrevs) && !w.in(titles) && nx.kind == tWord && nx.flags&fCap != 0 && nx.in(sentenceStarters)) {
				return fl
			}
		}
	}
	if inQuote && attributionFollows(toks, end+1) {
		// "...!" McDonough wrote: the attribution belongs to the quote
		return fl
	}
	nx := &toks[end+1]
	if !(nx.kind == tWord && (nx.flags&fCap != 0 || isDigit(p.text[nx.s])) || nx.kind == tQuote && nx.flags&fOpen != 0 || nx.kind == tPunct && nx.v == punctV['(']) {
		return fl
	}
	p.endSentence(p.sentStart, end+1, fl)
	p.sentStart = end + 1
	return 0
}

// sentenceStarters open a sentence rather than continue a name after an
// abbreviation ("U.S. He", but "U.S. Senate").
var sentenceStarters = set(`he she they it we i the a an this that these those but and yet so in on at after meanwhile however there his her their its our`)

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// attributionFollows reports whether a cue verb comes within a few words
// of toks[i], before any punctuation ("Kirby said", "said Kirby").
func attributionFollows(toks []token, i int) bool {
	dots := 0 // periods glued to a title or initial: "Mr. Smith said"
	for k := i; k < len(toks) && k < i+5+dots; k++ {
		t := &toks[k]
		if t.kind == tPunct && t.v == punctV['.'] && k > i && toks[k-1].kind == tWord && toks[k-1].e == t.s && dots < 2 {
			dots++
			continue
		}
		if t.kind != tWord {
			return false
		}
		if t.flags&fSpeech != 0 && t.flags&fCap == 0 && k <= i+3+dots && (strings.HasSuffix(t.key(), "ed") || strings.HasSuffix(t.key(), "s") || t.v == wSaid || t.v == wTold || t.v == wWrote) {
			return true
		}
	}
	return false
}
