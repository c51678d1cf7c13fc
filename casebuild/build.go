package casebuild

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// AddReport tells what Add did with one source.
type AddReport struct {
	SourceID     string `json:"source"`            // the case's ID of the source (the existing one when skipped)
	Skipped      bool   `json:"skipped,omitempty"` // already in the case: nothing changed
	SkipReason   string `json:"skip_reason,omitempty"`
	NewActors    int    `json:"new_actors"`
	MergedActors int    `json:"merged_actors"` // incoming actors matched to an actor already in the case
	NewClaims    int    `json:"new_claims"`
	MergedClaims int    `json:"merged_claims"` // incoming claims that echo a claim already in the case
	Citations    int    `json:"citations"`     // citations added
}

// Builder adds sources to a case, keeping the indexes that make merging
// fast: actor names, surnames, acronyms and roles; claim shingles and
// content-word prefixes per speaker. While a Builder is in use nothing else
// may change the case's sources, actors or claims (make a new Builder
// after a hand edit).
type Builder struct {
	c *crux.Case

	nextSource, nextActor, nextClaim int

	digests map[string]int // source digest → index
	urls    map[string]int // normalised URL → index

	actorKeys map[string][]int // "n:name", "s:surname", "a:acronym", "r:role" → actor indexes

	exact    map[skey][]int // (speaker, hash of normalised words) → claim indexes
	shingles map[skey][]int // (speaker, shingle) → claim indexes
	prefix   map[skey][]int // (speaker, content word in the prefix) → claim indexes
	renders  [][]normText   // per claim: the normalised renderings indexed
	inSource []map[string]bool
}

// skey is an index key: a speaker and a hash, mixed into one word. Two
// keys may collide; every candidate is checked (speaker and similarity)
// before it is used.
type skey uint64

func mkKey(speaker uint64, h uint64) skey {
	return skey(h ^ (speaker+0x9e3779b97f4a7c15)*0xbf58476d1ce4e5b9)
}

func speakerHash(id string) uint64 { return hashWords([]string{id}) }

// NewBuilder indexes c for adding sources.
func NewBuilder(c *crux.Case) *Builder {
	b := &Builder{
		c:         c,
		digests:   map[string]int{},
		urls:      map[string]int{},
		actorKeys: map[string][]int{},
		exact:     map[skey][]int{},
		shingles:  map[skey][]int{},
		prefix:    map[skey][]int{},
	}
	b.nextSource = nextNumber(c.Sources, func(s crux.Source) string { return s.ID }, "S")
	b.nextActor = nextNumber(c.Actors, func(a crux.Actor) string { return a.ID }, "A")
	b.nextClaim = nextNumber(c.Claims, func(cl crux.Claim) string { return cl.ID }, "C")
	texts := map[string]string{}
	for i, s := range c.Sources {
		if s.Digest != "" {
			b.digests[s.Digest] = i
		}
		if u := normURL(s.URL); u != "" {
			b.urls[u] = i
		}
		texts[s.ID] = s.Text
	}
	for i := range c.Actors {
		b.indexActor(i)
	}
	for i := range c.Claims {
		cl := &c.Claims[i]
		b.renders = append(b.renders, nil)
		b.inSource = append(b.inSource, map[string]bool{})
		b.indexText(i, cl.Text)
		for _, ct := range cl.Citations {
			b.inSource[i][ct.SourceID] = true
			if t, ok := texts[ct.SourceID]; ok && ct.Content.Start >= 0 && ct.Content.End <= len(t) && ct.Content.Start <= ct.Content.End {
				b.indexText(i, t[ct.Content.Start:ct.Content.End])
			}
		}
	}
	return b
}

// Case returns the case the builder adds to.
func (b *Builder) Case() *crux.Case { return b.c }

// Add adds one source with its actors and claims (as extracted from it, with
// IDs local to the source) to c. See Builder.Add.
func Add(c *crux.Case, src crux.Source, actors []crux.Actor, claims []crux.Claim) (AddReport, error) {
	return NewBuilder(c).Add(src, actors, claims)
}

// HasSource reports whether a source with this digest or URL is already in
// the case.
func (b *Builder) HasSource(digest, url string) (string, bool) {
	if i, ok := b.digests[digest]; ok && digest != "" {
		return b.c.Sources[i].ID, true
	}
	if i, ok := b.urls[normURL(url)]; ok && normURL(url) != "" {
		return b.c.Sources[i].ID, true
	}
	return "", false
}

