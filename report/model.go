package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
)

// Options tune a report. The zero value is usable.
type Options struct {
	// Score are the options the case is scored with when the caller passes
	// no result, and the options of the "as of" rescoring that draws the
	// posterior over time (there with the Monte Carlo simulation and the
	// rating-step sensitivity switched off).
	Score ach.Options
	// NoTimeline leaves out the posterior over time.
	NoTimeline bool
	// MaxTimelinePoints bounds the number of dates scored for the timeline
	// (0 means 60); with more distinct dates, evenly spaced ones are kept,
	// always including the last.
	MaxTimelinePoints int
}

// Anchor names, shared by both formats: every number links to one of them.
func hypAnchor(id string) string    { return "hyp-" + id }
func evAnchor(id string) string     { return "ev-" + id }
func cellAnchor(e, h string) string { return "cell-" + e + "~" + h } // "~" is in no ID: no collisions
func claimAnchor(id string) string  { return "claim-" + id }
func sourceAnchor(id string) string { return "src-" + id }
func colAnchor(id string) string    { return "col-" + id }
func asOfAnchor(date string) string { return "asof-" + date }
func actorAnchor(id string) string  { return "actor-" + id }
func shortText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// maxLinchpins bounds the list of "what would change the conclusion".
const maxLinchpins = 25

// view is what both formats render: the case and its scores arranged as
// the report's sections.
type view struct {
	Case   *crux.Case
	Result *ach.Result

	Leader     *hypRow
	Ranked     []hypRow          // scored hypotheses, most probable first
	SetAside   []crux.Hypothesis // suggested or rejected: not scored
	Actors     []actorGroup
	Diagnostic []evRow // diagnostic evidence, most diagnostic first
	Noise      []evRow // non-diagnostic items
	Linchpins  []linchpin
	// MoreLinchpins counts linchpins beyond maxLinchpins, not listed.
	MoreLinchpins int
	Matrix        matrix
	Timeline      *timeline
	Sources       []sourceRow
	Samples       int
	Seed          uint64
	Likelihood    []likelihoodRow
}

type hypRow struct {
	ach.HypothesisScore
	Description                 string
	PosteriorWords, PFirstWords string
}

type actorGroup struct {
	Actor  crux.Actor
	Claims []claimRow
}

type claimRow struct {
	Claim    crux.Claim
	Sources  []sourceRef
	Evidence []string // IDs of evidence items drawn from the claim
}

type sourceRef struct {
	ID, Label, URL, Date string
}

type evRow struct {
	ach.EvidenceScore
	Evidence crux.Evidence
	Ratings  []cell // one per scored hypothesis, in the matrix's order
}

type cell struct {
	Evidence, Hypothesis string
	Rating               crux.Rating
	Rated                bool
}

type linchpin struct {
	Evidence evRow
	Removed  string   // what removing it does, or ""
	Steps    []string // what moving one rating one step does
}

type matrix struct {
	Hypotheses []hypRow // in the ranking's order
	Rows       []evRow  // in the case's order
}

type timeline struct {
	Dates      []string
	Added      [][]string  // evidence IDs dated each day
	Posterior  [][]float64 // [date][hypothesis in Matrix.Hypotheses order]
	Hypotheses []hypRow
	Undated    int // evidence items with no date (in every point)
}

type sourceRow struct {
	Source crux.Source
	Label  string // Admiralty label of the reliability
	Claims int
}

type likelihoodRow struct {
	Value      crux.RatingValue
	Likelihood float64
}

