package ach

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDecisive caps the decisive and noise sentences of Explanations.
const MaxDecisive = 10

// explain writes the plain-English sentences of a result.
func explain(res *Result) Explanations {
	hyp := map[string]*HypothesisScore{}
	for k := range res.Hypotheses {
		hyp[res.Hypotheses[k].ID] = &res.Hypotheses[k]
	}
	label := func(id string) string {
		if h := hyp[id]; h != nil && h.Title != "" {
			return fmt.Sprintf("%s (%s)", id, clip(h.Title, 60))
		}
		return id
	}
	var ex Explanations
	ex.Ranking = rankingSentence(res, hyp, label)

	var sents [4][]string // by priority, see decisiveSentence
	for _, e := range res.Evidence {
		if prio, sent := decisiveSentence(e, label); sent != "" {
			sents[prio] = append(sents[prio], sent)
		}
	}
	more := 0
	for _, ss := range sents {
		for _, sent := range ss {
			if len(ex.Decisive) == MaxDecisive {
				more++
				continue
			}
			ex.Decisive = append(ex.Decisive, sent)
		}
	}
	if more > 0 {
		ex.Decisive = append(ex.Decisive, fmt.Sprintf("%s more items could also change the outcome; see the sensitivity table.", count(more)))
	}
	more = 0
	for _, e := range res.Evidence {
		if !e.NonDiagnostic {
			continue
		}
		if len(ex.Noise) == MaxDecisive {
			more++
			continue
		}
		ex.Noise = append(ex.Noise, fmt.Sprintf("%s is %s.", evLabel(e), NonDiagnosticNote))
	}
	if more > 0 {
		ex.Noise = append(ex.Noise, fmt.Sprintf("%s more items are consistent with every hypothesis and do not help decide.", count(more)))
	}
	ex.Lead = leadSentence(res, label)
	ex.Robustness = robustnessSentence(res, label)
	return ex
}

// top3 returns the indices of the (up to) three items with the largest
// margins times sign, above 1e-9, largest first; ties keep case order.
func top3(es []EvidenceScore, sign float64) []int {
	var idx []int
	for i := range es {
		v := sign * es[i].Margin
		if v <= 1e-9 {
			continue
		}
		pos := len(idx)
		for pos > 0 && sign*es[idx[pos-1]].Margin < v {
			pos--
		}
		if pos < 3 {
			idx = slices.Insert(idx, pos, i)
			if len(idx) > 3 {
				idx = idx[:3]
			}
		}
	}
	return idx
}

// leadSentence names the (up to three) items that most widen and most
// narrow the leader's lead over the runner-up.
func leadSentence(res *Result, label func(string) string) string {
	if len(res.Ranking) < 2 || len(tiedFirst(res, false)) > 1 {
		return ""
	}
	a, b := res.Ranking[0], res.Ranking[1]
	// The three largest margins each way, by a single scan.
	pro, con := top3(res.Evidence, 1), top3(res.Evidence, -1)
	names := func(idx []int) string {
		var out []string
		for _, i := range idx {
			out = append(out, evLabel(res.Evidence[i]))
		}
		return joinAnd(out)
	}
	var b2 strings.Builder
	if len(pro) == 0 {
		fmt.Fprintf(&b2, "No single item puts %s ahead of %s; its lead comes from the priors.", a, b)
	} else {
		fmt.Fprintf(&b2, "%s leads %s chiefly because of %s.", label(a), label(b), names(pro))
	}
	if len(con) > 0 {
		fmt.Fprintf(&b2, " The evidence that favours %s over %s most is %s.", b, a, names(con))
	}
	return b2.String()
}

func evLabel(e EvidenceScore) string {
	if t := strings.TrimSpace(e.Text); t != "" {
		return fmt.Sprintf("%s (%s)", e.ID, clip(t, 70))
	}
	return e.ID
}

// clip shortens s to at most n runes at a word boundary, adding "…".
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

func pct(p float64) string {
	switch {
	case p > 0 && p < 0.001:
		return "under 0.1%"
	case p < 1 && p > 0.999:
		return "over 99.9%"
	}
	return strconv.FormatFloat(100*p, 'f', 1, 64) + "%"
}

// count writes n with thin groups of three digits ("10 000").
func count(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func labels(ids []string, label func(string) string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = label(id)
	}
	return out
}

func tiedFirst(res *Result, heuer bool) []string {
	var out []string
	for _, id := range ranked(res, heuer) {
		for _, h := range res.Hypotheses {
			if h.ID == id && ((heuer && h.HeuerRank == 1) || (!heuer && h.Rank == 1)) {
				out = append(out, id)
			}
		}
	}
	return out
}

func ranked(res *Result, heuer bool) []string {
	if heuer {
		return res.HeuerRanking
	}
	return res.Ranking
}

