package exchange

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/cruxlab/crux"
)

// hostile pieces of text: CSV, Markdown, HTML and formula metacharacters,
// quotes of every kind, newlines, non-Latin scripts and emoji.
var pieces = []string{
	"a", "word", " ", "  ", ",", ";", "\t", "\"", "\"\"", "'", "’", "«", "»", "\n", "\r", "\n\n",
	"<script>alert(1)</script>", "</td>", "&amp;", "&", "<", ">", "|", "*", "_", "`", "#", "[x](javascript:alert(1))",
	"=SUM(A1)", "+1", "-2", "@cmd", "Пєсков", "Зеленський", "東京", "🙂", "\u200b", "\u00a0", "é", "e\u0301",
	"{", "}", "\\", "$", "%", "H1: fake",
}

func randText(r *rand.Rand, maxPieces int) string {
	n := r.IntN(maxPieces + 1)
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	// A CR LF pair inside a cell reads back from CSV as LF (documented).
	return strings.ReplaceAll(b.String(), "\r\n", "\n")
}

func nonBlank(r *rand.Rand, max int) string {
	for {
		if s := randText(r, max); strings.TrimSpace(s) != "" {
			return s
		}
	}
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func randDate(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		return ""
	}
	return fmt.Sprintf("20%02d-%02d-%02d", 10+r.IntN(15), 1+r.IntN(12), 1+r.IntN(28))
}

func randID(r *rand.Rand, prefix string, i int) string {
	return pick(r, prefix, prefix+"_", prefix+".", prefix+":", prefix+"-") + fmt.Sprint(i)
}

// randomCase returns a valid case with up to n items of each kind.
func randomCase(r *rand.Rand, n int) *crux.Case {
	c := crux.New(randID(r, "case", r.IntN(100)), nonBlank(r, 6))
	c.Question = randText(r, 4)
	c.Description = randText(r, 8)
	c.EventDate = randDate(r)
	if r.IntN(2) == 0 {
		c.Created = time.Date(2020+r.IntN(6), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC)
		c.Updated = c.Created.Add(time.Duration(r.IntN(1000)) * time.Hour)
	}
	for i := range 1 + r.IntN(n) {
		text := randText(r, 30)
		s := crux.Source{ID: randID(r, "s", i), Title: randText(r, 5), Outlet: randText(r, 3), Published: randDate(r),
			URL: pick(r, "", "https://example.org/a?b=1&c=\"2\"", "http://x.test/<p>"), Format: pick(r, "", "text", "markdown", "html"),
			Reliability: pick[crux.Reliability](r, "", "A", "B", "C", "D", "E", "F"), Text: text}
		if r.IntN(2) == 0 {
			s.Authors = []string{nonBlank(r, 3)}
		}
		if len(text) > 2 && r.IntN(2) == 0 {
			s.Paragraphs = []crux.Span{{Start: 0, End: len(text) / 2}}
			s.Links = []crux.Link{{Span: crux.Span{Start: 1, End: 2}, URL: "#"}}
		}
		c.Sources = append(c.Sources, s)
	}
	for i := range 1 + r.IntN(n) {
		a := crux.Actor{ID: randID(r, "a", i), Name: nonBlank(r, 4), Kind: pick(r, crux.Person, crux.Organization, crux.Group, crux.Anonymous),
			Role: randText(r, 2), Affiliation: randText(r, 2), Description: randText(r, 3)}
		if r.IntN(3) == 0 {
			a.Aliases = []string{nonBlank(r, 2), nonBlank(r, 2)}
		}
		c.Actors = append(c.Actors, a)
	}
	for i := range r.IntN(n + 1) {
		src := c.Sources[r.IntN(len(c.Sources))]
		end := r.IntN(len(src.Text) + 1)
		cl := crux.Claim{ID: randID(r, "c", i), SpeakerID: c.Actors[r.IntN(len(c.Actors))].ID, Cue: randText(r, 2),
			CueClass: crux.CueClasses[r.IntN(len(crux.CueClasses))], Mode: pick(r, crux.Direct, crux.Reported, crux.Mixed),
			Text: randText(r, 12), Date: randDate(r), Group: randText(r, 1),
			Citations: []crux.Citation{{SourceID: src.ID, Content: crux.Span{Start: r.IntN(end + 1), End: end}, Date: randDate(r)}}}
		cl.Citations[0].Content.Start = min(cl.Citations[0].Content.Start, end)
		if r.IntN(2) == 0 {
			cl.Citations[0].Cue = &crux.Span{Start: 0, End: 0}
		}
		c.Claims = append(c.Claims, cl)
	}
	for i := range 1 + r.IntN(n) {
		h := crux.Hypothesis{ID: randID(r, "H", i), Title: nonBlank(r, 5), Description: randText(r, 4),
			Status: pick(r, crux.Accepted, crux.Suggested, crux.Rejected, ""), Catchall: r.IntN(5) == 0}
		if r.IntN(3) == 0 {
			p := r.Float64() * 3
			h.Prior = &p
		}
		c.Hypotheses = append(c.Hypotheses, h)
	}
	for i := range r.IntN(2*n + 1) {
		e := crux.Evidence{ID: randID(r, "E", i), Text: randText(r, 15), Kind: pick(r, crux.Fact, crux.Assumption, crux.Absence),
			Date: randDate(r), Reliability: pick[crux.Reliability](r, "", "A", "B", "C", "D", "E", "F"),
			Credibility: pick[crux.Credibility](r, "", "1", "2", "3", "4", "5", "6"),
			Relevance:   pick(r, crux.Low, crux.Medium, crux.High, ""), Group: randText(r, 2), Notes: randText(r, 5),
			Ratings: map[string]crux.Rating{}}
		if len(c.Claims) > 0 && r.IntN(2) == 0 {
			e.Kind, e.ClaimID = crux.FromClaim, c.Claims[r.IntN(len(c.Claims))].ID
		}
		for _, h := range c.Hypotheses {
			if r.IntN(5) == 0 {
				continue // unrated
			}
			rt := crux.Rating{Value: crux.RatingValues[r.IntN(len(crux.RatingValues))]}
			if r.IntN(4) == 0 {
				l := 0.01 + 0.99*r.Float64()
				rt.Likelihood, rt.Reason, rt.Analyst, rt.Suggested = &l, randText(r, 4), "kim", r.IntN(2) == 0
			}
			e.Ratings[h.ID] = rt
		}
		if r.IntN(6) == 0 {
			e.Ratings = nil
		}
		c.Evidence = append(c.Evidence, e)
	}
	return c
}
