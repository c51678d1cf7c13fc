package ach

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
)

// cell is shorthand for a rating; "CC@0.3" sets an explicit likelihood.
func cell(s string) crux.Rating {
	v, l, ok := strings.Cut(s, "@")
	r := crux.Rating{Value: crux.RatingValue(v)}
	if ok {
		var x float64
		fmt.Sscan(l, &x)
		r.Likelihood = &x
	}
	return r
}

// ev builds an evidence item: grades "B3", relevance, ratings "H1=C H2=I".
func ev(id, grades string, rel crux.Relevance, ratings string) crux.Evidence {
	e := crux.Evidence{ID: id, Text: "text of " + id, Kind: crux.Fact, Relevance: rel, Ratings: map[string]crux.Rating{}}
	if len(grades) == 2 {
		e.Reliability, e.Credibility = crux.Reliability(grades[:1]), crux.Credibility(grades[1:])
	}
	for _, f := range strings.Fields(ratings) {
		h, v, _ := strings.Cut(f, "=")
		e.Ratings[h] = cell(v)
	}
	return e
}

func hyps(ids ...string) []crux.Hypothesis {
	var out []crux.Hypothesis
	for _, id := range ids {
		out = append(out, crux.Hypothesis{ID: id, Title: "title " + id, Status: crux.Accepted})
	}
	return out
}

func newCase(h []crux.Hypothesis, e ...crux.Evidence) *crux.Case {
	c := crux.New("t", "test case")
	c.Hypotheses, c.Evidence = h, e
	return c
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*(1+math.Abs(b)) }