func rankingSentence(res *Result, hyp map[string]*HypothesisScore, label func(string) string) string {
	if len(res.Hypotheses) == 1 {
		return fmt.Sprintf("Only one explanation is being weighed: %s.", label(res.Hypotheses[0].ID))
	}
	var b strings.Builder
	top := tiedFirst(res, false)
	switch {
	case len(top) == len(res.Hypotheses):
		fmt.Fprintf(&b, "The evidence rated so far does not favour any of the %d explanations: each stands at %s.", len(top), pct(res.Hypotheses[0].Posterior))
	case len(top) > 1:
		fmt.Fprintf(&b, "%s are tied as the most probable explanations, at %s each.", joinAnd(labels(top, label)), pct(hyp[top[0]].Posterior))
	default:
		first, second := hyp[res.Ranking[0]], hyp[res.Ranking[1]]
		fmt.Fprintf(&b, "%s is the most probable explanation on the evidence rated, at %s, ahead of %s at %s.",
			label(first.ID), pct(first.Posterior), label(second.ID), pct(second.Posterior))
	}
	htop := tiedFirst(res, true)
	post1 := res.Ranking[0]
	b.WriteString(" Heuer's method, which counts only the evidence against each explanation, ")
	switch {
	case len(htop) == len(res.Hypotheses):
		fmt.Fprintf(&b, "finds no explanation contradicted more than another (weighted inconsistency %s for all).", num(hyp[htop[0]].WeightedInconsistency))
	case len(htop) > 1:
		fmt.Fprintf(&b, "leaves %s tied with the fewest inconsistencies (weighted score %s).", joinAnd(htop), num(hyp[htop[0]].WeightedInconsistency))
	case htop[0] == post1 && len(top) == 1:
		next := hyp[res.HeuerRanking[1]]
		fmt.Fprintf(&b, "agrees: %s is the least contradicted (weighted inconsistency %s, against %s for %s).",
			htop[0], num(hyp[htop[0]].WeightedInconsistency), num(next.WeightedInconsistency), next.ID)
	default:
		fmt.Fprintf(&b, "puts %s first instead: it is the least contradicted (weighted inconsistency %s, against %s for %s).",
			label(htop[0]), num(hyp[htop[0]].WeightedInconsistency), num(hyp[post1].WeightedInconsistency), post1)
	}
	return b.String()
}

func num(x float64) string {
	if x == 0 {
		return "0"
	}
	return strings.Replace(strconv.FormatFloat(x, 'f', 2, 64), "-", "−", 1)
}

// decisiveSentence explains how item e could change who comes first, with
// its priority: 0 removal changes the posterior's leader, 1 a one-step
// move does, 2 removal changes Heuer's leader, 3 a one-step move does.
func decisiveSentence(e EvidenceScore, label func(string) string) (int, string) {
	first := func(ls []string) string {
		if len(ls) == 1 {
			return "put " + label(ls[0]) + " first"
		}
		return "leave " + joinAnd(ls) + " tied for first"
	}
	step := func(heuer bool) string {
		for _, st := range e.Steps {
			if heuer && st.HeuerLeaderChanged || !heuer && st.PosteriorLeaderChanged {
				ls, by := st.PosteriorLeaders, ""
				if heuer {
					ls, by = st.HeuerLeaders, " by Heuer's count of inconsistencies"
				}
				return fmt.Sprintf("If %s were rated %s rather than %s against %s, that would %s%s.",
					evLabel(e), st.To, st.From, st.Hypothesis, first(ls), by)
			}
		}
		return ""
	}
	if e.Removed.PosteriorLeaderChanged {
		return 0, fmt.Sprintf("Removing %s would %s.", evLabel(e), first(e.Removed.PosteriorLeaders))
	}
	if s := step(false); s != "" {
		return 1, s
	}
	if e.Removed.HeuerLeaderChanged {
		return 2, fmt.Sprintf("Removing %s would %s by Heuer's count of inconsistencies.", evLabel(e), first(e.Removed.HeuerLeaders))
	}
	return 3, step(true)
}

func robustnessSentence(res *Result, label func(string) string) string {
	r := res.Robustness
	if r.Samples == 0 {
		return "No robustness simulation was run."
	}
	share := fmt.Sprintf("%s of them (± %s points)", pct(r.PLeader), strconv.FormatFloat(100*r.PLeaderSE, 'f', 1, 64))
	switch r.PLeader {
	case 1:
		share = "every one of them"
	case 0:
		share = "none of them"
	}
	s := fmt.Sprintf("When the ratings and source grades are varied within their uncertainty (%s simulated variations), %s stays the most probable explanation in %s: %s.",
		count(r.Samples), label(r.Leader), share, r.Verdict)
	linchpins := 0
	for _, e := range res.Evidence {
		if e.Removed.PosteriorLeaderChanged {
			linchpins++
			continue
		}
		for _, st := range e.Steps {
			if st.PosteriorLeaderChanged {
				linchpins++
				break
			}
		}
	}
	if linchpins > 0 && r.Verdict != "fragile" {
		s += fmt.Sprintf(" The simulation varies whole items; a single rating or item can still change the answer (%s, listed as decisive).", plural(linchpins, "item", "items"))
	}
	if r.Verdict == "fragile" {
		best, bp := "", 0.0
		for _, h := range res.Hypotheses {
			if h.ID != r.Leader && h.PFirst > bp {
				best, bp = h.ID, h.PFirst
			}
		}
		if best != "" {
			s += fmt.Sprintf(" %s comes first in %s.", label(best), pct(bp))
		}
	}
	return s
}