// Add adds one source with its actors and claims to the case:
//   - a source already in the case (same Digest, or same URL) is skipped and
//     the case is not touched at all;
//   - the source, its new actors and claims get case-wide IDs S<n>, A<n>,
//     C<n>, numbered on from the largest such ID in the case;
//   - each actor is matched to one already in the case (see the package doc)
//     or added;
//   - each claim is merged into a claim of the same speaker that states the
//     same thing (the similarity rule of the package doc), gaining a citation,
//     or added. A merged claim keeps the earliest date and the text of its
//     earliest report, and is put in a dependence group.
//
// The input is checked first (speakers known, spans inside the text, valid
// cue classes and UTF-8); on any problem nothing is added and the error names
// the field.
func (b *Builder) Add(src crux.Source, actors []crux.Actor, claims []crux.Claim) (AddReport, error) {
	if err := checkInput(&src, actors, claims); err != nil {
		return AddReport{}, err
	}
	if src.Digest == "" {
		sum := sha256.Sum256([]byte(src.Text))
		src.Digest = hex.EncodeToString(sum[:])
	}
	if id, ok := b.HasSource(src.Digest, src.URL); ok {
		reason := "same digest"
		if i, ok := b.digests[src.Digest]; !ok || b.c.Sources[i].ID != id {
			reason = "same URL"
		}
		return AddReport{SourceID: id, Skipped: true, SkipReason: reason}, nil
	}
	c := b.c
	src.ID = "S" + strconv.Itoa(b.nextSource)
	b.nextSource++
	c.Sources = append(c.Sources, src)
	si := len(c.Sources) - 1
	b.digests[src.Digest] = si
	if u := normURL(src.URL); u != "" {
		b.urls[u] = si
	}
	rep := AddReport{SourceID: src.ID}
	day := dayOf(src.Published)

	actorMap := map[string]string{}
	for _, a := range actors {
		if i := b.matchActor(&a); i >= 0 {
			mergeActorInto(&c.Actors[i], a)
			b.indexActor(i)
			actorMap[a.ID] = c.Actors[i].ID
			rep.MergedActors++
			continue
		}
		na := a
		na.ID = "A" + strconv.Itoa(b.nextActor)
		b.nextActor++
		na.Aliases = append([]string(nil), a.Aliases...)
		c.Actors = append(c.Actors, na)
		b.indexActor(len(c.Actors) - 1)
		actorMap[a.ID] = na.ID
		rep.NewActors++
	}

	for _, cl := range claims {
		speaker := actorMap[cl.SpeakerID]
		cits := make([]crux.Citation, len(cl.Citations))
		for j, ct := range cl.Citations {
			ct.SourceID = src.ID
			if ct.Date == "" {
				ct.Date = day
			}
			if ct.Cue != nil {
				s := *ct.Cue
				ct.Cue = &s
			}
			if ct.Speaker != nil {
				s := *ct.Speaker
				ct.Speaker = &s
			}
			cits[j] = ct
		}
		date := cl.Date
		if date == "" {
			date = day
		}
		nt := normalize(cl.Text)
		if k := b.matchClaim(speaker, &nt, src.ID); k >= 0 {
			ex := &c.Claims[k]
			ex.Citations = append(ex.Citations, cits...)
			if date != "" && (ex.Date == "" || dayOf(date) < dayOf(ex.Date)) {
				ex.Date = date
				ex.Text = cl.Text
			}
			if ex.Group == "" {
				ex.Group = "g-" + ex.ID
			}
			b.inSource[k][src.ID] = true
			b.indexCited(k, cl.Text, src.Text, cits)
			rep.MergedClaims++
			rep.Citations += len(cits)
			continue
		}
		nc := cl
		nc.ID = "C" + strconv.Itoa(b.nextClaim)
		b.nextClaim++
		nc.SpeakerID = speaker
		nc.Date = date
		nc.Citations = cits
		c.Claims = append(c.Claims, nc)
		k := len(c.Claims) - 1
		b.renders = append(b.renders, nil)
		b.inSource = append(b.inSource, map[string]bool{src.ID: true})
		b.indexCited(k, nc.Text, src.Text, cits)
		rep.NewClaims++
		rep.Citations += len(cits)
	}
	return rep, nil
}