func buildView(c *crux.Case, r *ach.Result, opts Options) (*view, error) {
	if c == nil {
		return nil, fmt.Errorf("report: no case")
	}
	scored := slices.ContainsFunc(c.Hypotheses, func(h crux.Hypothesis) bool { return h.Scored() })
	if r == nil && !scored {
		r = &ach.Result{} // nothing to score yet: the report says so
	}
	if r == nil {
		var err error
		if r, err = ach.Score(c, opts.Score); err != nil {
			return nil, fmt.Errorf("report: scoring the case: %w", err)
		}
	}
	v := &view{Case: c, Result: r, Samples: r.Robustness.Samples, Seed: r.Robustness.Seed}

	hyps := map[string]crux.Hypothesis{}
	for _, h := range c.Hypotheses {
		hyps[h.ID] = h
		if !h.Scored() {
			v.SetAside = append(v.SetAside, h)
		}
	}
	scoreOf := map[string]ach.HypothesisScore{}
	for _, h := range r.Hypotheses {
		scoreOf[h.ID] = h
	}
	for _, id := range r.Ranking {
		s, ok := scoreOf[id]
		if !ok {
			continue
		}
		v.Ranked = append(v.Ranked, hypRow{HypothesisScore: s, Description: hyps[id].Description,
			PosteriorWords: Estimative(s.Posterior), PFirstWords: Estimative(s.PFirst)})
	}
	if len(v.Ranked) > 0 {
		v.Leader = &v.Ranked[0]
	}
	v.Matrix.Hypotheses = v.Ranked

	evidence := map[string]crux.Evidence{}
	byClaim := map[string][]string{}
	for _, e := range c.Evidence {
		evidence[e.ID] = e
		if e.ClaimID != "" {
			byClaim[e.ClaimID] = append(byClaim[e.ClaimID], e.ID)
		}
	}
	for _, es := range r.Evidence {
		e := evidence[es.ID]
		row := evRow{EvidenceScore: es, Evidence: e}
		for _, h := range v.Ranked {
			rt, ok := e.Ratings[h.ID]
			row.Ratings = append(row.Ratings, cell{Evidence: e.ID, Hypothesis: h.ID, Rating: rt, Rated: ok})
		}
		v.Matrix.Rows = append(v.Matrix.Rows, row)
		if es.NonDiagnostic {
			v.Noise = append(v.Noise, row)
		} else {
			v.Diagnostic = append(v.Diagnostic, row)
		}
		if es.Linchpin {
			if len(v.Linchpins) < maxLinchpins {
				v.Linchpins = append(v.Linchpins, linchpinOf(row, hyps))
			} else {
				v.MoreLinchpins++
			}
		}
	}
	slices.SortStableFunc(v.Diagnostic, func(a, b evRow) int { return cmp.Compare(b.Diagnosticity, a.Diagnosticity) })

	// Who claims what.
	sources := map[string]crux.Source{}
	claimsPer := map[string]int{}
	for _, s := range c.Sources {
		sources[s.ID] = s
	}
	at := map[string]int{}
	for _, a := range c.Actors {
		at[a.ID] = len(v.Actors)
		v.Actors = append(v.Actors, actorGroup{Actor: a})
	}
	for _, cl := range c.Claims {
		i, ok := at[cl.SpeakerID]
		if !ok {
			continue
		}
		row := claimRow{Claim: cl, Evidence: byClaim[cl.ID]}
		seen := map[string]bool{}
		for _, ct := range cl.Citations {
			if seen[ct.SourceID] {
				continue
			}
			seen[ct.SourceID] = true
			claimsPer[ct.SourceID]++
			s := sources[ct.SourceID]
			label := s.Outlet
			if label == "" {
				label = s.Title
			}
			if label == "" {
				label = s.ID
			}
			date := s.Published
			if date == "" {
				date = ct.Date
			}
			row.Sources = append(row.Sources, sourceRef{ID: s.ID, Label: label, URL: s.URL, Date: date})
		}
		v.Actors[i].Claims = append(v.Actors[i].Claims, row)
	}
	v.Actors = slices.DeleteFunc(v.Actors, func(g actorGroup) bool { return len(g.Claims) == 0 })

	for _, s := range c.Sources {
		label := crux.ReliabilityLabels[s.Reliability]
		if s.Reliability == "" {
			label = "not graded"
		}
		v.Sources = append(v.Sources, sourceRow{Source: s, Label: label, Claims: claimsPer[s.ID]})
	}
	for _, val := range crux.RatingValues {
		if l, ok := r.Likelihoods[val]; ok {
			v.Likelihood = append(v.Likelihood, likelihoodRow{Value: val, Likelihood: l})
		}
	}
	if !opts.NoTimeline && len(v.Ranked) > 0 {
		tl, err := buildTimeline(c, v.Ranked, opts)
		if err != nil {
			return nil, err
		}
		v.Timeline = tl
	}
	return v, nil
}

