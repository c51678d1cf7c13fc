package extract

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// mention is a speaker as written: a token range of the current paragraph
// and what was read from it.
type mention struct {
	s, e  int         // tokens of the mention (the name, pronoun or noun phrase)
	span  []crux.Span // when reused from an earlier attribution
	reuse bool

	pron    string // "he", "they", ...
	name    string // proper name: "Dmitry Peskov"
	common  string // common noun phrase: "the official", "an official with close ties to ..."
	head    string // head noun of a common noun phrase: "official"
	role    string // "spokesman"
	affil   string // "International Crisis Group"
	desc    string // appositive or full description as written
	acronym string // "ISW"
	kind    crux.ActorKind
	indef   bool // a, an, one, another: a new (anonymous) actor
	bare    bool // a bare quantifier ("Some", "Others"): an unnamed group
	appEnd  int  // nounPhraseFwd: end of an apposition read after the name (0: none)
	back    *mention
	at      crux.Span // the mention's bytes once detached from its paragraph's tokens (see detach); zero: s and e say
}

// mentionSpan is the byte span of the mention's words in the text.
func (x *extractor) mentionSpan(m *mention) (crux.Span, bool) {
	if m.at != (crux.Span{}) {
		return m.at, true
	}
	if m.e > m.s {
		return crux.Span{Start: int(x.p.toks[m.s].s), End: int(x.p.toks[m.e-1].e)}, true
	}
	return crux.Span{}, false
}

// detach makes m (and the mentions it refers back to) independent of the
// current paragraph's tokens, for a mention kept past its paragraph (a
// cue ending a paragraph with a colon, whose quote comes next): its
// token indices would otherwise be read against the next paragraph.
func (x *extractor) detach(m *mention) {
	if sp, ok := x.mentionSpan(m); ok {
		m.at = sp
	}
	if m.back != nil {
		b := *m.back
		x.detach(&b)
		m.back = &b
	}
}

// speakerBack finds the speaker written before the cue toks[i]:
// "Peskov (also) said", "Oleg Ignatov, a senior analyst at X, agreed",
// "John Kirby on Thursday stating". It writes the speaker to out, which
// must hold the zero mention and is left so when it reports false (a
// mention is large: writing it in place saves copying it out).
func (x *extractor) speakerBack(out *mention, a, i int) bool {
	p := &x.p
	toks := p.toks
	j := i - 1
	for j >= a && toks[j].flags&fInQuote == 0 {
		t := &toks[j]
		if t.inAny(skipOrTime) { // (only a word is in them)
			j--
			continue
		}
		if t.flags&fLy != 0 && j > a && x.adverbAfterSpeaker(a, j) {
			// "voters increasingly view", "she angrily denied" (not
			// "the family said", "a harbour rally said")
			j--
			continue
		}
		if t.v == wOn && j+1 < i && toks[j+1].isIn(timeWords) {
			j--
			continue
		}
		if t.v == wTo && j == i-1 && j-2 >= a && toks[j-1].v == wOn && toks[j-2].isIn(goForms) {
			j -= 3 // "Trump went on to say"
			continue
		}
		break
	}
	if j < a || toks[j].flags&fInQuote != 0 {
		return false
	}
	if j-2 > a && toks[j].v == punctV[','] && toks[j-2].v == punctV[','] && toks[j-1].isIn(interjections) {
		// "Proponents of the bill, however, say"
		j -= 3
	}
	if toks[j].kind == tPunct && toks[j].v == dashV {
		// NAME — a teacher from X — says
		for k := j - 1; k > a && k > j-25; k-- {
			if toks[k].flags&fInQuote != 0 || toks[k].kind == tPunct && toks[k].v != dashV && toks[k].v != punctV['-'] && toks[k].v != punctV['.'] && toks[k].v != punctV[','] {
				break
			}
			if toks[k].v == dashV {
				if m, ok := x.nounPhraseBack(a, k-1); ok && m.name != "" {
					x.apposition(&m, k+1, j)
					*out = m
					return true
				}
				break
			}
		}
		return false
	}
	if toks[j].kind == tPunct && toks[j].v == punctV[','] {
		// Apposition: NAME, a senior analyst at X, said
		appEnd := j // the end of the apposition: before a relative clause
		segs := 0   // appositions passed: "NAME, president of X, a group that ..., said"
		for k := j - 1; k > a && k > j-40; k-- {
			if toks[k].flags&fInQuote != 0 {
				break
			}
			if toks[k].kind == tPunct && toks[k].v == punctV[','] && appEnd == j && k+1 < j && (toks[k+1].v == wWhich || toks[k+1].v == wWho) {
				// "NAME, director of X, which organized the letter,
				// said" / "The group, which ..., said": the relative
				// clause belongs to what comes before it
				appEnd = k
				if m, ok := x.nounPhraseBack(a, k-1); ok && m.pron == "" && (m.s == a || toks[m.s-1].v != punctV[','] || m.name != "" && x.openerClause(a, m.s-1)) {
					if m.name != "" || m.common != "" {
						*out = m
						return true
					}
				}
				continue
			}
			if toks[k].kind == tPunct && toks[k].v == punctV[','] {
				if k-2 > a && toks[k-1].kind == tWord && isDigit(x.text[toks[k-1].s]) && toks[k-2].v == punctV[','] {
					// NAME, 21, a junior from ...
					k -= 2
				}
				seg := toks[k+1]
				if seg.kind == tWord && seg.flags&fCap != 0 && appEnd == j && x.newClauseAt(k+1, j) {
					// "Speaking Friday, Bloom closed the pier, saying":
					// a clause with its own subject, not an apposition
					break
				}
				if seg.kind == tWord && seg.flags&fCap != 0 && !seg.isIn(titles) && !seg.isIn(determiners) {
					// DESCRIPTION, NAME, said: "One hopeful, Carly Fiorina, says"
					if nm, ok := x.nounPhraseBack(k+1, j-1); ok && nm.name != "" && nm.s == k+1 {
						if k > a {
							x.apposition(&nm, a, k)
						}
						*out = nm
						return true
					}
					// else "Sen. Rand Paul, R-Ky., told": a party tag, not
					// a name: the name is before it
				}
				if sh, ok := x.shareBack(k+1, j-1); ok && sh == k+1 && segs == 0 {
					// "A third of independents, 33%, say": a poll share
					// restating the group before it
					if m, ok := x.nounPhraseBack(a, k-1); ok && m.pron == "" {
						m.e = j
						*out = m
						return true
					}
					*out = mention{s: sh, e: j, common: x.text[toks[sh].s:toks[j-1].e], head: x.text[toks[j-1].s:toks[j-1].e], kind: crux.Group}
					return true
				}
				m, ok := x.nounPhraseBack(a, k-1)
				incl := x.text[toks[k+1].s:toks[k+1].e] == "including"
				if ok && m.name == "" && m.pron == "" && segs == 0 && (m.s == a || toks[m.s-1].v != punctV[',']) && (incl || toks[k+1].isIn(determiners) && toks[k+1].flags&fCap == 0 && (personHeads.has(m.head) || titles.has(m.head))) {
					// "Several candidates, including Trump, said", "The
					// employee of four years, a registered Republican,
					// said": a described group or person
					if !incl {
						x.apposition(&m, k+1, appEnd)
					}
					*out = m
					return true
				}
				if ok && m.e-m.s == 1 && toks[m.s].isIn(timeWords) {
					break // "On Friday, Mr. Carson endorsed ..., calling": a date, not a name
				}
				if !ok || m.name == "" {
					if segs == 0 && k+1 < j && toks[k+1].isIn(determiners) && toks[k+1].flags&fCap == 0 {
						// a second apposition ("a super PAC allied
						// with ..."): the name is before the first
						segs++
						continue
					}
					break
				}
				x.apposition(&m, k+1, appEnd)
				*out = m
				return true
			}
			if toks[k].kind == tPunct && toks[k].v != punctV['-'] && toks[k].v != punctV['.'] && toks[k].v != punctV['('] && toks[k].v != punctV[')'] && toks[k].v != punctV['&'] {
				break
			}
		}
		return false
	}
	if toks[j].v == wWhich && j-2 >= a && toks[j-1].v == punctV[','] && toks[j-1].flags&fInQuote == 0 {
		// "the union, which endorsed Sanders": the antecedent speaks
		if ante, ok := x.nounPhraseBack(a, j-2); ok && ante.pron == "" && (ante.name != "" || ante.common != "") {
			*out = mention{s: j, e: j + 1, pron: "which", kind: crux.Organization, back: &ante}
			return true
		}
		return false
	}
	m := out
	ok := x.nounPhraseBackTo(m, a, j)
	if !ok && toks[j].kind == tWord && toks[j].flags&fCap == 0 {
		// "Jeb Bush in a Medium post said": a setting between the
		// speaker and the cue
		for k := j - 1; k > a && k >= j-5 && toks[k].kind == tWord && toks[k].flags&fInQuote == 0; k-- {
			if toks[k].v == wIn || toks[k].v == wOn || toks[k].v == wAt || toks[k].v == wDuring {
				if sm, sok := x.nounPhraseBack(a, k-1); sok && (sm.name != "" || sm.pron != "" && sm.pron != "who") && toks[k+1].isIn(determiners) {
					*out = sm
					return true
				}
				break
			}
		}
	}
	if !ok && j-2 > a && toks[j].kind == tWord {
		// "Democrats trying to regain the Senate in November say", "The
		// state officials whose laws were struck down say": a plural
		// person noun with a participle or relative clause
		for w := j - 1; w > a && w >= j-14 && toks[w].kind == tWord && toks[w].flags&fInQuote == 0; w-- {
			t := &toks[w]
			if t.v == wAnd || t.v == wBut || t.v == wWho || t.flags&fCue != 0 && !strings.HasSuffix(x.text[t.s:t.e], "ing") {
				break
			}
			// (a plural noun before it, tested first: it is cheap, and
			// mostly false)
			if pv := &toks[w-1]; x.text[pv.e-1] == 's' && pv.kind == tWord &&
				(t.v == wWhose || t.flags&fCap == 0 && t.e-t.s > 5 && strings.HasSuffix(x.text[t.s:t.e], "ing")) {
				if ante, ok2 := x.nounPhraseBack(a, w-1); ok2 && ante.pron == "" && ante.name == "" && ante.e == w && strings.HasSuffix(ante.head, "s") && (roleHeads.has(ante.head) || personHeads.has(strings.TrimSuffix(ante.head, "s"))) {
					ante.e = j + 1 // the source span: the whole phrase
					if toks[j].isIn(preps) {
						ante.e = j // (without the "in" of "in November")
					}
					*out = ante
					return true
				}
			}
		}
	}
	if ok && m.pron == "" && m.s-2 > a {
		// "Voters who backed Trump said": the speaker is the relative
		// clause's antecedent, not the object inside it.
		for w := m.s - 1; w > a && w >= m.s-3 && toks[w].kind == tWord && toks[w].flags&fCap == 0 && toks[w].flags&fInQuote == 0; w-- {
			if toks[w].v == wWho {
				if ante, ok2 := x.nounPhraseBack(a, w-1); ok2 && ante.pron == "" && w-1 == ante.e-1 {
					ante.e = j + 1 // the source span: the whole phrase
					*out = ante
					return true
				}
				break
			}
			if toks[w].inAny(stopOrDeterminer) {
				break
			}
		}
	}
	if ok && m.name != "" && m.role == "" && m.s > a && toks[m.s].v == wThe {
		x.preDescriptor(m, a)
	}
	if toks[m.s].v == wWho && m.pron != "" { // (as ok && m.pron == "who": the zero m has no pron)
		// "X, who ... said" / "partisans who oppose": the antecedent
		k := m.s - 1
		if k > a && toks[k].v == punctV[','] {
			k--
		}
		ante, ok2 := x.nounPhraseBack(a, k)
		if !ok2 || ante.pron != "" {
			*out = mention{}
			return false
		}
		m.back = &ante
	}
	return ok
}