// checkInput validates one source's extraction before anything is added.
func checkInput(src *crux.Source, actors []crux.Actor, claims []crux.Claim) error {
	if !utf8.ValidString(src.Text) {
		return fmt.Errorf("source %q: text is not valid UTF-8", src.ID)
	}
	if src.Published != "" && dayOf(src.Published) == "" {
		return fmt.Errorf("source %q: published %q: want YYYY-MM-DD", src.ID, src.Published)
	}
	ids := map[string]bool{}
	for i, a := range actors {
		p := fmt.Sprintf("source %q: actors[%d]", src.ID, i)
		if a.ID == "" || ids[a.ID] {
			return fmt.Errorf("%s: missing or duplicate id %q", p, a.ID)
		}
		ids[a.ID] = true
		if strings.TrimSpace(a.Name) == "" || !utf8.ValidString(a.Name) {
			return fmt.Errorf("%s: missing or invalid name", p)
		}
		switch a.Kind {
		case crux.Person, crux.Organization, crux.Group, crux.Anonymous:
		default:
			return fmt.Errorf("%s: unknown kind %q", p, a.Kind)
		}
	}
	n := len(src.Text)
	for i, cl := range claims {
		p := fmt.Sprintf("source %q: claims[%d]", src.ID, i)
		if !ids[cl.SpeakerID] {
			return fmt.Errorf("%s: unknown speaker %q", p, cl.SpeakerID)
		}
		if !cl.CueClass.Valid() {
			return fmt.Errorf("%s: unknown cue class %q", p, cl.CueClass)
		}
		switch cl.Mode {
		case crux.Direct, crux.Reported, crux.Mixed:
		default:
			return fmt.Errorf("%s: unknown mode %q", p, cl.Mode)
		}
		if !utf8.ValidString(cl.Text) {
			return fmt.Errorf("%s: text is not valid UTF-8", p)
		}
		if cl.Date != "" && dayOf(cl.Date) == "" {
			return fmt.Errorf("%s: date %q: want YYYY-MM-DD", p, cl.Date)
		}
		if len(cl.Citations) == 0 {
			return fmt.Errorf("%s: no citation", p)
		}
		for j, ct := range cl.Citations {
			q := fmt.Sprintf("%s.citations[%d]", p, j)
			if ct.SourceID != "" && ct.SourceID != src.ID {
				return fmt.Errorf("%s: source %q is not the source being added (%q)", q, ct.SourceID, src.ID)
			}
			spans := []*crux.Span{&ct.Content, ct.Cue, ct.Speaker}
			for _, s := range spans {
				if s != nil && (s.Start < 0 || s.End < s.Start || s.End > n) {
					return fmt.Errorf("%s: span [%d,%d) outside the text of %d bytes", q, s.Start, s.End, n)
				}
			}
			if ct.Date != "" && dayOf(ct.Date) == "" {
				return fmt.Errorf("%s: date %q: want YYYY-MM-DD", q, ct.Date)
			}
		}
	}
	return nil
}

// dayOf returns the YYYY-MM-DD part of a date or RFC 3339 time, or "" if s
// does not start with one.
func dayOf(s string) string {
	if len(s) < 10 {
		return ""
	}
	d := s[:10]
	for i := 0; i < 10; i++ {
		ch := d[i]
		if i == 4 || i == 7 {
			if ch != '-' {
				return ""
			}
		} else if ch < '0' || ch > '9' {
			return ""
		}
	}
	if len(s) > 10 && s[10] != 'T' && s[10] != ' ' {
		return ""
	}
	return d
}

// normURL reduces a URL to what identifies the page: no scheme, no "www.",
// no fragment, no trailing slash, lower-case host.
func normURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	host, path, _ := strings.Cut(u, "/")
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	path = strings.TrimRight(path, "/")
	if path == "" {
		return host
	}
	return host + "/" + path
}

// nextNumber returns 1 + the largest n among IDs of the form prefix<n>.
func nextNumber[T any](xs []T, id func(T) string, prefix string) int {
	next := 1
	for _, x := range xs {
		s := id(x)
		if !strings.HasPrefix(s, prefix) {
			continue
		}
		n, err := strconv.Atoi(s[len(prefix):])
		if err == nil && n >= next {
			next = n + 1
		}
	}
	return next
}

// ---- actor index ----