func linchpinOf(row evRow, hyps map[string]crux.Hypothesis) linchpin {
	title := func(ids []string) string {
		var ts []string
		for _, id := range ids {
			ts = append(ts, id+" ("+shortText(hyps[id].Title, 60)+")")
		}
		return strings.Join(ts, " and ")
	}
	lp := linchpin{Evidence: row}
	ch := row.Removed
	switch {
	case ch.PosteriorLeaderChanged && ch.HeuerLeaderChanged:
		lp.Removed = fmt.Sprintf("without it, %s would come first by posterior and %s by Heuer's score", title(ch.PosteriorLeaders), title(ch.HeuerLeaders))
	case ch.PosteriorLeaderChanged:
		lp.Removed = fmt.Sprintf("without it, %s would come first by posterior", title(ch.PosteriorLeaders))
	case ch.HeuerLeaderChanged:
		lp.Removed = fmt.Sprintf("without it, %s would come first by Heuer's score", title(ch.HeuerLeaders))
	}
	for _, st := range row.Steps {
		var what []string
		if st.PosteriorLeaderChanged {
			what = append(what, title(st.PosteriorLeaders)+" first by posterior")
		}
		if st.HeuerLeaderChanged {
			what = append(what, title(st.HeuerLeaders)+" first by Heuer's score")
		}
		if len(what) == 0 {
			continue
		}
		lp.Steps = append(lp.Steps, fmt.Sprintf("rated %s rather than %s against %s, it would put %s", st.To, st.From, st.Hypothesis, strings.Join(what, " and ")))
	}
	if len(lp.Steps) > 3 {
		lp.Steps = append(lp.Steps[:3], fmt.Sprintf("%d more one-step changes would too", len(lp.Steps)-3))
	}
	return lp
}

// evidenceDates returns each evidence item's day as ach's AsOf filter sees
// it: the item's own date, else the date of the claim it is drawn from; ""
// when neither is known.
func evidenceDates(c *crux.Case) map[string]string {
	claimDate := map[string]string{}
	for _, cl := range c.Claims {
		claimDate[cl.ID] = cl.Date
	}
	out := map[string]string{}
	for _, e := range c.Evidence {
		d := e.Date
		if d == "" && e.ClaimID != "" {
			d = claimDate[e.ClaimID]
		}
		if len(d) >= 10 {
			out[e.ID] = d[:10]
		}
	}
	return out
}

// buildTimeline scores the case as of each distinct evidence date.
func buildTimeline(c *crux.Case, hyps []hypRow, opts Options) (*timeline, error) {
	added := map[string][]string{}
	tl := &timeline{Hypotheses: hyps}
	day := evidenceDates(c)
	for _, e := range c.Evidence {
		d, ok := day[e.ID]
		if !ok {
			tl.Undated++
			continue
		}
		added[d] = append(added[d], e.ID)
	}
	dates := make([]string, 0, len(added))
	for d := range added {
		dates = append(dates, d)
	}
	slices.Sort(dates)
	if asOf := opts.Score.AsOf; asOf != "" {
		dates = slices.DeleteFunc(dates, func(d string) bool { return d > asOf })
	}
	if len(dates) == 0 {
		return nil, nil
	}
	limit := opts.MaxTimelinePoints
	if limit <= 0 {
		limit = 60
	}
	if len(dates) > limit {
		kept := make([]string, 0, limit)
		for i := range limit {
			kept = append(kept, dates[(i+1)*len(dates)/limit-1])
		}
		dates = slices.Compact(kept)
	}
	so := opts.Score
	so.Samples, so.NoSteps = -1, true
	prev := ""
	for _, d := range dates {
		so.AsOf = d
		r, err := ach.Score(c, so)
		if err != nil {
			return nil, fmt.Errorf("report: scoring the case as of %s: %w", d, err)
		}
		post := map[string]float64{}
		for _, h := range r.Hypotheses {
			post[h.ID] = h.Posterior
		}
		row := make([]float64, len(hyps))
		for i, h := range hyps {
			row[i] = post[h.ID]
			if math.IsNaN(row[i]) {
				row[i] = 0
			}
		}
		var ids []string
		for _, e := range c.Evidence {
			if ed, ok := day[e.ID]; ok && ed <= d && ed > prev {
				ids = append(ids, e.ID)
			}
		}
		prev = d
		tl.Dates = append(tl.Dates, d)
		tl.Added = append(tl.Added, ids)
		tl.Posterior = append(tl.Posterior, row)
	}
	return tl, nil
}

// pct formats a probability as a percentage with sensible precision.
func pct(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p > 0 && p < 0.001:
		return "<0.1%"
	case p < 1 && p > 0.999:
		return ">99.9%"
	case p == 0 || p == 1 || math.Abs(p*100-math.Round(p*100)) < 1e-9:
		return fmt.Sprintf("%.0f%%", p*100)
	default:
		return fmt.Sprintf("%.1f%%", p*100)
	}
}

// num formats a score with two decimals, dropping a negative zero.
func num(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}
