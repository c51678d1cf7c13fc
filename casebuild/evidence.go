package casebuild

import (
	"sort"
	"strconv"

	"github.com/cruxlab/crux"
)

// Defaults for evidence drawn from a claim before an analyst grades it.
const (
	DefaultReliability = crux.Reliability("F") // reliability cannot be judged
	DefaultCredibility = crux.Credibility("6") // truth cannot be judged
)

// EvidenceFromClaims adds one evidence item per claim that has none yet (a
// claim echoed by many sources is still one item): kind claim, dated by the
// claim's earliest report, in the claim's dependence group, graded with the
// reliability of the outlet that first reported it when that is graded
// (else F), credibility 6 and medium relevance. Existing items drawn from
// claims get their date and group brought up to date (merges move them);
// nothing else of an existing item is touched, and analysts' facts,
// assumptions and absences are left as they are. It returns the number of
// items added.
func EvidenceFromClaims(c *crux.Case) int {
	have := map[string]bool{}
	claims := map[string]*crux.Claim{}
	for i := range c.Claims {
		claims[c.Claims[i].ID] = &c.Claims[i]
	}
	for i := range c.Evidence {
		e := &c.Evidence[i]
		if e.Kind != crux.FromClaim {
			continue
		}
		have[e.ClaimID] = true
		if cl, ok := claims[e.ClaimID]; ok {
			if d := claimDay(cl); d != "" {
				e.Date = d
			}
			if cl.Group != "" {
				e.Group = cl.Group
			}
		}
	}
	actors := map[string]*crux.Actor{}
	for i := range c.Actors {
		actors[c.Actors[i].ID] = &c.Actors[i]
	}
	rel := map[string]crux.Reliability{}
	for _, s := range c.Sources {
		rel[s.ID] = s.Reliability
	}
	next := nextNumber(c.Evidence, func(e crux.Evidence) string { return e.ID }, "E")
	added := 0
	for i := range c.Claims {
		cl := &c.Claims[i]
		if have[cl.ID] {
			continue
		}
		r := DefaultReliability
		if first := firstCitation(cl); first != nil && rel[first.SourceID] != "" {
			r = rel[first.SourceID]
		}
		c.Evidence = append(c.Evidence, crux.Evidence{
			ID:          "E" + strconv.Itoa(next),
			Text:        claimSentence(cl, actors[cl.SpeakerID]),
			Kind:        crux.FromClaim,
			ClaimID:     cl.ID,
			Date:        claimDay(cl),
			Reliability: r,
			Credibility: DefaultCredibility,
			Relevance:   crux.Medium,
			Group:       cl.Group,
			Ratings:     map[string]crux.Rating{},
		})
		next++
		added++
	}
	return added
}

// claimSentence renders a claim as an evidence row: who, how, what.
func claimSentence(cl *crux.Claim, a *crux.Actor) string {
	who := cl.SpeakerID
	if a != nil {
		who = a.Name
	}
	if cl.Mode == crux.Direct {
		return who + " (" + string(cl.CueClass) + "): “" + cl.Text + "”"
	}
	return who + " (" + string(cl.CueClass) + "): " + cl.Text
}

// claimDay is the day a claim became known: its earliest citation's date,
// else its own date.
func claimDay(cl *crux.Claim) string {
	best := ""
	for _, ct := range cl.Citations {
		if d := dayOf(ct.Date); d != "" && (best == "" || d < best) {
			best = d
		}
	}
	if d := dayOf(cl.Date); d != "" && (best == "" || d < best) {
		best = d
	}
	return best
}

func firstCitation(cl *crux.Claim) *crux.Citation {
	var best *crux.Citation
	for i := range cl.Citations {
		ct := &cl.Citations[i]
		if best == nil || dayOf(ct.Date) != "" && (dayOf(best.Date) == "" || dayOf(ct.Date) < dayOf(best.Date)) {
			best = ct
		}
	}
	return best
}

// AsOf returns a copy of the case as it stood at the end of day date
// (YYYY-MM-DD, or an RFC 3339 time whose day is taken): sources published
// after it, citations dated after it, claims with no citation left and
// evidence dated after it are removed. Undated items are kept (they cannot
// be placed in time, so they count as known). Hypotheses are kept; their
// passages from removed sources go. The input is not modified.
func AsOf(c *crux.Case, date string) *crux.Case {
	day := dayOf(date)
	if day == "" {
		day = date
	}
	known := func(d string) bool {
		dd := dayOf(d)
		return dd == "" || dd <= day
	}
	out := *c
	out.Sources = nil
	keepSrc := map[string]bool{}
	for _, s := range c.Sources {
		if known(s.Published) {
			out.Sources = append(out.Sources, s)
			keepSrc[s.ID] = true
		}
	}
	keepCit := func(cs []crux.Citation) []crux.Citation {
		var r []crux.Citation
		for _, ct := range cs {
			if keepSrc[ct.SourceID] && known(ct.Date) {
				r = append(r, ct)
			}
		}
		return r
	}
	out.Claims = nil
	keepClaim := map[string]bool{}
	for _, cl := range c.Claims {
		cits := keepCit(cl.Citations)
		if len(cits) == 0 {
			continue
		}
		cl.Citations = cits
		if d := claimDay(&cl); d != "" {
			cl.Date = d
		}
		out.Claims = append(out.Claims, cl)
		keepClaim[cl.ID] = true
	}
	speakers := map[string]bool{}
	for _, cl := range out.Claims {
		speakers[cl.SpeakerID] = true
	}
	out.Actors = nil
	for _, a := range c.Actors {
		if speakers[a.ID] {
			out.Actors = append(out.Actors, a)
		}
	}
	out.Hypotheses = make([]crux.Hypothesis, len(c.Hypotheses))
	for i, h := range c.Hypotheses {
		h.Passages = keepCit(h.Passages)
		out.Hypotheses[i] = h
	}
	out.Evidence = nil
	for _, e := range c.Evidence {
		if !known(e.Date) {
			continue
		}
		if e.ClaimID != "" && !keepClaim[e.ClaimID] {
			continue
		}
		out.Evidence = append(out.Evidence, e)
	}
	return &out
}

// Timeline returns the distinct days (YYYY-MM-DD, ascending) on which the
// case's evidence became known: evidence dates, and the dates of the claims
// behind it. Scoring AsOf(c, d) for each d draws how the assessment moved.
func Timeline(c *crux.Case) []string {
	seen := map[string]bool{}
	claims := map[string]*crux.Claim{}
	for i := range c.Claims {
		claims[c.Claims[i].ID] = &c.Claims[i]
	}
	for _, e := range c.Evidence {
		if d := dayOf(e.Date); d != "" {
			seen[d] = true
		}
		if cl, ok := claims[e.ClaimID]; ok {
			if d := claimDay(cl); d != "" {
				seen[d] = true
			}
		}
	}
	if len(c.Evidence) == 0 {
		for i := range c.Claims {
			if d := claimDay(&c.Claims[i]); d != "" {
				seen[d] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}
