package casebuild

import (
	"strings"
)

// A party is a state named in reporting, recognised through a small generic
// lexicon of country names, nationality adjectives, capitals and the
// seats of government news uses as metonyms ("Moscow", "the Kremlin",
// "Washington", "the White House"). The lexicon is about geography, not about
// any one article.
type party struct {
	Key   string // "UA": stable identifier
	Name  string // "Ukraine"
	Adj   string // "Ukrainian": used in titles
	Short string // "Ukraine", "US": used in "US-directed"
}

var partyList = []struct {
	p     party
	words []string // lower-case, multiword allowed
}{
	{party{"UA", "Ukraine", "Ukrainian", "Ukraine"}, []string{"ukraine", "ukrainian", "ukrainians", "kyiv", "kiev", "ukraine's", "kyiv's"}},
	{party{"RU", "Russia", "Russian", "Russia"}, []string{"russia", "russian", "russians", "moscow", "kremlin", "russia's", "moscow's", "kremlin's", "russian federation"}},
	{party{"US", "United States", "US", "US"}, []string{"united states", "u s", "us", "usa", "america", "american", "americans", "washington", "white house", "pentagon", "cia", "washington's"}},
	{party{"GB", "United Kingdom", "British", "UK"}, []string{"united kingdom", "uk", "u k", "britain", "great britain", "british", "london", "downing street", "mi6"}},
	{party{"BY", "Belarus", "Belarusian", "Belarus"}, []string{"belarus", "belarusian", "minsk"}},
	{party{"PL", "Poland", "Polish", "Poland"}, []string{"poland", "polish", "warsaw"}},
	{party{"DE", "Germany", "German", "Germany"}, []string{"germany", "german", "berlin"}},
	{party{"FR", "France", "French", "France"}, []string{"france", "french", "paris", "elysee", "élysée"}},
	{party{"CN", "China", "Chinese", "China"}, []string{"china", "chinese", "beijing"}},
	{party{"IR", "Iran", "Iranian", "Iran"}, []string{"iran", "iranian", "tehran"}},
	{party{"IL", "Israel", "Israeli", "Israel"}, []string{"israel", "israeli", "jerusalem"}},
	{party{"TR", "Turkey", "Turkish", "Turkey"}, []string{"turkey", "turkish", "turkiye", "türkiye", "ankara"}},
	{party{"GE", "Georgia", "Georgian", "Georgia"}, []string{"georgian", "tbilisi"}},
	{party{"NK", "North Korea", "North Korean", "North Korea"}, []string{"north korea", "north korean", "pyongyang"}},
	{party{"SY", "Syria", "Syrian", "Syria"}, []string{"syria", "syrian", "damascus"}},
	{party{"NATO", "NATO", "NATO", "NATO"}, []string{"nato"}},
	{party{"EU", "European Union", "EU", "EU"}, []string{"european union", "eu", "brussels"}},
}

// partyWords maps a normalised word or phrase to its party; maxPartyWords
// is the longest phrase in words.
var (
	partyWords    = map[string]party{}
	partyByKey    = map[string]party{}
	maxPartyWords = 1
)

func init() {
	for _, e := range partyList {
		partyByKey[e.p.Key] = e.p
		for _, w := range e.words {
			k := strings.Join(normalize(w).words, " ")
			partyWords[k] = e.p
			maxPartyWords = max(maxPartyWords, len(strings.Fields(k)))
		}
	}
}

// partiesIn returns the parties named in s, in order of first mention.
// "US" is only recognised when written in capitals (the pronoun "us" is not
// a country).
func partiesIn(s string) []party {
	var out []party
	seen := map[string]bool{}
	for _, p := range partyMentions(s) {
		if !seen[p.Key] {
			seen[p.Key] = true
			out = append(out, p)
		}
	}
	return out
}

// partyMentions returns every party mention in s, in order.
func partyMentions(s string) []party {
	raw := rawWords(s)
	ws := make([]string, len(raw))
	for i, w := range raw {
		ws[i] = strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
	}
	var out []party
	for i := 0; i < len(ws); {
		matched := false
		for n := min(maxPartyWords, len(ws)-i); n >= 1; n-- {
			k := strings.Join(ws[i:i+n], " ")
			p, ok := partyWords[k]
			if !ok {
				continue
			}
			if k == "us" && raw[i] != "US" {
				continue
			}
			if k == "u s" && !(raw[i] == "U" && raw[i+1] == "S") {
				continue
			}
			out = append(out, p)
			i += n
			matched = true
			break
		}
		if !matched {
			i++
		}
	}
	return out
}

// rawWords splits s into words keeping case; hyphens separate ("Russia-based"
// gives "Russia", "based"), apostrophes stay.
func rawWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '\'' || r == '’' || isWordRune(r))
	})
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127 && r != '’' && r != '“' && r != '”' && r != '‘' && r != '—' && r != '–' && r != '…' && r != '«' && r != '»'
}

// firstParty returns the first party named in s.
func firstParty(s string) (party, bool) {
	ps := partyMentions(s)
	if len(ps) == 0 {
		return party{}, false
	}
	return ps[0], true
}
