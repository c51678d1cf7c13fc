package casebuild

import (
	"strings"
	"unicode"

	"github.com/cruxlab/crux"
)

// titleWords are honorifics and offices written before a name; they are not
// part of it ("President Volodymyr Zelensky", "Dr. Jane Smith").
var titleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister
		foreign defense defence interior secretary senator sen rep representative governor gov general gen colonel col
		lieutenant lt major maj captain capt admiral adm sergeant sgt chancellor king queen prince princess pope
		ambassador mayor deputy chairman chairwoman chair chief director spokesman spokeswoman spokesperson adviser
		advisor aide commander judge justice pastor rev father sheikh ayatollah premier presidential national security
		council state former acting then new senior top head analyst expert researcher scientist journalist editor
		correspondent official officials minister's republican republicans democrat democrats democratic gop
		conservative liberal labour tory candidate nominee frontrunner hopeful rival contender
		sheriff attorney atty mp mep speaker leader whip`) {
		titleWords[w] = true
	}
}

// spokesRoles are the roles of someone who speaks for another: they match each
// other when a role-only mention ("Putin's press secretary") is resolved.
var spokesRoles = []string{"spokesman", "spokeswoman", "spokesperson", "press secretary", "press officer", "spokes"}

func roleClass(role string) string {
	r := strings.ToLower(role)
	for _, s := range spokesRoles {
		if strings.Contains(r, s) {
			return "spokes"
		}
	}
	return normName(r)
}

// personName returns the given name and surname of a person's name as
// written: the trailing run of capitalised words, with titles and
// nationality words in front of it dropped. "Kremlin spokesman Dmitry Peskov"
// gives ("dmitry", "peskov"); "Peskov" gives ("", "peskov"); "Putin's press
// secretary" gives ("", ""): a role-only mention.
func personName(name string) (first, last string) {
	ws := rawWords(cleanPersonName(name))
	end := len(ws)
	for end > 0 {
		w := strings.ToLower(strings.TrimRight(ws[end-1], ".'’"))
		if w == "jr" || w == "sr" || w == "ii" || w == "iii" || w == "iv" {
			end--
			continue
		}
		break
	}
	start := end
	for start > 0 && isCapitalised(ws[start-1]) && !strings.HasSuffix(ws[start-1], "'s") && !strings.HasSuffix(ws[start-1], "’s") {
		start--
	}
	run := ws[start:end]
	for len(run) > 0 {
		w := strings.ToLower(strings.TrimRight(run[0], ".'’"))
		if titleWords[w] || partyWords[w].Key != "" {
			run = run[1:]
			continue
		}
		break
	}
	if len(run) == 0 {
		return "", ""
	}
	last = foldName(run[len(run)-1])
	if len(run) > 1 {
		first = foldName(run[0])
	}
	return first, last
}

// cleanPersonName drops what follows a person's name without being part
// of it: parenthesised parts ("(R-Texas)") and "of PLACE" ("Chuck Schumer
// of New York").
func cleanPersonName(name string) string {
	for {
		i := strings.IndexByte(name, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(name[i:], ')')
		if j < 0 {
			name = name[:i]
			break
		}
		name = name[:i] + name[i+j+1:]
	}
	if i := strings.Index(name, " of "); i > 0 {
		rest := strings.TrimLeft(name[i+4:], " ")
		if rest != "" && isCapitalised(rest) {
			name = name[:i]
		}
	}
	return strings.TrimSpace(name)
}

// isCoordination reports whether a name joins several ("Jeb Bush and Chris
// Christie"): such a mention is never matched to one person.
func isCoordination(name string) bool {
	return strings.Contains(name, " and ") || strings.Contains(name, " & ") || strings.Contains(name, " nor ") || strings.Contains(name, " or ")
}

// hasUpper reports whether s has a capital letter: a name, not a
// description such as "the company" or "9 percent".
func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// nameLike reports whether s reads as a name: a capitalised word other than
// a leading article or determiner ("the Washington Post", "ISW"), not a
// description ("The company website", "two weeks ago").
func nameLike(s string) bool {
	ws := rawWords(s)
	if len(ws) > 0 {
		switch strings.ToLower(ws[0]) {
		case "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "some", "other", "another":
			ws = ws[1:]
		}
	}
	for _, w := range ws {
		if isCapitalised(w) {
			return true
		}
	}
	return false
}

// personKey returns a person actor's given name and surname: those of its
// name, the given name taken from an alias with the same surname when the
// name has none. A role-only actor gives ("", "").
func personKey(a *crux.Actor) (first, last string) {
	first, last = personName(a.Name)
	if last == "" || first != "" {
		return first, last
	}
	for _, al := range a.Aliases {
		if f, l := personName(al); l == last && f != "" {
			return f, last
		}
	}
	return "", last
}

// isPersonRole reports whether a role names a function a person holds
// ("press secretary", "interior minister"), not a body ("the company").
func isPersonRole(role string) bool {
	if roleClass(role) == "spokes" {
		return true
	}
	for _, w := range strings.Fields(strings.ToLower(role)) {
		if titleWords[strings.Trim(w, ".,")] {
			return true
		}
	}
	return false
}

func isCapitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// foldName lower-cases a name word and drops apostrophes and dots.
func foldName(w string) string {
	w = strings.ToLower(w)
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '\'' || r == '’' {
			return -1
		}
		return r
	}, w)
}

// firstCompatible reports whether two given names can belong to one person:
// equal, one an initial of the other, or one missing.
func firstCompatible(a, b string) bool {
	if a == "" || b == "" || a == b {
		return true
	}
	if len(a) == 1 || len(b) == 1 {
		return a[0] == b[0]
	}
	return false
}

// roleOnly returns the role and owner of a mention that names no one:
// "Putin's press secretary" gives ("press secretary", "Putin").
func roleOnly(a crux.Actor) (role, owner string, ok bool) {
	if a.Kind != crux.Person {
		return "", "", false
	}
	if f, l := personName(a.Name); f != "" || l != "" {
		return "", "", false
	}
	role, owner = a.Role, a.Affiliation
	ws := rawWords(a.Name)
	var lower []string
	for _, w := range ws {
		switch {
		case strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s"):
			if owner == "" {
				owner = w[:len(w)-len("'s")]
				if strings.HasSuffix(w, "’s") {
					owner = strings.TrimSuffix(w, "’s")
				}
			}
		case !isCapitalised(w) && w != "the" && w != "a" && w != "an":
			lower = append(lower, w)
		case isCapitalised(w) && owner == "":
			owner = w
		}
	}
	if role == "" {
		role = strings.Join(lower, " ")
	}
	if role == "" {
		return "", "", false
	}
	return role, owner, true
}

// acronym returns the initials of an organisation's name ("Institute for the
// Study of War" → "isw"), or "" when the name has fewer than two words.
func acronym(name string) string {
	ws := rawWords(name)
	var b strings.Builder
	n := 0
	for _, w := range ws {
		lw := strings.ToLower(w)
		if lw == "the" || lw == "of" || lw == "for" || lw == "and" || lw == "on" || lw == "in" || lw == "at" || lw == "a" || lw == "&" {
			continue
		}
		r := []rune(w)[0]
		if !unicode.IsUpper(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		n++
	}
	if n < 2 {
		return ""
	}
	return b.String()
}

// acronymsOf returns what an organisation is written as in capitals
// (explicit: "ISW", or the "(ISW)" after a name) and the initials of its
// full names ("Institute for the Study of War" → "isw").
func acronymsOf(a *crux.Actor) (explicit, initials []string) {
	for _, n := range append([]string{a.Name}, a.Aliases...) {
		if i := strings.IndexByte(n, '('); i >= 0 {
			if j := strings.IndexByte(n[i:], ')'); j > 0 {
				inner := strings.TrimSpace(n[i+1 : i+j])
				if isAllCaps(inner) {
					explicit = append(explicit, strings.ToLower(inner))
				}
				n = strings.TrimSpace(n[:i])
			}
		}
		if isAllCaps(n) && !strings.Contains(strings.TrimSpace(n), " ") {
			explicit = append(explicit, strings.ToLower(strings.ReplaceAll(n, ".", "")))
		} else if ac := acronym(n); ac != "" {
			initials = append(initials, ac)
		}
	}
	return explicit, initials
}

func isAllCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

// actorText is every word written about an actor, for affiliation checks.
func actorText(a *crux.Actor) string {
	return normName(strings.Join(append([]string{a.Name, a.Role, a.Affiliation, a.Description}, a.Aliases...), " "))
}

// containsWords reports whether the words of needle occur, in order and
// adjacent, among the words of hay (both normalised).
func containsWords(hay, needle string) bool {
	if needle == "" {
		return false
	}
	return strings.Contains(" "+hay+" ", " "+needle+" ")
}

// mergeActorInto folds b's names and details into a. The fuller of the two
// names is kept as the name; the other becomes an alias.
func mergeActorInto(a *crux.Actor, b crux.Actor) {
	names := append([]string{a.Name}, a.Aliases...)
	names = append(names, b.Name)
	names = append(names, b.Aliases...)
	if betterName(a, b) {
		a.Name = b.Name
	}
	a.Aliases = nil
	seen := map[string]bool{strings.ToLower(a.Name): true}
	_, last := personName(a.Name)
	for _, n := range names {
		k := strings.ToLower(strings.TrimSpace(n))
		if k == "" || seen[k] {
			continue
		}
		if a.Kind == crux.Person && last != "" {
			// a person's other names share the surname; a mention with
			// another surname ("the campaign", another relative) is the
			// extractor's coreference guess, not a name of this person
			if _, l := personName(n); l != "" && l != last {
				continue
			}
		}
		seen[k] = true
		a.Aliases = append(a.Aliases, n)
	}
	if a.Role == "" {
		a.Role = b.Role
	}
	if a.Affiliation == "" {
		a.Affiliation = b.Affiliation
	}
	if a.Description == "" {
		a.Description = b.Description
	}
}

// betterName reports whether b's name should replace a's: a person's name
// with a given name beats a surname alone or a role; an organisation's full
// name beats its acronym.
func betterName(a *crux.Actor, b crux.Actor) bool {
	switch a.Kind {
	case crux.Person:
		af, al := personName(a.Name)
		bf, bl := personName(b.Name)
		if al == "" && bl != "" {
			return true
		}
		if af == "" && bf != "" && al == bl {
			return true
		}
		if af != "" && bf != "" && len(af) == 1 && len(bf) > 1 {
			return true
		}
	case crux.Organization:
		return isAllCaps(a.Name) && !strings.Contains(a.Name, " ") && len(rawWords(b.Name)) > 1 && !isAllCaps(b.Name)
	}
	return false
}
