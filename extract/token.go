package extract

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// Token kinds.
const (
	tWord  uint8 = iota // letters, digits, internal apostrophes, hyphens, dots
	tPunct              // any other visible character
	tQuote              // a double quote mark: " “ ” „ '' `` « »
)

// Token flags. Those the lexicon gives a word come first (bits 0-15:
// the lexicon holds them as uint16); the tokenizer and the quote pairing
// set the others.
const (
	fImpress   uint32 = 1 << iota // seem/appear/expected (impressionCues)
	fTitle                        // in titles
	fNameStop                     // in titles, determiners or speakerStop: cannot start a name
	fNounCue                      // in nounCueWords
	fCue                          // a cue form (token.cue() is not nil)
	fSpeech                       // a cue form of a speech verb (cue().speech)
	fAccording                    // "according"
	fAsked                        // "asked"
	fColon                        // ":"
	fPoll                         // in pollWords
	fCap                          // first letter upper case
	fAllCaps                      // every letter upper case, at least two letters
	fPoss                         // ends in 's, ’s or s’ (possessive)
	fOpen                         // quote mark that opens
	fClose                        // quote mark that closes
	fAbbrev                       // word with internal dots (U.S, D.C) or a known abbreviation
	fLinkSkip                     // the token is Markdown link syntax to be ignored
	fLy                           // lower-case word ending in -ly (an adverb, mostly)
	fInQuote                      // in a quote, its marks included (set by splitSentences)
	fTerm                         // terminal punctuation: . ! ? or an ellipsis (isTerminal)
)

// lexiconFlags are the flags a lexicon entry may carry.
const lexiconFlags = fImpress | fTitle | fNameStop | fNounCue | fCue | fSpeech | fAccording | fAsked | fColon | fPoll

// triggers are the flags whose absence from a sentence lets sentence
// skip the rules that start at them.
const triggers = fImpress | fNounCue | fCue | fAccording | fAsked | fColon | fPoll

// token is one token of a paragraph: a byte range of the text.
//
// It holds no pointers, so a paragraph's token buffer costs the garbage
// collector nothing to scan: what the lexicons know of the word is at
// index v of vtab's arrays.
type token struct {
	s, e  int32
	flags uint32
	v     uint16 // index of the word's lexicon entry in vtab (keys, sets, ...); 0: none
	kind  uint8
}

// key is the lower-cased ASCII form of a lexicon word or the punctuation
// mark ("" for a word in no lexicon).
func (t *token) key() string { return vtab.keys[t.v] }

// cue is the cue lexicon entry of the word, if any.
func (t *token) cue() *cueEntry { return vtab.cues[t.v] }

// maxKey bounds the words that are looked up in the lexicons.
const maxKey = 24

// keyCache maps a lower-cased word to what the lexicons know of it. It
// holds only the words of the lexicons and the punctuation marks (filled
// at init, read-only afterwards), so tokenizing allocates nothing.
type keyCache map[string]vocabEntry

// vocabEntry is what tokenizing learns of a lexicon word in one look-up.
type vocabEntry struct {
	key   string
	cue   *cueEntry // nil unless the word is a cue form
	sets  uint64    // bit wordSet.bit of every set holding the word
	flags uint16    // fImpress, fTitle, fNameStop, fNounCue, fCue, ... (bits 0-15)
}

var vocab = keyCache{}

// vtab is vocab as arrays indexed by entry (denser in the cache than one
// array of vocabEntry), built once after the lexicons (see init); index 0
// is the empty entry of words in no lexicon. Words are found in it through
// lex, a perfect-hash table.
var vtab struct {
	keys []string
	sets []uint64
	cues []*cueEntry
	pron []crux.ActorKind // the kind of a pronoun ("" for other words)
}

// punctV is the vtab index of each ASCII punctuation mark; ellipsisV and
// dashV those of "..." and "--" (a Unicode ellipsis and dashes).
var (
	punctV           [128]uint16
	ellipsisV, dashV uint16
)

// punctTok is, for each ASCII punctuation mark, the flags and lexicon
// index of its token, as flags | index: fTerm for terminal punctuation
// (a table of 256: a byte indexes it without a bounds check).
var punctTok [256]uint32

// fold8 is a word of up to eight bytes as a little-endian word with
// bit 5 of each byte set (see lexKey).
func fold8(w string) uint64 {
	var x uint64
	for k := len(w) - 1; k >= 0; k-- {
		x = x<<8 | uint64(w[k]|0x20)
	}
	return x
}

