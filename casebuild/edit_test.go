package casebuild

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cruxlab/crux"
)

func TestMergeAndSplitActors(t *testing.T) {
	// two articles name the same person in ways the rules cannot join
	// ("the harbourmaster" and "Ewa Lis"), each with the same quote.
	t1 := `"The cranes will be back in service by July," the harbourmaster said.`
	t2 := `"The cranes will be back in service by July," Ewa Lis said on Tuesday.`
	a := newArt("1", "2024-06-01", "", t1).actor("x", "the harbourmaster", crux.Person, "harbourmaster", "").
		claim("x", crux.Assert, crux.Direct, "The cranes will be back in service by July,")
	b := newArt("2", "2024-06-02", "", t2).actor("y", "Ewa Lis", crux.Person, "", "").
		claim("y", crux.Assert, crux.Direct, "The cranes will be back in service by July,")
	c := crux.New("t", "t")
	bld := NewBuilder(c)
	a.add(t, bld)
	b.add(t, bld)
	// speaker mentions, as extract records them
	for i, mention := range []string{"the harbourmaster", "Ewa Lis"} {
		txt := c.Sources[i].Text
		j := strings.Index(txt, mention)
		c.Claims[i].Citations[0].Speaker = &crux.Span{Start: j, End: j + len(mention)}
	}
	EvidenceFromClaims(c)
	if len(c.Actors) != 2 || len(c.Claims) != 2 {
		t.Fatalf("before: %d actors, %d claims", len(c.Actors), len(c.Claims))
	}
	// the analyst merges them: the name with a given name wins, the echoed
	// quote becomes one claim, the two evidence items share its group
	if err := MergeActors(c, "A1", "A2"); err != nil {
		t.Fatal(err)
	}
	if len(c.Actors) != 1 || c.Actors[0].Name != "Ewa Lis" || len(c.Claims) != 1 || len(c.Claims[0].Citations) != 2 {
		t.Fatalf("after merge: %+v / %+v", c.Actors, c.Claims)
	}
	if c.Claims[0].Date != "2024-06-01" || c.Claims[0].Group == "" {
		t.Errorf("merged claim: %+v", c.Claims[0])
	}
	for _, e := range c.Evidence {
		if e.ClaimID != "C1" || e.Group != c.Claims[0].Group {
			t.Errorf("evidence %s: claim %s group %q", e.ID, e.ClaimID, e.Group)
		}
	}
	if err := crux.Validate(c); err != nil {
		t.Fatal(err)
	}
	// and splits them again by the mention "the harbourmaster"
	id, err := SplitActor(c, "A1", []string{"the harbourmaster"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Actors) != 2 || len(c.Claims) != 2 {
		t.Fatalf("after split: %d actors, %d claims", len(c.Actors), len(c.Claims))
	}
	moved := c.Claims[1]
	if moved.SpeakerID != id || len(moved.Citations) != 1 || moved.Citations[0].SourceID != "S1" || moved.Date != "2024-06-01" {
		t.Errorf("split claim: %+v", moved)
	}
	if c.Claims[0].SpeakerID != "A1" || c.Claims[0].Date != "2024-06-02" || c.Claims[0].Group != "" {
		t.Errorf("remaining claim: %+v", c.Claims[0])
	}
	if err := crux.Validate(c); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][2]string{{"A1", "A1"}, {"A1", "A99"}, {"A99", "A1"}} {
		if err := MergeActors(c, bad[0], bad[1]); err == nil {
			t.Errorf("MergeActors(%s, %s) accepted", bad[0], bad[1])
		}
	}
	if _, err := SplitActor(c, "A1", nil); err == nil {
		t.Error("split with no aliases accepted")
	}
	if _, err := SplitActor(c, "A1", []string{"Ewa Lis"}); err == nil {
		t.Error("splitting off an actor's only name accepted")
	}
}

