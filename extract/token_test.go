package extract

import (
	"strings"
	"testing"
	"unicode"
	"unsafe"
)

// TestRuneFastPaths checks the shortcuts the tokenizer takes for the
// General Punctuation block against the unicode package, rune by rune.
func TestRuneFastPaths(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isSpaceRune(r) != unicode.IsSpace(r) {
			t.Fatalf("isSpaceRune(%U) = %v, unicode.IsSpace says %v", r, isSpaceRune(r), unicode.IsSpace(r))
		}
		want := r < 0x80 && asciiWord[r] || r >= 0x80 && r != 0xfffd && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
		if isWordRune(r) != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, isWordRune(r), want)
		}
	}
}

// TestLexiconLookup checks that tokenizing finds every lexicon word in
// lower case, capitalised and in capitals, and no entry for words that
// are not in it: near misses of every lexicon word (a byte changed,
// added or dropped; the perfect hash places them, the key comparison
// rejects them), in texts short and long enough for the eight-byte reads.
func TestLexiconLookup(t *testing.T) {
	n := 0
	for w := range vocab {
		if len(w) > maxKey || !asciiWord[w[0]] {
			continue // punctuation marks are looked up by byte
		}
	forms:
		for _, form := range []string{w, strings.ToUpper(w[:1]) + w[1:], strings.ToUpper(w)} {
			// alone (compared as a string) and followed by more text (a
			// short word is then compared as one 8-byte word)
			for _, text := range []string{form, form + " and more text"} {
				toks, _ := tokenize(text, 0, len(text), nil)
				if len(toks) > 0 && int(toks[0].e) != len(form) {
					break forms // not one token as written ("aug." is a word and a period)
				}
				if len(toks) == 0 || toks[0].key() != w {
					got := ""
					if len(toks) > 0 {
						got = toks[0].key()
					}
					t.Fatalf("tokenizing %q: key %q, want %q", text, got, w)
				}
				n++
			}
		}
	}
	misses := []string{"saidx", "xsaid", "sai", "Peskovsky", "deniedd", "accordin", "zzzz", "the1", "tHe", "@", "s@id", "SAID", "a", "thE",
		"secretary-generals", "secretary-generak", "secretary-xeneral", "xecretary-general", "secretary-g", "aaaaaaaaaaaaaaaaaaaaaaaa"}
	for w := range vocab {
		if len(w) > maxKey || !asciiWord[w[0]] {
			continue
		}
		misses = append(misses, w+"q", w[:len(w)-1], "q"+w[1:], w[:len(w)/2]+"q"+w[len(w)/2+1:])
	}
	for _, w := range misses {
		if strings.ContainsAny(w, ".-'&,") || w == "" {
			continue // may tokenize as more than one word
		}
		for _, text := range []string{w, w + " and more text"} {
			toks, _ := tokenize(text, 0, len(text), nil)
			if len(toks) == 0 || int(toks[0].e) != len(w) {
				t.Fatalf("%q: tokens %v", text, toks)
			}
			_, inVocab := vocab[strings.ToLower(w)]
			if (toks[0].v != 0) != inVocab {
				t.Errorf("%q: entry %d (%q), in the lexicon: %v", text, toks[0].v, toks[0].key(), inVocab)
			}
		}
	}
	if n < 3000 {
		t.Errorf("only %d lexicon forms checked", n)
	}
}

// TestNonAlnum compares the eight-byte classifier with a byte-by-byte
// one on every byte value in every position and on random words.
func TestNonAlnum(t *testing.T) {
	ref := func(x uint64) uint64 {
		var m uint64
		for k := 0; k < 8; k++ {
			b := byte(x >> (8 * k))
			if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9') {
				m |= 0x80 << (8 * k)
			}
		}
		return m
	}
	check := func(x uint64) {
		if got, want := nonAlnum(x), ref(x); got != want {
			t.Fatalf("nonAlnum(%#016x) = %#016x, want %#016x", x, got, want)
		}
	}
	for k := 0; k < 8; k++ {
		for b := 0; b < 256; b++ {
			check(0x6161616161616161&^(0xff<<(8*k)) | uint64(b)<<(8*k)) // "aaaaaaaa" with one byte b
			check(uint64(b) << (8 * k))
		}
	}
	seed := uint64(1)
	for range 200000 {
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		check(seed)
	}
}

