package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tWord  uint8 = iota // letters, digits, internal apostrophes, hyphens, dots
	tPunct              // any other visible character
	tQuote              // a double quote mark: " “ ” „ '' `` « »
)

// Token flags.
const (
	fCap      uint16 = 1 << iota // first letter upper case
	fAllCaps                     // every letter upper case, at least two letters
	fPoss                        // ends in 's, ’s or s’ (possessive)
	fOpen                        // quote mark that opens
	fClose                       // quote mark that closes
	fAbbrev                      // word with internal dots (U.S, D.C) or a known abbreviation
	fLinkSkip                    // the token is Markdown link syntax to be ignored
	fLy                          // lower-case word ending in -ly (an adverb, mostly)
	fImpress                     // seem/appear/expected (impressionCues)
	fTitle                       // in titles
	fNameStop                    // in titles, determiners or speakerStop: cannot start a name
	fNounCue                     // in nounCueWords
)

// token is one token of a paragraph: a byte range of the text.
type token struct {
	s, e  int
	kind  uint8
	flags uint16
	key   string    // lower-cased ASCII form for lexicon look-ups ("" when not in a lexicon)
	cue   *cueEntry // the cue lexicon entry of the word, if any
}

// maxKey bounds the words that are looked up in the lexicons.
const maxKey = 24

// keyCache maps a lower-cased word to its interned key. It holds only the
// words of the lexicons (filled at init, read-only afterwards): other
// words get the empty key, so tokenizing allocates nothing per word.
type keyCache map[string]vocabEntry

// vocabEntry is what tokenizing learns of a lexicon word in one look-up.
type vocabEntry struct {
	key   string
	cue   *cueEntry // nil unless the word is a cue form
	flags uint16    // fImpress, fTitle, fNameStop
}

var vocab = keyCache{}

// vtab is vocab as an open-addressing table keyed by FNV-1a, so that the
// tokenizer hashes a word while lower-casing it and probes without
// building a string. It is built once, after the lexicons (see init).
var vtab struct {
	mask    uint64
	slots   []vslot // open addressing; idx 0 empty
	entries []vocabEntry
}

