package casebuild

import (
	"regexp"
	"sort"
	"strings"

	"github.com/cruxlab/crux"
)

// Rule is one named rule of SuggestRatings. An analyst reads the
// description and switches a rule off by setting Enabled to false; the
// suggestions a disabled rule made earlier are withdrawn.
type Rule struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Enabled     bool   `json:"enabled"`
}

// The rule IDs, in the order they are tried: the first enabled rule that
// applies to an evidence item rates it against every hypothesis.
const (
	RuleSelfDenial            = "self-denial"
	RuleArguesAgainst         = "argues-against"
	RulePrediction            = "prediction"
	RuleIndependentAssessment = "independent-assessment"
	RuleInterestedAccusation  = "interested-accusation"
	RuleNamesExplanation      = "names-explanation"
)

// DefaultRules returns every rule, enabled.
func DefaultRules() []Rule {
	return []Rule{
		{RuleSelfDenial, "A party denying its own involvement (\"we did not attack\", a denial by a government or its officials) would deny under every hypothesis: N everywhere, self-serving and non-diagnostic.", true},
		{RuleArguesAgainst, "A statement that calls an explanation unlikely or doubtful (\"hard to believe\", \"unlikely\", \"no evidence\", \"doubts\") next to the words of that explanation: I for the hypotheses of that kind, N for the others. Diagnostic.", true},
		{RulePrediction, "A false flag is staged to be used: reporting that the target side played the event down (little airtime, no footage, did not use it) is what a false flag forbids and the other hypotheses allow: I for the target's false flag, N for the others.", true},
		{RuleIndependentAssessment, "An independent analyst, expert, researcher or think tank who says who did it: CC for that hypothesis, I for exclusive rivals (N for a hypothesis that the named party was only directed by another).", true},
		{RuleInterestedAccusation, "An accusation by an interested party (a government, its officials or its media, whose side is a party to a hypothesis) against another party: expected whether or not it is true, so weak: C for the accused party's hypothesis only, not CC; N for the others.", true},
		{RuleNamesExplanation, "Any other statement that names who did it: C for that hypothesis, N for the others.", true},
	}
}

var (
	denialRe      = regexp.MustCompile(`(?i)\b(?:we|i|our|us)\b[^.]{0,40}?(?:\bnot\b|n't|\bnever\b|\bnothing\b)[^.]{0,40}?\b(?:attack|strike|involv|do\s+with|behind|responsib|carr(?:y|ied)\s+out)|\bnothing\s+to\s+do\s+with\b|\bnot\s+involved\b|\bno\s+involvement\b|\bany\s+involvement\b`)
	doubtRe       = regexp.MustCompile(`(?i)\b(?:unlikely|hard\s+to\s+believe|difficult\s+to\s+believe|implausible|doubts?|doubtful|no\s+evidence|little\s+evidence|not\s+sought|rule[sd]?\s+out|not\s+align|does\s+not\s+fit|absurd|nonsense)\b`)
	selfHarmRe    = regexp.MustCompile(`(?i)\bon\s+(?:itself|themselves|himself)\b|\bits\s+own\b|\bhis\s+own\b|\btheir\s+own\b`)
	playedDownRe  = regexp.MustCompile(`(?i)\b(?:few|little|no|only|not|did\s+not|didn't|barely|hardly)\b[^.]{0,60}\b(?:details|airtime|footage|coverage|broadcast|mention|publicity|show|use|exploit)`)
	firstPersonRe = regexp.MustCompile(`(?i)\b(?:we|i|our)\b`)
	independentRe = regexp.MustCompile(`(?i)\b(?:analyst|expert|scientist|researcher|scholar|professor|academic|think\s+tank|institute|crisis\s+group|university|observer|monitor|study\s+of)`)
	officialRe    = regexp.MustCompile(`(?i)\b(?:president|minister|ministry|spokes|press\s+secretary|adviser|advisor|official|government|kremlin|white\s+house|army|military|forces|embassy|state\s+media|deputy|parliament|duma|council)`)
)

