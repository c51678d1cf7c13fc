package assistant

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cruxlab/crux"
)

// ---- claims ----

type claimsAnswer struct {
	Claims []struct {
		Speaker     string `json:"speaker"`
		SpeakerKind string `json:"speaker_kind"`
		Cue         string `json:"cue"`
		CueClass    string `json:"cue_class"`
		Mode        string `json:"mode"`
		Text        string `json:"text"`
	} `json:"claims"`
}

const claimsSystem = `You find attributed statements in a news article: who said what.
Answer with one JSON object and nothing else:
{"claims": [{"speaker": "name as written in the article", "speaker_kind": "person|organization|group|anonymous",
  "cue": "the cue verb as written", "cue_class": "assert|deny|accuse|admit|assess|allege|warn|report|agree|ask",
  "mode": "direct|reported|mixed", "text": "the statement, copied exactly from the article"}]}
Copy "text" and "speaker" character for character from the article. Do not invent statements.`

// ProposeClaims asks the model for the attributed statements of src and
// returns them as actors and claims with IDs local to the source (a1..,
// c1..), citations pointing at src.ID, ready for casebuild.Add. Every
// statement must occur verbatim in src.Text, and every named speaker too.
func (c *Client) ProposeClaims(ctx context.Context, src *crux.Source) ([]crux.Actor, []crux.Claim, error) {
	text := clip(src.Text, MaxPromptBytes)
	var ans claimsAnswer
	if err := c.ask(ctx, claimsSystem, "ARTICLE:\n"+text, &ans); err != nil {
		return nil, nil, err
	}
	if len(ans.Claims) > MaxItems {
		return nil, nil, fmt.Errorf("assistant: %d claims, more than %d", len(ans.Claims), MaxItems)
	}
	var actors []crux.Actor
	byName := map[string]string{}
	var claims []crux.Claim
	for i, a := range ans.Claims {
		p := fmt.Sprintf("claims[%d]", i)
		if err := checkString(p+".speaker", a.Speaker, 200, true); err != nil {
			return nil, nil, err
		}
		if err := checkString(p+".text", a.Text, MaxTextBytes, true); err != nil {
			return nil, nil, err
		}
		if err := checkString(p+".cue", a.Cue, 100, false); err != nil {
			return nil, nil, err
		}
		kind := crux.ActorKind(a.SpeakerKind)
		switch kind {
		case crux.Person, crux.Organization, crux.Group, crux.Anonymous:
		default:
			return nil, nil, fmt.Errorf("%s.speaker_kind: unknown kind %q", p, snippet([]byte(a.SpeakerKind)))
		}
		class := crux.CueClass(a.CueClass)
		if !class.Valid() {
			return nil, nil, fmt.Errorf("%s.cue_class: unknown class %q", p, snippet([]byte(a.CueClass)))
		}
		mode := crux.Mode(a.Mode)
		switch mode {
		case crux.Direct, crux.Reported, crux.Mixed:
		default:
			return nil, nil, fmt.Errorf("%s.mode: unknown mode %q", p, snippet([]byte(a.Mode)))
		}
		t := strings.TrimSpace(a.Text)
		at := strings.Index(src.Text, t)
		if at < 0 {
			return nil, nil, fmt.Errorf("%s.text: not found verbatim in the article", p)
		}
		cit := crux.Citation{SourceID: src.ID, Content: crux.Span{Start: at, End: at + len(t)}}
		name := strings.TrimSpace(a.Speaker)
		if kind != crux.Anonymous {
			j := strings.Index(src.Text, name)
			if j < 0 {
				return nil, nil, fmt.Errorf("%s.speaker: %q does not occur in the article", p, snippet([]byte(name)))
			}
			cit.Speaker = &crux.Span{Start: j, End: j + len(name)}
		}
		if cue := strings.TrimSpace(a.Cue); cue != "" {
			if j := strings.Index(src.Text, cue); j >= 0 {
				cit.Cue = &crux.Span{Start: j, End: j + len(cue)}
			}
		}
		id, ok := byName[string(kind)+"\x00"+name]
		if !ok {
			id = "a" + strconv.Itoa(len(actors)+1)
			byName[string(kind)+"\x00"+name] = id
			actors = append(actors, crux.Actor{ID: id, Name: name, Kind: kind})
		}
		claims = append(claims, crux.Claim{
			ID: "c" + strconv.Itoa(len(claims)+1), SpeakerID: id, Cue: strings.TrimSpace(a.Cue), CueClass: class, Mode: mode,
			Text: t, Citations: []crux.Citation{cit},
		})
	}
	return actors, claims, nil
}

