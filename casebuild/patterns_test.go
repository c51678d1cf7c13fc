package casebuild

import (
	"strings"
	"testing"

	"github.com/cruxlab/crux"
)

// The explanation patterns on sentences of our own; target is the party
// that was hit (here Poland), so an attack by Poland is a false flag.
func TestExplanationPatterns(t *testing.T) {
	cases := []struct {
		text string
		want string // kind:party of each explanation found, space-separated
	}{
		{"Officials said the blast was ordered by Minsk.", "attack:BY"},
		{"The raid was orchestrated by Belarusian special services, a source said.", "attack:BY"},
		{"It was an attack by Belarusian forces, or by Polish partisans.", "attack:BY partisans:PL"},
		{"Analysts called it the work of Polish security officers.", "falseflag:PL"},
		{"The opposition said the explosion had been \"staged\" by Warsaw.", "falseflag:PL"},
		{"Some see a Polish false flag operation.", "falseflag:PL"},
		{"Could it have been a false flag?", "falseflag:PL"},
		{"The ministry accused Belarus of orchestrating the strike.", "attack:BY"},
		{"Minsk claimed that Washington was behind the strike.", "directed:US"},
		{"\"It is not even Minsk that chooses the targets, but Moscow,\" she said.", "directed:RU"},
		{"Berlin decides the targets, he claimed.", "directed:DE"},
		{"It was organized by Belarus-based saboteurs who oppose the government.", "partisans:BY"},
		// refusals
		{"Critics accused Warsaw of throwing away its leverage.", ""},
		{"The attack was carried out by the government's opponents.", ""},
		{"Kyiv was not behind it, the minister said.", ""},
		{"He was driven by ambition.", ""},
		{"See https://example.org/false-flag-theories for more.", ""},
	}
	for _, tc := range cases {
		var got []string
		for _, e := range explainText(tc.text, "PL") {
			got = append(got, e.kind+":"+e.party)
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%q: got %q, want %q", tc.text, g, tc.want)
		}
	}
}

func TestKeyOfReadsAnalystTitles(t *testing.T) {
	cases := map[string]string{
		"Ukrainian attack":             "attack:UA",
		"Kyiv did it":                  "attack:UA",
		"Russian false flag":           "falseflag:RU",
		"Staged by the Kremlin":        "falseflag:RU",
		"Russian partisans":            "partisans:RU",
		"US-directed":                  "directed:US",
		"Washington chose the targets": "directed:US",
		"An accident":                  ":",
	}
	for title, want := range cases {
		k := keyOf(&crux.Hypothesis{Title: title})
		if got := k.kind + ":" + k.party; got != want {
			t.Errorf("%q: %s, want %s", title, got, want)
		}
	}
}
