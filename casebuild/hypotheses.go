package casebuild

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/cruxlab/crux"
)

// The kinds of explanation SuggestHypotheses recognises.
const (
	kindAttack    = "attack"    // party P carried it out (its state or forces)
	kindDirected  = "directed"  // party P directed it: chose the targets, was behind it
	kindFalseFlag = "falseflag" // the target's own side staged it
	kindPartisans = "partisans" // non-state fighters of party P
	kindOther     = "other"     // the catch-all
)

// explanation is one place a text names who did it.
type explanation struct {
	kind    string
	party   string // party key; "" when the text does not say
	source  int    // index of the source
	span    crux.Span
	pattern string
}

// agentRe captures a short noun phrase naming an agent: up to five words,
// the first capitalised or "the"/"a"/"its".
const agentRe = `((?:(?:the|a|an|its|their)\s+)?[\p{Lu}][\p{L}\p{N}.'’-]*(?:[\s-]+[\p{L}\p{N}.'’-]+){0,4})`

type pattern struct {
	name string
	re   *regexp.Regexp
	kind string
	// before: the agent is the phrase just before the match (the regexp
	// matches the trigger only)
	before bool
	// keys: lower-case strings one of which a sentence must contain for the
	// regexp to be tried on it (a cheap prefilter)
	keys []string
}

var explanationPatterns = []pattern{
	{"staged by X", regexp.MustCompile(`(?i:staged)\W{0,3}(?:\s+\w+)?\s+(?i:by)\s+` + agentRe), kindFalseFlag, false, []string{"staged"}},
	{"done by X", regexp.MustCompile(`(?i:ordered|orchestrated|organi[sz]ed|carried\s+out|conducted|launched|planned|masterminded|perpetrated|committed|executed|mounted|instigated)\s+(?i:by)\s+` + agentRe), kindAttack, false, []string{" by "}},
	{"attack by X", regexp.MustCompile(`(?i:attack|strike|assault|operation|raid|sabotage|provocation)s?\s+(?:(?i:was|were|is|had\s+been)\s+)?(?:\w+\s+)?(?i:by)\s+` + agentRe), kindAttack, false, []string{" by "}},
	{"the work of X", regexp.MustCompile(`(?i:the\s+work|the\s+handiwork|the\s+doing)\s+(?i:of)\s+` + agentRe), kindAttack, false, []string{" of "}},
	{"accused X of", regexp.MustCompile(`(?i:accused|accuses|accusing|blamed|blames|blaming)\s+` + agentRe + `\s+(?i:of|for)\s+(?:(?i:the|an?)\s+)?(?i:orchestrat|organi[sz]|carr(?:y|ied)\w*\s+out|stag|plott|plan|launch|attack|strik|bomb|masterm|perpetrat|commit|order|sponsor|direct|being\s+behind|sabotag|assassinat|hack)`), kindAttack, false, []string{"accus", "blam"}},
	{"X was behind", regexp.MustCompile(`\s+(?i:was|were|is|are|had\s+been|has\s+been|have\s+been)\s+(?:(?i:really|actually|ultimately)\s+)?(?i:behind)\b`), kindDirected, true, []string{"behind"}},
	{"X determines the targets", regexp.MustCompile(`\s+(?:(?i:that|who)\s+)?(?i:determines|determined|decides|decided|chooses|chose|selects|selected|picks|picked|directs|directed)\s+(?i:the\s+)?(?i:targets?)`), kindDirected, true, []string{"target"}},
	{"directed by X", regexp.MustCompile(`(?i:directed|commissioned|sponsored|coordinated)\s+(?i:by|from)\s+` + agentRe), kindDirected, false, []string{" by ", " from "}},
	{"X false flag", regexp.MustCompile(`(?:([\p{Lu}][\p{L}.]*)\s+)?(?i:false[\s-]flag)`), kindFalseFlag, false, []string{"flag"}},
	{"X partisans", regexp.MustCompile(`(?:([\p{Lu}][\p{L}.]*(?:-based)?)\s+)?(?i:partisans|saboteurs|insurgents|guerrillas|guerillas|underground\s+fighters)`), kindPartisans, false, []string{"partisan", "saboteur", "insurgent", "guerril", "underground"}},
	{"X attack or ...?", regexp.MustCompile(`([\p{Lu}][\p{L}.]*)\s+(?i:attack|strike|operation)\s+(?i:or)\b`), kindAttack, false, []string{" or "}},
}

