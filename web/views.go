package web

import (
	"context"
	"math"
	"net/http"
	"sort"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
	"github.com/cruxlab/crux/store"
)

// scoreOpts are the options of the scores the workbench shows. The Monte
// Carlo simulation uses a fixed seed, so a page and its reload agree.
func scoreOpts(asOf string) ach.Options { return ach.Options{AsOf: asOf, Seed: 1} }

// scores returns the case's scores, computed once per case version.
func (s *Server) scores(ctx context.Context, caseID string) (*ach.Result, *cacheEntry, error) {
	e, err := s.caseEntry(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	res, err := s.entryScores(e)
	return res, e, err
}

// entryScores returns the scores of a cache entry's case, computed once per
// entry; the matrix page's panel and the API share them.
func (s *Server) entryScores(e *cacheEntry) (*ach.Result, error) {
	v, err := s.derive(e, "scores", func(c *crux.Case) (any, error) { return ach.Score(c, scoreOpts("")) })
	if err != nil {
		return nil, err
	}
	return v.(*ach.Result), nil
}

// writeDerived answers with a value derived from a case (scores,
// timeline) and the case version as its ETag. An error from loading the
// case (e == nil) keeps its own status; one from deriving (e != nil) is the
// case's content at fault, 422.
func (s *Server) writeDerived(w http.ResponseWriter, r *http.Request, v any, e *cacheEntry, err error) {
	if err != nil {
		if e != nil {
			err = &badBody{status: http.StatusUnprocessableEntity, msg: err.Error()}
		}
		s.fail(w, r, err)
		return
	}
	if notModified(w, r, e.v) {
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiScores(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	asOf := r.URL.Query().Get("as_of")
	if asOf != "" {
		if !ach.ValidAsOf(asOf) {
			writeError(w, http.StatusBadRequest, "as_of must be a date YYYY-MM-DD", r.URL.Path)
			return
		}
		e, err := s.caseEntry(r.Context(), rc.caseID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		res, err := ach.Score(e.c, scoreOpts(asOf))
		if err != nil {
			s.fail(w, r, &badBody{status: http.StatusUnprocessableEntity, msg: err.Error()})
			return
		}
		w.Header().Set("ETag", etag(e.v))
		writeJSON(w, http.StatusOK, res)
		return
	}
	res, e, err := s.scores(r.Context(), rc.caseID)
	s.writeDerived(w, r, res, e, err)
}

// ---- timeline ------------------------------------------------------------

// TimelinePoint is the posterior over the hypotheses as it stood after all
// evidence known by Date.
type TimelinePoint struct {
	Date      string             `json:"date"`
	Evidence  int                `json:"evidence"` // items taken into account
	Posterior map[string]float64 `json:"posterior"`
	Leader    string             `json:"leader,omitempty"`
}

// Timeline scores a case as of each date on which evidence arrived.
type Timeline struct {
	Hypotheses []crux.Hypothesis `json:"hypotheses"` // the scored ones
	Points     []TimelinePoint   `json:"points"`
	Undated    int               `json:"undated"` // items without a date, counted from the start
}

func buildTimeline(c *crux.Case) (*Timeline, error) {
	t := &Timeline{Hypotheses: []crux.Hypothesis{}, Points: []TimelinePoint{}}
	for _, h := range c.Hypotheses {
		if h.Scored() {
			t.Hypotheses = append(t.Hypotheses, h)
		}
	}
	// an item's date is its own, else its claim's: the rule of ach's AsOf
	claimDate := map[string]string{}
	for _, cl := range c.Claims {
		claimDate[cl.ID] = cl.Date
	}
	seen := map[string]bool{}
	var dates []string
	for _, e := range c.Evidence {
		d := e.Date
		if d == "" {
			d = claimDate[e.ClaimID]
		}
		if len(d) >= 10 {
			d = d[:10]
		}
		if d == "" {
			t.Undated++
			continue
		}
		if !seen[d] {
			seen[d] = true
			dates = append(dates, d)
		}
	}
	sort.Strings(dates)
	for _, d := range dates {
		o := scoreOpts(d)
		o.Samples, o.NoSteps = -1, true
		res, err := ach.Score(c, o)
		if err != nil {
			return nil, err
		}
		p := TimelinePoint{Date: d, Evidence: len(res.Evidence), Posterior: map[string]float64{}}
		for _, h := range res.Hypotheses {
			p.Posterior[h.ID] = h.Posterior
		}
		if len(res.Ranking) > 0 {
			p.Leader = res.Ranking[0]
		}
		t.Points = append(t.Points, p)
	}
	return t, nil
}

func (s *Server) timeline(ctx context.Context, caseID string) (*Timeline, *cacheEntry, error) {
	e, err := s.caseEntry(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.derive(e, "timeline", func(c *crux.Case) (any, error) { return buildTimeline(c) })
	if err != nil {
		return nil, e, err
	}
	return v.(*Timeline), e, nil
}

func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	t, e, err := s.timeline(r.Context(), rc.caseID)
	s.writeDerived(w, r, t, e, err)
}

// ---- disagreement --------------------------------------------------------

// ratingNumber places a value on Heuer's scale, CC = +2 … II = −2; NA and
// unrated have no place.
func ratingNumber(v crux.RatingValue) (float64, bool) {
	switch v {
	case crux.VeryConsistent:
		return 2, true
	case crux.Consistent:
		return 1, true
	case crux.Neutral:
		return 0, true
	case crux.Inconsistent:
		return -1, true
	case crux.VeryInconsistent:
		return -2, true
	}
	return 0, false
}

func numberRating(x float64) crux.RatingValue {
	return []crux.RatingValue{crux.VeryInconsistent, crux.Inconsistent, crux.Neutral, crux.Consistent, crux.VeryConsistent}[int(x)+2]
}

// AnalystCell is one analyst's rating in a disagreement.
type AnalystCell struct {
	Analyst string           `json:"analyst"`
	Value   crux.RatingValue `json:"value"`
	Reason  string           `json:"reason,omitempty"`
}

// Disagreement is one cell rated differently by several analysts.
type Disagreement struct {
	Evidence     string           `json:"evidence"`
	EvidenceText string           `json:"evidence_text"`
	Hypothesis   string           `json:"hypothesis"`
	HypTitle     string           `json:"hypothesis_title"`
	Spread       float64          `json:"spread"` // max − min on the CC=+2 … II=−2 scale; NA counts as apart from all
	StdDev       float64          `json:"stddev"`
	Ratings      []AnalystCell    `json:"ratings"`
	Consensus    crux.RatingValue `json:"consensus"`
}

// ConsensusCell is the consensus of one cell: the median of the analysts'
// ratings on the CC=+2 … II=−2 scale (for an even count, the mean of the
// two middle values rounded towards N), or NA when most analysts said NA;
// and how many analysts gave exactly that rating.
type ConsensusCell struct {
	Value    crux.RatingValue `json:"value"`
	Agree    int              `json:"agree"`
	Analysts int              `json:"analysts"`
}

// DisagreementView lists the disagreements, most divergent first, and the
// consensus matrix.
type DisagreementView struct {
	Analysts      []string                            `json:"analysts"`
	Disagreements []Disagreement                      `json:"disagreements"`
	Consensus     map[string]map[string]ConsensusCell `json:"consensus"` // evidence → hypothesis → cell
}

func buildDisagreement(c *crux.Case, rs []store.AnalystRating) *DisagreementView {
	type key struct{ e, h string }
	cells := map[key][]store.AnalystRating{}
	var order []key
	names := map[string]bool{}
	for _, r := range rs {
		k := key{r.EvidenceID, r.HypothesisID}
		if r.Rating.Value == crux.Unrated {
			continue
		}
		if _, ok := cells[k]; !ok {
			order = append(order, k)
		}
		cells[k] = append(cells[k], r)
		names[r.AnalystName] = true
	}
	etext, htitle := map[string]string{}, map[string]string{}
	for _, e := range c.Evidence {
		etext[e.ID] = e.Text
	}
	for _, h := range c.Hypotheses {
		htitle[h.ID] = h.Title
	}
	v := &DisagreementView{Analysts: []string{}, Disagreements: []Disagreement{}, Consensus: map[string]map[string]ConsensusCell{}}
	for n := range names {
		v.Analysts = append(v.Analysts, n)
	}
	sort.Strings(v.Analysts)
	for _, k := range order {
		list := cells[k]
		var xs []float64
		na := 0
		for _, r := range list {
			if x, ok := ratingNumber(r.Rating.Value); ok {
				xs = append(xs, x)
			} else {
				na++
			}
		}
		cons := ConsensusCell{Value: crux.NotApplicable, Analysts: len(list)}
		if len(xs) > na || (len(xs) > 0 && len(xs) == na) {
			sort.Float64s(xs)
			m := xs[len(xs)/2]
			if len(xs)%2 == 0 {
				// the mean of the two middle values, rounded towards N
				m = math.Trunc((xs[len(xs)/2-1] + xs[len(xs)/2]) / 2)
			}
			cons.Value = numberRating(m)
		}
		for _, r := range list {
			if r.Rating.Value == cons.Value {
				cons.Agree++
			}
		}
		if v.Consensus[k.e] == nil {
			v.Consensus[k.e] = map[string]ConsensusCell{}
		}
		v.Consensus[k.e][k.h] = cons
		if len(list) < 2 {
			continue
		}
		spread, sd := 0.0, 0.0
		if len(xs) > 0 {
			spread = xs[len(xs)-1] - xs[0]
			mean := 0.0
			for _, x := range xs {
				mean += x
			}
			mean /= float64(len(xs))
			for _, x := range xs {
				sd += (x - mean) * (x - mean)
			}
			sd = math.Sqrt(sd / float64(len(xs)))
		}
		if na > 0 && len(xs) > 0 {
			spread += 1 // "does not apply" against a rating is a disagreement of its own
		}
		if spread == 0 {
			continue
		}
		d := Disagreement{Evidence: k.e, EvidenceText: etext[k.e], Hypothesis: k.h, HypTitle: htitle[k.h],
			Spread: spread, StdDev: sd, Consensus: cons.Value}
		for _, r := range list {
			d.Ratings = append(d.Ratings, AnalystCell{Analyst: r.AnalystName, Value: r.Rating.Value, Reason: r.Rating.Reason})
		}
		v.Disagreements = append(v.Disagreements, d)
	}
	sort.SliceStable(v.Disagreements, func(i, j int) bool {
		a, b := v.Disagreements[i], v.Disagreements[j]
		if a.Spread != b.Spread {
			return a.Spread > b.Spread
		}
		return a.StdDev > b.StdDev
	})
	return v
}

func (s *Server) disagreement(ctx context.Context, caseID string) (*DisagreementView, *cacheEntry, error) {
	e, err := s.caseEntry(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	rs, err := s.st.AnalystRatings(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	return buildDisagreement(e.c, rs), e, nil
}

func (s *Server) apiDisagreement(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	d, _, err := s.disagreement(r.Context(), rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}