// The lexicon's ASCII words are found through two perfect-hash tables
// ("hash and displace"), one for words of up to eight bytes (most words
// of a text, and all that the tokenizer's fast path looks up) and one
// for longer words (and those of eight bytes again, for the tokenizer's
// scan of 8 to 15 bytes): a word's hash picks a bucket, the bucket's
// displacement moves the hash to the one slot that can hold the word, and
// one comparison of keys says whether it does. A look-up is then two
// dependent reads, mostly of one cache line, and no branch: most words of
// a text are in no lexicon and a branch on that guesses wrong often,
// while reads whose result no branch waits for overlap with the
// tokenizer's other work.
//
// A word's key (see lexKey) is its first eight bytes and, for a longer
// word, its last eight bytes with its length in their high bits, each
// byte with bit 5 set. On the bytes a word can hold (ASCII letters and
// digits, $ % # @ and the joiners ' - . & ,) setting bit 5 is exactly
// lower-casing, except that it maps @ to a backquote, which no word
// holds; bit 7 of an ASCII byte is clear, which leaves it for the length.
// The key is the whole word up to 16 bytes; a longer match (up to maxKey)
// is confirmed against the word itself. No key is zero: an empty slot
// matches nothing.
var lexShort struct {
	seed  uint64         // mixed into every hash: the first that lets buildLex place every word
	disp  [1 << 9]uint16 // per bucket: how far its words' slots are moved
	slots [1 << 11]struct {
		a    uint64 // the key
		data uint32 // entry index | lexicon flags << 16
	}
}

var lexLong struct {
	seed  uint64
	disp  [1 << 8]uint16
	slots [1 << 10]struct {
		a, b uint64
		data uint32
	}
}

// lenBits[n] spreads the length n over bit 7 of the key's bytes.
var lenBits = func() (t [maxKey + 1]uint64) {
	for n := range t {
		for k := 0; k < 5; k++ {
			t[n] |= uint64(n>>k&1) << (8*k + 7)
		}
	}
	return t
}()

// lexKey is the key of the ASCII word w (1 to maxKey bytes); b is 0 for
// a word of up to eight bytes.
func lexKey(w string) (a, b uint64) {
	if len(w) <= 8 {
		return fold8(w), 0
	}
	return fold8(w[:8]), fold8(w[len(w)-8:]) | lenBits[len(w)]
}

// lexHash mixes a key and a table's seed (see mix).
func lexHash(a, b, seed uint64) uint64 {
	return mix(a ^ b*0xff51afd7ed558ccd ^ seed)
}

// mix: a Fibonacci multiply (whose high bits depend on every bit of x)
// and its high half folded into the low one.
func mix(x uint64) uint64 {
	x *= 0x9e3779b97f4a7c15
	return x ^ x>>32
}

// slotAt is the slot (of a table of mask+1) where a key with hash h lies
// when its bucket's displacement is d: the low bits of h plus d. (Two
// words of one bucket whose hashes share their low bits share their slot
// at every displacement; placeKeys then tries another seed.)
func slotAt(h uint64, d, mask uint32) uint32 {
	return (uint32(h) + d) & mask
}

// findShort is the entry of the word of up to eight bytes with key a:
// its index | its lexicon flags << 16; 0 for a word in no lexicon. No
// branch.
func findShort(a uint64) uint32 {
	h := mix(a ^ lexShort.seed) // lexHash(a, 0, seed)
	sl := &lexShort.slots[slotAt(h, uint32(lexShort.disp[h>>(64-9)]), 1<<11-1)]
	d := sl.data
	if sl.a != a {
		d = 0
	}
	return d
}

// findLong is findShort for a longer word, with key (a, b).
func findLong(a, b uint64) (uint16, uint16) {
	t := &lexLong
	h := lexHash(a, b, t.seed)
	sl := &t.slots[slotAt(h, uint32(t.disp[h>>(64-8)]), uint32(len(t.slots)-1))]
	d := sl.data
	if (sl.a^a)|(sl.b^b) != 0 {
		d = 0
	}
	return uint16(d), uint16(d >> 16)
}

// lexFind looks up the word with key (a, b) in its table.
func lexFind(a, b uint64) (uint16, uint16) {
	if b == 0 {
		d := findShort(a)
		return uint16(d), uint16(d >> 16)
	}
	return findLong(a, b)
}

// buildLex fills the two tables with the words (index v+1 for words[v]).
func buildLex(words []string, flags []uint16) {
	var short, long []phKey
	for v, w := range words {
		if w == "" || w[0] >= utf8.RuneSelf || !asciiWord[w[0]] || len(w) > maxKey {
			continue // punctuation is found by byte (punctV)
		}
		a, b := lexKey(w)
		k := phKey{a: a, b: b, data: uint32(v+1) | uint32(flags[v])<<16}
		if b == 0 {
			short = append(short, k)
		} else {
			long = append(long, k)
		}
		if len(w) == 8 {
			// also in the long table, keyed as a longer word is (its
			// last eight bytes, the same, with its length): tokenize's
			// scan of 8 to 15 bytes then looks every word up there.
			k.b = a | lenBits[8]
			long = append(long, k)
		}
	}
	seed, at := placeKeys(short, lexShort.disp[:], len(lexShort.slots))
	lexShort.seed = seed
	for n, k := range short {
		lexShort.slots[at[n]].a, lexShort.slots[at[n]].data = k.a, k.data
	}
	seed, at = placeKeys(long, lexLong.disp[:], len(lexLong.slots))
	lexLong.seed = seed
	for n, k := range long {
		sl := &lexLong.slots[at[n]]
		sl.a, sl.b, sl.data = k.a, k.b, k.data
	}
}

