package report

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/internal/testenv"
)

// The timeline has one point per distinct evidence date, each point lists
// the items dated that day, and the last point (all dated evidence plus the
// undated) agrees with scoring the whole case.
func TestTimeline(t *testing.T) {
	for name, c := range testCases(t) {
		t.Run(name, func(t *testing.T) {
			v, err := buildView(c, nil, Options{Score: ach.Options{Samples: -1}})
			if err != nil {
				t.Fatal(err)
			}
			tl := v.Timeline
			var dates []string
			undated := 0
			claimDate := map[string]string{}
			for _, cl := range c.Claims {
				claimDate[cl.ID] = cl.Date
			}
			day := map[string]string{}
			for _, e := range c.Evidence {
				d := e.Date
				if d == "" {
					d = claimDate[e.ClaimID] // as ach's AsOf does
				}
				if len(d) >= 10 {
					dates = append(dates, d[:10])
					day[e.ID] = d[:10]
				} else {
					undated++
				}
			}
			slices.Sort(dates)
			dates = slices.Compact(dates)
			if !slices.Equal(tl.Dates, dates) || tl.Undated != undated {
				t.Fatalf("dates %v (undated %d), want %v (%d)", tl.Dates, tl.Undated, dates, undated)
			}
			seen := 0
			for i, ids := range tl.Added {
				for _, id := range ids {
					for _, e := range c.Evidence {
						if e.ID == id && day[id] != tl.Dates[i] {
							t.Errorf("%s dated %s listed under %s", id, e.Date, tl.Dates[i])
						}
					}
				}
				seen += len(ids)
				sum := 0.0
				for _, p := range tl.Posterior[i] {
					sum += p
				}
				if math.Abs(sum-1) > 1e-9 {
					t.Errorf("posteriors as of %s sum to %v", tl.Dates[i], sum)
				}
			}
			if seen != len(c.Evidence)-undated {
				t.Errorf("timeline lists %d items, want %d", seen, len(c.Evidence)-undated)
			}
			last := tl.Posterior[len(tl.Posterior)-1]
			for j, h := range tl.Hypotheses {
				if math.Abs(last[j]-h.Posterior) > 1e-12 {
					t.Errorf("%s: last point %v, full scoring %v", h.ID, last[j], h.Posterior)
				}
			}
		})
	}
}

func TestTimelineThinning(t *testing.T) {
	c := testenv.LoadCase(t, "testdata/small.json")
	// 40 distinct dates, at most 7 points: evenly spaced, the last kept.
	base := c.Evidence[4]
	for i := range 40 {
		e := base
		e.ID = "T" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		e.Date = "2024-04-" + []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10"}[i%10]
		if i >= 10 {
			e.Date = "2024-0" + string(rune('5'+(i/10-1))) + e.Date[7:]
		}
		c.Evidence = append(c.Evidence, e)
	}
	if err := crux.Validate(c); err != nil {
		t.Fatal(err)
	}
	v, err := buildView(c, nil, Options{Score: ach.Options{Samples: -1}, MaxTimelinePoints: 7})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(v.Timeline.Dates); n != 7 || v.Timeline.Dates[n-1] != "2024-07-10" {
		t.Errorf("thinned timeline: %v", v.Timeline.Dates)
	}
	if v2, _ := buildView(c, nil, Options{NoTimeline: true}); v2.Timeline != nil {
		t.Error("NoTimeline ignored")
	}
}

// A case with nothing scored still gets a report, not an error.
func TestEmptyCase(t *testing.T) {
	c := crux.New("empty", "")
	for _, f := range []func(*bytes.Buffer, *crux.Case) error{htmlOf, mdOf} {
		var b bytes.Buffer
		if err := f(&b, c); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b.Bytes(), []byte("No hypothesis is scored yet")) {
			t.Errorf("empty case report:\n%s", b.Bytes())
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	c := examples.KremlinDrone()
	r, err := ach.Score(c, ach.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := HTML(&buf, c, r, Options{NoTimeline: true}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		HTML(&buf, c, r, Options{NoTimeline: true})
	}
}

func BenchmarkMarkdown(b *testing.B) {
	c := examples.KremlinDrone()
	r, err := ach.Score(c, ach.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	Markdown(&buf, c, r, Options{NoTimeline: true})
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		Markdown(&buf, c, r, Options{NoTimeline: true})
	}
}

// An item without its own date takes its claim's date, as ach's AsOf does.
func TestTimelineUsesClaimDates(t *testing.T) {
	c := testenv.LoadCase(t, "testdata/small.json")
	c.Evidence[0].Date = "" // E1, from claim c1 of 2024-03-03
	v, err := buildView(c, nil, Options{Score: ach.Options{Samples: -1}})
	if err != nil {
		t.Fatal(err)
	}
	tl := v.Timeline
	if tl.Undated != 1 || !slices.Contains(tl.Added[1], "E1") || tl.Dates[1] != "2024-03-03" {
		t.Errorf("dates %v, added %v, undated %d", tl.Dates, tl.Added, tl.Undated)
	}
}

func TestAsOf(t *testing.T) {
	c := testenv.LoadCase(t, "testdata/small.json")
	v, err := buildView(c, nil, Options{Score: ach.Options{Samples: -1, AsOf: "2024-03-03"}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Result.AsOf != "2024-03-03" || !slices.Equal(v.Timeline.Dates, []string{"2024-03-02", "2024-03-03"}) {
		t.Errorf("as of %q, timeline %v", v.Result.AsOf, v.Timeline.Dates)
	}
	for _, e := range v.Matrix.Rows {
		if e.ID == "E4" {
			t.Error("E4 (2024-03-05) is in a report as of 2024-03-03")
		}
	}
}