func TestAsOfAndTimeline(t *testing.T) {
	a, b := articles()
	c := crux.New("t", "t")
	bld := NewBuilder(c)
	b.add(t, bld) // dated 2024-03-05, ingested first
	a.add(t, bld) // dated 2024-03-04
	EvidenceFromClaims(c)
	c.Hypotheses = []crux.Hypothesis{{ID: "H1", Title: "Accident", Passages: []crux.Citation{{SourceID: "S1", Content: crux.Span{Start: 0, End: 5}, Date: "2024-03-05"}}}}
	c.Evidence = append(c.Evidence, crux.Evidence{ID: "F1", Kind: crux.Fact, Text: "The depot's alarm log shows no fault.", Date: "2024-03-07"},
		crux.Evidence{ID: "F2", Kind: crux.Assumption, Text: "Undated background."})
	tl := Timeline(c)
	if got := strings.Join(tl, " "); got != "2024-03-04 2024-03-05 2024-03-07" {
		t.Errorf("timeline %s", got)
	}
	before, _ := crux.Encode(c)
	counts := func(x *crux.Case) string {
		return fmt.Sprintf("%d sources, %d claims, %d evidence, %d passages", len(x.Sources), len(x.Claims), len(x.Evidence), len(x.Hypotheses[0].Passages))
	}
	want := map[string]string{
		"2024-03-03":           "0 sources, 0 claims, 1 evidence, 0 passages", // the undated assumption only
		"2024-03-04":           "1 sources, 3 claims, 4 evidence, 0 passages",
		"2024-03-05T23:00:00Z": "2 sources, 4 claims, 5 evidence, 1 passages",
		"2024-03-07":           "2 sources, 4 claims, 6 evidence, 1 passages",
	}
	for d, w := range want {
		x := AsOf(c, d)
		if got := counts(x); got != w {
			t.Errorf("AsOf(%s): %s, want %s", d, got, w)
		}
		if err := crux.Validate(x); err != nil {
			t.Errorf("AsOf(%s): %v", d, err)
		}
	}
	// on the first day the echoed claims have one citation each
	for _, cl := range AsOf(c, "2024-03-04").Claims {
		if len(cl.Citations) != 1 || cl.Date != "2024-03-04" {
			t.Errorf("AsOf: claim %s has %d citations, date %s", cl.ID, len(cl.Citations), cl.Date)
		}
	}
	if after, _ := crux.Encode(c); string(after) != string(before) {
		t.Error("AsOf modified its input")
	}
}

func FuzzSimilar(f *testing.F) {
	f.Add("We didn't attack Putin,", "We did not attack Putin.")
	f.Add("the war is near ... they want", "…[sic] can't won't 'tis U.S.")
	f.Add("", "\xff\xfe")
	f.Fuzz(func(t *testing.T, a, b string) {
		r1, s1 := Similar(a, b)
		r2, s2 := Similar(b, a)
		if r1 != r2 || s1 != s2 {
			t.Fatalf("not symmetric: %q %v / %q %v", r1, s1, r2, s2)
		}
		if r, _ := Similar(a, a); normalize(a).key != "" && r != Exact {
			t.Fatalf("a text is not exactly similar to itself: %q", a)
		}
		_ = sentenceSpans(a)
		_ = partiesIn(a)
		_, _ = personName(a)
		_ = explainText(a, "RU")
	})
}