// phKey is a key to place in a perfect-hash table, with its slot's data.
type phKey struct {
	a, b uint64
	data uint32
}

// placeKeys finds a seed and the buckets' displacements (disp, whose
// length is the number of buckets, a power of two) that put every key in
// a slot of its own among nslots (a power of two): buckets are placed
// largest first, each at the first displacement that puts all of its
// keys in free slots; should a bucket find none, the next seed is
// tried. It returns the seed and each key's slot.
func placeKeys(keys []phKey, disp []uint16, nslots int) (uint64, []uint32) {
	shift := 64 - bits.TrailingZeros(uint(len(disp)))
	mask := uint32(nslots - 1)
	hs := make([]uint64, len(keys))
	at := make([]uint32, len(keys))
	for try := uint64(0); try < 64; try++ {
		seed := try * 0x9e3779b97f4a7c15
		buckets := make([][]int, len(disp))
		for n, k := range keys {
			hs[n] = lexHash(k.a, k.b, seed)
			bk := hs[n] >> shift
			buckets[bk] = append(buckets[bk], n)
		}
		order := make([]int, len(disp))
		for k := range order {
			order[k] = k
		}
		sort.SliceStable(order, func(i, j int) bool { return len(buckets[order[i]]) > len(buckets[order[j]]) })
		used := make([]bool, nslots)
		ok := true
		for _, bk := range order {
			ks := buckets[bk]
			if len(ks) == 0 {
				break
			}
			placed := false
		search:
			for d := range uint32(min(nslots, 1<<16)) {
				for n, k := range ks {
					s := slotAt(hs[k], d, mask)
					if used[s] {
						continue search
					}
					for _, k2 := range ks[:n] {
						if slotAt(hs[k2], d, mask) == s {
							continue search
						}
					}
				}
				disp[bk] = uint16(d)
				for _, k := range ks {
					at[k] = slotAt(hs[k], d, mask)
					used[at[k]] = true
				}
				placed = true
				break
			}
			if !placed {
				ok = false
				break
			}
		}
		if ok {
			return seed, at
		}
	}
	panic("extract: no perfect hash for the lexicon")
}

// lowerASCII maps an ASCII byte to its lower case; wordLower maps the
// ASCII bytes that make words (letters, digits, $ % # @) to their lower
// case and every other byte to 0.
var lowerASCII, wordLower [256]byte

func buildVtab() {
	for c := range lowerASCII {
		lowerASCII[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			lowerASCII[c] = byte(c) + 'a' - 'A'
		}
		if c < 128 && asciiWord[c] {
			wordLower[c] = lowerASCII[c]
		}
	}
	for c := 33; c < 127; c++ {
		if !(('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')) {
			w := string(rune(c))
			if _, ok := vocab[w]; !ok {
				vocab[w] = vocabEntry{key: w}
			}
		}
	}
	for _, w := range []string{"...", "--"} {
		if _, ok := vocab[w]; !ok {
			vocab[w] = vocabEntry{key: w}
		}
	}
	for w, fl := range map[string]uint32{"according": fAccording, "asked": fAsked, ":": fColon} {
		ve := vocab[w]
		ve.flags |= uint16(fl)
		vocab[w] = ve
	}
	for w, ve := range vocab {
		if ve.cue != nil {
			ve.flags |= uint16(fCue)
			if ve.cue.speech {
				ve.flags |= uint16(fSpeech)
			}
			vocab[w] = ve
		}
	}
	words := make([]string, 0, len(vocab))
	for w := range vocab {
		words = append(words, w)
	}
	sort.Strings(words) // the same indices on every run
	if len(words) >= 1<<16 {
		panic("extract: more than 65535 lexicon words")
	}
	vtab.keys, vtab.sets, vtab.cues, vtab.pron = append(vtab.keys[:0], ""), append(vtab.sets[:0], 0), append(vtab.cues[:0], nil), append(vtab.pron[:0], "")
	flags := make([]uint16, len(words))
	for k, w := range words {
		ve := vocab[w]
		vtab.keys = append(vtab.keys, ve.key)
		vtab.sets = append(vtab.sets, ve.sets)
		vtab.cues = append(vtab.cues, ve.cue)
		vtab.pron = append(vtab.pron, pronouns[w])
		flags[k] = ve.flags
		v := uint16(len(vtab.keys) - 1)
		switch {
		case len(w) == 1 && w[0] < 128 && !asciiWord[w[0]]:
			punctV[w[0]] = v
			punctTok[w[0]] = uint32(v)
			if w == "." || w == "!" || w == "?" {
				punctTok[w[0]] |= fTerm
			}
		case w == "...":
			ellipsisV = v
		case w == "--":
			dashV = v
		}
	}
	buildLex(words, flags)
	setWordIndices()
}