// speakerView is what the rules know of the speaker of an evidence item.
type speakerView struct {
	name        string
	party       string // party key, "" when unknown
	independent bool
	interested  bool
}

func viewActor(a *crux.Actor, hypParties map[string]bool) speakerView {
	if a == nil {
		return speakerView{}
	}
	v := speakerView{name: a.Name}
	for _, t := range append([]string{a.Affiliation, a.Role, a.Description, a.Name}, a.Aliases...) {
		if p, ok := firstParty(t); ok {
			v.party = p.Key
			break
		}
	}
	all := strings.Join(append([]string{a.Name, a.Role, a.Affiliation, a.Description}, a.Aliases...), " ")
	v.independent = independentRe.MatchString(all) && !officialRe.MatchString(a.Role+" "+a.Affiliation)
	v.interested = !v.independent && v.party != "" && hypParties[v.party]
	return v
}

type cell struct {
	v      crux.RatingValue
	reason string
}

// SuggestRatings rates every evidence item against every hypothesis by the
// first enabled rule that applies (see DefaultRules), marking each rating
// Suggested with the rule's ID and a reason. A rating an analyst has
// confirmed (Suggested false) is never touched, nor is a suggestion from
// elsewhere (the assistant's). Suggestions left by a rule
// that is now disabled, or that no rule makes any more, are removed. It
// returns the number of suggested ratings written or changed (0 when the
// case already holds exactly these suggestions).
func SuggestRatings(c *crux.Case, rules []Rule) int {
	enabled := map[string]bool{}
	for _, r := range rules {
		enabled[r.ID] = r.Enabled
	}
	target := targetParty(c)
	keys := make([]hypKey, len(c.Hypotheses))
	hypParties := map[string]bool{}
	if target != "" {
		hypParties[target] = true
	}
	for i := range c.Hypotheses {
		keys[i] = keyOf(&c.Hypotheses[i])
		if keys[i].party != "" {
			hypParties[keys[i].party] = true
		}
	}
	actors := map[string]*crux.Actor{}
	for i := range c.Actors {
		actors[c.Actors[i].ID] = &c.Actors[i]
	}
	claims := map[string]*crux.Claim{}
	for i := range c.Claims {
		claims[c.Claims[i].ID] = &c.Claims[i]
	}
	texts := map[string]string{}
	for _, s := range c.Sources {
		texts[s.ID] = s.Text
	}
	views := map[string]speakerView{}
	sents := map[string][]crux.Span{}
	n := 0
	for ei := range c.Evidence {
		e := &c.Evidence[ei]
		in := ratingInput{text: e.Text}
		if cl, ok := claims[e.ClaimID]; ok {
			in.text = cl.Text
			in.class = cl.CueClass
			v, ok := views[cl.SpeakerID]
			if !ok {
				v = viewActor(actors[cl.SpeakerID], hypParties)
				views[cl.SpeakerID] = v
			}
			in.speaker = v
			if cl.CueClass == crux.Accuse || cl.CueClass == crux.Allege {
				in.context = citationSentence(cl, texts, sents)
			}
		}
		cells := rate(in, c.Hypotheses, keys, target, enabled)
		if e.Ratings == nil {
			e.Ratings = map[string]crux.Rating{}
		}
		for hi, h := range c.Hypotheses {
			old, had := e.Ratings[h.ID]
			if had && (!old.Suggested || !ruleReason(old.Reason)) {
				continue // the analyst's, or another suggester's (the assistant)
			}
			cl, ok := cells[hi]
			if !ok {
				if had {
					delete(e.Ratings, h.ID)
					n++
				}
				continue
			}
			nr := crux.Rating{Value: cl.v, Suggested: true, Reason: cl.reason}
			if !had || old.Value != nr.Value || old.Reason != nr.Reason || old.Likelihood != nil || old.Analyst != "" {
				n++
			}
			e.Ratings[h.ID] = nr
		}
	}
	return n
}