// synthetic builds n articles: speakers drawn from a pool, each article
// quoting a few statements from a shared stock in varied renderings, plus
// statements of its own; like wire copy echoed across outlets.
func synthetic(n int, seed uint64) []*art {
	rng := rand.New(rand.NewPCG(seed, 1))
	// a vocabulary of a few thousand made-up words with a skewed (Zipf-like)
	// frequency, as in real prose
	syl := []string{"ka", "lo", "mi", "ne", "ru", "ta", "vo", "se", "di", "pa", "gu", "he", "zo", "fi", "bo"}
	var words []string
	for _, a := range syl {
		for _, b := range syl {
			for _, c := range syl {
				words = append(words, a+b+c)
			}
		}
	}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(seed, 2)), 1.1, 1, uint64(len(words)-1))
	sentence := func(k int) string {
		var b strings.Builder
		for i := range k {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[zipf.Uint64()])
		}
		return b.String()
	}
	stock := make([]string, 400)
	for i := range stock {
		stock[i] = "We will " + sentence(10+rng.IntN(8))
	}
	first := []string{"Anna", "Piotr", "Ewa", "Jan", "Marta", "Tomasz", "Olga", "Igor"}
	last := []string{"Kowalczyk", "Nowak", "Lis", "Wolski", "Brook", "Hale", "Marsh", "Stone", "Reed", "Crane"}
	var out []*art
	for i := range n {
		var text strings.Builder
		day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%60).Format("2006-01-02")
		a := newArt(fmt.Sprint(i), day, fmt.Sprintf("https://news%d.example/%d", i%17, i), "")
		type q struct{ speaker, quote string }
		var qs []q
		for k := range 8 {
			f, l := first[rng.IntN(len(first))], last[rng.IntN(len(last))]
			var s string
			if k < 4 {
				s = stock[rng.IntN(len(stock))]
				if rng.IntN(3) == 0 { // trimmed rendering
					ws := strings.Fields(s)
					s = strings.Join(ws[:len(ws)-2], " ")
				}
				f, l = first[len(s)%len(first)], last[len(s)%len(last)] // a stock quote keeps its speaker
			} else {
				s = "We " + sentence(12)
			}
			id := fmt.Sprintf("a%d", k)
			a.actor(id, f+" "+l, crux.Person, "", "")
			qs = append(qs, q{id, s})
			fmt.Fprintf(&text, "%s. \"%s,\" %s %s said.\n", sentence(15), s, f, l)
		}
		a.src.Text = text.String()
		for _, x := range qs {
			a.claim(x.speaker, crux.Assert, crux.Direct, x.quote)
		}
		out = append(out, a)
	}
	return out
}

func TestScaleIndexed(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 500
	}
	arts := synthetic(n, 7)
	c := crux.New("t", "t")
	b := NewBuilder(c)
	start := time.Now()
	merged, newc := 0, 0
	var bytes int
	for _, a := range arts {
		r := a.add(t, b)
		merged += r.MergedClaims
		newc += r.NewClaims
		bytes += len(a.src.Text)
	}
	el := time.Since(start)
	t.Logf("%d sources (%.1f MB): %d claims new, %d merged, %d actors; merge took %v (%.0f sources/s)",
		n, float64(bytes)/1e6, newc, merged, len(c.Actors), el, float64(n)/el.Seconds())
	if merged == 0 || newc >= n*8 {
		t.Errorf("echoes were not merged: %d new, %d merged", newc, merged)
	}
	// every stock statement appears once per speaker at most
	if err := crux.Validate(c); err != nil {
		t.Fatal(err)
	}
	// the builder loaded from the file merges like the one that built it
	extra := synthetic(50, 99)
	c2 := crux.New("t", "t")
	*c2 = *c
	c2.Sources = append([]crux.Source(nil), c.Sources...)
	c2.Actors = append([]crux.Actor(nil), c.Actors...)
	c2.Claims = append([]crux.Claim(nil), c.Claims...)
	b2 := NewBuilder(c2)
	for _, a := range extra {
		r1 := a.add(t, b)
		r2 := a.add(t, b2)
		if r1 != r2 {
			t.Fatalf("a rebuilt index merges differently: %+v vs %+v", r1, r2)
		}
	}
}

func BenchmarkAdd(b *testing.B) {
	arts := synthetic(2000, 3)
	var bytes int
	for _, a := range arts {
		bytes += len(a.src.Text)
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	for b.Loop() {
		c := crux.New("t", "t")
		bld := NewBuilder(c)
		for _, a := range arts {
			if _, err := bld.Add(a.src, a.actors, a.claims); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(arts))*float64(b.N)/b.Elapsed().Seconds(), "sources/s")
}