func mustScore(t *testing.T, c *crux.Case, o Options) *Result {
	t.Helper()
	if err := crux.Validate(c); err != nil {
		t.Fatalf("test case invalid: %v", err)
	}
	r, err := Score(c, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func posteriors(r *Result) []float64 {
	var p []float64
	for _, h := range r.Hypotheses {
		p = append(p, h.Posterior)
	}
	return p
}

// TestHeuerWorkedExample checks the inconsistency scores against a matrix
// worked by hand.
//
//	item  grades  relevance  cred.w  rel.w  weight      H1  H2  H3
//	E1    A2      high       √2      √2     2           C   I   II
//	E2    D4      medium     1/√2    1      0.70711     II  N   I
//	E3    —       low        1       1/√2   0.70711     I   CC  NA
//	E4    C3      medium     1       1      1           C   C   C
//
// Unweighted: H1 = −2 (E2) −1 (E3) = −3; H2 = −1 (E1); H3 = −2 (E1) −1 (E2) = −3.
// Weighted:   H1 = −2·0.70711 − 1·0.70711 = −2.12132; H2 = −1·2 = −2;
//
//	H3 = −2·2 − 1·0.70711 = −4.70711.
//
// Heuer ranking (least inconsistent first): H2, H1, H3.
func TestHeuerWorkedExample(t *testing.T) {
	c := newCase(hyps("H1", "H2", "H3"),
		ev("E1", "A2", crux.High, "H1=C H2=I H3=II"),
		ev("E2", "D4", crux.Medium, "H1=II H2=N H3=I"),
		ev("E3", "", crux.Low, "H1=I H2=CC H3=NA"),
		ev("E4", "C3", "", "H1=C H2=C H3=C"),
	)
	r := mustScore(t, c, Options{Samples: -1})
	want := []struct{ plain, weighted float64 }{{-3, -3 / math.Sqrt2}, {-1, -2}, {-3, -4 - 1/math.Sqrt2}}
	for k, w := range want {
		h := r.Hypotheses[k]
		if h.Inconsistency != w.plain || !near(h.WeightedInconsistency, w.weighted) {
			t.Errorf("%s: got %v / %v, want %v / %v", h.ID, h.Inconsistency, h.WeightedInconsistency, w.plain, w.weighted)
		}
	}
	if !slices.Equal(r.HeuerRanking, []string{"H2", "H1", "H3"}) {
		t.Errorf("Heuer ranking %v", r.HeuerRanking)
	}
	if r.Hypotheses[1].HeuerRank != 1 || r.Hypotheses[0].HeuerRank != 2 || r.Hypotheses[2].HeuerRank != 3 {
		t.Errorf("ranks %+v", r.Hypotheses)
	}
	weights := []float64{2, 1 / math.Sqrt2, 1 / math.Sqrt2, 1}
	for i, e := range r.Evidence {
		if !near(e.CredibilityWeight*e.RelevanceWeight, weights[i]) {
			t.Errorf("%s weight %v, want %v", e.ID, e.CredibilityWeight*e.RelevanceWeight, weights[i])
		}
	}
	if !r.Evidence[3].NonDiagnostic || r.Evidence[3].Note != NonDiagnosticNote || r.Evidence[3].Diagnosticity != 0 {
		t.Errorf("E4 should be non-diagnostic: %+v", r.Evidence[3])
	}
	for _, e := range r.Evidence[:3] {
		if e.NonDiagnostic || e.Diagnosticity <= 0 {
			t.Errorf("%s should be diagnostic: %+v", e.ID, e)
		}
	}
}

func TestCredibilityLevels(t *testing.T) {
	for _, tc := range []struct {
		r    crux.Reliability
		c    crux.Credibility
		want int
	}{
		{"A", "1", 1}, {"B", "", 1}, {"", "2", 1}, {"A", "4", 0}, {"C", "3", 0}, {"F", "6", 0},
		{"", "", 0}, {"D", "", -1}, {"E", "5", -1}, {"B", "5", 0}, {"F", "4", -1}, {"A", "6", 1},
	} {
		if got := CredibilityLevel(tc.r, tc.c); got != tc.want {
			t.Errorf("CredibilityLevel(%q, %q) = %d, want %d", tc.r, tc.c, got, tc.want)
		}
	}
	for _, tc := range []struct {
		r    crux.Reliability
		c    crux.Credibility
		want float64
	}{{"", "", 1}, {"A", "", 0.95}, {"B", "3", 0.85 * 0.70}, {"F", "6", 0.70 * 0.70}, {"E", "5", 0.09}} {
		if got := TruthProbability(tc.r, tc.c); !near(got, tc.want) {
			t.Errorf("TruthProbability(%q, %q) = %v, want %v", tc.r, tc.c, got, tc.want)
		}
	}
}

// TestPosteriorWorkedExamples: each case's expected posterior is worked by
// hand in its comment, with the default likelihoods CC .85, C .65, N .5,
// I .2, II .08.
func TestPosteriorWorkedExamples(t *testing.T) {
	p := func(x float64) *float64 { return &x }
	withPrior := func(h []crux.Hypothesis, ps ...*float64) []crux.Hypothesis {
		for i := range h {
			h[i].Prior = ps[i]
		}
		return h
	}
	catchall := hyps("H1", "H2", "H3")
	catchall[2].Catchall = true
	for _, tc := range []struct {
		name string
		c    *crux.Case
		o    Options
		want []float64
	}{
		// .65 / (.65 + .2)
		{"one item", newCase(hyps("H1", "H2"), ev("E1", "", "", "H1=C H2=I")), Options{}, []float64{0.65 / 0.85, 0.2 / 0.85}},
		// (.65·.5) / (.65·.5 + .2·.85) = .325 / .495
		{"two items", newCase(hyps("H1", "H2"), ev("E1", "", "", "H1=C H2=I"), ev("E2", "", "", "H1=N H2=CC")), Options{}, []float64{0.325 / 0.495, 0.17 / 0.495}},
		// B3: r = .85·.70 = .595; mean L̄ = .425; L' = .595·L + .405·.425:
		// H1 .558875, H2 .291125; sum .85 → .6575 / .3425
		{"discount", newCase(hyps("H1", "H2"), ev("E1", "B3", "", "H1=C H2=I")), Options{}, []float64{0.6575, 0.3425}},
		// the same without the discount
		{"no discount", newCase(hyps("H1", "H2"), ev("E1", "B3", "", "H1=C H2=I")), Options{NoDiscount: true}, []float64{0.65 / 0.85, 0.2 / 0.85}},
		// priors 3 : 1 → .75·.65 / (.75·.65 + .25·.2) = .4875 / .5375
		{"prior", newCase(withPrior(hyps("H1", "H2"), p(3), p(1)), ev("E1", "", "", "H1=C H2=I")), Options{}, []float64{0.4875 / 0.5375, 0.05 / 0.5375}},
		// priors 2, unset, 4: the unset one takes the mean 3 → 2/9, 3/9, 4/9
		{"unset prior", newCase(withPrior(hyps("H1", "H2", "H3"), p(2), nil, p(4))), Options{}, []float64{2.0 / 9, 3.0 / 9, 4.0 / 9}},
		// NA takes the mean of the applicable cells: .65, (.65+.2)/2, .2 over 1.275
		{"NA", newCase(hyps("H1", "H2", "H3"), ev("E1", "", "", "H1=C H2=NA H3=I")), Options{}, []float64{0.65 / 1.275, 0.425 / 1.275, 0.2 / 1.275}},
		// the unrated catch-all counts as N: .65, .2, .5 over 1.35
		{"catch-all", newCase(catchall, ev("E1", "", "", "H1=C H2=I")), Options{}, []float64{0.65 / 1.35, 0.2 / 1.35, 0.5 / 1.35}},
		// explicit likelihoods .9 and .1
		{"explicit", newCase(hyps("H1", "H2"), ev("E1", "", "", "H1=C@0.9 H2=I@0.1")), Options{}, []float64{0.9, 0.1}},
		// table override: C = .8 → .8 / (.8 + .2)
		{"override", newCase(hyps("H1", "H2"), ev("E1", "", "", "H1=C H2=I")), Options{Likelihoods: map[crux.RatingValue]float64{crux.Consistent: 0.8}}, []float64{0.8, 0.2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Samples = -1
			got := posteriors(mustScore(t, tc.c, tc.o))
			for k := range tc.want {
				if !near(got[k], tc.want[k]) {
					t.Fatalf("posteriors %v, want %v", got, tc.want)
				}
			}
		})
	}
}

// TestGroupsCountOnce: items in one dependence group (by Group or by a
// shared ClaimID) combine as the mean of their log-likelihood vectors.
func TestGroupsCountOnce(t *testing.T) {
	one := mustScore(t, newCase(hyps("H1", "H2"), ev("E1", "", "", "H1=C H2=I")), Options{Samples: -1})
	mk := func(link func(*crux.Evidence)) *crux.Case {
		c := newCase(hyps("H1", "H2"), ev("E1", "", "", "H1=C H2=I"), ev("E2", "", "", "H1=C H2=I"), ev("E3", "", "", "H1=C H2=I"))
		for i := range c.Evidence {
			link(&c.Evidence[i])
		}
		return c
	}
	byGroup := mk(func(e *crux.Evidence) { e.Group = "echo" })
	byClaim := mk(func(e *crux.Evidence) { e.Kind, e.ClaimID = crux.FromClaim, "c1" })
	byClaim.Actors = []crux.Actor{{ID: "a1", Name: "someone", Kind: crux.Person}}
	byClaim.Claims = []crux.Claim{{ID: "c1", SpeakerID: "a1", Cue: "said", CueClass: crux.Assert, Mode: crux.Direct, Text: "x"}}
	for name, c := range map[string]*crux.Case{"group": byGroup, "claim": byClaim} {
		r := mustScore(t, c, Options{Samples: -1})
		if !near(r.Hypotheses[0].Posterior, one.Hypotheses[0].Posterior) || r.Groups != 1 || r.Evidence[2].GroupSize != 3 {
			t.Errorf("%s: three echoes gave %v in %d groups; one item gives %v", name, r.Hypotheses[0].Posterior, r.Groups, one.Hypotheses[0].Posterior)
		}
	}
	// Different ratings in one group: the mean of ln(.65/.2) and ln(.85/.5),
	// d = ½(1.178655 + 0.530628) = 0.854642 → 1/(1 + e^−d) = 0.701540.
	mixed := newCase(hyps("H1", "H2"), ev("E1", "", "", "H1=C H2=I"), ev("E2", "", "", "H1=CC H2=N"))
	mixed.Evidence[0].Group, mixed.Evidence[1].Group = "g", "g"
	if got := mustScore(t, mixed, Options{Samples: -1}).Hypotheses[0].Posterior; math.Abs(got-0.7015399216) > 1e-9 {
		t.Errorf("mixed group: %v, want 0.701540", got)
	}
	// Transitive: E1~E2 by group, E2~E3 by claim.
	tr := mk(func(*crux.Evidence) {})
	tr.Actors, tr.Claims = byClaim.Actors, byClaim.Claims
	tr.Evidence[0].Group, tr.Evidence[1].Group = "g", "g"
	tr.Evidence[1].Kind, tr.Evidence[1].ClaimID = crux.FromClaim, "c1"
	tr.Evidence[2].Kind, tr.Evidence[2].ClaimID = crux.FromClaim, "c1"
	if r := mustScore(t, tr, Options{Samples: -1}); r.Groups != 1 {
		t.Errorf("transitive grouping: %d groups", r.Groups)
	}
}

func TestDiagnosticity(t *testing.T) {
	c := newCase(hyps("H1", "H2", "H3"),
		ev("E1", "", "", "H1=C H2=I H3=N"),
		ev("E2", "", "", "H1=I H2=I H3=I"),
		ev("E3", "", "", "H1=CC H2=NA H3=CC"),
		ev("E4", "", "", "H1=C"), // H2, H3 unrated: N
	)
	r := mustScore(t, c, Options{Samples: -1, NoDiscount: true})
	want := []float64{math.Log(0.65 / 0.2), 0, 0, math.Log(0.65 / 0.5)}
	for i, e := range r.Evidence {
		if !near(e.Diagnosticity, want[i]) || e.NonDiagnostic != (want[i] == 0) {
			t.Errorf("%s: diagnosticity %v (non-diagnostic %v), want %v", e.ID, e.Diagnosticity, e.NonDiagnostic, want[i])
		}
	}
	// The discount shrinks diagnosticity: B3 keeps ln(.558875/.291125).
	c = newCase(hyps("H1", "H2"), ev("E1", "B3", "", "H1=C H2=I"))
	if d := mustScore(t, c, Options{Samples: -1}).Evidence[0].Diagnosticity; !near(d, math.Log(0.558875/0.291125)) {
		t.Errorf("discounted diagnosticity %v", d)
	}
}

// TestNoUnderflow: 10 000 items all very inconsistent with H1.
func TestNoUnderflow(t *testing.T) {
	var e []crux.Evidence
	for i := 0; i < 10000; i++ {
		e = append(e, ev(fmt.Sprintf("E%d", i), "A1", "", "H1=II H2=N H3=C"))
	}
	r := mustScore(t, newCase(hyps("H1", "H2", "H3"), e...), Options{Samples: 200, NoSteps: true})
	sum := 0.0
	for _, h := range r.Hypotheses {
		if math.IsNaN(h.Posterior) || math.IsInf(h.LogPosterior, 0) || math.IsNaN(h.LogPosterior) {
			t.Fatalf("%s: posterior %v, log %v", h.ID, h.Posterior, h.LogPosterior)
		}
		sum += h.Posterior
	}
	if !near(sum, 1) || r.Ranking[0] != "H3" || r.Hypotheses[2].Posterior != 1 || r.Hypotheses[0].HeuerRank != 3 {
		t.Fatalf("sum %v ranking %v %+v", sum, r.Ranking, r.Hypotheses)
	}
	// The log posterior keeps the size of the difference even where the
	// probability underflows: 10 000 · ln(L'(C)/L'(N)) separates H3 and H2.
	if d := r.Hypotheses[2].LogPosterior - r.Hypotheses[1].LogPosterior; d < 100 {
		t.Errorf("log posterior gap %v", d)
	}
}

// TestExtremeLikelihoods: explicit likelihoods at the edge of (0, 1] stay
// finite through the discount, the tempering of the simulation and the
// steps.
func TestExtremeLikelihoods(t *testing.T) {
	for _, l := range []string{"1e-300", "5e-324", "1"} {
		c := newCase(hyps("H1", "H2", "H3"), ev("E1", "", "", "H1=II@"+l+" H2=C H3=N"), ev("E2", "A1", "", "H1=C@"+l+" H2=II"))
		r := mustScore(t, c, Options{Samples: 300})
		sum := 0.0
		for _, h := range r.Hypotheses {
			for _, x := range []float64{h.Posterior, h.LogPosterior, h.PFirst, h.HeuerPFirst} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("likelihood %s: %+v", l, h)
				}
			}
			sum += h.PFirst
		}
		if !near(sum, 1) {
			t.Errorf("likelihood %s: P(first) sums to %v", l, sum)
		}
	}
}

