package bench

import (
	"fmt"
	"math/rand/v2"

	"github.com/cruxlab/crux"
)

// SynthOptions shape a synthetic case. The zero value of a count means its
// default.
type SynthOptions struct {
	Hypotheses int    // default 100
	Evidence   int    // default 10 000
	Seed       uint64 // the same seed gives the same case
}

// SyntheticCase builds a valid case of the given size from a seeded
// generator, for timing the scoring engine: the 100 hypotheses ×
// 10 000 evidence items by default.
//
// Its shape follows real cases where it matters to the engine's cost: one
// source per 100 items with an Admiralty reliability, one actor per 200,
// half the items drawn from claims (some claims reported by two items, which
// the engine must count once), a tenth in explicit dependence groups, every
// rating value including NA, 1% of cells with an explicit likelihood, all
// three relevance levels, dates over thirty days, and a catch-all
// hypothesis. Ratings lean per item towards a few hypotheses so that the
// posterior has a leader and the sensitivity analysis has work to do.
func SyntheticCase(o SynthOptions) *crux.Case {
	nh, ne := o.Hypotheses, o.Evidence
	if nh <= 0 {
		nh = 100
	}
	if ne <= 0 {
		ne = 10000
	}
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	c := crux.New(fmt.Sprintf("synthetic-%d", o.Seed), fmt.Sprintf("Synthetic case: %d hypotheses × %d evidence items (seed %d)", nh, ne, o.Seed))
	c.Question = "Which of the synthetic hypotheses explains the synthetic event?"
	c.EventDate = "2024-01-01"

	grades := []crux.Reliability{"A", "B", "C", "D", "E", "F"}
	creds := []crux.Credibility{"1", "2", "3", "4", "5", "6"}
	rels := []crux.Relevance{crux.Low, crux.Medium, crux.High, ""}

	for i := range nh {
		h := crux.Hypothesis{
			ID:     fmt.Sprintf("H%d", i+1),
			Title:  fmt.Sprintf("Hypothesis %d", i+1),
			Status: crux.Accepted,
		}
		if i == nh-1 && nh > 2 {
			h.Title = "Something else"
			h.Catchall = true
		}
		if i%10 == 3 {
			p := 0.5 + r.Float64()
			h.Prior = &p
		}
		c.Hypotheses = append(c.Hypotheses, h)
	}

	nsrc := max(1, ne/100)
	for i := range nsrc {
		text := fmt.Sprintf("Synthetic report %d. An official said that the event was caused by factor %d. Another said it was not.", i+1, r.IntN(nh)+1)
		c.Sources = append(c.Sources, crux.Source{
			ID:          fmt.Sprintf("S%d", i+1),
			Title:       fmt.Sprintf("Report %d", i+1),
			Outlet:      fmt.Sprintf("Outlet %d", i%17+1),
			Published:   date(i % 30),
			Format:      "text",
			Reliability: grades[r.IntN(len(grades))],
			Text:        text,
			Paragraphs:  []crux.Span{{Start: 0, End: len(text)}},
		})
	}
	nact := max(1, ne/200)
	kinds := []crux.ActorKind{crux.Person, crux.Person, crux.Organization, crux.Group, crux.Anonymous}
	for i := range nact {
		c.Actors = append(c.Actors, crux.Actor{
			ID:   fmt.Sprintf("A%d", i+1),
			Name: fmt.Sprintf("Speaker %d", i+1),
			Kind: kinds[r.IntN(len(kinds))],
		})
	}

	// Ratings lean towards CC/C for an item's favoured hypotheses and
	// towards I/II for its disfavoured ones; most cells are N or C, as in
	// real matrices.
	lean := func(score float64) crux.RatingValue {
		switch {
		case score > 0.93:
			return crux.VeryConsistent
		case score > 0.70:
			return crux.Consistent
		case score > 0.35:
			return crux.Neutral
		case score > 0.10:
			return crux.Inconsistent
		default:
			return crux.VeryInconsistent
		}
	}
	groups := 0
	for i := range ne {
		e := crux.Evidence{
			ID:          fmt.Sprintf("E%d", i+1),
			Text:        fmt.Sprintf("Synthetic evidence item %d", i+1),
			Kind:        crux.Fact,
			Date:        date(r.IntN(30)),
			Reliability: grades[r.IntN(len(grades))],
			Credibility: creds[r.IntN(len(creds))],
			Relevance:   rels[r.IntN(len(rels))],
			Ratings:     make(map[string]crux.Rating, nh),
		}
		switch {
		case i%2 == 0:
			// From a claim; every tenth claim is reported by the next
			// item too (an echo the engine must count once).
			e.Kind = crux.FromClaim
			cl := newClaim(c, r, len(c.Claims)+1)
			c.Claims = append(c.Claims, cl)
			e.ClaimID = cl.ID
		case i%20 == 1 && len(c.Claims) > 0:
			e.Kind = crux.FromClaim
			e.ClaimID = c.Claims[len(c.Claims)-1].ID
		case i%10 == 3:
			e.Kind = crux.Assumption
		case i%50 == 7:
			e.Kind = crux.Absence
		}
		if i%10 == 5 || i%10 == 6 {
			e.Group = fmt.Sprintf("G%d", groups/2+1)
			groups++
		}
		favour := r.IntN(nh)
		for j, h := range c.Hypotheses {
			bias := 0.0
			switch {
			case j == favour:
				bias = 0.35
			case j%7 == favour%7:
				bias = -0.25
			}
			v := lean(min(1, max(0, r.Float64()+bias)))
			if r.IntN(50) == 0 {
				v = crux.NotApplicable
			}
			rt := crux.Rating{Value: v}
			if v != crux.NotApplicable && r.IntN(100) == 0 {
				l := 0.05 + 0.9*r.Float64()
				rt.Likelihood = &l
			}
			e.Ratings[h.ID] = rt
		}
		c.Evidence = append(c.Evidence, e)
	}
	return c
}

func newClaim(c *crux.Case, r *rand.Rand, n int) crux.Claim {
	src := c.Sources[r.IntN(len(c.Sources))]
	classes := crux.CueClasses
	modes := []crux.Mode{crux.Direct, crux.Reported, crux.Mixed}
	// Cite a word-aligned stretch of the source's text.
	words := wordSpans(src.Text)
	from := r.IntN(len(words))
	to := min(len(words), from+1+r.IntN(8))
	start, end := words[from].Start, words[to-1].End
	return crux.Claim{
		ID:        fmt.Sprintf("C%d", n),
		SpeakerID: c.Actors[r.IntN(len(c.Actors))].ID,
		Cue:       "said",
		CueClass:  classes[r.IntN(len(classes))],
		Mode:      modes[r.IntN(len(modes))],
		Text:      src.Text[start:end],
		Date:      src.Published,
		Citations: []crux.Citation{{
			SourceID: src.ID,
			Content:  crux.Span{Start: start, End: end},
			Date:     src.Published,
		}},
	}
}

// wordSpans returns the byte spans of the space-separated words of s.
func wordSpans(s string) []crux.Span {
	var out []crux.Span
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, crux.Span{Start: start, End: i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return out
}

func date(day int) string { return fmt.Sprintf("2024-01-%02d", day%30+1) }
