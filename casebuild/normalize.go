package casebuild

import (
	"hash/fnv"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The claim similarity rule (see the package doc for the prose version).
const (
	// ShingleSize is the number of consecutive words in a shingle.
	ShingleSize = 3
	// ContainmentThreshold: two statements merge when the shingles of the
	// shorter are at least this share of the shingles they have in common
	// (|A∩B| / min(|A|,|B|)).
	ContainmentThreshold = 0.8
	// MinShingles is the least number of shingles the shorter statement must
	// have for the containment rule (so at least ShingleSize+MinShingles-1 words).
	MinShingles = 3
	// WordJaccardThreshold: two statements merge when their content-word sets
	// overlap at least this much (|A∩B| / |A∪B|) and their negations agree.
	WordJaccardThreshold = 0.75
	// MinContentWords is the least size of the smaller content-word set for
	// the word-overlap rule.
	MinContentWords = 3
)

// normText is a statement prepared for comparison.
type normText struct {
	words    []string // lower-case words, contractions expanded
	key      string   // words joined by spaces: the exact-match key
	shingles []uint64 // sorted, distinct hashes of ShingleSize-word windows within elision-free segments
	content  []uint64 // sorted, distinct hashes of stemmed content words (stopwords dropped, negations kept)
	negs     string   // the negation words in order of first occurrence, joined
}

// stopwords are function words dropped for the word-overlap rule. Negations
// are deliberately absent: "did attack" and "did not attack" must differ.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or but if then so of to in on at by for from with without into onto
		over under about as than that this these those there here it its it's is are was were be been being am
		do does did done have has had having will would shall should can could may might must i me my mine we us our
		ours you your yours he him his she her hers they them their theirs who whom whose which what when where why how
		all any some such very just also even only own same too again further once both each few more most other s t
		up down out off am re ve ll d m o y`) {
		stopwords[w] = true
	}
}

var negations = map[string]bool{"not": true, "no": true, "never": true, "nothing": true, "nobody": true, "none": true, "neither": true, "nor": true, "cannot": true}

// normalize splits s into lower-case words. Apostrophes (straight and
// curly) stay inside words, "n't" becomes " not", every other non-letter,
// non-digit rune separates words. An ellipsis ("..." or "…") or a bracketed
// insertion ends a segment: shingles never span it.
func normalize(s string) normText {
	var words []string
	var segs [][2]int // [start, end) word index ranges of segments
	segStart := 0
	var cur strings.Builder
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		w := cur.String()
		cur.Reset()
		w = strings.Trim(w, "'")
		if w == "" {
			return
		}
		switch {
		case w == "can't" || w == "cannot":
			words = append(words, "can", "not")
		case w == "won't":
			words = append(words, "will", "not")
		case strings.HasSuffix(w, "n't"):
			words = append(words, w[:len(w)-3], "not")
		case strings.HasSuffix(w, "'s"), strings.HasSuffix(w, "'re"), strings.HasSuffix(w, "'ve"), strings.HasSuffix(w, "'ll"), strings.HasSuffix(w, "'d"), strings.HasSuffix(w, "'m"):
			i := strings.LastIndexByte(w, '\'')
			words = append(words, w[:i])
		default:
			words = append(words, w)
		}
	}
	endSeg := func() {
		flush()
		if len(words) > segStart {
			segs = append(segs, [2]int{segStart, len(words)})
		}
		segStart = len(words)
	}
	dots := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '.' {
			dots++
			if dots == 3 {
				endSeg()
			}
			flush()
			continue
		}
		dots = 0
		switch {
		case r == '…' || r == '[' || r == ']':
			endSeg()
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ':
			if cur.Len() > 0 {
				cur.WriteByte('\'')
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	endSeg()

	nt := normText{words: words, key: strings.Join(words, " ")}
	var sh []uint64
	for _, sg := range segs {
		for i := sg[0]; i+ShingleSize <= sg[1]; i++ {
			sh = append(sh, hashWords(words[i:i+ShingleSize]))
		}
	}
	nt.shingles = sortUniq(sh)
	var ct []uint64
	var negs []string
	for _, w := range words {
		if negations[w] && !slices.Contains(negs, w) {
			negs = append(negs, w)
		}
		if stopwords[w] {
			continue
		}
		ct = append(ct, hashWords([]string{stem(w)}))
	}
	nt.content = sortUniq(ct)
	nt.negs = strings.Join(negs, " ")
	return nt
}

// stem strips a few English inflections so that "attacked", "attacks" and
// "attacking" compare equal. It is deliberately crude: it only has to make
// two renderings of the same statement agree, not produce real stems.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

func hashWords(ws []string) uint64 {
	h := fnv.New64a()
	for i, w := range ws {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(w))
	}
	return h.Sum64()
}

func sortUniq(xs []uint64) []uint64 {
	if len(xs) == 0 {
		return nil
	}
	sortU64(xs)
	out := xs[:1]
	for _, x := range xs[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

func sortU64(xs []uint64) {
	// small slices: insertion sort; larger: heap sort (no allocation).
	if len(xs) < 24 {
		for i := 1; i < len(xs); i++ {
			for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
				xs[j], xs[j-1] = xs[j-1], xs[j]
			}
		}
		return
	}
	n := len(xs)
	down := func(i, n int) {
		for {
			l := 2*i + 1
			if l >= n {
				return
			}
			if r := l + 1; r < n && xs[r] > xs[l] {
				l = r
			}
			if xs[i] >= xs[l] {
				return
			}
			xs[i], xs[l] = xs[l], xs[i]
			i = l
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		down(i, n)
	}
	for i := n - 1; i > 0; i-- {
		xs[0], xs[i] = xs[i], xs[0]
		down(0, i)
	}
}

// intersect counts the common elements of two sorted, distinct slices.
func intersect(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// MatchRule names which part of the similarity rule merged two statements.
type MatchRule string

// The parts of the rule.
const (
	NoMatch     MatchRule = ""
	Exact       MatchRule = "exact"       // same words after normalisation
	Containment MatchRule = "containment" // one is (nearly) a fragment of the other
	WordOverlap MatchRule = "words"       // same content words: re-phrasings, translation variants
)

// Similar applies the claim similarity rule to two statements (by the same
// speaker; the caller checks that) and returns which part matched, with the
// score of that part.
func Similar(a, b string) (MatchRule, float64) {
	na, nb := normalize(a), normalize(b)
	return similar(&na, &nb)
}

func similar(a, b *normText) (MatchRule, float64) {
	if a.key != "" && a.key == b.key {
		return Exact, 1
	}
	if m := min(len(a.shingles), len(b.shingles)); m >= MinShingles {
		c := float64(intersect(a.shingles, b.shingles)) / float64(m)
		if c >= ContainmentThreshold {
			return Containment, c
		}
	}
	if m := min(len(a.content), len(b.content)); m >= MinContentWords && a.negs == b.negs {
		in := intersect(a.content, b.content)
		j := float64(in) / float64(len(a.content)+len(b.content)-in)
		if j >= WordJaccardThreshold {
			return WordOverlap, j
		}
	}
	return NoMatch, 0
}

// normName lower-cases a name, folds apostrophes and drops punctuation and a
// leading "the".
func normName(s string) string {
	ws := normalize(s).words
	if len(ws) > 0 && ws[0] == "the" {
		ws = ws[1:]
	}
	return strings.Join(ws, " ")
}