func TestAsOf(t *testing.T) {
	c := newCase(hyps("H1", "H2"), ev("E1", "", "", "H1=C H2=I"), ev("E2", "", "", "H1=II H2=C"), ev("E3", "", "", "H1=C H2=N"), ev("E4", "", "", "H1=N H2=C"))
	c.Evidence[0].Date, c.Evidence[1].Date = "2023-05-03", "2023-05-05T10:00:00Z"
	// E4 has no date of its own: its claim's date counts.
	c.Actors = []crux.Actor{{ID: "a1", Name: "someone", Kind: crux.Person}}
	c.Claims = []crux.Claim{{ID: "c1", SpeakerID: "a1", Cue: "said", CueClass: crux.Assert, Mode: crux.Direct, Text: "x", Date: "2023-05-04"}}
	c.Evidence[3].Kind, c.Evidence[3].ClaimID = crux.FromClaim, "c1"
	for _, tc := range []struct {
		asOf     string
		ids      []string
		excluded int
	}{
		{"", []string{"E1", "E2", "E3", "E4"}, 0},
		{"2023-05-04", []string{"E1", "E3", "E4"}, 1},
		{"2023-05-03", []string{"E1", "E3"}, 2},
		{"2023-05-02", []string{"E3"}, 3},
		{"2023-05-05", []string{"E1", "E2", "E3", "E4"}, 0},
	} {
		r := mustScore(t, c, Options{AsOf: tc.asOf, Samples: -1})
		var ids []string
		for _, e := range r.Evidence {
			ids = append(ids, e.ID)
		}
		if !slices.Equal(ids, tc.ids) || r.Excluded != tc.excluded {
			t.Errorf("as of %q: %v (excluded %d), want %v", tc.asOf, ids, r.Excluded, tc.ids)
		}
	}
}

