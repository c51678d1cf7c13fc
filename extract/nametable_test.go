package extract

import (
	"strings"
	"testing"
)

// checkTable compares t with the model m: the same keys and values,
// through each way of looking a key up, and the other keys absent.
func checkTable(t *testing.T, tb *nameTable[int], m map[string]int, absent ...string) {
	t.Helper()
	if tb.len() != len(m) {
		t.Fatalf("len %d, want %d", tb.len(), len(m))
	}
	for k, want := range m {
		if v, ok := tb.get(k); !ok || v != want {
			t.Fatalf("get(%q) = %d, %v; want %d, true", k, v, ok, want)
		}
		if v, ok := tb.getBytes([]byte(k)); !ok || v != want {
			t.Fatalf("getBytes(%q) = %d, %v; want %d, true", k, v, ok, want)
		}
		if !tb.has([]byte(k)) {
			t.Fatalf("has(%q) = false", k)
		}
	}
	for _, k := range absent {
		if _, in := m[k]; in {
			continue
		}
		if v, ok := tb.get(k); ok {
			t.Fatalf("get(%q) = %d, true; want absent", k, v)
		}
		if tb.has([]byte(k)) {
			t.Fatalf("has(%q) = true; want absent", k)
		}
	}
	// the slots hold exactly the logged entries: reset clears them all
	n := 0
	for _, s := range tb.slots {
		if s.h != 0 {
			n++
		}
	}
	if n != tb.len() {
		t.Fatalf("%d occupied slots, %d logged", n, tb.len())
	}
}

func TestNameTable(t *testing.T) {
	// (lengths 0 to 20: each branch of hashKey; keys sharing their
	// first and last bytes, which the short hash reads)
	many := make([]string, 300)
	for i := range many {
		many[i] = strings.Repeat("x", i%21) + string(rune('a'+i%26)) + strings.Repeat("y", i/26)
	}
	for _, tc := range []struct {
		name   string
		puts   []string // put in order, each mapped to its index
		absent []string
	}{
		{"empty", nil, []string{"", "a", "ponomaryov"}},
		{"one", []string{"putin"}, []string{"", "puti", "putin ", "Putin"}},
		{"empty key", []string{"", "a"}, []string{"b", "aa"}},
		{"overwrite", []string{"kremlin", "peskov", "kremlin"}, []string{"kremlim"}},
		{"short keys", []string{"a", "ab", "abc", "abcd", "acb", "aXc", "abbc"}, []string{"ac", "abd", "abcc"}},
		{"word boundaries", []string{"12345678", "123456789", "1234567812345678", "12345678123456789", "x2345678"}, []string{"1234567", "1234567x", "123456781234567"}},
		{"growth", many, []string{"q", "xxxxq", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tb nameTable[int]
			for round := 0; round < 3; round++ {
				m := map[string]int{}
				for i, k := range tc.puts {
					if round == 1 {
						// (as setKeyHash adds and overwrites)
						if _, ok, at := tb.locate([]byte(k)); ok {
							tb.putAt(at, "", i+round)
						} else {
							tb.putAt(at, k, i+round)
						}
					} else {
						tb.put(k, i+round)
					}
					m[k] = i + round
				}
				checkTable(t, &tb, m, tc.absent...)
				tb.reset()
				checkTable(t, &tb, map[string]int{}, tc.puts...)
			}
		})
	}
}

// TestHashKeyBytes checks that a key hashes alike as a string and as
// bytes (get and getBytes find the same slots).
func TestHashKeyBytes(t *testing.T) {
	for n := range 40 {
		k := strings.Repeat("abcdefghijklmnopqrstuvwxyz", 2)[:n]
		if hashKey(k) != hashKey([]byte(k)) {
			t.Errorf("hashKey(%q) differs for a string and bytes", k)
		}
	}
}

// FuzzNameTable runs a program of puts, look-ups and resets on a
// nameTable and on a Go map (the model) and compares them. Each
// operation is a byte: its low two bits the operation (put, look-up,
// reset, or locate and putAt), the rest (with the next byte) picking a
// key of a few thousand, short and alike so that hashes collide in the
// slots.
func FuzzNameTable(f *testing.F) {
	f.Add([]byte{0, 4, 8, 1, 5, 9, 2, 0, 1})
	f.Add([]byte(strings.Repeat("\x00\x10\x20\x30\x44\x81\xc5", 40)))
	f.Fuzz(func(t *testing.T, prog []byte) {
		var tb nameTable[int]
		m := map[string]int{}
		key := func(b byte, next byte) string {
			n := int(b>>2) % 19
			return strings.Repeat("k", n) + string(rune('a'+next%7)) + strings.Repeat("z", int(next>>3)%3)
		}
		for i, b := range prog {
			next := byte(i)
			if i+1 < len(prog) {
				next = prog[i+1]
			}
			k := key(b, next)
			switch b & 3 {
			case 0:
				tb.put(k, i)
				m[k] = i
			case 3:
				v, ok, at := tb.locate([]byte(k))
				if w, in := m[k]; ok != in || v != w {
					t.Fatalf("op %d: locate(%q) = %d, %v; model %d, %v", i, k, v, ok, w, in)
				}
				key := ""
				if !ok {
					key = k
				}
				tb.putAt(at, key, i)
				m[k] = i
			case 1:
				v, ok := tb.getBytes([]byte(k))
				if w, in := m[k]; ok != in || v != w {
					t.Fatalf("op %d: getBytes(%q) = %d, %v; model %d, %v", i, k, v, ok, w, in)
				}
			case 2:
				tb.reset()
				clear(m)
			}
		}
		checkTable(t, &tb, m)
	})
}