// FuzzTokenize checks that the eight-byte word scan gives the tokens of
// the byte-by-byte scan on any text, and on the text cut short (a
// paragraph that the text runs past, as Extract tokenizes it: the scan
// may read past its end).
func FuzzTokenize(f *testing.F) {
	for _, s := range ownSentences {
		f.Add(s)
	}
	f.Add("U.S. officials said, \"the 1,237 delegates' votes\" (AP) -- rock'n'roll, ‘don’t’ $5 @user #tag x&y e-mail said.Then end")
	f.Add("aaaaaaa, bbbbbbb. ccccccc.d eeeeeee'f Democrats' 12345678,9 abc\xffdef abc\u00e9def")
	f.Add("He said so.\nThe end, she said.\nabc")
	f.Add("Why? No! Wait... so… “Yes.” (Really.) x.y 3.5 U.S. ok?! ...and")
	f.Fuzz(func(t *testing.T, text string) {
		for _, end := range []int{len(text), len(text) - len(text)/3} {
			fast, nf := tokenize(text, 0, end, nil)
			swarWords = false
			slow, ns := tokenize(text, 0, end, nil)
			swarWords = true
			if nf != ns || len(fast) != len(slow) {
				t.Fatalf("%q[:%d]: %d tokens %v with the eight-byte scan, %d %v without", text, end, len(fast), nf, len(slow), ns)
			}
			for k := range fast {
				if fast[k] != slow[k] {
					t.Fatalf("%q[:%d]: token %d is %+v with the eight-byte scan, %+v without", text, end, k, fast[k], slow[k])
				}
				tk := &fast[k]
				term := tk.kind == tPunct && (tk.v == punctV['.'] || tk.v == punctV['!'] || tk.v == punctV['?'] || tk.v == ellipsisV)
				if term != (tk.flags&fTerm != 0) {
					t.Fatalf("%q[:%d]: token %d %+v (%q) has fTerm %v, terminal punctuation %v", text, end, k, *tk, text[tk.s:tk.e], !term, term)
				}
			}
		}
	})
}

// TestLastWord compares lastWord's ASCII path with the Unicode one.
func TestLastWord(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{"", ""}, {" ", ""}, {"Peskov", "peskov"}, {"Dmitry Peskov", "peskov"}, {"Dmitry Peskov  ", "peskov"},
		{"\tA\nB\r", "b"}, {"José Álvarez", "álvarez"}, {"senior analyst\u00a0", "analyst"},
		// a space of two or three bytes ends the word like one of one byte
		{"a\u00a0b", "b"}, {"x\u2003Zelenskyy", "zelenskyy"}, {"Mr.\u00a0Peskov", "peskov"}, {"Ünal", "ünal"},
		{"spokesman ", "spokesman"}, {"the White House", "house"}, {"the Kremlin’s", "kremlin’s"},
		{"a\u2003", "a"}, {"x \u00a0 ", "x"}, {"\u00a0", ""}, {"Ołeg Ignatov", "ignatov"}, {"ex-Minister Łukasz", "łukasz"}, {"bad \xff", "\ufffd"},
	} {
		if got := lastWord(c.s); got != c.want {
			t.Errorf("lastWord(%q) = %q, want %q", c.s, got, c.want)
		}
		f := strings.Fields(c.s)
		want := ""
		if len(f) > 0 {
			want = f[len(f)-1]
		}
		if got := string(lastField([]byte(c.s))); got != want {
			t.Errorf("lastField(%q) = %q, want %q (strings.Fields)", c.s, got, want)
		}
	}
}

// TestTokenLayout guards three facts the tokenizer relies on: a token
// is 16 bytes (four per cache line, no pointers), every flag the
// lexicon gives a word fits the uint16 it is stored in, and fCap is
// bit 10 (tokenize shifts a capital's bit 7 to it).
func TestTokenLayout(t *testing.T) {
	if n := unsafe.Sizeof(token{}); n != 16 {
		t.Errorf("a token is %d bytes, want 16", n)
	}
	if lexiconFlags >= 1<<16 {
		t.Errorf("lexicon flags %#x do not fit 16 bits", lexiconFlags)
	}
	if fCap != 0x80<<3 {
		t.Errorf("fCap is %#x: tokenize moves a capital's bit 7 to it by a shift of 3", fCap)
	}
}