func TestErrors(t *testing.T) {
	zero := 0.0
	onlyRejected := hyps("H1")
	onlyRejected[0].Status = crux.Rejected
	zeroPriors := hyps("H1", "H2")
	zeroPriors[0].Prior, zeroPriors[1].Prior = &zero, &zero
	for _, tc := range []struct {
		name string
		c    *crux.Case
		o    Options
		want string
	}{
		{"nil", nil, Options{}, "no case"},
		{"no hypotheses", newCase(nil), Options{}, "no accepted hypotheses"},
		{"only rejected", newCase(onlyRejected), Options{}, "no accepted hypotheses"},
		{"zero priors", newCase(zeroPriors), Options{}, "every prior is 0"},
		{"as-of", newCase(hyps("H1")), Options{AsOf: "May 4"}, "want YYYY-MM-DD"},
		{"likelihood", newCase(hyps("H1")), Options{Likelihoods: map[crux.RatingValue]float64{crux.Consistent: 1.5}}, "outside (0, 1]"},
		{"likelihood key", newCase(hyps("H1")), Options{Likelihoods: map[crux.RatingValue]float64{"X": 0.5}}, "no default"},
		{"bad rating", newCase(hyps("H1"), ev("E1", "", "", "H1=X")), Options{}, `evidence "E1", hypothesis "H1": unknown rating "X"`},
		{"bad likelihood", newCase(hyps("H1"), ev("E1", "", "", "H1=C@1.5")), Options{}, "likelihood 1.5 outside (0, 1]"},
	} {
		if _, err := Score(tc.c, tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

// randomSmall builds a small random case with every feature: NA, unrated
// cells, explicit likelihoods, groups, grades, relevance, priors.
func randomSmall(rng *rand.Rand) *crux.Case {
	nh, ne := 2+rng.IntN(4), 1+rng.IntN(8)
	var hs []crux.Hypothesis
	for k := 0; k < nh; k++ {
		h := crux.Hypothesis{ID: fmt.Sprintf("H%d", k+1), Title: "h", Status: crux.Accepted}
		if rng.IntN(4) == 0 {
			p := float64(1 + rng.IntN(3))
			h.Prior = &p
		}
		hs = append(hs, h)
	}
	c := newCase(hs)
	grades := []string{"", "A1", "B2", "C3", "D4", "E5", "F6", "B5"}
	vals := []string{"CC", "C", "N", "I", "II", "NA", "", "C@0.7", "I@0.3"}
	for i := 0; i < ne; i++ {
		var sb strings.Builder
		for k := 0; k < nh; k++ {
			if v := vals[rng.IntN(len(vals))]; v != "" {
				fmt.Fprintf(&sb, "H%d=%s ", k+1, v)
			}
		}
		e := ev(fmt.Sprintf("E%d", i+1), grades[rng.IntN(len(grades))], []crux.Relevance{"", crux.Low, crux.High}[rng.IntN(3)], sb.String())
		if rng.IntN(3) == 0 {
			e.Group = fmt.Sprintf("g%d", rng.IntN(2))
		}
		c.Evidence = append(c.Evidence, e)
	}
	return c
}

// outcome is what brute force compares: ranks by both methods.
func outcome(t *testing.T, c *crux.Case) (post, heu []int) {
	r := mustScore(t, c, Options{Samples: -1, NoSteps: true})
	for _, h := range r.Hypotheses {
		post, heu = append(post, h.Rank), append(heu, h.HeuerRank)
	}
	return post, heu
}

func newFirst(base, after []int) bool {
	for k := range after {
		if after[k] == 1 && base[k] != 1 {
			return true
		}
	}
	return false
}

func checkChange(t *testing.T, what string, ch Change, bp, bh, ap, ah []int) {
	t.Helper()
	if ch.PosteriorRankingChanged != !slices.Equal(bp, ap) || ch.HeuerRankingChanged != !slices.Equal(bh, ah) ||
		ch.PosteriorLeaderChanged != newFirst(bp, ap) || ch.HeuerLeaderChanged != newFirst(bh, ah) {
		t.Fatalf("%s: got %+v; brute force: posterior ranks %v → %v, Heuer ranks %v → %v", what, ch, bp, ap, bh, ah)
	}
}

// TestSensitivityMatchesBruteForce compares the incremental leave-one-out
// and one-step analysis with rescoring the changed case from scratch.
func TestSensitivityMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	n := 400
	if testing.Short() {
		n = 80
	}
	for trial := 0; trial < n; trial++ {
		c := randomSmall(rng)
		r := mustScore(t, c, Options{Samples: -1})
		bp, bh := outcome(t, c)
		for i, e := range r.Evidence {
			d := *c
			d.Evidence = slices.Delete(slices.Clone(c.Evidence), i, i+1)
			ap, ah := outcome(t, &d)
			checkChange(t, fmt.Sprintf("trial %d: removing %s", trial, e.ID), e.Removed, bp, bh, ap, ah)

			steps := map[string]StepChange{}
			for _, s := range e.Steps {
				steps[s.Hypothesis+string(s.From)+string(s.To)] = s
			}
			ranking := 0
			for _, h := range c.Hypotheses {
				from := c.Evidence[i].Ratings[h.ID].Value
				for _, dir := range []int{-1, 1} {
					to := from.Step(dir)
					if to == from {
						continue
					}
					d := *c
					d.Evidence = slices.Clone(c.Evidence)
					d.Evidence[i].Ratings = map[string]crux.Rating{}
					for k, v := range c.Evidence[i].Ratings {
						d.Evidence[i].Ratings[k] = v
					}
					d.Evidence[i].Ratings[h.ID] = crux.Rating{Value: to}
					ap, ah := outcome(t, &d)
					what := fmt.Sprintf("trial %d: %s %s %s→%s", trial, e.ID, h.ID, from, to)
					if s, ok := steps[h.ID+string(from)+string(to)]; ok {
						checkChange(t, what, s.Change, bp, bh, ap, ah)
					} else if newFirst(bp, ap) || newFirst(bh, ah) {
						t.Fatalf("%s: missing step; brute force posterior %v → %v, Heuer %v → %v", what, bp, ap, bh, ah)
					} else if !slices.Equal(bp, ap) || !slices.Equal(bh, ah) {
						ranking++
					}
				}
			}
			if ranking != e.RankingSteps {
				t.Fatalf("trial %d: %s: %d ranking-only steps, brute force %d", trial, e.ID, e.RankingSteps, ranking)
			}
		}
	}
}

// TestMarginsAddUp: the items' margins plus the prior log odds make the
// leader's lead over the runner-up.
func TestMarginsAddUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for trial := 0; trial < 100; trial++ {
		r := mustScore(t, randomSmall(rng), Options{Samples: -1})
		byID := map[string]HypothesisScore{}
		for _, h := range r.Hypotheses {
			byID[h.ID] = h
		}
		a, b := byID[r.Ranking[0]], byID[r.Ranking[1]]
		if b.Posterior == 0 {
			continue
		}
		sum := math.Log(a.Prior / b.Prior)
		for _, e := range r.Evidence {
			sum += e.Margin
		}
		if lead := math.Log(a.Posterior / b.Posterior); math.Abs(sum-lead) > 1e-9*(1+math.Abs(lead)) {
			t.Fatalf("trial %d: margins add to %v, lead is %v", trial, sum, lead)
		}
	}
}

func TestMonteCarlo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for trial := 0; trial < 30; trial++ {
		c := randomSmall(rng)
		a := mustScore(t, c, Options{Samples: 500, Seed: 9})
		b := mustScore(t, c, Options{Samples: 500, Seed: 9})
		sp, sh := 0.0, 0.0
		for k, h := range a.Hypotheses {
			if h != b.Hypotheses[k] {
				t.Fatalf("same seed, different results: %+v %+v", h, b.Hypotheses[k])
			}
			sp += h.PFirst
			sh += h.HeuerPFirst
			if h.PFirst < 0 || h.PFirst > 1 || math.IsNaN(h.PFirstSE) {
				t.Fatalf("P(first) %v ± %v", h.PFirst, h.PFirstSE)
			}
		}
		if !near(sp, 1) || !near(sh, 1) {
			t.Fatalf("P(first) sums to %v and %v", sp, sh)
		}
	}
	// Two identical hypotheses share first place evenly; a third that every
	// item contradicts never comes first.
	c := newCase(hyps("H1", "H2", "H3"), ev("E1", "B2", "", "H1=C H2=C H3=II"), ev("E2", "C3", "", "H1=N H2=N H3=I"))
	r := mustScore(t, c, Options{Samples: 1000})
	if h := r.Hypotheses; !near(h[0].PFirst, 0.5) || !near(h[1].PFirst, 0.5) || h[2].PFirst != 0 || !r.Robustness.Exact {
		t.Errorf("symmetric case: %+v", h)
	}
	// A clear leader is robust; an item that barely separates two is not.
	clear := newCase(hyps("H1", "H2"), ev("E1", "A1", "", "H1=CC H2=II"), ev("E2", "A1", "", "H1=C H2=I"))
	if r := mustScore(t, clear, Options{}); r.Robustness.PLeader != 1 || r.Robustness.Verdict != "robust" {
		t.Errorf("clear case: %+v", r.Robustness)
	}
	// ln(.85/.65) = 0.268 for H1 against ln(.5/.65) = −0.262: nearly even.
	split := newCase(hyps("H1", "H2"), ev("E1", "B2", "", "H1=CC H2=C"), ev("E2", "B2", "", "H1=N H2=C"))
	if r := mustScore(t, split, Options{}); r.Robustness.PLeader > 0.7 || r.Robustness.PLeader < 0.3 || r.Robustness.Verdict != "fragile" {
		t.Errorf("close case: %+v", r.Robustness)
	}
}

