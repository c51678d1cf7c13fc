package extract

// Scoring of predicted attributions against gold ones, with the rules of
// the reference scorer ../shared/tools/brat_score.py:
//
//   - content soft: character-overlap F ≥ 0.5 between the contents (each
//     discontinuous span taken as the union of its characters);
//   - content strict: identical character sets after trimming quotes,
//     space and punctuation at both ends (within the text);
//   - attribution: soft content match and a predicted source overlapping
//     the gold source by at least one character (or both absent).
//
// Matching is greedy in gold order: each gold attribution takes the first
// unused prediction that matches.

// Counts are the tallies of a scoring run.
type Counts struct {
	Gold, Pred, Strict, Soft, Attr int
}

// Add adds another run's tallies.
func (c *Counts) Add(o Counts) {
	c.Gold += o.Gold
	c.Pred += o.Pred
	c.Strict += o.Strict
	c.Soft += o.Soft
	c.Attr += o.Attr
}

// PRF returns precision, recall and F1 for hits.
func (c Counts) PRF(hits int) (p, r, f float64) {
	if c.Pred > 0 {
		p = float64(hits) / float64(c.Pred)
	}
	if c.Gold > 0 {
		r = float64(hits) / float64(c.Gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// Score compares the predictions for one text (as code points) with the
// gold attributions.
func Score(text []rune, gold, pred []BratAttribution) Counts {
	c := Counts{Gold: len(gold), Pred: len(pred)}
	c.Soft = match(gold, pred, func(g, p *BratAttribution) bool { return fov(g.Content, p.Content) >= 0.5 })
	c.Strict = match(gold, pred, func(g, p *BratAttribution) bool {
		return equal(trimSpans(g.Content, text), trimSpans(p.Content, text))
	})
	c.Attr = match(gold, pred, func(g, p *BratAttribution) bool {
		return fov(g.Content, p.Content) >= 0.5 && (overlap(g.Source, p.Source) > 0 || len(g.Source) == 0 && len(p.Source) == 0)
	})
	return c
}

func match(gold, pred []BratAttribution, ok func(g, p *BratAttribution) bool) int {
	used := make([]bool, len(pred))
	hits := 0
	for gi := range gold {
		for pi := range pred {
			if !used[pi] && ok(&gold[gi], &pred[pi]) {
				used[pi] = true
				hits++
				break
			}
		}
	}
	return hits
}

func size(a []Interval) int {
	n := 0
	for _, x := range a {
		n += x.End - x.Start
	}
	return n
}

// overlap counts the characters in both (sorted, merged) interval lists.
func overlap(a, b []Interval) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := max(a[i].Start, b[j].Start), min(a[i].End, b[j].End)
		if hi > lo {
			n += hi - lo
		}
		if a[i].End < b[j].End {
			i++
		} else {
			j++
		}
	}
	return n
}

func fov(a, b []Interval) float64 {
	sa, sb := size(a), size(b)
	if sa == 0 || sb == 0 {
		return 0
	}
	return 2 * float64(overlap(a, b)) / float64(sa+sb)
}

func equal(a, b []Interval) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func isTrim(r rune) bool {
	switch r {
	case ' ', '\n', '\t', '"', '\'', '“', '”', '‘', '’', '.', ',', ';', ':', '—', '-':
		return true
	}
	return false
}

// trimSpans clips the characters to the text, then drops trim characters
// at both ends of the whole range (as brat_score.py's trim does).
func trimSpans(a []Interval, text []rune) []Interval {
	var clipped []Interval
	for _, x := range a {
		s, e := max(0, x.Start), min(len(text), x.End)
		if e > s {
			clipped = append(clipped, Interval{s, e})
		}
	}
	if len(clipped) == 0 {
		return nil
	}
	lo, hi := clipped[0].Start, clipped[len(clipped)-1].End
	for lo < hi && isTrim(text[lo]) {
		lo++
	}
	for hi > lo && isTrim(text[hi-1]) {
		hi--
	}
	var out []Interval
	for _, x := range clipped {
		s, e := max(x.Start, lo), min(x.End, hi)
		if e > s {
			out = append(out, Interval{s, e})
		}
	}
	return out
}
