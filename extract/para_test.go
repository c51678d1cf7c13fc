package extract

import "testing"

// TestQuoteRegions loads paragraphs one after another into one
// paragraph, as Extract does, and checks every token's quote region
// against the quotes found: qreg is written only in quotes and reset at
// the next paragraph (see clearRegions), so a region left over from an
// earlier paragraph would show here.
func TestQuoteRegions(t *testing.T) {
	paras := []string{
		`"We will win," he said. "And soon." Then he left.`,
		`Nothing quoted here, the minister said, at length and with some care for the words he used.`,
		`“A “nested” quote,” she wrote, “and an open one`,
		`He said: “short.” A stray ” mark and "another`,
		`Plain words only`,
		`“One.” “Two.” “Three.” "Four." "Five`,
		`The agency said the figures (from 2016.) were wrong. “Fine,” it said.`,
		``,
		`"Open at the start and never closed, with many words after it that run on and on`,
		`Short.`,
	}
	var p paragraph
	for round := 0; round < 2; round++ {
		for _, text := range paras {
			toks, tc := tokenize(text, 0, len(text), nil)
			if tc.quotes == 0 && tc.flags&triggers == 0 && tc.links == 0 {
				p.quiet(text, toks)
				if len(p.quotes) != 0 {
					t.Errorf("%q: quiet paragraph has quotes %v", text, p.quotes)
				}
				continue
			}
			p.load(text, toks, tc)
			if len(p.qreg) != len(p.toks) {
				t.Fatalf("%q: %d regions for %d tokens", text, len(p.qreg), len(p.toks))
			}
			for k := range p.toks {
				want := int32(-1)
				for r, q := range p.quotes {
					if q.open <= k && k <= q.close {
						want = int32(r)
					}
				}
				if p.qreg[k] != want {
					t.Errorf("%q: token %d (%q) has region %d, want %d", text, k, text[p.toks[k].s:p.toks[k].e], p.qreg[k], want)
				}
				if in := p.toks[k].flags&fInQuote != 0; in != (want >= 0) {
					t.Errorf("%q: token %d (%q) fInQuote %v, region %d", text, k, text[p.toks[k].s:p.toks[k].e], in, want)
				}
			}
			for k, v := range p.qreg[len(p.qreg):cap(p.qreg)] {
				if v != -1 {
					t.Errorf("%q: region %d past the tokens is %d", text, len(p.qreg)+k, v)
				}
			}
		}
	}
}
