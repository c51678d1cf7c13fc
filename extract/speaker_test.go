package extract

import "testing"

// TestSetBits checks that every word set has a bit, which isIn tests
// without falling back to the set's map.
func TestSetBits(t *testing.T) {
	if setBits >= 64 {
		t.Fatalf("%d word sets have bits: a set past the 64th has none, and isIn would not find its words", setBits)
	}
}
