package extract

import (
	"strings"
	"testing"
	"unicode"
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
// are not in it (the hash table, its bloom filter and the comparison).
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
				toks, _ := tokenize(text, 0, len(text), nil, vocab)
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
	for _, w := range []string{"saidx", "xsaid", "sai", "Peskovsky", "deniedd", "accordin", "zzzz", "the1", "tHe", "@", "s@id", "SAID", "a", "thE"} {
		for _, text := range []string{w, w + " and more text"} {
			toks, _ := tokenize(text, 0, len(text), nil, vocab)
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