// ruleReason reports whether a reason was written by one of the rules.
func ruleReason(r string) bool {
	for _, id := range []string{RuleSelfDenial, RuleArguesAgainst, RulePrediction, RuleIndependentAssessment, RuleInterestedAccusation, RuleNamesExplanation} {
		if strings.HasPrefix(r, "["+id+"]") {
			return true
		}
	}
	return false
}

// citationSentence returns the sentence of the claim's first citation in its
// source: where the cue and the speaker are ("X accused Y of ...").
func citationSentence(cl *crux.Claim, texts map[string]string, cache map[string][]crux.Span) string {
	for _, ct := range cl.Citations {
		t, ok := texts[ct.SourceID]
		if !ok || ct.Content.Start < 0 || ct.Content.End > len(t) {
			continue
		}
		ss, ok := cache[ct.SourceID]
		if !ok {
			ss = sentenceSpans(t)
			cache[ct.SourceID] = ss
		}
		i := sort.Search(len(ss), func(i int) bool { return ss[i].End > ct.Content.Start })
		if i < len(ss) {
			return t[ss[i].Start:ss[i].End]
		}
	}
	return ""
}

type ratingInput struct {
	text    string
	context string // the sentence around the citation
	class   crux.CueClass
	speaker speakerView
}

func matches(k hypKey, e explanation) bool {
	if k.kind != e.kind {
		return false
	}
	return e.party == "" || k.party == "" || k.party == e.party
}