// openerClause reports whether toks[a:c] (c a comma) is a setting that
// opens the sentence: "Speaking later on the same show", "In Iowa".
func (x *extractor) openerClause(a, c int) bool {
	toks := x.p.toks
	if toks[a].flags&fInQuote != 0 || x.hasComma(a, c) {
		return false
	}
	return toks[a].isIn(openerWords) || toks[a].kind == tWord && strings.HasSuffix(x.text[toks[a].s:toks[a].e], "ing")
}

var goForms = set(`went goes go going`)

// adverbAfterSpeaker reports whether the -ly word toks[j] is an adverb
// between a speaker and its cue ("voters increasingly view", "the
// candidate quickly said") rather than a noun ending the speaker ("the
// family said", "a harbour rally said").
func (x *extractor) adverbAfterSpeaker(a, j int) bool {
	toks := x.p.toks
	pv := &toks[j-1]
	if pv.isIn(determiners) || pv.flags&fPoss != 0 || pv.kind != tWord {
		return false
	}
	if j-2 < a || !(toks[j-2].isIn(nounDeterminers) || toks[j-2].flags&fPoss != 0) {
		return true
	}
	// "the candidate quickly said", "the numbers generally show"
	return pv.flags&fCap != 0 || pv.inAny(personalHeads) || strings.HasSuffix(x.text[pv.s:pv.e], "s")
}

// orgDescHeads are nouns that, written before "the NAME", describe an
// organisation: "U.S.-based think tank the Institute for the Study of
// War", "the watchdog group the Center for ...".
var orgDescHeads = set(`tank group firm company organization organisation agency newspaper outlet website site watchdog
	monitor network broadcaster daily magazine nonprofit charity institute party coalition union consultancy`)

// preDescriptor reads a descriptor written before "the NAME" ("think
// tank" in "U.S.-based think tank the Institute for the Study of War")
// into the mention's role and description.
func (x *extractor) preDescriptor(m *mention, a int) {
	toks := x.p.toks
	h := m.s - 1
	if toks[h].kind != tWord || toks[h].flags&fCap != 0 || !toks[h].isIn(orgDescHeads) || toks[h].flags&fInQuote != 0 {
		return
	}
	spaced := func(k int) bool { return k > 0 && toks[k].s > toks[k-1].e }
	k := h
	for k-1 >= a && h-k < 3 && spaced(k) && toks[k-1].kind == tWord && toks[k-1].flags&fCap == 0 && toks[k-1].flags&fInQuote == 0 &&
		!toks[k-1].isIn(determiners) && !toks[k-1].isIn(speakerStop) && !toks[k-1].isIn(skipBetween) {
		k--
	}
	if !spaced(k) {
		k++ // "-based" belongs to the modifier
	}
	if k > h {
		return
	}
	m.role = x.text[toks[k].s:toks[h].e]
	d := k
	if spaced(d) && d-1 >= a && toks[d-1].flags&fInQuote == 0 {
		// a glued modifier: "U.S.-based", "Washington-based"
		d--
		for d-1 >= a && !spaced(d) && h-d < 8 && toks[d-1].flags&fInQuote == 0 {
			d--
		}
		if !strings.Contains(x.text[toks[d].s:toks[k].s], "-") {
			d = k
		}
	}
	m.desc = x.text[toks[d].s:toks[h].e]
}

// apposition reads "a senior analyst at International Crisis Group"
// (tokens [s, e)) into the mention's role, affiliation and description.
func (x *extractor) apposition(m *mention, s, e int) {
	toks := x.p.toks
	if e <= s {
		return
	}
	m.desc = x.text[toks[s].s:toks[e-1].e]
	k := s
	if toks[k].isIn(determiners) {
		k++
	}
	r0 := k
	for k < e && !(toks[k].kind == tWord && (toks[k].isIn(preps) || toks[k].v == wOf || toks[k].v == wWho || toks[k].v == wAnd)) && toks[k].kind != tPunct {
		k++
	}
	if k > r0 && m.role == "" {
		m.role = x.text[toks[r0].s:toks[k-1].e]
	}
	if k < e && (toks[k].isIn(preps) || toks[k].v == wOf) {
		k++
		if k < e && toks[k].v == wThe {
			k++
		}
		a0 := k
		for k < e && (toks[k].flags&fCap != 0 || toks[k].v == wOf || toks[k].v == wFor || toks[k].v == wAnd || toks[k].v == wThe || toks[k].v == punctV['-']) {
			k++
		}
		if k > a0 && toks[a0].flags&fCap != 0 && m.affil == "" {
			m.affil = strings.TrimSuffix(x.text[toks[a0].s:toks[k-1].e], "'s")
		}
	}
}