// agentBefore returns the shortest run of the (up to four) words ending at
// end, within the sentence starting at start, that names a party.
func agentBefore(t string, start, end int) (string, int, bool) {
	pos := end
	for n := 0; n < 4; n++ {
		// step back over one word
		i := pos
		for i > start && t[i-1] == ' ' {
			i--
		}
		j := i
		for j > start && t[j-1] != ' ' && t[j-1] != '\n' {
			j--
		}
		if j == i {
			break
		}
		pos = j
		phrase := t[pos:end]
		if _, ok := firstParty(phrase); ok {
			return phrase, pos, true
		}
	}
	return "", 0, false
}

// butRe finds the real agent of "it isn't X that ..., but Y".
var butRe = regexp.MustCompile(`^[^.;]*?,?\s+(?i:but)\s+` + agentRe)

var negBefore = regexp.MustCompile(`(?i)(?:\bnot|n't)\s+(?:even\s+)?(?:the\s+)?$`)

var partisanNouns = regexp.MustCompile(`(?i)\b(?:partisans|saboteurs|insurgents|guerrillas|guerillas|rebels|underground|dissidents|resistance)\b`)

var opponentsRe = regexp.MustCompile(`(?i)['’]s\s+(?:own\s+)?(?:opponents|enemies|critics|adversaries|foes)`)

// sentenceSpans splits text into sentences (at . ! ? followed by a space
// and at line breaks).
func sentenceSpans(t string) []crux.Span {
	var out []crux.Span
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && (t[s] == ' ' || t[s] == '\n' || t[s] == '\r' || t[s] == '\t') {
			s++
		}
		for e > s && (t[e-1] == ' ' || t[e-1] == '\n' || t[e-1] == '\r' || t[e-1] == '\t') {
			e--
		}
		if e > s {
			out = append(out, crux.Span{Start: s, End: e})
		}
		start = end
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '\n':
			emit(i + 1)
		case '.', '!', '?':
			j := i + 1
			for j < len(t) && (t[j] == '"' || t[j] == '\'' || t[j] == ')') {
				j++
			}
			// curly closing quote (3 bytes)
			if j+3 <= len(t) && (t[j:j+3] == "”" || t[j:j+3] == "’") {
				j += 3
			}
			if j < len(t) && t[j] == ' ' && !abbrevBefore(t, i) {
				emit(j)
			}
		}
	}
	emit(len(t))
	return out
}

// abbrevBefore reports whether the dot at i ends an abbreviation such as
// "U.S." or "Dr." rather than a sentence.
func abbrevBefore(t string, i int) bool {
	if t[i] != '.' {
		return false
	}
	j := i
	for j > 0 && t[j-1] != ' ' && t[j-1] != '\n' {
		j--
	}
	w := t[j:i]
	if len(w) <= 1 {
		return len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z'
	}
	if strings.Contains(w, ".") { // "U.S", "e.g"
		return true
	}
	switch w {
	case "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Prof", "No", "Jr", "Sr":
		return true
	}
	return false
}

// resolveAgent turns an agent phrase into a party and a kind. ok is false
// when the phrase names no party the lexicon knows, or names the
// opponents of one ("the Kremlin's opponents" is not the Kremlin).
func resolveAgent(phrase, kind string) (string, string, bool) {
	phrase = cutAgent(phrase)
	if opponentsRe.MatchString(phrase) {
		return "", "", false
	}
	if kind != kindFalseFlag && partisanNouns.MatchString(phrase) {
		kind = kindPartisans
	}
	p, ok := firstParty(phrase)
	if !ok {
		if kind == kindPartisans || kind == kindFalseFlag {
			return "", kind, true
		}
		return "", "", false
	}
	return p.Key, kind, true
}