// vslot is one slot of vtab: the word's full hash (compared before the
// word itself, so that a probe past other words reads no string) and
// index+1 into entries.
type vslot struct {
	h   uint32 // low half of the hash
	idx int32
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func buildVtab() {
	size := 1
	for size < 2*len(vocab) { // load factor <= 1/2: 8-byte slots, 32 KB for 1,400 words
		size <<= 1
	}
	vtab.mask = uint64(size - 1)
	vtab.slots = make([]vslot, size)
	vtab.entries = vtab.entries[:0]
	for w, e := range vocab {
		h := uint64(fnvOffset)
		for i := 0; i < len(w); i++ {
			h = (h ^ uint64(w[i])) * fnvPrime
		}
		vtab.entries = append(vtab.entries, e)
		j := h & vtab.mask
		for vtab.slots[j].idx != 0 {
			j = (j + 1) & vtab.mask
		}
		vtab.slots[j] = vslot{h: uint32(h), idx: int32(len(vtab.entries))}
	}
}

// vlookup finds the lower-cased word b whose FNV-1a hash is h; nil when
// b is not a lexicon word.
func vlookup(b []byte, h uint64) *vocabEntry {
	slots := vtab.slots
	mask := vtab.mask
	j := h & mask
	for {
		sl := &slots[j]
		if sl.idx == 0 {
			return nil
		}
		if sl.h == uint32(h) {
			e := &vtab.entries[sl.idx-1]
			if e.key == string(b) {
				return e
			}
		}
		j = (j + 1) & mask
	}
}

// vocabLens has bit n of entry c set when vocab holds a word of n bytes
// starting with byte c: most words not in vocab are rejected without a
// map look-up.
var vocabLens [128]uint32

func vocabMayHave(c byte, n int) bool {
	return c < 128 && n < 32 && vocabLens[c]&(1<<n) != 0
}

// intern adds the words of the lexicons to vocab.
func intern(words ...string) {
	for _, w := range words {
		if _, ok := vocab[w]; !ok {
			vocab[w] = vocabEntry{key: w}
		}
		if len(w) < 32 && w[0] < 128 {
			vocabLens[w[0]] |= 1 << len(w)
		}
	}
}

// tokenize appends the tokens of text[start:end] to toks. It runs in one
// pass over the bytes and never backtracks more than a bounded distance
// (Markdown link targets are skipped only when they close within 2 KB).
func tokenize(text string, start, end int, toks []token, kc keyCache) []token {
	var buf [maxKey]byte
	i := start
	for i < end {
		c := text[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' {
			i++
			continue
		}
		r, w := rune(c), 1
		if c >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(text[i:end])
			if r == 0xA0 || r == 0x2009 || r == 0x200B || r == 0x202F || r == 0xFEFF || (r != utf8.RuneError && unicode.IsSpace(r)) {
				i += w
				continue
			}
		}
		// Quote marks.
		switch {
		case c == '"' || r == '“' || r == '”' || r == '„' || r == '«' || r == '»':
			toks = append(toks, token{s: i, e: i + w, kind: tQuote, flags: quoteDir(text, start, end, i, w, r)})
			i += w
			continue
		case c == '\'' && i+2 < end && text[i+1] == c && text[i+2] == c && i > start && text[i-1] != ' ' && text[i-1] != '\n':
			// three marks closing a quote inside a quote ("'Kosovo is a
			// special case," then three marks): the first closes the
			// inner single quote, the pair after it the outer one.
			i++
			continue
		case (c == '\'' || c == '`') && i+1 < end && text[i+1] == c:
			// '' and `` used as double quotes (New York Times style).
			fl := fOpen
			if c == '\'' {
				fl = quoteDir(text, start, end, i, 2, '"')
			}
			toks = append(toks, token{s: i, e: i + 2, kind: tQuote, flags: fl})
			i += 2
			continue
		}
		// Markdown: [text](target) keeps only text; ** and __ are dropped.
		if c == '[' {
			toks = append(toks, token{s: i, e: i + 1, kind: tPunct, flags: fLinkSkip})
			i++
			continue
		}
		if c == ']' && i+1 < end && text[i+1] == '(' {
			j := i + 2
			lim := min(end, i+2048)
			for j < lim && text[j] != ')' && text[j] != '\n' {
				j++
			}
			if j < lim && text[j] == ')' {
				toks = append(toks, token{s: i, e: j + 1, kind: tPunct, flags: fLinkSkip})
				i = j + 1
				continue
			}
		}
		if (c == '*' || c == '_') && i+1 < end && text[i+1] == c {
			i += 2
			continue
		}
		if isWordRune(r) {
			j := i + w
			for j < end {
				c2 := text[j]
				if c2 < utf8.RuneSelf && asciiWord[c2] {
					j++
					continue
				}
				r2, w2 := rune(c2), 1
				if c2 >= utf8.RuneSelf {
					r2, w2 = utf8.DecodeRuneInString(text[j:end])
				}
				if isWordRune(r2) {
					j += w2
					continue
				}
				// Digit groups: 1,237
				if c2 == ',' && isDigit(text[j-1]) && j+1 < end && isDigit(text[j+1]) {
					j++
					continue
				}
				// Internal joiners: ' ’ - . & followed by a letter or digit.
				if c2 == '\'' || r2 == '’' || c2 == '-' || c2 == '.' || c2 == '&' || r2 == '‑' {
					k := j + w2
					if k < end {
						r3, _ := utf8.DecodeRuneInString(text[k:end])
						if isWordRune(r3) {
							j = k
							continue
						}
					}
					// Plural possessive: Democrats’ / Democrats'
					if (c2 == '\'' || r2 == '’') && (text[j-1] == 's' || text[j-1] == 'S') && !(c2 == '\'' && j+1 < end && text[j+1] == '\'') {
						j += w2
					}
				}
				break
			}
			t := token{s: i, e: j, kind: tWord}
			word := text[i:j]
			if 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r) {
				t.flags |= fCap
				upper, letters := true, 0
				for _, x := range word {
					if unicode.IsLetter(x) {
						letters++
						if !unicode.IsUpper(x) {
							upper = false
							break
						}
					}
				}
				if upper && letters >= 2 {
					t.flags |= fAllCaps
				}
			}
			n := len(word)
			if n > 3 && word[n-2] == 'l' && word[n-1] == 'y' && t.flags&fCap == 0 {
				t.flags |= fLy
			}
			if n >= 2 && (word[n-1] == 's' || word[n-1] == 'S') && word[n-2] == '\'' ||
				n >= 4 && (word[n-1] == 's' || word[n-1] == 'S') && word[n-4:n-1] == "’" ||
				n >= 2 && word[n-1] == '\'' || n >= 4 && word[n-3:] == "’" {
				t.flags |= fPoss
			}
			if n <= maxKey && vocabMayHave(word[0]|0x20, n) {
				ascii := true
				h := uint64(fnvOffset)
				for k := 0; k < n; k++ {
					b := word[k]
					if b >= utf8.RuneSelf {
						ascii = false
						break
					}
					if 'A' <= b && b <= 'Z' {
						b += 'a' - 'A'
					}
					buf[k] = b
					h = (h ^ uint64(b)) * fnvPrime
				}
				if ascii {
					if ve := vlookup(buf[:n], h); ve != nil {
						t.key, t.cue = ve.key, ve.cue
						t.flags |= ve.flags
					}
				}
			}
			if strings.IndexByte(word, '.') >= 0 {
				t.flags |= fAbbrev
			}
			toks = append(toks, t)
			i = j
			continue
		}
		if c == '.' && i+2 < end && text[i+1] == '.' && text[i+2] == '.' {
			toks = append(toks, token{s: i, e: i + 3, kind: tPunct, key: "..."})
			i += 3
			continue
		}
		t := token{s: i, e: i + w, kind: tPunct}
		if c < utf8.RuneSelf {
			t.key = punctKeys[c]
		} else if r == '—' || r == '–' {
			t.key = "--"
		} else if r == '…' {
			t.key = "..."
		}
		toks = append(toks, t)
		i += w
	}
	return toks
}