// numberWords open a share of respondents ("six in 10", "one in five").
var numberWords = set(`one two three four five six seven eight nine ten about nearly almost roughly only just over`)

var connectors = set(`of for the and de van von al bin la le du da der del`)

// isIn is in for a set with a bit, as every set has while there are at
// most 64 of them (TestSetBits checks that): one bit test, without in's
// branch to the map of a set without one. The speaker rules test many
// words against many sets.
func (t *token) isIn(s *wordSet) bool { return vtab.sets[t.v]&s.bit != 0 }

// roleOrConnector is roleHeads and connectors, tested together.
var roleOrConnector = union(roleHeads, connectors)

// roleOrTitle is roleHeads and titles, tested together.
var roleOrTitle = union(roleHeads, titles)

// nounPhraseBack reads the noun phrase ending at toks[j] (inclusive),
// scanning left no further than a.
func (x *extractor) nounPhraseBack(a, j int) (mention, bool) {
	var m mention
	ok := x.nounPhraseBackTo(&m, a, j)
	return m, ok
}

// nounPhraseBackTo is nounPhraseBack writing the mention to m, which must
// hold the zero mention and is left so when it reports false.
func (x *extractor) nounPhraseBackTo(m *mention, a, j int) bool {
	p := &x.p
	toks := p.toks
	if j < a || toks[j].flags&fInQuote != 0 {
		return false
	}
	if toks[j].v == punctV['.'] && j > a && toks[j-1].e == toks[j].s && toks[j-1].kind == tWord && toks[j-1].flags&fCap != 0 {
		j-- // "Joseph Biden Jr. said", "Acme Inc. said": the period of an abbreviation
	}
	// (m holds the zero mention: only the fields read are written)
	last := &toks[j]
	if last.kind == tWord {
		if k, ok := last.pronoun(); ok {
			m.s, m.e, m.pron, m.kind = j, j+1, last.key(), k
			return true
		}
		// (a share ends with a number, "percent" or a fraction word:
		// the last words of most speakers are told apart here, without
		// the call that reads shareBack's cases)
		if isDigit(x.text[last.s]) || last.v == wPercent || vtab.sets[last.v]&(numberWords.bit|fractionWords.bit) != 0 {
			if s, ok := x.shareBack(a, j); ok {
				// a poll share: "42% say", "one in five say", "two-thirds say"
				m.s, m.e, m.common, m.head, m.kind = s, j+1, x.text[toks[s].s:toks[j].e], x.text[toks[j].s:toks[j].e], crux.Group
				return true
			}
		}
	}
	k := j
	lower, pp := 0, 0
	for k >= a && j-k < 24 {
		t := &toks[k]
		if toks[k].flags&fInQuote != 0 {
			break
		}
		if t.kind == tPunct {
			if t.v == punctV['-'] || t.v == punctV['&'] || (t.v == punctV['.'] && k > a && toks[k-1].e == t.s && toks[k-1].kind == tWord) {
				k--
				continue
			}
			if t.v == punctV[')'] {
				// (ISW) or (D-Nev.)
				o := k - 1
				for o > a && o > k-7 && toks[o].v != punctV['('] {
					o--
				}
				if o >= a && toks[o].v == punctV['('] && k-o >= 2 {
					k = o - 1
					continue
				}
			}
			break
		}
		if t.kind != tWord {
			break
		}
		if t.flags&fCap == 0 {
			if t.isIn(determiners) {
				k--
				if k > a && toks[k].isIn(ppPreps) && pp < 3 && x.ppHead(a, k-1) {
					pp++
					k--
					continue
				}
				if t.v == wThe && k > a && toks[k].isIn(connectors) && toks[k-1].flags&fCap != 0 {
					// the Institute for the Study of War
					k--
					continue
				}
				break
			}
			if t.isIn(connectors) && k > a && k < j && (toks[k-1].flags&fCap != 0 || toks[k-1].v == wThe) && (toks[k+1].flags&fCap != 0 || toks[k+1].v == wThe) {
				k--
				continue
			}
			if t.v == wIn && k < j && k > a && isDigit(x.text[toks[k+1].s]) && (isDigit(x.text[toks[k-1].s]) || toks[k-1].isIn(numberWords)) {
				// poll shares: "Six in 10 (voters) said", "4 in 10 want"
				k--
				continue
			}
			if t.isIn(ppPreps) && k < j && k > a && pp < 3 {
				// "an official with close ties to the Russian military",
				// "a person familiar with the planning": keep going
				// when a noun phrase with a person noun precedes.
				if x.ppHead(a, k-1) {
					pp++
					k--
					continue
				}
			}
			if t.v == wAnd && k < j && k-1 > a && toks[k-1].isIn(roleHeads) && toks[j].isIn(roleHeads) && toks[j].flags&fCap == 0 {
				// "Her advisers and allies say", "aides and officials"
				k--
				continue
			}
			if t.inAny(stopOrSkip) || t.flags&fLy != 0 && !(k == j && k-1 > a && (toks[k-1].isIn(determiners) || toks[k-2].isIn(determiners) && toks[k-1].flags&fLy == 0)) {
				// (an -ly word after a determiner is a noun: "a pro-Trump
				// rally", "the family")
				break
			}
			if isCue := t.flags&fCue != 0; isCue && !t.isIn(roleHeads) && !t.isIn(titles) {
				break
			}
			if _, isPron := t.pronoun(); isPron || t.isIn(objectPronouns) {
				if !(t.isIn(objectPronouns) && k == j && k-1 > a && toks[k-1].v == wOf) {
					break
				}
				// "most of them said"
			}
			lower++
			if lower > 5 {
				break
			}
		} else if k < j && (t.isIn(speakerStop) || t.v == wBut || t.v == wHowever) {
			break
		} else if t.isIn(determiners) {
			k--
			break
		}
		k--
	}
	s := k + 1
	if s > j {
		return false
	}
	if s-1 >= a && s < j && toks[s-1].isIn(numberWords) && toks[s-1].flags&fInQuote == 0 && (toks[s].isIn(numberWords) || isDigit(x.text[toks[s].s])) {
		s-- // "About four in 10 voters", "Nearly 60 percent of Democrats"
	}
	m.s, m.e = s, j+1
	if !x.classify(m) {
		*m = mention{}
		return false
	}
	return true
}

// fractionWords end a poll share used as a speaker ("two-thirds say").
var fractionWords = set(`third thirds quarter quarters half majority fifth fifths`)

// shareBack reads a poll share ending at toks[j] with no noun after it
// ("42%", "26 percent", "one in five", "two-thirds", "a majority") and
// returns its first token.
func (x *extractor) shareBack(a, j int) (int, bool) {
	p := &x.p
	toks := p.toks
	num := func(k int) bool {
		return k >= a && toks[k].flags&fInQuote == 0 && toks[k].kind == tWord && (isDigit(x.text[toks[k].s]) || toks[k].isIn(numberWords) && toks[k].v != wAbout && toks[k].v != wNearly && toks[k].v != wAlmost && toks[k].v != wRoughly && toks[k].v != wOnly && toks[k].v != wJust && toks[k].v != wOver)
	}
	s := -1
	switch t := &toks[j]; {
	case t.kind == tWord && isDigit(x.text[t.s]) && x.text[t.e-1] == '%':
		s = j
	case t.kind == tWord && t.v == wPercent && j-1 >= a && isDigit(x.text[toks[j-1].s]):
		s = j - 1
	case t.kind == tWord && num(j) && j-2 >= a && toks[j-1].v == wIn && num(j-2):
		s = j - 2
	case t.kind == tWord && t.isIn(fractionWords) && j-1 >= a:
		switch {
		case toks[j-1].v == wA || num(j-1):
			s = j - 1
		case toks[j-1].v == punctV['-'] && j-2 >= a && num(j-2):
			s = j - 2
		}
	}
	if s < 0 || toks[s].flags&fInQuote != 0 {
		return 0, false
	}
	for s-1 >= a && toks[s-1].flags&fInQuote == 0 && (toks[s-1].isIn(numberWords) && !num(s-1) || toks[s-1].v == wOver || toks[s-1].v == wUnder) {
		s-- // "about", "nearly", "just over"
	}
	return s, true
}

