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
	qreg   []int32 // per token: index of the quote region it lies in (marks included), -1 outside (the token's fInQuote says which)
	quotes []quote
	sents  [][2]int // token ranges [a, b)
	sflags []uint32 // per sentence: its tokens' trigger flags, or-ed
	scues  []int32  // per sentence: where its cue forms end in cues (they start where those of the sentence before end)
	cues   []int32  // indices of the tokens that are cue forms, in order
	caps   []int32  // indices of the capitalised tokens, in order
	nquote int      // quote marks in the paragraph

	sentStart int // splitSentences: where the sentence being read starts
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
	p.pairQuotes()
	p.splitSentences()
}

// quiet sets the paragraph to tokens without quote marks, Markdown
// links or words a rule starts at: only what noteNames reads is set (no
// quote regions, no sentences).
func (p *paragraph) quiet(text string, toks []token) {
	p.text = text
	p.toks = toks
	p.nquote = 0
	p.quotes = p.quotes[:0]
	p.sents, p.sflags, p.scues, p.cues = p.sents[:0], p.sflags[:0], p.scues[:0], p.cues[:0]
	p.caps = p.caps[:0]
	for k := range toks {
		if toks[k].flags&fCap != 0 {
			p.caps = append(p.caps, int32(k))
		}
	}
}

// pairQuotes pairs opening and closing marks left to right. Curly marks
// nest; a straight mark closes an open quote and opens otherwise.
//
// Every token's region and fInQuote are written, and only a quote mark
// takes a branch: what it does is a call away (pairAt), so that the
// loop's few variables stay in registers.
func (p *paragraph) pairQuotes() {
	toks := p.toks
	if cap(p.qreg) < len(toks) {
		p.qreg = make([]int32, len(toks), cap(toks))
	}
	qreg := p.qreg[:len(toks)]
	p.qreg = qreg
	p.quotes = p.quotes[:0]
	if p.nquote == 0 {
		// no quote marks: every token is outside quotes
		for k := range qreg {
			qreg[k] = -1
		}
		return
	}
	// cur and in: the region and flag of the tokens after the last mark
	pr := pairing{}
	cur, in := int32(-1), uint32(0)
	for k := range toks {
		if toks[k].kind == tQuote {
			cur, in = p.pairAt(k, &pr)
			continue
		}
		qreg[k] = cur
		toks[k].flags |= in
	}
	if pr.open {
		p.quotes = append(p.quotes, quote{open: pr.start, close: len(toks) - 1, closed: false})
	}
}

// pairing is the state of pairQuotes: whether a quote is open, from
// which mark, and how many curly marks nest in it.
type pairing struct {
	open         bool
	depth, start int
}

// pairAt is pairQuotes at the quote mark toks[k]: it sets the mark's
// region and returns those of the tokens after it.
//
//go:noinline
func (p *paragraph) pairAt(k int, pr *pairing) (int32, uint32) {
	t := &p.toks[k]
	r := int32(len(p.quotes))
	switch {
	case !pr.open && t.flags&fOpen != 0:
		pr.open, pr.depth, pr.start = true, 0, k
	case !pr.open:
		// a stray closing mark: ignore
		p.qreg[k] = -1
		return -1, 0
	case t.flags&fClose != 0 && pr.depth > 0 && t.flags&fOpen == 0:
		pr.depth--
	case t.flags&fClose != 0:
		// the closing mark is in its quote, the tokens after it are not
		p.quotes = append(p.quotes, quote{open: pr.start, close: k, closed: true})
		pr.open = false
		p.qreg[k] = r
		t.flags |= fInQuote
		return -1, 0
	case t.flags&fOpen != 0:
		pr.depth++
	}
	p.qreg[k] = r
	t.flags |= fInQuote
	return r, fInQuote
}

func isTerminal(t *token) bool {
	return t.kind == tPunct && (t.v == punctV['.'] || t.v == punctV['!'] || t.v == punctV['?'] || t.v == ellipsisV)
}

// splitStop marks the lexicon indices that splitSentences stops at:
// those of terminal punctuation (see isTerminal) and of the cue forms (a
// word has fCue exactly when its entry has a cue, see buildVtab). A
// token of such an index is then tested itself (splitAt). Set by
// setSplitStop once vtab is (setWordIndices calls it).
var splitStop [1 << 16]bool