// cutAgent ends an agent phrase at the first word that cannot be part of a
// noun phrase naming someone.
func cutAgent(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		lw := strings.ToLower(strings.Trim(w, ",;:.\"“”"))
		if i > 0 && (lw == "that" || lw == "to" || lw == "in" || lw == "on" || lw == "and" || lw == "or" || lw == "was" || lw == "is" || lw == "which" || lw == "who" || lw == "as" || lw == "with" || lw == "at" || lw == "the") {
			return strings.Join(ws[:i], " ")
		}
		if strings.ContainsAny(w, ",;:") {
			return strings.Join(ws[:i+1], " ")
		}
	}
	return s
}

// targetParty guesses whose side was hit: the party most often named as the
// object of "attack on", "strike against", ... in the case's texts and its
// title and description.
func targetParty(c *crux.Case) string {
	count := map[string]int{}
	first := map[string]int{}
	n := 0
	scan := func(t string) {
		lower := strings.ToLower(t)
		if !strings.Contains(lower, " on ") && !strings.Contains(lower, " against ") && !strings.Contains(lower, " at ") &&
			!strings.Contains(lower, " over ") && !strings.Contains(lower, " targeting ") {
			return
		}
		for _, sp := range sentenceSpans(t) {
			ls := lower[sp.Start:sp.End]
			if !strings.Contains(ls, "attack") && !strings.Contains(ls, "strike") && !strings.Contains(ls, "assault") &&
				!strings.Contains(ls, "explosion") && !strings.Contains(ls, "blast") && !strings.Contains(ls, "raid") {
				continue
			}
			for _, m := range targetRe.FindAllStringSubmatch(t[sp.Start:sp.End], -1) {
				if p, ok := firstParty(cutAgent(m[1])); ok {
					count[p.Key]++
					if _, ok := first[p.Key]; !ok {
						first[p.Key] = n
						n++
					}
				}
			}
		}
	}
	scan(c.Title + ". " + c.Question + ". " + c.Description)
	for _, s := range c.Sources {
		scan(s.Text)
	}
	best := ""
	for k, v := range count {
		if best == "" || v > count[best] || v == count[best] && first[k] < first[best] {
			best = k
		}
	}
	return best
}

var targetRe = regexp.MustCompile(`(?i:attacks?|strikes?|assaults?|explosions?|blasts?|raids?)\s+(?i:on|against|at|over|targeting)\s+` + agentRe)

// findExplanations runs the patterns over every source.
func findExplanations(c *crux.Case, target string) []explanation {
	var out []explanation
	for si, s := range c.Sources {
		for _, sp := range sentenceSpans(s.Text) {
			for _, e := range explainSentence(s.Text, sp, target) {
				e.source = si
				out = append(out, e)
			}
		}
	}
	return out
}

// explainText returns the explanations named in a short text (a claim).
func explainText(text, target string) []explanation {
	var out []explanation
	for _, sp := range sentenceSpans(text) {
		out = append(out, explainSentence(text, sp, target)...)
	}
	return out
}

// explainSentence runs the patterns over the sentence sp of t.
func explainSentence(t string, sp crux.Span, target string) []explanation {
	var out []explanation
	sent := t[sp.Start:sp.End]
	if strings.Contains(sent, "://") {
		return nil // a URL, not prose
	}
	lower := strings.ToLower(sent)
	for _, p := range explanationPatterns {
		hit := false
		for _, k := range p.keys {
			hit = hit || strings.Contains(lower, k)
		}
		if !hit {
			continue
		}
		for _, m := range p.re.FindAllStringSubmatchIndex(sent, -1) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += sp.Start
				}
			}
			phrase := ""
			agentStart := m[0]
			if p.before {
				var ok bool
				phrase, agentStart, ok = agentBefore(t, sp.Start, m[0])
				if !ok {
					continue
				}
			} else if len(m) >= 4 && m[2] >= 0 {
				phrase = t[m[2]:m[3]]
			}
			kind := p.kind
			if p.name == "X determines the targets" {
				// "it isn't even X that determines the targets, but Y"
				if negBefore.MatchString(t[sp.Start:agentStart]) {
					bm := butRe.FindStringSubmatch(t[m[1]:sp.End])
					if bm == nil {
						continue
					}
					phrase = bm[1]
				}
			}
			if p.name == "X was behind" && negBefore.MatchString(t[sp.Start:agentStart]) {
				continue
			}
			if (p.name == "X false flag" || p.name == "X partisans" || p.name == "X attack or ...?") && phrase != "" {
				if _, ok := firstParty(phrase); !ok {
					if p.name == "X attack or ...?" {
						continue
					}
					phrase = ""
				}
			}
			var party string
			if phrase != "" {
				pk, k, ok := resolveAgent(phrase, kind)
				if !ok {
					continue
				}
				party, kind = pk, k
			} else if p.name == "X attack or ...?" {
				continue
			}
			if kind == kindAttack && party != "" && party == target {
				kind = kindFalseFlag // the target's own side did it to itself
			}
			if kind == kindFalseFlag && party == "" {
				party = target
			}
			dup := false
			for _, o := range out {
				dup = dup || o.kind == kind && o.party == party
			}
			if !dup {
				out = append(out, explanation{kind: kind, party: party, span: sp, pattern: p.name})
			}
		}
	}
	return out
}