// nounPhraseFwd reads a noun phrase starting at toks[s]: "Jeff Smith,
// communications director for X", "a New Hampshire Democrat", "the AP".
func (x *extractor) nounPhraseFwd(s, b int) (mention, bool) {
	var m mention
	if !x.nounPhraseFwdTo(&m, s, b) {
		return mention{}, false
	}
	return m, true
}

// nounPhraseFwdTo is nounPhraseFwd writing the whole mention to m (a
// mention is large: the hot callers keep it in place); m holds anything
// when it reports false.
func (x *extractor) nounPhraseFwdTo(m *mention, s, b int) bool {
	p := &x.p
	toks := p.toks
	if s >= b || toks[s].flags&fInQuote != 0 || toks[s].kind != tWord {
		return false
	}
	if k, ok := toks[s].pronoun(); ok {
		*m = mention{s: s, e: s + 1, pron: toks[s].key(), kind: k}
		return true
	}
	k := s
	if toks[k].v == wThat || toks[k].v == wThis || toks[k].v == wThese || toks[k].v == wThose {
		return false
	}
	if toks[k].isIn(determiners) {
		k++
	}
	lower := 0
	sawCap := false
	paren := 0 // end of a parenthetical read after the name: "(D-S.C.)"
	for k < b && k < s+16 && toks[k].flags&fInQuote == 0 {
		t := &toks[k]
		if t.kind == tPunct {
			if t.v == punctV['-'] || t.v == punctV['&'] || t.v == punctV['.'] && k > s && toks[k-1].e == t.s && toks[k-1].flags&fCap != 0 && (toks[k-1].e-toks[k-1].s <= 3 || toks[k-1].isIn(abbrevs)) {
				k++
				continue
			}
			if t.v == punctV['('] {
				c := k + 1
				for c < b && c < k+7 && toks[c].v != punctV[')'] {
					c++
				}
				if c < b && toks[c].v == punctV[')'] {
					k = c + 1
					paren = k
					continue
				}
			}
			break
		}
		if t.kind != tWord {
			break
		}
		if t.flags&fCap == 0 {
			if t.isIn(connectors) && k+1 < b && toks[k+1].flags&fCap != 0 && k > s && toks[k-1].flags&fCap != 0 {
				k++
				continue
			}
			if t.v == wOf && k == s+1 && (toks[s].v == wOne || toks[s].v == wSome || toks[s].v == wMany || toks[s].v == wMost || toks[s].isIn(numberWords)) {
				k++ // "said one of two witnesses", "said some of his aides"
				continue
			}
			if sawCap && !t.isIn(roleHeads) && !x.descriptorAhead(k, b) {
				// the head noun closing "one Trump confidant." / "a
				// Sanders campaign volunteer,": a name used as a modifier
				if h := x.headRun(k, b); h > k && k > s+1 && toks[s].isIn(determiners) {
					k = h
				}
				break
			}
			if t.inAny(stopSkipOrTime) || t.flags&fLy != 0 {
				break
			}
			if isCue := t.flags&fCue != 0; isCue && !t.isIn(roleHeads) {
				break
			}
			lower++
			if lower > 4 {
				break
			}
		} else if t.isIn(timeWords) && k > s {
			break
		} else {
			sawCap = true
		}
		k++
	}
	for k > s && toks[k-1].kind == tPunct {
		k--
	}
	if paren > k {
		// the party tag closes the mention ("said Rep. Jim Clyburn
		// (D-S.C.), a member of ..."): keep it, so that what follows
		// is read after it
		k = paren
	}
	if k <= s {
		return false
	}
	*m = mention{s: s, e: k}
	if !x.classify(m) {
		return false
	}
	if k+1 < b && toks[k].v == punctV[','] && toks[k+1].kind == tWord && (toks[k+1].isIn(determiners) || toks[k+1].flags&fCap == 0) && toks[k+1].v != wWho && toks[k+1].v != wWhich {
		e := k + 1
		for e < b && e < k+30 && toks[e].flags&fInQuote == 0 && !(toks[e].kind == tPunct && toks[e].v != punctV['-'] && toks[e].v != punctV['('] && toks[e].v != punctV[')']) {
			e++
		}
		x.apposition(m, k+1, e)
		m.e = k // the source span stays the name
		m.appEnd = e
	}
	return true
}

// headRun returns the end of one or two lower-case nouns at toks[k]
// that close a noun phrase before a comma or the sentence end ("aide.",
// "campaign volunteer,"), or k when there are none.
func (x *extractor) headRun(k, b int) int {
	toks := x.p.toks
	for q := k; q < b && q < k+2; q++ {
		t := &toks[q]
		if t.kind != tWord || t.flags&fCap != 0 || toks[q].flags&fInQuote != 0 || t.inAny(stopSkipOrTime) || t.flags&fLy != 0 || t.cue() != nil {
			return k
		}
		if q+1 < b && toks[q+1].kind == tPunct && (toks[q+1].v == punctV[','] || isTerminal(&toks[q+1])) {
			return q + 1
		}
	}
	return k
}

// descriptorAhead reports whether the lower-case words from toks[k] (at
// most two) lead to a capitalised full name through a title or role
// noun: "Monmouth University political scientist Patrick Murray",
// "Oversight ranking Democrat Elijah Cummings".
func (x *extractor) descriptorAhead(k, b int) bool {
	toks := x.p.toks
	q := k
	role := false
	for q < b && q < k+2 && toks[q].kind == tWord && toks[q].flags&fCap == 0 && toks[q].flags&fInQuote == 0 {
		if toks[q].isIn(titles) || toks[q].isIn(roleHeads) {
			role = true
		}
		if toks[q].inAny(stopOrSkip) {
			return false
		}
		q++
	}
	if q == k || q+1 >= b || toks[q].flags&fCap == 0 || toks[q].flags&fInQuote != 0 {
		return false
	}
	return role || toks[q+1].flags&fCap != 0 && toks[q+1].kind == tWord && q+2 < b && toks[q+2].flags&fCap != 0 && toks[q+2].kind == tWord
}

// classify reads the tokens [m.s, m.e) as a name with its descriptor or a
// common noun phrase; it reports false when they are not a plausible
// speaker.
func (x *extractor) classify(m *mention) bool {
	toks := x.p.toks
	// A trailing prepositional phrase after a common noun ("an official
	// with close ties to the Russian military") describes; the noun
	// phrase before it is the head.
	full := m.e
	for k := m.s + 1; k < m.e; k++ {
		// (a word of ppPreps is a tWord: the kind need not be tested)
		if toks[k].isIn(ppPreps) && toks[k-1].kind == tWord && (toks[k-1].flags&fCap == 0 || k-1 == m.s && toks[k-1].isIn(roleHeads)) &&
			!(toks[k].v == wIn && k+1 < m.e && isDigit(x.text[toks[k+1].s])) && // not "four in 10 voters"
			!(toks[k].v == wOf && k-1 == m.s && (toks[m.s].v == wOne || toks[m.s].isIn(numberWords))) { // nor "one of two witnesses"
			m.e = k
			if k-1 > m.s && toks[k-1].isIn(ppAdjectives) {
				m.e = k - 1 // "people close to X", "sources familiar with X"
			}
			break
		}
	}
	ok := x.classifyHead(m)
	if m.e < full {
		if m.common != "" {
			m.common = x.text[toks[m.s].s:toks[full-1].e]
		}
		m.e = full
	}
	return ok
}

