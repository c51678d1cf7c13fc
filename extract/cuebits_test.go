package extract

import "testing"

// TestCueSetBits checks that the word sets whose bit cue tests directly
// (not through token.in, which falls back to the set's map) have one.
func TestCueSetBits(t *testing.T) {
	for name, s := range map[string]*wordSet{"cueBreaks": cueBreaks, "reportVerbs": reportVerbs, "nounDeterminers": nounDeterminers, "possessives": possessives,
		"preps": preps, "roleHeads": roleHeads} {
		if s.bit == 0 {
			t.Errorf("%s has no bit: cue's bit tests would miss its words", name)
		}
	}
	if timeOrDeterminer.sets != nil {
		t.Error("timeOrDeterminer has a set without a bit: contentStart's bit test would miss its words")
	}
}
