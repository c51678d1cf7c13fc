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
	cues   []int32  // indices of the tokens that are cue forms, in order
	caps   []int32  // indices of the capitalised tokens, in order
	nquote int      // quote marks in the paragraph
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
	p.sents, p.sflags, p.cues = p.sents[:0], p.sflags[:0], p.cues[:0]
	p.caps = p.caps[:0]
	for k := range toks {
		if toks[k].flags&fCap != 0 {
			p.caps = append(p.caps, int32(k))
		}
	}
}

// pairQuotes pairs opening and closing marks left to right. Curly marks
// nest; a straight mark closes an open quote and opens otherwise.
func (p *paragraph) pairQuotes() {
	if cap(p.qreg) < len(p.toks) {
		p.qreg = make([]int32, len(p.toks), cap(p.toks))
	}
	p.qreg = p.qreg[:len(p.toks)]
	p.quotes = p.quotes[:0]
	if p.nquote == 0 {
		// no quote marks: every token is outside quotes
		if len(p.qreg) > 0 {
			p.qreg[0] = -1
			for k := 1; k < len(p.qreg); k *= 2 {
				copy(p.qreg[k:], p.qreg[:k])
			}
		}
		return
	}
	open, depth, start := false, 0, 0
	for i := range p.toks {
		p.qreg[i] = -1
		t := &p.toks[i]
		if open {
			p.qreg[i] = int32(len(p.quotes))
			t.flags |= fInQuote
		}
		if t.kind != tQuote {
			continue
		}
		switch {
		case !open && t.flags&fOpen != 0:
			open, depth, start = true, 0, i
			p.qreg[i] = int32(len(p.quotes))
			t.flags |= fInQuote
		case !open:
			// a stray closing mark: ignore
		case t.flags&fClose != 0 && depth > 0 && t.flags&fOpen == 0:
			depth--
		case t.flags&fClose != 0:
			p.quotes = append(p.quotes, quote{open: start, close: i, closed: true})
			open = false
		case t.flags&fOpen != 0:
			depth++
		}
	}
	if open {
		p.quotes = append(p.quotes, quote{open: start, close: len(p.toks) - 1, closed: false})
	}
}

func isTerminal(t *token) bool {
	return t.kind == tPunct && (t.v == punctV['.'] || t.v == punctV['!'] || t.v == punctV['?'] || t.v == ellipsisV)
}

// splitSentences splits at terminal punctuation outside quotes (or right
// before a quote's closing mark) followed by a capitalised word, a digit
// or an opening quote. A period after a known abbreviation or an initial
// does not split.
func (p *paragraph) splitSentences() {
	p.sents = p.sents[:0]
	p.sflags = p.sflags[:0]
	a := 0
	toks := p.toks
	var fl uint32
	p.cues, p.caps = p.cues[:0], p.caps[:0]
	for k := 0; k < len(toks); k++ {
		t := &toks[k]
		fl |= t.flags
		if t.flags&(fCue|fCap) != 0 {
			if t.flags&fCue != 0 {
				p.cues = append(p.cues, int32(k))
			}
			if t.flags&fCap != 0 {
				p.caps = append(p.caps, int32(k))
			}
		}
		if t.kind != tPunct || !isTerminal(t) {
			continue
		}
		end := k
		if p.qreg[k] >= 0 {
			// inside a quote: only at its closing mark
			q := p.quotes[p.qreg[k]]
			if !q.closed || q.close != k+1 {
				continue
			}
			end = k + 1
		} else if k+1 < len(toks) && toks[k+1].kind == tPunct && toks[k+1].v == punctV[')'] {
			end = k + 1
		}
		if end+1 >= len(toks) {
			continue
		}
		if t.v == punctV['.'] && k > 0 && toks[k-1].kind == tWord && toks[k-1].e == t.s {
			w := &toks[k-1]
			if w.in(abbrevs) || w.flags&fAbbrev != 0 || (w.e-w.s == 1 && w.flags&fCap != 0) {
				// "in the U.S. He says ...": after a dotted abbreviation
				// (not a title like "Gov."), a capitalised pronoun or
				// article starts a new sentence
				nx := &toks[end+1]
				if !(w.flags&fAbbrev != 0 && !w.in(abbrevs) && !w.in(titles) && nx.kind == tWord && nx.flags&fCap != 0 && nx.in(sentenceStarters)) {
					continue
				}
			}
		}
		if p.qreg[k] >= 0 && attributionFollows(toks, end+1) {
			// "...!" McDonough wrote: the attribution belongs to the quote
			continue
		}
		nx := &toks[end+1]
		if !(nx.kind == tWord && (nx.flags&fCap != 0 || isDigit(p.text[nx.s])) || nx.kind == tQuote && nx.flags&fOpen != 0 || nx.kind == tPunct && nx.v == punctV['(']) {
			continue
		}
		if end > k {
			fl |= toks[end].flags
		}
		p.sents = append(p.sents, [2]int{a, end + 1})
		p.sflags = append(p.sflags, fl&triggers)
		fl = 0
		a = end + 1
		k = end
	}
	if a < len(toks) {
		p.sents = append(p.sents, [2]int{a, len(toks)})
		p.sflags = append(p.sflags, fl&triggers)
	}
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