// classifyHead is classify of the tokens [m.s, m.e) once a trailing
// prepositional phrase is cut off (classify puts it back).
func (x *extractor) classifyHead(m *mention) bool {
	toks := x.p.toks
	text := x.text
	// The name: the last run of capitalised words (with connectors),
	// after the last title.
	e := m.e
	acr := ""
	if toks[e-1].v == punctV[')'] {
		o := e - 1
		for o > m.s && toks[o].v != punctV['('] {
			o--
		}
		if o+2 == e-1 && toks[o+1].flags&fAllCaps != 0 {
			acr = text[toks[o+1].s:toks[o+1].e]
		}
		e = o
	}
	if e <= m.s {
		return false
	}
	ns := e
	for ns > m.s {
		t := &toks[ns-1]
		// (a word without fNameStop is in none of the three sets: most
		// capitalised words take one test; only a word has fCap)
		if t.flags&(fCap|fNameStop) == fCap || t.flags&fCap != 0 && !t.isIn(titles) && !t.isIn(determiners) && !(ns-1 == m.s && t.isIn(speakerStop)) {
			ns--
			continue
		}
		if t.kind == tWord && t.flags&fCap == 0 && t.isIn(connectors) && ns < e && ns-1 > m.s &&
			(toks[ns-2].flags&fCap != 0 || ns-2 > m.s && toks[ns-2].isIn(connectors) && toks[ns-3].flags&fCap != 0) {
			// "Institute for the Study of War"
			ns--
			continue
		}
		if t.kind == tPunct && (t.v == punctV['.'] || t.v == punctV['-']) && ns < e {
			ns--
			continue
		}
		break
	}
	for ns < e && toks[ns].flags&fCap == 0 { // (a capitalised word: only a word has fCap)
		ns++
	}
	// A run of role nouns only ("Officials", "Court") is not a name.
	allRole := true
	for k := ns; k < e; k++ {
		if toks[k].kind == tWord && !toks[k].inAny(roleOrConnector) {
			allRole = false
			break
		}
	}
	if allRole {
		ns = e
	}
	first := &toks[m.s]
	if ns < e && toks[e-1].kind == tWord && toks[e-1].flags&fCap != 0 {
		name := text[toks[ns].s:toks[e-1].e]
		if toks[e-1].flags&fPoss != 0 {
			return false
		}
		m.name = name
		m.acronym = acr
		m.kind = crux.Person
		for k := ns; k < e; k++ {
			if toks[k].isIn(orgWords) || toks[k].flags&fAllCaps != 0 && toks[k].e-toks[k].s <= 6 {
				m.kind = crux.Organization
				break
			}
		}
		if acr != "" || (ns > m.s && toks[ns-1].v == wThe) {
			m.kind = crux.Organization
		}
		x.descriptor(m, m.s, ns)
		return true
	}
	// A common noun phrase.
	head := &toks[e-1]
	if head.kind != tWord || head.flags&fPoss != 0 {
		return false
	}
	hk := head.key()
	if hk == "" {
		// not a lexicon word ("unions"): its own lower-cased form, so
		// that the plural and head tests below see it (it is in no word
		// set: every set word is a lexicon word, so head.in tests them)
		hk = toLowerWord(text[head.s:head.e])
	}
	isDet := first.isIn(determiners)
	// a plural head of two words or more, or a bare plural agent noun:
	// "forecasters say", "economists say" (each agent suffix ends in
	// s: the suffixes are read only after the s)
	plural := strings.HasSuffix(hk, "s") && (e-m.s >= 2 || head.flags&fCap == 0 &&
		(strings.HasSuffix(hk, "ers") || strings.HasSuffix(hk, "ists") || strings.HasSuffix(hk, "ians") || strings.HasSuffix(hk, "ants") || strings.HasSuffix(hk, "ees")))
	roleOrTitle := head.inAny(roleOrTitle) // (roleHeads or titles, one bit test)
	if !roleOrTitle && !(isDet && e-m.s >= 2) && !(isDet && head.isIn(groupWords)) && !plural {
		return false
	}
	if isDet && e-m.s == 1 && !first.isIn(groupWords) {
		return false
	}
	if !roleOrTitle && !isDet && !plural {
		return false
	}
	m.common = text[toks[m.s].s:toks[e-1].e]
	m.head = hk
	if e-m.s == 1 && head.isIn(groupWords) {
		// "Some have argued": people the writer does not name; each
		// such mention is its own unnamed group.
		m.kind = crux.Group
		m.indef = true
		m.bare = true
		return true
	}
	switch {
	case first.v == wA || first.v == wAn || first.v == wOne || first.v == wAnother:
		m.indef = true
		m.kind = crux.Anonymous
	case strings.HasSuffix(hk, "s") && !strings.HasSuffix(hk, "ss") || hk == "people" || first.v == wSome || first.v == wMany || first.v == wSeveral:
		m.kind = crux.Group
	case head.inAny(titleOrPerson):
		// (as titles.has(hk) || personHeads.has(hk), with a bit test,
		// not two map look-ups: see hk above)
		m.kind = crux.Anonymous
	default:
		m.kind = crux.Organization
	}
	return true
}

var interjections = set(`however though too meanwhile instead then also moreover nonetheless nevertheless`)

var groupWords = set(`some many others several both most few`)

var personHeads = set(`official spokesman spokeswoman spokesperson aide analyst expert adviser advisor source officer
	diplomat strategist pollster economist scientist researcher critic supporter observer lawmaker leader
	resident witness member staffer lawyer attorney activist person man woman someone insider executive founder director
	engineer worker employee teacher doctor nurse farmer pilot soldier student professor manager banker trader investor
	officer commander negotiator envoy diplomat prosecutor investigator judge clerk driver owner neighbour neighbor friend
	relative colleague veteran survivor victim voter politician candidate delegate`)

// descriptor reads the words before a name ("Putin's spokesman",
// "Ukrainian President", "White House spokesperson") into role and
// affiliation.
func (x *extractor) descriptor(m *mention, s, e int) {
	toks := x.p.toks
	text := x.text
	if s < e && toks[s].isIn(determiners) {
		s++
	}
	if s >= e {
		return
	}
	m.desc = text[toks[s].s:toks[e-1].e]
	// Possessive owner: Putin's spokesman → affiliation Putin.
	k := s
	for k < e && toks[k].flags&fPoss == 0 {
		k++
	}
	if k < e {
		owner := text[toks[s].s:toks[k].e]
		owner = strings.TrimSuffix(strings.TrimSuffix(owner, "'s"), "’s")
		owner = strings.TrimSuffix(strings.TrimSuffix(owner, "'"), "’")
		m.affil = owner
		if k+1 < e {
			m.role = text[toks[k+1].s:toks[e-1].e]
		}
		return
	}
	// A capitalised title ends the descriptor: all of it is the role
	// ("Norwegian Finance Minister", "Ukrainian President").
	if last := &toks[e-1]; last.isIn(titles) && last.flags&fCap != 0 {
		m.role = text[toks[s].s:toks[e-1].e]
		return
	}
	// Leading capitalised non-gentilic words before a role word are the
	// affiliation: "White House National Security Council spokesperson".
	k = s
	for k < e && toks[k].flags&fCap != 0 && !toks[k].isIn(titles) && !(isGentilic(text[toks[k].s:toks[k].e]) && k+1 < e && toks[k+1].flags&fCap == 0) || k < e && toks[k].kind == tPunct {
		if isGentilic(text[toks[k].s:toks[k].e]) && k == s && (k+1 >= e || toks[k+1].isIn(titles) || toks[k+1].flags&fCap == 0) {
			break
		}
		k++
	}
	if k > s && k < e {
		m.affil = text[toks[s].s:toks[k-1].e]
		m.role = text[toks[k].s:toks[e-1].e]
		return
	}
	m.role = text[toks[s].s:toks[e-1].e]
}