var punctKeys [128]string

func init() {
	for c := 33; c < 127; c++ {
		if !(('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')) {
			punctKeys[c] = string(rune(c))
		}
	}
}

var asciiWord [128]bool

func init() {
	buildVtab() // token.go's init runs after lexicon.go's
	for c := 0; c < 128; c++ {
		asciiWord[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '$' || c == '%' || c == '#' || c == '@'
	}
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && asciiWord[r]
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// quoteDir decides whether the quote mark at text[i:i+w] opens or closes.
// Curly marks say so themselves; a straight mark opens when it follows
// space, the paragraph start or an opening bracket and precedes a
// non-space, and closes otherwise.
func quoteDir(text string, start, end, i, w int, r rune) uint16 {
	switch r {
	case '“', '„', '«':
		return fOpen
	case '”', '»':
		return fClose
	}
	before := i == start
	if !before {
		p, _ := utf8.DecodeLastRuneInString(text[start:i])
		before = unicode.IsSpace(p) || p == utf8.RuneError || p == '(' || p == '[' || p == '—' || p == '–' || p == '-' || p == '‘' || p == '/' || p == 0xA0
	}
	after := i+w >= end
	if !after {
		n, _ := utf8.DecodeRuneInString(text[i+w : end])
		after = unicode.IsSpace(n) || n == ',' || n == '.' || n == ';' || n == ':' || n == ')' || n == '?' || n == '!'
	}
	switch {
	case before && !after:
		return fOpen
	case after && !before:
		return fClose
	case before && after:
		return fOpen | fClose // a lone mark: either
	}
	return fClose
}