func (b *Builder) indexActor(i int) {
	a := &b.c.Actors[i]
	if a.Kind == crux.Anonymous {
		return // anonymous sources are never merged by name
	}
	add := func(k string) {
		for _, j := range b.actorKeys[k] {
			if j == i {
				return
			}
		}
		b.actorKeys[k] = append(b.actorKeys[k], i)
	}
	switch a.Kind {
	case crux.Person:
		if a.Role != "" {
			add("r:" + roleClass(a.Role))
		}
		f, l := personKey(a)
		if l == "" {
			return // a role-only actor is found through its role, not its words
		}
		add("s:" + l)
		// only the names that agree with the person's own (same surname,
		// compatible given name) are keys: a stray alias must not chain
		// other people onto this one
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			if isCoordination(n) || !hasUpper(n) {
				continue
			}
			if nf, nl := personName(n); nl == l && firstCompatible(nf, f) {
				add("person:n:" + normName(cleanPersonName(n)))
			}
		}
	case crux.Organization:
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			if nameLike(n) && !isCoordination(n) {
				add("organization:n:" + normName(strings.TrimSpace(strings.SplitN(n, "(", 2)[0])))
			}
		}
		ex, in := acronymsOf(a)
		for _, ac := range ex {
			add("ax:" + ac)
		}
		for _, ac := range in {
			add("ai:" + ac)
		}
	default:
		if nameLike(a.Name) {
			add(string(a.Kind) + ":n:" + normName(a.Name))
		}
	}
}

// matchActor returns the index of the case actor the incoming actor is, or
// -1. See the package doc for the rules.
func (b *Builder) matchActor(a *crux.Actor) int {
	c := b.c
	if a.Kind == crux.Anonymous || !nameLike(a.Name) && a.Kind != crux.Person || isCoordination(a.Name) {
		return -1
	}
	unique := func(cands []int) int {
		if len(cands) == 1 {
			return cands[0]
		}
		return -1
	}
	switch a.Kind {
	case crux.Person:
		if role, owner, ok := roleOnly(*a); ok {
			// "Putin's press secretary": the one named person with that
			// role and affiliation, when there is exactly one.
			if owner == "" || !isPersonRole(role) {
				return -1
			}
			var cands []int
			for _, i := range b.actorKeys["r:"+roleClass(role)] {
				ex := &c.Actors[i]
				if _, l := personKey(ex); l == "" || ex.Kind != crux.Person {
					continue
				}
				if containsWords(actorText(ex), normName(owner)) {
					cands = append(cands, i)
				}
			}
			return unique(cands)
		}
		first, last := personKey(a)
		if last == "" {
			return -1
		}
		compatible := func(i int) bool {
			ex := &c.Actors[i]
			f, l := personKey(ex)
			return ex.Kind == crux.Person && l == last && firstCompatible(first, f)
		}
		var byName []int
		for _, i := range b.actorKeys["person:n:"+normName(cleanPersonName(a.Name))] {
			if compatible(i) {
				byName = appendUniq(byName, i)
			}
		}
		if i := unique(byName); i >= 0 {
			return i
		}
		var cands []int
		for _, i := range b.actorKeys["s:"+last] {
			if compatible(i) {
				cands = appendUniq(cands, i)
			}
		}
		if len(cands) > 1 && first != "" {
			// prefer those whose given name is spelled out the same
			var exact []int
			for _, i := range cands {
				if f, _ := personKey(&c.Actors[i]); f == first {
					exact = append(exact, i)
				}
			}
			if len(exact) > 0 {
				cands = exact
			}
		}
		if len(cands) > 1 && a.Affiliation != "" {
			var same []int
			for _, i := range cands {
				if containsWords(actorText(&c.Actors[i]), normName(a.Affiliation)) {
					same = append(same, i)
				}
			}
			cands = same
		}
		return unique(cands)
	case crux.Organization:
		cands := b.actorKeys["organization:n:"+normName(strings.TrimSpace(strings.SplitN(a.Name, "(", 2)[0]))]
		if len(cands) == 0 {
			// an acronym matches a full name's initials or the same acronym;
			// a full name matches an organisation known by its acronym only.
			// Two full names with the same initials do not match.
			ex, in := acronymsOf(a)
			for _, ac := range ex {
				cands = appendUniq(cands, b.actorKeys["ax:"+ac]...)
				cands = appendUniq(cands, b.actorKeys["ai:"+ac]...)
			}
			for _, ac := range in {
				cands = appendUniq(cands, b.actorKeys["ax:"+ac]...)
			}
		}
		return unique(cands)
	default: // groups: the same words
		return unique(b.actorKeys[string(a.Kind)+":n:"+normName(a.Name)])
	}
}