// resolve finds or creates the actor of a mention and returns its index.
//
// Rules, in order: a pronoun goes to the last person (he, she, I), group
// or organisation (they, we, it) that spoke; "who" to the name before the
// comma; a name to an actor with that name or alias, a surname to the
// actor whose name ends with it (or to a full name written earlier in the
// text); an acronym to the organisation it abbreviates; "the official"
// to the last actor whose role or description has that noun; an
// indefinite description ("an official with close ties to ...") to a new
// anonymous actor. Where it fails: a pronoun whose antecedent is not the
// last speaker of its kind ("he" meaning a person only mentioned, never
// quoted) goes to the last speaker; gender is not checked.
func (x *extractor) resolve(m *mention) int {
	if m.reuse {
		return x.lastActor
	}
	if m.back != nil {
		return x.resolve(m.back)
	}
	acts := &x.res.Actors
	mentionText := ""
	if sp, ok := x.mentionSpan(m); ok && !m.reuse {
		mentionText = x.text[sp.Start:sp.End]
	}
	idx := -1
	var kb [64]byte
	var key []byte     // m.name lower-cased (a name mention)
	var keyHash uint64 // its hashKey
	switch {
	case m.pron != "":
		switch m.kind {
		case crux.Person:
			idx = x.lastPerson
		case crux.Group:
			idx = x.lastGroup
		default:
			idx = x.lastActor
		}
		if idx < 0 {
			idx = x.lastActor
		}
		if idx < 0 {
			idx = x.newActor(crux.Actor{Name: mentionText, Kind: crux.Anonymous, Description: "unresolved pronoun"})
		}
	case m.name != "":
		// (looked up without a string copy, and hashed once, as it is
		// lowered, for its look-ups in up to five tables; at is its
		// spot in byName, where a new actor's name goes unless byName
		// was written since)
		key, keyHash = lowerKey(&kb, m.name)
		i, ok, at := x.byName.locateHash(key, keyHash)
		if ok {
			idx = i
		} else if strings.IndexByte(m.name, ' ') < 0 { // (as !ContainsAny(m.name, " "), without its set)
			// A surname: an actor whose name ends with it, else a full
			// name written earlier.
			if i, ok := x.bySurname.getHash(key, keyHash); ok {
				idx = i
			}
			if idx < 0 {
				if sn, ok := x.seen.getHash(key, keyHash); ok && strings.Contains(sn.full, " ") {
					var fb [64]byte
					if i, ok := x.byName.getHash(lowerKey(&fb, sn.full)); ok {
						idx = i
					} else {
						nm := *m
						nm.name = sn.full
						if sn.appos != "" && m.role == "" {
							nm.role, nm.affil, nm.desc = "", "", ""
							x.applyAppos(&nm, sn.appos)
						}
						idx = x.newFromMention(&nm, nil, noSpot)
					}
				}
			}
		} else {
			// A full name whose surname was seen alone first: upgrade.
			if i, ok := x.byName.getBytes(lastField(key)); ok && !strings.Contains((*acts)[i].Name, " ") && (*acts)[i].Kind != crux.Anonymous {
				a := &(*acts)[i]
				a.Aliases = x.appendAlias(a.Aliases, a.Name)
				a.Name = m.name
				if a.Kind == crux.Organization && m.kind == crux.Person && a.Role == "" {
					a.Kind = crux.Person // a surname taken for a place (see placeLike)
				}
				x.byName.putAt(at, x.nameKey(key, m.name), i)
				idx = i
			}
		}
		if idx < 0 {
			// (byName is unchanged since locateHash: a new actor was
			// added, and the name put, only where idx was set. A
			// single-word name seen at the end of a full one was
			// expanded above, as placeLike expects.)
			if x.placeLike(m, key, keyHash) {
				nm := *m
				nm.kind = crux.Organization
				if placeNames.m[string(key)] { // (key: m.name lower-cased)
					nm.role = "government"
					nm.desc = m.name + " (the place, standing for its government)"
				}
				m = &nm
			}
			idx = x.newFromMention(m, key, at)
		}
	case m.common != "":
		// (the phrase is looked up once: a second look-up of it would
		// miss as the first did)
		if !m.indef && m.kind != crux.Group {
			if i, ok := x.byRole.get(m.head); ok {
				idx = i
			} else if i, ok := x.byName.getHash(lowerKey(&kb, m.common)); ok {
				idx = i
			}
		} else if m.kind != crux.Anonymous {
			if i, ok := x.byName.getHash(lowerKey(&kb, m.common)); ok {
				idx = i
			}
		}
		if idx < 0 {
			idx = x.newFromMention(m, nil, noSpot)
		}
	}
	a := &(*acts)[idx]
	if m.pron == "" && mentionText != "" && mentionText != a.Name {
		a.Aliases = x.appendAlias(a.Aliases, mentionText)
		if m.name != "" {
			x.setKeyHash(key, keyHash, m.name, idx) // (m may be a copy with m.name: the same key)
		}
	}
	if m.acronym != "" {
		a.Aliases = x.appendAlias(a.Aliases, m.acronym)
		x.setName(m.acronym, idx)
	}
	if m.role != "" && a.Role == "" {
		a.Role = m.role
	}
	if m.affil != "" && a.Affiliation == "" {
		a.Affiliation = m.affil
	}
	if m.desc != "" && a.Description == "" && a.Kind != crux.Anonymous {
		a.Description = m.desc
	}
	x.index(idx)
	x.lastActor = idx
	switch a.Kind {
	case crux.Person, crux.Anonymous:
		x.lastPerson = idx
	default:
		x.lastGroup = idx
	}
	return idx
}

// placeNames are capitals and countries that news prose uses for their
// governments ("Moscow claimed", "Kyiv denied", "Washington warned").
// A small generic list; see placeLike for the rule that covers names not
// in it.
var placeNames = set(`moscow kyiv kiev tallinn riga washington beijing london paris berlin tokyo tehran jerusalem damascus ankara
	brussels warsaw minsk pyongyang seoul delhi islamabad kabul baghdad riyadh cairo ottawa canberra rome madrid
	havana caracas taipei tripoli doha abu dhabi budapest prague vienna bern stockholm oslo helsinki copenhagen
	russia ukraine china america iran israel syria turkey germany france britain japan india pakistan
	belarus poland georgia armenia azerbaijan moldova lithuania latvia estonia korea mexico canada cuba venezuela`)

// placeLike reports whether a single-word name (key lower-cased, of
// hashKey h) with no title or
// description stands for a place (its government) rather than a person
// ("Moscow claimed", "Kyiv denied"): it is a capital or country of
// placeNames, or it was written earlier after a locative preposition
// ("in Tallinn") and never as the last word of a full personal name.
// Where it fails: a place named for the first time as a speaker and not
// in the list stays a person; a surname that is also a town written
// earlier ("in Washington", then "Washington said" of a person never
// named in full) becomes an organisation until the full name appears,
// when resolve retypes the actor. A name written as the last word of a
// full name ("Jordan" after "Michael Jordan") is not tested here:
// resolve, its caller, has expanded it to that name already.
func (x *extractor) placeLike(m *mention, key []byte, h uint64) bool {
	if m.kind != crux.Person || m.name == "" || strings.IndexByte(m.name, ' ') >= 0 || strings.IndexByte(m.name, '.') >= 0 || m.role != "" || m.desc != "" || m.affil != "" {
		return false
	}
	return placeNames.m[string(key)] || x.places.hasHash(key, h)
}

// maxLowerKey is the room of the stack buffer a key is lowered into.
const maxLowerKey = 64

