package casebuild

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
	"github.com/cruxlab/crux/document"
	"github.com/cruxlab/crux/extract"
	"github.com/cruxlab/crux/internal/testenv"
	"github.com/cruxlab/crux/internal/testenv/golden"
)

// The seed's suggestions, with passages as byte offsets (the article's
// prose is not ours to store).
func TestGoldenSeedHypotheses(t *testing.T) {
	c := seedCase(t)
	var b strings.Builder
	for _, h := range SuggestHypotheses(c) {
		fmt.Fprintf(&b, "%s %q catchall=%v\n  %s\n", h.ID, h.Title, h.Catchall, h.Description)
		for _, p := range h.Passages {
			fmt.Fprintf(&b, "  passage %s [%d,%d) %s\n", p.SourceID, p.Content.Start, p.Content.End, p.Date)
		}
	}
	golden.Check(t, filepath.Join("testdata", "seed-hypotheses.golden"), []byte(b.String()))
}

func TestGoldenRatings(t *testing.T) {
	c := ratingCase(t)
	SuggestRatings(c, DefaultRules())
	var b strings.Builder
	for _, e := range c.Evidence {
		fmt.Fprintf(&b, "%s %s\n", e.ID, e.Text)
		ids := make([]string, 0, len(e.Ratings))
		for id := range e.Ratings {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			r := e.Ratings[id]
			fmt.Fprintf(&b, "  %s %-2s %s\n", id, r.Value, r.Reason)
		}
	}
	golden.Check(t, filepath.Join("testdata", "ratings.golden"), []byte(b.String()))
}

// The whole chain on the seed and an article echoing it: document → extract
// → casebuild → ach, scored as of each day of the timeline.
func TestPipelineTimeline(t *testing.T) {
	raw := testenv.ReadShared(t, "corpus", "seed", "kremlin-drone-2023-05-04.txt")
	echo, err := os.ReadFile("testdata/echo-article.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := crux.New("t", "t")
	b := NewBuilder(c)
	for _, f := range []struct {
		name string
		data []byte
	}{{"seed.txt", raw}, {"echo-article.txt", echo}} {
		src, err := document.Parse(f.name, f.data)
		if err != nil {
			t.Fatal(err)
		}
		res := extract.Extract(src)
		if _, err := b.Add(*src, res.Actors, res.Claims); err != nil {
			t.Fatal(err)
		}
	}
	EvidenceFromClaims(c)
	AddSuggestedHypotheses(c)
	for i := range c.Hypotheses {
		c.Hypotheses[i].Status = crux.Accepted
	}
	SuggestRatings(c, DefaultRules())
	if err := crux.Validate(c); err != nil {
		t.Fatal(err)
	}
	days := Timeline(c)
	if len(days) != 2 || days[0] != "2023-05-04" || days[1] != "2023-05-05" {
		t.Fatalf("timeline %v", days)
	}
	prev := -1
	for _, d := range days {
		x := AsOf(c, d)
		r, err := ach.Score(x, ach.Options{Samples: -1})
		if err != nil {
			t.Fatalf("as of %s: %v", d, err)
		}
		t.Logf("as of %s: %d evidence, %d groups, ranking %v", d, len(r.Evidence), r.Groups, r.Ranking)
		if len(r.Evidence) < prev {
			t.Errorf("evidence shrank over time")
		}
		prev = len(r.Evidence)
	}
}