// appendLast appends k unless it is already the last element: postings
// grow in claim order, and a claim re-indexed with another rendering only
// repeats itself at the end, so this keeps them nearly free of duplicates
// (a duplicate in the middle only costs a repeated check).
func appendLast(xs []int, k int) []int {
	if n := len(xs); n > 0 && xs[n-1] == k {
		return xs
	}
	return append(xs, k)
}

func appendUniq(xs []int, ys ...int) []int {
outer:
	for _, y := range ys {
		for _, x := range xs {
			if x == y {
				continue outer
			}
		}
		xs = append(xs, y)
	}
	return xs
}

// ---- claim index ----

// indexText adds one rendering of claim k to the index.
// indexCited indexes claim k under its text and under each citation's
// content in the source text where that reads otherwise.
func (b *Builder) indexCited(k int, text, srcText string, cits []crux.Citation) {
	b.indexText(k, text)
	for _, ct := range cits {
		if t := srcText[ct.Content.Start:ct.Content.End]; t != text {
			b.indexText(k, t)
		}
	}
}

func (b *Builder) indexText(k int, text string) {
	nt := normalize(text)
	if nt.key == "" {
		return
	}
	for _, r := range b.renders[k] {
		if r.key == nt.key {
			return
		}
	}
	b.renders[k] = append(b.renders[k], nt)
	sp := speakerHash(b.c.Claims[k].SpeakerID)
	ek := mkKey(sp, hashWords(nt.words))
	b.exact[ek] = appendLast(b.exact[ek], k)
	for _, h := range nt.shingles {
		b.shingles[mkKey(sp, h)] = appendLast(b.shingles[mkKey(sp, h)], k)
	}
	for _, h := range nt.content[:prefixLen(len(nt.content))] {
		b.prefix[mkKey(sp, h)] = appendLast(b.prefix[mkKey(sp, h)], k)
	}
}

// prefixLen is the prefix-filter length for Jaccard ≥ WordJaccardThreshold:
// two sets that reach the threshold share an element among the first
// n - ceil(t·n) + 1 elements of each (in one global order).
func prefixLen(n int) int {
	if n == 0 {
		return 0
	}
	need := int(float64(n)*WordJaccardThreshold + 0.999999)
	return min(n, n-need+1)
}

// matchClaim returns the claim of speaker that nt restates, or -1. Claims
// already cited from the source being added are not candidates: two
// statements in one article are two statements.
func (b *Builder) matchClaim(speaker string, nt *normText, sourceID string) int {
	if nt.key == "" {
		return -1
	}
	sh := speakerHash(speaker)
	cands := map[int]int{} // claim → shingle hits
	var order []int
	note := func(k, hits int) {
		if _, ok := cands[k]; !ok {
			order = append(order, k)
		}
		cands[k] += hits
	}
	for _, k := range b.exact[mkKey(sh, hashWords(nt.words))] {
		note(k, 1<<20)
	}
	for _, h := range nt.shingles {
		for _, k := range b.shingles[mkKey(sh, h)] {
			note(k, 1)
		}
	}
	const viaPrefix = 1 << 30
	for _, h := range nt.content[:prefixLen(len(nt.content))] {
		for _, k := range b.prefix[mkKey(sh, h)] {
			if cands[k] < viaPrefix {
				note(k, viaPrefix)
			}
		}
	}
	// containment needs at least ⌈ContainmentThreshold·MinShingles⌉ common
	// shingles; a candidate found only through fewer cannot match.
	minHits := int(math.Ceil(ContainmentThreshold * MinShingles))
	best, bestRank, bestScore := -1, 0, 0.0
	for _, k := range order {
		if cands[k] < minHits || b.inSource[k][sourceID] || b.c.Claims[k].SpeakerID != speaker {
			continue
		}
		for i := range b.renders[k] {
			rule, score := similar(nt, &b.renders[k][i])
			rank := ruleRank(rule)
			if rank == 0 {
				continue
			}
			if rank > bestRank || rank == bestRank && score > bestScore || rank == bestRank && score == bestScore && k < best {
				best, bestRank, bestScore = k, rank, score
			}
		}
	}
	return best
}

func ruleRank(r MatchRule) int {
	switch r {
	case Exact:
		return 3
	case Containment:
		return 2
	case WordOverlap:
		return 1
	}
	return 0
}