// lexiconIndex is the index of the lexicon entry of the ASCII word w (of
// at most maxKey bytes, in any case), as the tokenizer finds it; 0 when w
// is not a lexicon word.
func lexiconIndex(w string) uint16 {
	v, _ := lexFind(lexKey(w))
	if len(w) > 16 && (len(vtab.keys[v]) != len(w) || !equalLower(w, vtab.keys[v])) {
		return 0
	}
	return v
}

// load64 reads text[j:j+8] as a little-endian word (one load).
func load64(text string, j int) uint64 {
	b := text[j : j+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// nonAlnum has the high bit set of each byte of x that is not an ASCII
// letter or digit (SWAR: each byte is tested on its low seven bits, so
// no carry crosses bytes, and bytes >= 0x80 count as not alphanumeric).
func nonAlnum(x uint64) uint64 {
	const (
		lo7  = 0x7f7f7f7f7f7f7f7f
		hi1  = 0x8080808080808080
		ones = 0x0101010101010101
	)
	y := x & lo7
	l := y | fold // letters in lower case
	letter := (l + (0x80-'a')*ones) &^ (l + (0x7f-'z')*ones)
	digit := (y + (0x80-'0')*ones) &^ (y + (0x7f-'9')*ones)
	return ^((letter | digit) &^ x) & hi1
}

// longAlnumFlags are the tokenizer's flags of a word of 8 to 15 ASCII
// letters and digits, given as its first eight bytes w1, the rest w2
// (zero past the word) and its last two bytes, as the byte-by-byte path
// sets them: fCap when the first byte is a capital, fAllCaps when no
// letter is lower case and at least two are capitals, fLy for a
// lower-case word ending in "ly" (shortFlags, by the same four bits as
// alnumFlags). Such a word has no apostrophe (fPoss) and no dot
// (fAbbrev). No branch: which words are capitalised is unpredictable. (tokenize takes it only for the words that have more
// flags than fCap: a capital after the first byte, or -ly.)
func longAlnumFlags(w1, w2 uint64, last1, last uint8) uint32 {
	lower1, upper1 := cases(w1)
	lower2, upper2 := cases(w2)
	first := upper1 >> 7 & 1
	other := uint64(b2u(upper1&^0x80|upper2 != 0)) << 1
	anyLower := uint64(b2u(lower1|lower2 != 0)) << 2
	return shortFlags[first|other|anyLower|uint64(b2u(last1 == 'l' && last == 'y'))<<3]
}

// cases has the high bit set of each lower-case and each capital letter
// of w, eight bytes that are ASCII letters, digits or zero: a byte is a
// lower-case letter when it is at least 'a' (adding 0x1f reaches 0x80),
// a letter when it is at least 'A' (adding 0x3f); no sum carries into
// the next byte ('z' + 0x3f < 0x100).
func cases(w uint64) (lower, upper uint64) {
	const (
		hi1  = 0x8080808080808080
		ones = 0x0101010101010101
	)
	lower = (w + 0x1f*ones) & hi1
	return lower, (w + 0x3f*ones) & hi1 &^ lower
}

// alnumFlags are the tokenizer's flags of a word of nw (1 to 8) ASCII
// letters and digits, w (zero past the word), as longAlnumFlags gives
// them: four bits of the word pick them in shortFlags, without a branch.
// caps has bit 8j for a capital at byte j, so min(caps, 2) | caps&1 is 1
// for a capital first letter | 2 for others; lower has bit 8j+7 for a
// lower-case letter at byte j, so min(lower, 4) is 4 for any.
func alnumFlags(w uint64, nw int) uint32 {
	lower, upper := cases(w)
	caps := upper >> 7
	return shortFlags[(min(caps, 2)|caps&1|min(lower, 4)|uint64(b2u((w*lyTop[nw])>>48 == 'l'|'y'<<8))<<3)&15]
}

// shortFlags are the tokenizer's flags of a word of ASCII letters and
// digits by four bits: 1, its first letter is a capital; 2, another
// letter is; 4, a letter is lower case; 8, it has at least four bytes
// and ends in "ly". As longAlnumFlags and the byte-by-byte scan set
// them: fCap for a capital first letter, fAllCaps also when no letter is
// lower case and at least two are capitals, fLy for a word of four bytes
// or more ending in "ly" that does not start with a capital.
var shortFlags = func() (t [16]uint32) {
	for x := range t {
		switch {
		case x&1 != 0 && x&2 != 0 && x&4 == 0:
			t[x] = fCap | fAllCaps
		case x&1 != 0:
			t[x] = fCap
		case x&8 != 0:
			t[x] = fLy
		}
	}
	return t
}()

// b2u is 1 for true, 0 for false (a SETcc, no branch).
func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// swarWords enables the eight-byte word scan in tokenize (tests turn it
// off to compare with the byte-by-byte scan).
var swarWords = true

// endsWord marks the ASCII bytes that end a word whatever follows them:
// white space and punctuation that never joins two parts of a word.
var endsWord = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r\f\v\"();:!?/[]{}<>*_|=+~^`") {
		t[c] = true
	}
	return t
}()