// ---- hypotheses ----

type hypothesesAnswer struct {
	Hypotheses []struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Passages    []struct {
			Source string `json:"source"`
			Quote  string `json:"quote"`
		} `json:"passages"`
	} `json:"hypotheses"`
}

const hypothesesSystem = `You help an intelligence analyst with an Analysis of Competing Hypotheses.
From the articles, list the competing explanations of the event that the articles name or imply
(who did it and how), mutually exclusive, each with the passages that name it.
Answer with one JSON object and nothing else:
{"hypotheses": [{"title": "short title", "description": "one sentence",
  "passages": [{"source": "the SOURCE id given", "quote": "a passage copied exactly from that source"}]}]}`

// ProposeHypotheses asks the model for competing explanations of the
// case's event. Passages must quote the sources verbatim and name sources
// of the case; titles are short plain text.
func (c *Client) ProposeHypotheses(ctx context.Context, cs *crux.Case) ([]crux.Hypothesis, error) {
	var b strings.Builder
	if cs.Question != "" {
		fmt.Fprintf(&b, "QUESTION: %s\n", cs.Question)
	}
	for _, h := range cs.Hypotheses {
		fmt.Fprintf(&b, "ALREADY LISTED: %s\n", h.Title)
	}
	budget := MaxPromptBytes - b.Len()
	for _, s := range cs.Sources {
		if budget <= 200 {
			break
		}
		part := clip(s.Text, min(budget-100, MaxPromptBytes/max(1, len(cs.Sources))+4096))
		fmt.Fprintf(&b, "\nSOURCE %s:\n%s\n", s.ID, part)
		budget -= len(part) + 20
	}
	var ans hypothesesAnswer
	if err := c.ask(ctx, hypothesesSystem, b.String(), &ans); err != nil {
		return nil, err
	}
	if len(ans.Hypotheses) > 30 {
		return nil, fmt.Errorf("assistant: %d hypotheses, more than 30", len(ans.Hypotheses))
	}
	srcs := map[string]*crux.Source{}
	for i := range cs.Sources {
		srcs[cs.Sources[i].ID] = &cs.Sources[i]
	}
	var out []crux.Hypothesis
	for i, h := range ans.Hypotheses {
		p := fmt.Sprintf("hypotheses[%d]", i)
		if err := checkString(p+".title", h.Title, MaxTitleBytes, true); err != nil {
			return nil, err
		}
		if strings.ContainsAny(h.Title, "<>") {
			return nil, fmt.Errorf("%s.title: markup is not allowed in a title", p)
		}
		if err := checkString(p+".description", h.Description, MaxTextBytes, false); err != nil {
			return nil, err
		}
		if len(h.Passages) > 20 {
			return nil, fmt.Errorf("%s.passages: more than 20", p)
		}
		hy := crux.Hypothesis{Title: strings.TrimSpace(h.Title), Description: strings.TrimSpace(h.Description), Status: crux.Suggested}
		for j, ps := range h.Passages {
			q := fmt.Sprintf("%s.passages[%d]", p, j)
			s, ok := srcs[ps.Source]
			if !ok {
				return nil, fmt.Errorf("%s.source: unknown source %q", q, snippet([]byte(ps.Source)))
			}
			if err := checkString(q+".quote", ps.Quote, MaxTextBytes, true); err != nil {
				return nil, err
			}
			quote := strings.TrimSpace(ps.Quote)
			at := strings.Index(s.Text, quote)
			if at < 0 || len(quote) < 8 {
				return nil, fmt.Errorf("%s.quote: not found verbatim in source %s", q, s.ID)
			}
			hy.Passages = append(hy.Passages, crux.Citation{SourceID: s.ID, Content: crux.Span{Start: at, End: at + len(quote)}, Date: day(s.Published)})
		}
		out = append(out, hy)
	}
	return out, nil
}

// MergeHypotheses adds the proposed hypotheses whose title the case does
// not have yet (case-insensitive), with IDs H<n> and status suggested. It
// returns the number added.
func MergeHypotheses(c *crux.Case, hs []crux.Hypothesis) int {
	have := map[string]bool{}
	next := 1
	for _, h := range c.Hypotheses {
		have[strings.ToLower(strings.TrimSpace(h.Title))] = true
		if n, err := strconv.Atoi(strings.TrimPrefix(h.ID, "H")); err == nil && strings.HasPrefix(h.ID, "H") && n >= next {
			next = n + 1
		}
	}
	added := 0
	for _, h := range hs {
		k := strings.ToLower(strings.TrimSpace(h.Title))
		if k == "" || have[k] {
			continue
		}
		have[k] = true
		h.ID = "H" + strconv.Itoa(next)
		next++
		h.Status = crux.Suggested
		c.Hypotheses = append(c.Hypotheses, h)
		added++
	}
	return added
}