// lowerKey returns s lower-cased, as strings.ToLower would write it (rune
// by rune, an invalid byte as U+FFFD), and the hashKey of it, for a
// nameTable look-up: hashKey reads the words that lowerKey writes, so
// the hash is mixed from them as they are written, not read again. An
// ASCII key that fits is lowered into the stack buffer kb (no growth
// test, no bounds checks but against kb's size), so that a look-up
// keyed by it copies nothing; others go to appendRunesLower, from kb's
// start. ASCII is lowered eight bytes at a time, without a branch per
// letter (names are mostly capitalised: a branch on each letter's case
// is a guess that fails).
func lowerKey(kb *[maxLowerKey]byte, s string) ([]byte, uint64) {
	const mul = 0x9e3779b97f4a7c15 // as hashKey
	m := len(s)
	if m > len(kb) {
		return appendRunesLower(kb[:0], s)
	}
	d := kb[:m]
	var hi uint64 // the bytes or-ed: bit 7 set by a non-ASCII byte
	h := uint64(m) * mul
	// By the length, words of eight bytes, or two of four, or three
	// bytes, read and written overlapping (each byte is lowered on its
	// own: a byte written twice is written the same): a branch on the
	// length class, not a loop over the last bytes whose end is a
	// guess for every name. hashKey reads the same words.
	switch {
	case m > 16:
		for i := 0; i < m-8; i += 8 {
			w := load8(s[i : i+8])
			hi |= w
			lw := lower8(w)
			binary.LittleEndian.PutUint64(d[i:], lw)
			h = (h ^ lw) * mul
			h ^= h >> 29
		}
		w := load8(s[m-8:])
		hi |= w
		lw := lower8(w)
		binary.LittleEndian.PutUint64(d[m-8:], lw)
		h = (h ^ lw) * mul
	case m >= 8:
		// (most names: two words, overlapping, and no loop; hashKey
		// mixes the first one in only when it is not the last)
		w0, w1 := load8(s), load8(s[m-8:])
		hi = w0 | w1
		l0, l1 := lower8(w0), lower8(w1)
		binary.LittleEndian.PutUint64(d, l0)
		binary.LittleEndian.PutUint64(d[m-8:], l1)
		h0 := (h ^ l0) * mul
		h0 ^= h0 >> 29
		if m > 8 {
			h = h0
		}
		h = (h ^ l1) * mul
	case m >= 4:
		// (lower8 of four bytes, the high four zero: no carry, and a
		// zero byte stays zero)
		w0, w1 := keyWord32(s), keyWord32(s[m-4:])
		hi = w0 | w1
		l0, l1 := lower8(w0), lower8(w1)
		binary.LittleEndian.PutUint32(d, uint32(l0))
		binary.LittleEndian.PutUint32(d[m-4:], uint32(l1))
		h = (h ^ (l0 | l1<<32)) * mul
	case m > 0:
		// the first, middle and last byte: all of them
		c0, c1, c2 := s[0], s[m/2], s[m-1]
		hi = uint64(c0 | c1 | c2)
		l0, l1, l2 := lowerASCII[c0], lowerASCII[c1], lowerASCII[c2]
		d[0], d[m/2], d[m-1] = l0, l1, l2
		h = (h ^ (uint64(l0) | uint64(l1)<<8 | uint64(l2)<<16)) * mul
	}
	if hi&(0x80*0x0101010101010101) != 0 {
		return appendRunesLower(kb[:0], s)
	}
	h ^= h >> 32
	return d, h * mul
}

// appendRunesLower appends lowerKey's key to dst rune by rune, as
// strings.Map(unicode.ToLower, s): for a key not ASCII (or long).
func appendRunesLower(dst []byte, s string) ([]byte, uint64) {
	n := len(dst)
	for i := 0; i < len(s); {
		// (an ASCII byte by the table, a rune decoded only past it: an
		// invalid byte decodes as U+FFFD, as range reads it)
		if c := s[i]; c < utf8.RuneSelf {
			dst = append(dst, lowerASCII[c])
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		i += w
	}
	return dst, hashKey(dst[n:])
}

// toLowerWord is strings.ToLower(w), for a word: one of 4 to 16 bytes,
// ASCII without a capital (as most words that are in no lexicon), is
// told so with two overlapping loads, not strings.ToLower's test of each
// byte (whose loop's end is a guess), and returned itself as
// strings.ToLower would return it.
func toLowerWord(w string) string {
	var w0, w1 uint64
	switch n := len(w); {
	case n >= 8 && n <= 16:
		w0, w1 = load8(w), load8(w[n-8:])
	case n >= 4 && n < 8:
		w0, w1 = keyWord32(w), keyWord32(w[n-4:])
	default:
		return strings.ToLower(w)
	}
	if (w0|w1)&(0x80*0x0101010101010101) == 0 && lower8(w0) == w0 && lower8(w1) == w1 {
		return w
	}
	return strings.ToLower(w)
}

// load8 is the first eight bytes of s as a little-endian word.
func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// lower8 lowers the ASCII capitals of the eight bytes of w (any byte
// with bit 7 set may come out changed: lowerKey then lowers the
// string another way). Per byte c < 0x80 (no carry crosses bytes):
// c+(0x80-'A') has bit 7 set when c >= 'A', c+(0x80-'Z'-1) when c > 'Z';
// their xor, when 'A' <= c <= 'Z', and bit 7 >> 2 is the case bit.
func lower8(w uint64) uint64 {
	const ones = 0x0101010101010101
	h := w & (0x7f * ones)
	up := ((h + (0x80-'A')*ones) ^ (h + (0x80-'Z'-1)*ones)) & (0x80 * ones)
	return w | up>>2
}

// setName maps the lower-cased s to actor i in byName, copying the key
// (see nameKey) only when byName lacks it, with one look-up (locate).
func (x *extractor) setName(s string, i int) {
	var kb [64]byte
	k, h := lowerKey(&kb, s)
	x.setKeyHash(k, h, s, i)
}

// setKeyHash is setName with s already lower-cased (k) and hashed (h,
// k's hashKey).
func (x *extractor) setKeyHash(k []byte, h uint64, s string, i int) {
	switch j, ok, at := x.byName.locateHash(k, h); {
	case !ok:
		x.byName.putAt(at, x.nameKey(k, s), i)
	case j != i:
		x.byName.putAt(at, "", i) // (the key is there)
	}
}

// nameKey is k (s lower-cased) as a string: s itself when it is written
// in lower case already, else a copy of k carved from x.keyArena.
func (x *extractor) nameKey(k []byte, s string) string {
	// (a name's key differs from it in its first byte, a capital: the
	// test of that byte spares most keys a call to compare the rest)
	if len(k) == len(s) && (len(s) == 0 || k[0] == s[0]) && string(k) == s {
		return s
	}
	if c := x.keyArena.Cap(); c-x.keyArena.Len() < len(k) {
		// a new buffer, twice as large: the keys carved from the old
		// one keep it
		x.keyArena = strings.Builder{}
		x.keyArena.Grow(max(128, 2*c, len(k)))
	}
	n := x.keyArena.Len()
	x.keyArena.Write(k)
	return x.keyArena.String()[n:]
}

// applyAppos reads an apposition string written earlier ("a Kremlin
// critic and former ... deputy") into role and affiliation.
func (x *extractor) applyAppos(m *mention, appos string) {
	m.desc = appos
	f := strings.Fields(appos)
	if len(f) > 0 && determiners.has(strings.ToLower(f[0])) {
		f = f[1:]
	}
	var role []string
	for i, w := range f {
		lw := strings.ToLower(w)
		if preps.has(lw) || lw == "of" || lw == "who" || lw == "and" || lw == "," {
			rest := f[i+1:]
			if (preps.has(lw) || lw == "of") && len(rest) > 0 {
				var af []string
				for _, r := range rest {
					if r == "the" && len(af) == 0 {
						continue
					}
					if r[0] < 'A' || r[0] > 'Z' {
						if r != "of" && r != "for" && r != "and" {
							break
						}
					}
					af = append(af, r)
				}
				m.affil = strings.Join(af, " ")
			}
			break
		}
		role = append(role, w)
	}
	m.role = strings.Join(role, " ")
}

// lastWord is the lower-cased last word of s ("senior analyst" →
// "analyst"): the last of the fields strings.Fields would give.
func lastWord(s string) string {
	b, e, cls := lastFieldAt(s)
	w := s[b:e]
	switch {
	case cls&wordRunes != 0:
		return strings.ToLower(w)
	case cls&wordCap != 0:
		// ASCII: as strings.ToLower, with fewer steps
		var kb [maxLowerKey]byte
		lw, _ := lowerKey(&kb, w)
		return string(lw)
	}
	return w // ASCII without a capital: no copy
}

// lastField is the last of the fields of s that strings.Fields would
// return, not lower-cased.
func lastField(s []byte) []byte {
	b, e, _ := lastFieldAt(s)
	return s[b:e]
}

// lastFieldAt is where the last of the fields of s lies, as
// strings.Fields splits s: s[b:e] (s read as UTF-8 backwards, whose
// runes are the same as forwards). cls holds the wordClass bits of its
// bytes when they are ASCII, wordRunes when it was read rune by rune.
func lastFieldAt[S ~string | ~[]byte](s S) (b, e int, cls uint8) {
	// ASCII (nearly always): a run of ASCII word bytes before the
	// trailing ASCII spaces, after an ASCII space or the start, is the
	// field, found with a table look-up per byte (see wordClass)
	e = len(s)
	for e > 0 && asciiSpace(s[e-1]) {
		e--
	}
	b = e
	for b > 0 {
		c := wordClass[s[b-1]]
		if c == 0 {
			break
		}
		cls |= c
		b--
	}
	if b == 0 || s[b-1] < utf8.RuneSelf {
		return b, e, cls
	}
	// a non-ASCII byte near the end: rune by rune, with Unicode spaces
	space := func(e int) (bool, int) {
		if c := s[e-1]; c < utf8.RuneSelf {
			return asciiSpace(c), 1
		}
		// (a rune is at most 4 bytes: the string of them is not kept)
		r, n := utf8.DecodeLastRuneInString(string(s[max(0, e-utf8.UTFMax):e]))
		return unicode.IsSpace(r), n
	}
	e = len(s)
	for e > 0 {
		sp, n := space(e)
		if !sp {
			break
		}
		e -= n
	}
	b = e
	for b > 0 {
		sp, n := space(b)
		if sp {
			break
		}
		b -= n
	}
	return b, e, wordRunes
}

// wordClass classes the bytes that lastFieldAt reads a field of,
// backwards, with one table look-up per byte (not three tests): 0 for
// ASCII white space and the non-ASCII bytes (where the field ends, or
// the rune-by-rune reading takes over), wordCap for the capitals A-Z,
// wordByte for the rest.
var wordClass = func() (t [256]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case asciiSpace(byte(c)):
		case 'A' <= c && c <= 'Z':
			t[c] = wordByte | wordCap
		default:
			t[c] = wordByte
		}
	}
	return t
}()