// hypKey is what a hypothesis says happened, as far as the lexicon reads it.
type hypKey struct {
	kind  string
	party string
}

func (k hypKey) String() string { return k.kind + ":" + k.party }

var (
	ffWords  = regexp.MustCompile(`(?i)false[\s-]flag|\bstaged\b|inside\s+job|self-inflicted|on\s+itself`)
	dirWords = regexp.MustCompile(`(?i)-directed|\bdirected\b|\bbehind\b|\bordered\b|determin|\bproxy\b|\bcho(?:se|ose|oses)\b|\btargets\b`)
)

// keyOf reads what a hypothesis (crux's own suggestion or an analyst's) says:
// its kind and party, from its title and then its description.
func keyOf(h *crux.Hypothesis) hypKey {
	if h.Catchall {
		return hypKey{kind: kindOther}
	}
	for _, t := range []string{h.Title, h.Description} {
		k := hypKey{}
		switch {
		case ffWords.MatchString(t):
			k.kind = kindFalseFlag
		case partisanNouns.MatchString(t):
			k.kind = kindPartisans
		case dirWords.MatchString(t):
			k.kind = kindDirected
		default:
			k.kind = kindAttack
		}
		if p, ok := firstParty(t); ok {
			k.party = p.Key
		}
		if k.party != "" || k.kind != kindAttack {
			return k
		}
	}
	return hypKey{}
}

func titleFor(k hypKey) (title, desc string) {
	p := partyByKey[k.party]
	switch k.kind {
	case kindAttack:
		return p.Adj + " attack", "Carried out by " + p.Name + ": its state, forces or services."
	case kindDirected:
		return p.Short + "-directed", p.Name + " directed it: chose the targets or ordered it, whoever carried it out."
	case kindFalseFlag:
		if p.Key == "" {
			return "False flag", "Staged by the targeted side itself, to be blamed on its enemy."
		}
		return p.Adj + " false flag", "Staged by " + p.Name + " itself, to be blamed on its enemy."
	case kindPartisans:
		if p.Key == "" {
			return "Partisans", "Carried out by non-state fighters opposed to the targeted government."
		}
		return p.Adj + " partisans", "Carried out by non-state " + p.Adj + " fighters (partisans, saboteurs), not by a state."
	}
	return "Other / unknown", "Something none of the other hypotheses describes (an accident, another actor)."
}

// SuggestHypotheses reads the case's sources for the explanations they name
// ("staged by X", "ordered by X", "an attack by X forces", "the work of X",
// "X was behind", "X determines the targets", "accused X of", "a false
// flag", "partisans", ...), resolves each agent to a party with a generic
// lexicon of country names, nationality adjectives and seats of government,
// and clusters them: one hypothesis per (kind, party), titled "Ukrainian
// attack", "Russian partisans", "Russian false flag", "US-directed". An
// attack attributed to the target's own side is a false flag; "X directed"
// joins X's attack hypothesis when there is one. Each suggestion carries
// the sentences it came from as Passages, and an "Other / unknown"
// catch-all closes the list. Suggestions already in the case (same kind and
// party) are not returned again; see AddSuggestedHypotheses.
func SuggestHypotheses(c *crux.Case) []crux.Hypothesis {
	return newSuggestions(c, suggest(c))
}