// rate applies the rules to one evidence item; the result is keyed by
// hypothesis index. No entry means no suggestion.
func rate(in ratingInput, hs []crux.Hypothesis, keys []hypKey, target string, enabled map[string]bool) map[int]cell {
	out := map[int]cell{}
	all := func(v crux.RatingValue, reason string) map[int]cell {
		for i := range hs {
			out[i] = cell{v, reason}
		}
		return out
	}
	who := in.speaker.name
	if who == "" {
		who = "this item"
	}
	partyName := func(k string) string {
		if p, ok := partyByKey[k]; ok {
			return p.Name
		}
		return "an unnamed party"
	}

	lower := strings.ToLower(in.text)
	anyOf := func(keys ...string) bool {
		for _, k := range keys {
			if strings.Contains(lower, k) {
				return true
			}
		}
		return false
	}
	// cheap prefilters: the regexps below only run on texts that hold one
	// of their words
	mayDeny := anyOf("not", "n't", "never", "nothing", "involv")
	mayDoubt := anyOf("unlikely", "believe", "implausible", "doubt", "evidence", "sought", "rule", "align", "fit", "absurd", "nonsense")
	mayPlayDown := anyOf("detail", "airtime", "footage", "coverage", "broadcast", "mention", "publicity", "show", "use", "exploit")

	// self-denial
	if enabled[RuleSelfDenial] && (in.class == crux.Deny || mayDeny && denialRe.MatchString(in.text)) &&
		(in.speaker.party != "" || denialRe.MatchString(in.text) && firstPersonRe.MatchString(in.text)) {
		return all(crux.Neutral, "["+RuleSelfDenial+"] "+who+" denies involvement on behalf of its own side: a party would deny under every hypothesis, so this is self-serving and non-diagnostic.")
	}

	// argues-against
	if enabled[RuleArguesAgainst] && mayDoubt && doubtRe.MatchString(in.text) {
		var against []explanation
		for _, sp := range sentenceSpans(in.text) {
			s := in.text[sp.Start:sp.End]
			if !doubtRe.MatchString(s) {
				continue
			}
			ex := explainSentence(in.text, sp, target)
			if selfHarmRe.MatchString(s) && target != "" {
				ex = append(ex, explanation{kind: kindFalseFlag, party: target})
			}
			against = append(against, ex...)
		}
		if len(against) > 0 {
			hit := false
			for i, k := range keys {
				if k.kind == "" {
					continue
				}
				for _, e := range against {
					if matches(k, e) {
						out[i] = cell{crux.Inconsistent, "[" + RuleArguesAgainst + "] " + who + " argues this explanation is unlikely: it speaks against " + hs[i].Title + " and not against the others, so it is diagnostic."}
						hit = true
					}
				}
			}
			if hit {
				for i, k := range keys {
					if _, ok := out[i]; !ok && k.kind != "" {
						out[i] = cell{crux.Neutral, "[" + RuleArguesAgainst + "] " + who + " argues against another explanation, not this one."}
					}
				}
				return out
			}
		}
	}

	// prediction: a false flag is made to be used
	if enabled[RulePrediction] && target != "" && mayPlayDown && playedDownRe.MatchString(in.text) {
		if p, ok := firstParty(in.text); ok && p.Key == target {
			hit := false
			for i, k := range keys {
				if k.kind == kindFalseFlag && (k.party == "" || k.party == target) {
					out[i] = cell{crux.Inconsistent, "[" + RulePrediction + "] " + partyName(target) + " played the event down: a false flag is staged to be used, so it forbids this; the other hypotheses allow it."}
					hit = true
				}
			}
			if hit {
				for i, k := range keys {
					if _, ok := out[i]; !ok && k.kind != "" {
						out[i] = cell{crux.Neutral, "[" + RulePrediction + "] this hypothesis makes no prediction about how " + partyName(target) + " covers the event."}
					}
				}
				return out
			}
		}
	}

	said := explainText(in.text, target)
	if in.class == crux.Accuse || in.class == crux.Allege {
		for _, sp := range sentenceSpans(in.context) {
			said = append(said, explainSentence(in.context, sp, target)...)
		}
	}
	if len(said) == 0 {
		return out
	}
	assertedIdx := map[int]bool{}
	for i, k := range keys {
		for _, e := range said {
			if k.kind != "" && matches(k, e) {
				assertedIdx[i] = true
			}
		}
	}
	if len(assertedIdx) == 0 {
		return out
	}

	// independent assessment
	if enabled[RuleIndependentAssessment] && in.speaker.independent {
		for i, k := range keys {
			switch {
			case assertedIdx[i]:
				out[i] = cell{crux.VeryConsistent, "[" + RuleIndependentAssessment + "] " + who + ", an independent analyst, names this explanation: strong support."}
			case k.kind == kindDirected:
				out[i] = cell{crux.Neutral, "[" + RuleIndependentAssessment + "] " + who + " names who carried it out; someone else may still have directed it."}
			case k.kind != "":
				out[i] = cell{crux.Inconsistent, "[" + RuleIndependentAssessment + "] " + who + ", an independent analyst, names a rival explanation."}
			}
		}
		return out
	}

	// interested accusation
	if enabled[RuleInterestedAccusation] && in.speaker.interested {
		for i, k := range keys {
			switch {
			case assertedIdx[i]:
				out[i] = cell{crux.Consistent, "[" + RuleInterestedAccusation + "] " + who + " (" + partyName(in.speaker.party) + ", an interested party) makes this accusation: it would be made whether or not it is true, so weak support: C, not CC."}
			case k.kind != "":
				out[i] = cell{crux.Neutral, "[" + RuleInterestedAccusation + "] an interested party's accusation against another does not weigh against this hypothesis."}
			}
		}
		return out
	}

	if enabled[RuleNamesExplanation] {
		for i, k := range keys {
			switch {
			case assertedIdx[i]:
				out[i] = cell{crux.Consistent, "[" + RuleNamesExplanation + "] " + who + " names this explanation."}
			case k.kind != "":
				out[i] = cell{crux.Neutral, "[" + RuleNamesExplanation + "] " + who + " names another explanation."}
			}
		}
	}
	return out
}
