package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSetBits checks that every word set has a bit, which isIn tests
// without falling back to the set's map.
func TestSetBits(t *testing.T) {
	if setBits >= 64 {
		t.Fatalf("%d word sets have bits: a set past the 64th has none, and isIn would not find its words", setBits)
	}
}

// TestLowerKey checks that lowerKey writes what strings.ToLower writes
// and returns its hashKey, at every length class.
func TestLowerKey(t *testing.T) {
	for _, s := range []string{"", "A", "Ab", "ABC", "Abcd", "ABCDEFG", "Dmitry P", "Dmitry Peskov", "Dmitry Peskov Jr.",
		"Institute for the Study of War", "Institute for the Study of War and the Foundation for Defense of Democracies", "José Álvarez", "Ünal", "PESKOV’S", "a\u00a0b", "bad \xff", "0123456789abcdefX"} {
		for n := 0; n <= len(s); n++ {
			w := s[:n]
			var kb [maxLowerKey]byte
			k, h := lowerKey(&kb, w)
			if want := strings.ToLower(w); string(k) != want && utf8.ValidString(w) {
				t.Errorf("lowerKey(%q) wrote %q, want %q", w, k, want)
			}
			if h != hashKey(k) {
				t.Errorf("lowerKey(%q): hash %x, hashKey of what it wrote %x", w, h, hashKey(k))
			}
		}
	}
}

func TestToLowerWord(t *testing.T) {
	for _, w := range []string{"", "a", "abc", "unions", "Unions", "uniONS", "forecasters", "Forecasters",
		"sixteen-letters!", "seventeen-letters", "eBay", "iphones", "naïve", "Ärzte", "ÄRZTE", "12345678", "abcdefgZ"} {
		if got, want := toLowerWord(w), strings.ToLower(w); got != want {
			t.Errorf("toLowerWord(%q) = %q, want %q", w, got, want)
		}
	}
}