const (
	wordByte  = 1 << iota // an ASCII byte of a word
	wordCap               // an ASCII capital
	wordRunes             // (lastFieldAt) the field was read rune by rune
)

// asciiSpace reports whether c is ASCII white space (as unicode.IsSpace).
func asciiSpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

// appendAlias appends s to an actor's aliases list unless it is empty or
// there already. A list's first aliasRoom entries are carved from
// x.aliases, a buffer for many actors, and append moves only a longer
// list to an array of its own: most actors have an alias or two, and an
// allocation for each cost resolve a tenth of its time.
func (x *extractor) appendAlias(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	if list == nil {
		if len(x.aliases)+aliasRoom > cap(x.aliases) {
			x.aliases = make([]string, 0, min(max(4*aliasRoom, 2*cap(x.aliases)), 64*aliasRoom))
		}
		n := len(x.aliases)
		x.aliases = x.aliases[:n+aliasRoom]
		list = x.aliases[n : n : n+aliasRoom] // (capped: an append past it copies)
	}
	return append(list, s)
}

// aliasRoom is the room of a new alias list.
const aliasRoom = 2

// newFromMention adds the actor of m and maps its lower-cased name to it
// in byName; key, when not nil, is m.name lower-cased, and at, when not
// noSpot, its spot in byName (from locate, byName unchanged since).
func (x *extractor) newFromMention(m *mention, key []byte, at nameSpot) int {
	a := crux.Actor{Kind: m.kind, Role: m.role, Affiliation: m.affil, Description: m.desc}
	switch {
	case m.name != "":
		a.Name = m.name
	case m.bare:
		a.Name = "unnamed group (“" + m.common + "”)"
		a.Description = "people the text does not name, written “" + m.common + "”"
	default:
		a.Name = m.common
		a.Description = m.common
		if m.role == "" && m.kind != crux.Organization && !determiners.has(m.head) {
			a.Role = m.head
		}
	}
	if a.Kind == "" {
		a.Kind = crux.Person
	}
	// (newActor's steps, a copied once, not first to newActor's
	// argument)
	i := len(x.res.Actors)
	a.ID = localID('a', i+1)
	x.res.Actors = append(x.res.Actors, a)
	h := at.h // key's hashKey
	if key == nil || a.Name != m.name {
		var kb [64]byte
		key, h = lowerKey(&kb, a.Name)
		at = noSpot // (the spot of another key)
	} else if at.i < 0 {
		h = hashKey(key)
	}
	// (as setName would, without its look-up: no entry maps to a new
	// actor yet)
	nk := x.nameKey(key, a.Name)
	if at.i >= 0 {
		x.byName.putAt(at, nk, i)
	} else {
		x.byName.putHash(nk, h, i)
	}
	for len(x.keys) <= i {
		x.keys = append(x.keys, actorKeys{})
	}
	// index reads the surname from it without lower-casing again
	x.keys[i].lname, x.keys[i].lnameOf = nk, a.Name
	return i
}

func (x *extractor) newActor(a crux.Actor) int {
	a.ID = localID('a', len(x.res.Actors)+1)
	x.res.Actors = append(x.res.Actors, a)
	return len(x.res.Actors) - 1
}

var ppAdjectives = set(`close closest familiar loyal allied linked near connected tied aligned sympathetic friendly opposed`)

var ppPreps = set(`with of at for from to in`)

// ppHead reports whether a noun phrase with a person or organisation noun
// (or a name) ends at toks[j], allowing one adjective ("familiar",
// "close") between: the left part of "an official with close ties to".
func (x *extractor) ppHead(a, j int) bool {
	toks := x.p.toks
	for k := j; k >= a && k > j-9; k-- {
		t := &toks[k]
		if t.kind != tWord || toks[k].flags&fInQuote != 0 {
			return false
		}
		if t.isIn(personHeads) || t.isIn(titles) && t.flags&fCap == 0 || t.v == wPeople || k == j && t.isIn(roleHeads) && strings.HasSuffix(t.key(), "s") {
			// (or a plural role noun: "Some advocates for stem cell
			// research said")
			return true
		}
		if t.flags&fCap != 0 && k == j {
			return true
		}
		if isCue := t.flags&fCue != 0; isCue || t.isIn(speakerStop) && !t.isIn(ppPreps) || t.flags&fLy != 0 {
			return false
		}
	}
	return false
}

// index records an actor under its surname (multiword person names) and
// its role head, so that resolving a mention costs a table look-up, not a
// scan of every actor: the last actor written under a key wins. The
// lower-cased keys are kept per actor and recomputed only when its name
// or role changes.
func (x *extractor) index(i int) {
	a := &x.res.Actors[i]
	for len(x.keys) <= i {
		x.keys = append(x.keys, actorKeys{})
	}
	k := &x.keys[i]
	if !k.set || k.name != a.Name || k.role != a.Role || k.kind != a.Kind {
		// (the fields are written one by one, and only those that
		// change: a write of the whole struct, its pointers with it,
		// cost the write barrier's bulk move while the GC runs)
		// (an empty key is not put: its hash is not read)
		if !k.set || k.role != a.Role {
			k.role, k.roleKey, k.roleHash = a.Role, "", 0
			if a.Role != "" {
				k.roleKey = lastWord(a.Role)
				k.roleHash = hashKey(k.roleKey)
			}
		}
		if !k.set || k.name != a.Name {
			k.name, k.surname, k.surnameHash = a.Name, "", 0
			if strings.Contains(a.Name, " ") {
				if k.lnameOf == a.Name {
					// (the name lower-cased: lastWord reads the same
					// word from it, as lower-casing is idempotent and
					// keeps the spaces, and the word having no capital
					// it need not copy it)
					k.surname = lastWord(k.lname)
				} else {
					k.surname = lastWord(a.Name)
				}
				k.surnameHash = hashKey(k.surname)
			}
		}
		k.set, k.kind = true, a.Kind
	} else if x.lastIndexed == i {
		// the same actor as the last one indexed, unchanged: the tables
		// (written only here) already point at it
		return
	}
	x.lastIndexed = i
	if k.surname != "" && a.Kind != crux.Anonymous && a.Kind != crux.Group {
		x.bySurname.putHash(k.surname, k.surnameHash, i)
	}
	if k.roleKey != "" {
		x.byRole.putHash(k.roleKey, k.roleHash, i)
	}
}

// actorKeys caches an actor's index keys.
type actorKeys struct {
	set              bool
	kind             crux.ActorKind
	name, role       string
	surname, roleKey string
	surnameHash      uint64 // hashKey(surname), put again at each mention (0 with no surname)
	roleHash         uint64 // hashKey(roleKey) (0 with no role)
	lname, lnameOf   string // the byName key of the name lnameOf (set by newFromMention)
}