// keep8[n] keeps the first n bytes of a little-endian word.
var keep8 = func() (m [9]uint64) {
	for n := 1; n <= 8; n++ {
		m[n] = m[n-1] | 0xff<<(8*(n-1))
	}
	return m
}()

// lyTop[n] moves the last two bytes of an n-byte word to the top when
// multiplied with it (1 << (64-8n)): a multiply by a table entry in
// place of a shift by 8n, which on amd64 wants its count in CX, a
// register the tokenizer's loop needs for more. It is 0 for words of
// under four bytes, which fLy leaves out.
var lyTop = func() (m [9]uint64) {
	for n := 4; n <= 8; n++ {
		m[n] = 1 << (64 - 8*n)
	}
	return m
}()

// fold sets bit 5 of every byte.
const fold = 0x2020202020202020

// equalLower reports whether word lower-cases (ASCII) to key, of the same
// length.
func equalLower(word, key string) bool {
	for k := 0; k < len(key); k++ {
		if lowerASCII[word[k]] != key[k] {
			return false
		}
	}
	return true
}

// intern adds the words of the lexicons to vocab.
func intern(words ...string) {
	for _, w := range words {
		if _, ok := vocab[w]; !ok {
			vocab[w] = vocabEntry{key: w}
		}
	}
}

// plainPunct marks the ASCII bytes that other makes a punctuation token
// of one byte whatever surrounds them (with no flag), save a period that
// starts "...": no white space, quote mark, Markdown syntax or colon.
var plainPunct = func() (t [256]bool) {
	for c := 0; c < 128; c++ {
		t[c] = !asciiWordByte(byte(c)) && !strings.ContainsRune(" \t\r\n\f\v\"'`[]*_:", rune(c))
	}
	return t
}()

// tokChunk is how many bytes tokenize reads between two checks that the
// token buffer has room (see tokenize).
const tokChunk = 4096

// putToken writes a token in place. (An assignment of a token literal
// builds the token on the stack and copies it, and the copy, a 16-byte
// load of what four narrower stores just wrote, waits for them.)
func putToken(t *token, s, e int, flags uint32, v uint16, kind uint8) {
	t.s, t.e, t.flags, t.v, t.kind = int32(s), int32(e), flags, v, kind
}