// TestMonteCarloGaussianPart: with few heavy groups, the many light ones
// are summed as a Gaussian; its P(first) must agree with the exact
// simulation within sampling error.
func TestMonteCarloGaussianPart(t *testing.T) {
	c := randomCase(4, 300, 5)
	defer func(k int) { heavyGroups = k }(heavyGroups)
	heavyGroups = 1000
	exact := mustScore(t, c, Options{Samples: 4000, NoSteps: true})
	heavyGroups = 8
	approx := mustScore(t, c, Options{Samples: 4000, NoSteps: true, Seed: 2})
	if !exact.Robustness.Exact || approx.Robustness.Exact {
		t.Fatalf("exact flags %v %v", exact.Robustness.Exact, approx.Robustness.Exact)
	}
	interesting := false
	for k, h := range exact.Hypotheses {
		a := approx.Hypotheses[k]
		se := math.Hypot(h.PFirstSE, a.PFirstSE) + 1e-3
		if math.Abs(h.PFirst-a.PFirst) > 4*se {
			t.Errorf("%s: exact %v ± %v, Gaussian %v ± %v", h.ID, h.PFirst, h.PFirstSE, a.PFirst, a.PFirstSE)
		}
		if h.PFirst > 0.05 && h.PFirst < 0.95 {
			interesting = true
		}
		se = math.Hypot(h.HeuerPFirstSE, a.HeuerPFirstSE) + 1e-3
		if math.Abs(h.HeuerPFirst-a.HeuerPFirst) > 4*se {
			t.Errorf("%s Heuer: exact %v, Gaussian %v", h.ID, h.HeuerPFirst, a.HeuerPFirst)
		}
	}
	t.Logf("exact %v", exact.Hypotheses)
	if !interesting {
		t.Log("no hypothesis with P(first) strictly between 0.05 and 0.95 in this case")
	}
}