func setSplitStop() {
	for _, v := range []uint16{punctV['.'], punctV['!'], punctV['?'], ellipsisV} {
		splitStop[v] = true
	}
	for v, e := range vtab.cues {
		if e != nil {
			splitStop[v] = true
		}
	}
}

// splitSentences splits at terminal punctuation outside quotes (or right
// before a quote's closing mark) followed by a capitalised word, a digit
// or an opening quote. A period after a known abbreviation or an initial
// does not split. It also lists the paragraph's cue forms and capitalised
// words, and or-s each sentence's flags.
//
// Most tokens are neither terminal punctuation nor a cue form, and for
// them the loop takes no branch that depends on the token: a table says
// whether to stop (see splitStop), and caps is written at every token
// and advanced by its fCap bit (a capital is too frequent, and too
// irregular, for a branch to guess). What is done at a stop is a call away (splitAt), so that
// the loop's few variables stay in registers.
func (p *paragraph) splitSentences() {
	toks := p.toks
	n := len(toks)
	if cap(p.caps) < n {
		p.caps = make([]int32, n)
	}
	caps := p.caps[:n]
	np := 0
	p.cues, p.sents, p.sflags, p.scues = p.cues[:0], p.sents[:0], p.sflags[:0], p.scues[:0]
	p.sentStart = 0
	var fl uint32
	for k := 0; k < n; k++ {
		f := toks[k].flags
		fl |= f
		caps[np] = int32(k)
		np += int(f / fCap & 1)
		if splitStop[toks[k].v] {
			k, fl = p.splitAt(k, fl)
		}
	}
	if a := p.sentStart; a < n {
		p.sents = append(p.sents, [2]int{a, n})
		p.sflags = append(p.sflags, fl&triggers)
		p.scues = append(p.scues, int32(len(p.cues)))
	}
	p.caps = caps[:np]
}

// splitAt is splitSentences at toks[k], a cue form or terminal
// punctuation, with fl the flags of the sentence up to k: it returns
// the token to go on after and the flags of the sentence then.
//
//go:noinline
func (p *paragraph) splitAt(k int, fl uint32) (int, uint32) {
	toks := p.toks
	n := len(toks)
	t := &toks[k]
	if t.flags&fCue != 0 {
		p.cues = append(p.cues, int32(k))
	}
	if !isTerminal(t) {
		return k, fl
	}
	end := k
	if p.qreg[k] >= 0 {
		// inside a quote: only at its closing mark
		q := p.quotes[p.qreg[k]]
		if !q.closed || q.close != k+1 {
			return k, fl
		}
		end = k + 1
	} else if k+1 < n && toks[k+1].kind == tPunct && toks[k+1].v == punctV[')'] {
		end = k + 1
	}
	if end+1 >= n {
		return k, fl
	}
	if t.v == punctV['.'] && k > 0 && toks[k-1].kind == tWord && toks[k-1].e == t.s {
		w := &toks[k-1]
		if w.in(abbrevs) || w.flags&fAbbrev != 0 || (w.e-w.s == 1 && w.flags&fCap != 0) {
			// "in the U.S. He says ...": after a dotted abbreviation
			// (not a title like "Gov."), a capitalised pronoun or
			// article starts a new sentence
			nx := &toks[end+1]
			if !(w.flags&fAbbrev != 0 && !w.in(abbrevs) && !w.in(titles) && nx.kind == tWord && nx.flags&fCap != 0 && nx.in(sentenceStarters)) {
				return k, fl
			}
		}
	}
	if p.qreg[k] >= 0 && attributionFollows(toks, end+1) {
		// "...!" McDonough wrote: the attribution belongs to the quote
		return k, fl
	}
	nx := &toks[end+1]
	if !(nx.kind == tWord && (nx.flags&fCap != 0 || isDigit(p.text[nx.s])) || nx.kind == tQuote && nx.flags&fOpen != 0 || nx.kind == tPunct && nx.v == punctV['(']) {
		return k, fl
	}
	if end > k {
		// the closing mark or parenthesis, which the loop then skips
		// (neither is a cue or capitalised)
		fl |= toks[end].flags
	}
	p.sents = append(p.sents, [2]int{p.sentStart, end + 1})
	p.sflags = append(p.sflags, fl&triggers)
	p.scues = append(p.scues, int32(len(p.cues)))
	p.sentStart = end + 1
	return end, 0
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