// tokenize appends the tokens of text[start:end] to toks. It runs in one
// pass over the bytes and never backtracks more than a bounded distance
// (Markdown link targets are skipped only when they close within 2 KB).
// Each word is looked up in the lexicon once (see lexFind). It also
// returns how many quote marks and Markdown link tokens it appended and
// the words' flags, so that later passes can skip what cannot matter.
//
// Tokens are written in place, not appended: every token holds at least
// one byte, so before each tokChunk bytes the buffer is grown to hold as
// many more tokens, and the loop has no call to grow it (a call in the
// loop makes the compiler keep the loop's variables in memory).
func tokenize(text string, start, end int, toks []token) ([]token, tokCounts) {
	var n tokCounts
	whole := text     // for slowWord's eight-byte scan, which may read past end
	text = text[:end] // lets the compiler drop bounds checks against end
	i := start
	nt := len(toks)
	for i < len(text) {
		lim := min(len(text), i+tokChunk)
		if cap(toks)-nt < lim-i {
			toks = slices.Grow(toks[:nt], lim-i)
		}
		buf := toks[:cap(toks)]
		for i < lim {
			c := text[i]
			if wordLower[c] == 0 {
				// (A space is rare here: the scans below and other take
				// the space after a token with it; other takes the others.)
				if plainPunct[c] && !(c == '.' && i+2 < len(text) && text[i+1] == '.' && text[i+2] == '.') {
					// A comma, a period, ...: the token other makes, without
					// its tests for the marks that need more.
					pt := punctTok[c]
					putToken(&buf[nt], i, i+1, pt&^0xffff, uint16(pt), tPunct)
					nt++
					i++
					if i < len(text) && text[i] == ' ' {
						i++ // the space after most commas and periods
					}
					continue
				}
				var word bool
				var r rune
				var w int
				if nt, i, word, r, w = other(text, start, i, buf, nt, &n); word {
					// A word that starts with a non-ASCII letter.
					j, fl, v := slowWord(text, &whole, i, r, w)
					n.flags |= fl
					putToken(&buf[nt], i, j, fl, v, tWord)
					nt++
					i = j
					if i < len(text) && text[i] == ' ' {
						i++
					}
				}
				continue
			}
			// A word: letters, digits and internal joiners, from text[i].
			if swarWords && i+8 <= len(text) {
				// Most words are under eight ASCII letters and digits ending
				// at a space or punctuation that joins nothing: find the end
				// in the eight bytes at once.
				x8 := load64(text, i)
				if na := nonAlnum(x8); na != 0 {
					if k := i + bits.TrailingZeros64(na)>>3; k > i && (endsWord[text[k]] || (text[k] == ',' || text[k] == '.') && k+1 < len(text) && wordLower[text[k+1]] == 0 && text[k+1] < utf8.RuneSelf) {
						// Letters and digits only: the flags come from the
						// eight bytes too, as alnumFlags gives them. Nearly
						// every word has no capital but maybe its first
						// letter and does not end in -ly, so that its only
						// flag is fCap, the first byte's bit of upper (bit 7)
						// moved to it (bit 10, see TestTokenLayout), without
						// a branch on it; the few others (acronyms, "iPhone",
						// adverbs) take alnumFlags, behind a branch that
						// guesses well. (Whether a word is capitalised is
						// too irregular to branch on.)
						nw := k - i
						w := x8 & keep8[nw]
						_, upper := cases(w)
						fl := uint32(upper<<3) & fCap
						if upper > 0xff || (w*lyTop[nw])>>48 == 'l'|'y'<<8 {
							fl = alnumFlags(w, nw)
						}
						d := findShort(w | fold&keep8[nw])
						fl |= d >> 16
						n.flags |= fl
						putToken(&buf[nt], i, k, fl, uint16(d), tWord)
						nt++
						i = k
						if text[i] == ' ' {
							i++
						}
						continue
					}
				} else if i+16 <= len(text) {
					// Eight letters and digits: the same with the next
					// eight bytes, for words of 8 to 15 bytes.
					y8 := load64(text, i+8)
					if na := nonAlnum(y8); na != 0 {
						if k := i + 8 + bits.TrailingZeros64(na)>>3; k+1 < len(text) && (endsWord[text[k]] || (text[k] == ',' || text[k] == '.') && wordLower[text[k+1]] == 0 && text[k+1] < utf8.RuneSelf) {
							nw := k - i
							// (as above: most words take fCap alone)
							w2 := y8 & keep8[nw-8]
							_, up1 := cases(x8)
							_, up2 := cases(w2)
							fl := uint32(up1<<3) & fCap
							if up1 > 0xff || up2 != 0 || text[k-2] == 'l' && text[k-1] == 'y' {
								fl = longAlnumFlags(x8, w2, text[k-2], text[k-1])
							}
							// (Words of eight bytes are in the long table too,
							// see buildLex.)
							v, vf := findLong(x8|fold, load64(text, k-8)|fold|lenBits[nw])
							fl |= uint32(vf)
							n.flags |= fl
							putToken(&buf[nt], i, k, fl, v, tWord)
							nt++
							i = k
							if text[i] == ' ' {
								i++
							}
							continue
						}
					}
				}
			}
			j, fl, v := slowWord(text, &whole, i, rune(c), 1)
			n.flags |= fl
			putToken(&buf[nt], i, j, fl, v, tWord)
			nt++
			i = j
			if i < len(text) && text[i] == ' ' {
				i++ // the space after most words, without another turn
			}
		}
	}
	return toks[:nt], n
}