func TestExplanations(t *testing.T) {
	c := newCase(hyps("H1", "H2"),
		ev("E1", "A1", crux.High, "H1=CC H2=II"),
		ev("E2", "C3", "", "H1=C H2=C"),
	)
	c.Evidence[0].Text = "The decisive fact"
	r := mustScore(t, c, Options{Samples: 200})
	ex := r.Explanations
	if !strings.Contains(ex.Ranking, "H1 (title H1) is the most probable") {
		t.Errorf("ranking: %s", ex.Ranking)
	}
	if len(ex.Decisive) != 1 || !strings.Contains(ex.Decisive[0], "Removing E1 (The decisive fact) would leave H1 and H2 tied for first") {
		t.Errorf("decisive: %q", ex.Decisive)
	}
	if len(ex.Noise) != 1 || !strings.Contains(ex.Noise[0], "E2") || !strings.Contains(ex.Noise[0], NonDiagnosticNote) {
		t.Errorf("noise: %q", ex.Noise)
	}
	if !strings.Contains(ex.Robustness, "200 simulated variations") || !strings.Contains(ex.Robustness, "robust") {
		t.Errorf("robustness: %s", ex.Robustness)
	}
	if ex.Lead != "H1 (title H1) leads H2 (title H2) chiefly because of E1 (The decisive fact)." {
		t.Errorf("lead: %q", ex.Lead)
	}
	if !r.Evidence[0].Linchpin || r.Evidence[1].Linchpin {
		t.Errorf("linchpins: %v %v", r.Evidence[0].Linchpin, r.Evidence[1].Linchpin)
	}
}

func TestValidAsOf(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"2023-05-03", true},
		{"0000-00-00", true}, // the shape, not the calendar
		{"", false},
		{"2023-5-3", false},
		{"2023-05-03T10:00", false},
		{"2023-ab-03", false},
		{"2023/05/03", false},
		{"２０２３-05-03", false}, // full-width digits are not digits here
		{" 2023-05-03", false},
	} {
		if got := ValidAsOf(tc.s); got != tc.want {
			t.Errorf("ValidAsOf(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