// newSuggestions returns those of all the case does not have yet, with IDs.
func newSuggestions(c *crux.Case, all []crux.Hypothesis) []crux.Hypothesis {
	existing := map[string]bool{}
	catchall := false
	for i := range c.Hypotheses {
		existing[keyOf(&c.Hypotheses[i]).String()] = true
		catchall = catchall || c.Hypotheses[i].Catchall
	}
	var out []crux.Hypothesis
	next := nextNumber(c.Hypotheses, func(h crux.Hypothesis) string { return h.ID }, "H")
	for _, h := range all {
		k := keyOf(&h)
		if existing[k.String()] || h.Catchall && catchall {
			continue
		}
		existing[k.String()] = true
		h.ID = "H" + strconv.Itoa(next)
		next++
		out = append(out, h)
	}
	return out
}

// AddSuggestedHypotheses adds SuggestHypotheses' suggestions to the case
// and adds newly found passages to hypotheses still awaiting the analyst
// (status suggested). It returns the number of hypotheses added.
func AddSuggestedHypotheses(c *crux.Case) int {
	all := suggest(c)
	byKey := map[string]int{}
	for i := range c.Hypotheses {
		byKey[keyOf(&c.Hypotheses[i]).String()] = i
	}
	for _, h := range all {
		if i, ok := byKey[keyOf(&h).String()]; ok && c.Hypotheses[i].Status == crux.Suggested {
			ex := &c.Hypotheses[i]
			for _, p := range h.Passages {
				if !hasPassage(ex.Passages, p) {
					ex.Passages = append(ex.Passages, p)
				}
			}
		}
	}
	added := newSuggestions(c, all)
	c.Hypotheses = append(c.Hypotheses, added...)
	return len(added)
}

func hasPassage(ps []crux.Citation, p crux.Citation) bool {
	for _, q := range ps {
		if q.SourceID == p.SourceID && q.Content == p.Content {
			return true
		}
	}
	return false
}

// suggest builds every suggestion from scratch, without IDs.
func suggest(c *crux.Case) []crux.Hypothesis {
	target := targetParty(c)
	exps := findExplanations(c, target)
	// attach unattributed mentions: a bare "partisans" to the one partisan
	// hypothesis there is, when there is exactly one.
	parties := map[string]map[string]bool{}
	for _, e := range exps {
		if e.party != "" {
			if parties[e.kind] == nil {
				parties[e.kind] = map[string]bool{}
			}
			parties[e.kind][e.party] = true
		}
	}
	for i := range exps {
		e := &exps[i]
		if e.party == "" && len(parties[e.kind]) == 1 {
			for p := range parties[e.kind] {
				e.party = p
			}
		}
	}
	// "X directed it" joins "X attacked" when both are named.
	for i := range exps {
		e := &exps[i]
		if e.kind == kindDirected && parties[kindAttack][e.party] {
			e.kind = kindAttack
		}
	}
	type cluster struct {
		key hypKey
		ps  []crux.Citation
	}
	var order []string
	clusters := map[string]*cluster{}
	for _, e := range exps {
		if e.party == "" && e.kind != kindFalseFlag && e.kind != kindPartisans {
			continue
		}
		k := hypKey{kind: e.kind, party: e.party}
		cl, ok := clusters[k.String()]
		if !ok {
			cl = &cluster{key: k}
			clusters[k.String()] = cl
			order = append(order, k.String())
		}
		s := c.Sources[e.source]
		ct := crux.Citation{SourceID: s.ID, Content: e.span, Date: dayOf(s.Published)}
		if !hasPassage(cl.ps, ct) {
			cl.ps = append(cl.ps, ct)
		}
	}
	var out []crux.Hypothesis
	for _, k := range order {
		cl := clusters[k]
		t, d := titleFor(cl.key)
		out = append(out, crux.Hypothesis{Title: t, Description: d, Status: crux.Suggested, Passages: cl.ps})
	}
	if len(out) > 0 {
		t, d := titleFor(hypKey{kind: kindOther})
		out = append(out, crux.Hypothesis{Title: t, Description: d, Status: crux.Suggested, Catchall: true})
	}
	return out
}