// slowWord scans the word at text[i] (whose first rune r is w bytes
// long) byte by byte: letters, digits and internal joiners. It returns
// the word's end, its flags and its lexicon entry. (Kept out of tokenize,
// which calls it for the words its eight-byte scans do not take, so
// that its loop over words stays small.)
//
// A word of up to eight ASCII letters and digits at the end of the
// paragraph text (the last word, its end or the punctuation after it
// the paragraph's last byte), which tokenize's scan leaves, is taken as
// tokenize would from the eight bytes at i of *whole, the text that
// text is the start of, when it has them: the bytes past the end of
// text end the word. (A pointer: tokenize keeps whole in memory, not in
// a register its loop needs.)
func slowWord(text string, whole *string, i int, r rune, w int) (int, uint32, uint16) {
	c := text[i]
	if swarWords && i+8 >= len(text) && i+8 <= len(*whole) && wordLower[c] != 0 {
		x8 := load64(*whole, i)
		na := nonAlnum(x8)
		if i+8 > len(text) {
			na |= 0x8080808080808080 &^ keep8[len(text)-i]
		}
		if k := i + bits.TrailingZeros64(na)>>3; k > i && (k == len(text) || endsWord[text[k]] || (text[k] == ',' || text[k] == '.') && (k+1 == len(text) || wordLower[text[k+1]] == 0 && text[k+1] < utf8.RuneSelf)) {
			nw := k - i
			w := x8 & keep8[nw]
			d := findShort(w | fold&keep8[nw])
			return k, alnumFlags(w, nw) | d>>16, uint16(d)
		}
	}
	j := i + w
	ascii := c < utf8.RuneSelf
	dot := false
	for j < len(text) {
		c2 := text[j]
		if lw := wordLower[c2]; lw != 0 {
			j++
			continue
		}
		r2, w2 := rune(c2), 1
		if c2 >= utf8.RuneSelf {
			r2, w2 = utf8.DecodeRuneInString(text[j:])
			if isWordRune(r2) {
				ascii = false
				j += w2
				continue
			}
		}
		// Digit groups: 1,237
		if c2 == ',' && isDigit(text[j-1]) && j+1 < len(text) && isDigit(text[j+1]) {
			j++
			continue
		}
		// Internal joiners: ' ’ - . & followed by a letter or digit.
		if c2 == '\'' || r2 == '’' || c2 == '-' || c2 == '.' || c2 == '&' || r2 == '‑' {
			k := j + w2
			if k < len(text) {
				c3 := text[k]
				if wordLower[c3] != 0 || c3 >= utf8.RuneSelf && isWordRune(firstRune(text[k:])) {
					ascii = ascii && w2 == 1
					dot = dot || c2 == '.'
					j = k
					continue
				}
			}
			// Plural possessive: Democrats’ / Democrats'
			if (c2 == '\'' || r2 == '’') && (text[j-1] == 's' || text[j-1] == 'S') && !(c2 == '\'' && j+1 < len(text) && text[j+1] == '\'') {
				ascii = ascii && w2 == 1
				j += w2
			}
		}
		break
	}
	word := text[i:j]
	var fl uint32
	if 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf && !(0x2000 <= r && r <= 0x206f) && unicode.IsUpper(r) {
		fl = fCap
		if allCaps(word) {
			fl |= fAllCaps
		}
	}
	if dot {
		fl |= fAbbrev
	}
	nw := len(word)
	switch word[nw-1] {
	case 'y':
		if nw > 3 && word[nw-2] == 'l' && fl&fCap == 0 {
			fl |= fLy
		}
	case 's', 'S':
		if nw >= 2 && word[nw-2] == '\'' || nw >= 4 && word[nw-4:nw-1] == "’" {
			fl |= fPoss
		}
	case '\'':
		fl |= fPoss
	case 0x99: // last byte of ’
		if nw >= 4 && word[nw-3:] == "’" {
			fl |= fPoss
		}
	}
	var v uint16
	if ascii && nw <= maxKey {
		var a, b uint64
		switch {
		case nw > 8:
			a = load64(text, i) | fold
			b = load64(text, j-8) | fold | lenBits[nw]
		case i+8 <= len(text):
			a = (load64(text, i) | fold) & keep8[nw]
		default:
			a = fold8(word)
		}
		var vf uint16
		v, vf = lexFind(a, b)
		if nw > 16 && (len(vtab.keys[v]) != nw || !equalLower(word, vtab.keys[v])) {
			v, vf = 0, 0
		}
		fl |= uint32(vf)
	}
	return j, fl, v
}

// other tokenizes what starts at text[i] when it is not an ASCII letter
// or digit: white space, quote marks, Markdown syntax, punctuation,
// writing its token (if any) at toks[nt], which tokenize has made room
// for, and returning the new count and where to go on (past the space
// after the token, if any: see spaceAfter). It returns word true, and
// the rune at i, when a non-ASCII word starts there. (Kept out of
// tokenize so that its loop over words stays small.)
func other(text string, start, i int, toks []token, nt int, n *tokCounts) (int, int, bool, rune, int) {
	c := text[i]
	r, w := rune(c), 1
	if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' {
		i++
		return nt, i, false, r, w
	}
	if c >= utf8.RuneSelf {
		r, w = utf8.DecodeRuneInString(text[i:])
		if r == 0xA0 || r == 0x200B || r == 0xFEFF || (r != utf8.RuneError && isSpaceRune(r)) {
			i += w
			return nt, i, false, r, w
		}
	}
	// Quote marks.
	switch {
	case c == '"' || r == '“' || r == '”' || r == '„' || r == '«' || r == '»':
		putToken(&toks[nt], i, i+w, quoteDir(text, start, len(text), i, w, r), 0, tQuote)
		n.quotes++
		i += w
		return nt + 1, spaceAfter(text, i), false, r, w
	case c == '\'' && i+2 < len(text) && text[i+1] == c && text[i+2] == c && i > start && text[i-1] != ' ' && text[i-1] != '\n':
		// three marks closing a quote inside a quote ("'Kosovo is a
		// special case," then three marks): the first closes the
		// inner single quote, the pair after it the outer one.
		i++
		return nt, i, false, r, w
	case (c == '\'' || c == '`') && i+1 < len(text) && text[i+1] == c:
		// '' and `` used as double quotes (New York Times style).
		fl := fOpen
		if c == '\'' {
			fl = quoteDir(text, start, len(text), i, 2, '"')
		}
		putToken(&toks[nt], i, i+2, fl, 0, tQuote)
		n.quotes++
		i += 2
		return nt + 1, spaceAfter(text, i), false, r, w
	}
	// Markdown: [text](target) keeps only text; ** and __ are dropped.
	if c == '[' {
		putToken(&toks[nt], i, i+1, fLinkSkip, punctV['['], tPunct)
		n.links++
		i++
		return nt + 1, spaceAfter(text, i), false, r, w
	}
	if c == ']' && i+1 < len(text) && text[i+1] == '(' {
		j := i + 2
		lim := min(len(text), i+2048)
		for j < lim && text[j] != ')' && text[j] != '\n' {
			j++
		}
		if j < lim && text[j] == ')' {
			putToken(&toks[nt], i, j+1, fLinkSkip, 0, tPunct)
			n.links++
			i = j + 1
			return nt + 1, spaceAfter(text, i), false, r, w
		}
	}
	if (c == '*' || c == '_') && i+1 < len(text) && text[i+1] == c {
		i += 2
		return nt, i, false, r, w
	}
	if c < utf8.RuneSelf || !isWordRune(r) {
		if c == '.' && i+2 < len(text) && text[i+1] == '.' && text[i+2] == '.' {
			putToken(&toks[nt], i, i+3, fTerm, ellipsisV, tPunct)
			i += 3
			return nt + 1, spaceAfter(text, i), false, r, w
		}
		var v uint16
		var fl uint32
		if c < utf8.RuneSelf {
			pt := punctTok[c]
			v, fl = uint16(pt), pt&^0xffff
			if c == ':' {
				fl = fColon
				n.flags |= fColon
			}
		} else if r == '—' || r == '–' {
			v = dashV
		} else if r == '…' {
			v, fl = ellipsisV, fTerm
		}
		putToken(&toks[nt], i, i+w, fl, v, tPunct)
		i += w
		return nt + 1, spaceAfter(text, i), false, r, w
	}
	return nt, i, true, r, w
}