// ---- ratings ----

// RatingProposal is one cell the model proposes.
type RatingProposal struct {
	Evidence   string           `json:"evidence"`
	Hypothesis string           `json:"hypothesis"`
	Value      crux.RatingValue `json:"value"`
	Reason     string           `json:"reason"`
}

type ratingsAnswer struct {
	Ratings []RatingProposal `json:"ratings"`
}

const ratingsSystem = `You help an intelligence analyst with an Analysis of Competing Hypotheses (Heuer).
Rate how consistent each evidence item is with each hypothesis: CC very consistent, C consistent,
N neutral, I inconsistent, II very inconsistent, NA not applicable. Remember that a party denying its own
involvement would do so under every hypothesis (N), and that accusations by interested parties are weak.
Answer with one JSON object and nothing else:
{"ratings": [{"evidence": "E id", "hypothesis": "H id", "value": "CC|C|N|I|II|NA", "reason": "one sentence"}]}`

// ProposeRatings asks the model to rate the case's evidence against its
// hypotheses. Unknown evidence or hypothesis IDs, unknown values and
// oversized reasons make the whole answer refused.
func (c *Client) ProposeRatings(ctx context.Context, cs *crux.Case) ([]RatingProposal, error) {
	if len(cs.Hypotheses) == 0 || len(cs.Evidence) == 0 {
		return nil, nil
	}
	var b strings.Builder
	b.WriteString("HYPOTHESES:\n")
	hyps := map[string]bool{}
	for _, h := range cs.Hypotheses {
		hyps[h.ID] = true
		fmt.Fprintf(&b, "%s: %s\n", h.ID, clip(h.Title, MaxTitleBytes))
	}
	b.WriteString("EVIDENCE:\n")
	ev := map[string]bool{}
	for _, e := range cs.Evidence {
		line := fmt.Sprintf("%s: %s\n", e.ID, clip(e.Text, 400))
		if b.Len()+len(line) > MaxPromptBytes {
			break
		}
		ev[e.ID] = true
		b.WriteString(line)
	}
	var ans ratingsAnswer
	if err := c.ask(ctx, ratingsSystem, b.String(), &ans); err != nil {
		return nil, err
	}
	if limit := len(ev) * len(hyps); len(ans.Ratings) > limit {
		return nil, fmt.Errorf("assistant: %d ratings for %d cells", len(ans.Ratings), limit)
	}
	for i, r := range ans.Ratings {
		p := fmt.Sprintf("ratings[%d]", i)
		if !ev[r.Evidence] {
			return nil, fmt.Errorf("%s.evidence: unknown evidence %q", p, snippet([]byte(r.Evidence)))
		}
		if !hyps[r.Hypothesis] {
			return nil, fmt.Errorf("%s.hypothesis: unknown hypothesis %q", p, snippet([]byte(r.Hypothesis)))
		}
		if !r.Value.Valid() {
			return nil, fmt.Errorf("%s.value: unknown rating %q", p, snippet([]byte(r.Value)))
		}
		if err := checkString(p+".reason", r.Reason, MaxReasonBytes, false); err != nil {
			return nil, err
		}
	}
	return ans.Ratings, nil
}

// MergeRatings writes the proposals as suggested ratings (reason prefixed
// "[assistant]") into cells that are empty; a cell an analyst confirmed or
// a rule already suggested is left alone. It returns the number written.
func MergeRatings(c *crux.Case, rs []RatingProposal) int {
	idx := map[string]int{}
	for i := range c.Evidence {
		idx[c.Evidence[i].ID] = i
	}
	hyps := map[string]bool{}
	for _, h := range c.Hypotheses {
		hyps[h.ID] = true
	}
	n := 0
	for _, r := range rs {
		i, ok := idx[r.Evidence]
		if !ok || !hyps[r.Hypothesis] || !r.Value.Valid() {
			continue
		}
		e := &c.Evidence[i]
		if e.Ratings == nil {
			e.Ratings = map[string]crux.Rating{}
		}
		if _, taken := e.Ratings[r.Hypothesis]; taken {
			continue
		}
		e.Ratings[r.Hypothesis] = crux.Rating{Value: r.Value, Suggested: true, Reason: "[assistant] " + strings.TrimSpace(r.Reason)}
		n++
	}
	return n
}

// clip cuts s to at most n bytes at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

func day(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return ""
}