// spaceAfter is i, or i+1 when text[i] is a space: the scan takes the
// space after a token with it (a space makes no token), so that the
// main loop of tokenize need not test for one.
func spaceAfter(text string, i int) int {
	if i < len(text) && text[i] == ' ' {
		return i + 1
	}
	return i
}

// tokCounts counts the tokens of kinds that later passes look for.
type tokCounts struct {
	quotes int    // quote marks
	links  int    // Markdown link syntax (fLinkSkip)
	flags  uint32 // the words' flags, or-ed
}

// firstRune is the first rune of s.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// allCaps reports whether every letter of word is upper case, with at
// least two letters.
func allCaps(word string) bool {
	letters := 0
	for k := 0; k < len(word); k++ {
		b := word[k]
		if b >= utf8.RuneSelf {
			return allCapsRunes(word)
		}
		if 'a' <= b && b <= 'z' {
			return false
		}
		if 'A' <= b && b <= 'Z' {
			letters++
		}
	}
	return letters >= 2
}

func allCapsRunes(word string) bool {
	letters := 0
	for _, x := range word {
		if unicode.IsLetter(x) {
			letters++
			if !unicode.IsUpper(x) {
				return false
			}
		}
	}
	return letters >= 2
}

var asciiWord [128]bool

// asciiWordByte reports whether the ASCII byte c makes words (asciiWord).
func asciiWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '$' || c == '%' || c == '#' || c == '@'
}

func init() {
	for c := 0; c < 128; c++ {
		asciiWord[c] = asciiWordByte(byte(c))
	}
	buildVtab() // token.go's init runs after lexicon.go's
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && asciiWord[r]
	}
	if 0x2000 <= r && r <= 0x206f {
		// General Punctuation (curly quotes, dashes, spaces), the most
		// common non-ASCII runes of news text: no letter, digit or mark
		return false
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// isSpaceRune is unicode.IsSpace, answering the General Punctuation
// block (curly quotes and dashes, mostly) without a table search.
func isSpaceRune(r rune) bool {
	if 0x2000 <= r && r <= 0x206f {
		return r <= 0x200a || r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f
	}
	return unicode.IsSpace(r)
}

// quoteDir decides whether the quote mark at text[i:i+w] opens or closes.
// Curly marks say so themselves; a straight mark opens when it follows
// space, the paragraph start or an opening bracket and precedes a
// non-space, and closes otherwise.
func quoteDir(text string, start, end, i, w int, r rune) uint32 {
	switch r {
	case '“', '„', '«':
		return fOpen
	case '”', '»':
		return fClose
	}
	before := i == start
	if !before {
		p, _ := utf8.DecodeLastRuneInString(text[start:i])
		before = isSpaceRune(p) || p == utf8.RuneError || p == '(' || p == '[' || p == '—' || p == '–' || p == '-' || p == '‘' || p == '/' || p == 0xA0
	}
	after := i+w >= end
	if !after {
		n, _ := utf8.DecodeRuneInString(text[i+w : end])
		after = isSpaceRune(n) || n == ',' || n == '.' || n == ';' || n == ':' || n == ')' || n == '?' || n == '!'
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
