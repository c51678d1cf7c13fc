package report

import (
	"bytes"
	"net/url"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
)

// FuzzReport renders every valid case the fuzzer finds, in both formats,
// and checks that nothing panics, no script or external resource appears
// in the HTML, and every internal link of either format has its target.
func FuzzReport(f *testing.F) {
	for _, p := range []string{"testdata/small.json", "../../shared/corpus/seed/kremlin-drone-2023-05-04.txt"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"format":"crux-case","version":1,"hypotheses":[{"id":"a-b","title":"x"},{"id":"b","title":"<i>"}],"evidence":[{"id":"E","kind":"fact","date":"2024-01-01","ratings":{"a-b":"C","b":"II"}},{"id":"E-a","kind":"fact","ratings":{"b":"C"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := crux.Decode(data)
		if err != nil || len(c.Evidence) > 200 || len(c.Hypotheses) > 30 {
			return
		}
		opts := Options{Score: ach.Options{Samples: 200}, MaxTimelinePoints: 10}
		var h, m bytes.Buffer
		if err := HTML(&h, c, nil, opts); err != nil {
			return // a case ach refuses to score (reported as an error, not a panic)
		}
		if err := Markdown(&m, c, nil, opts); err != nil {
			t.Fatalf("HTML worked but Markdown failed: %v", err)
		}
		doc, err := html.Parse(bytes.NewReader(h.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		var hrefs []string
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			if n.Data == "script" || n.Data == "img" || n.Data == "iframe" {
				t.Fatalf("<%s> in the report", n.Data)
			}
			for _, a := range n.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on") || a.Key == "src":
					t.Fatalf("attribute %s=%q", a.Key, a.Val)
				case a.Key == "id":
					if ids[a.Val] {
						t.Fatalf("duplicate id %q", a.Val)
					}
					ids[a.Val] = true
				case a.Key == "href":
					hrefs = append(hrefs, a.Val)
				}
			}
		}
		for _, href := range hrefs {
			if frag, ok := strings.CutPrefix(href, "#"); ok {
				if f, _ := url.PathUnescape(frag); !ids[f] {
					t.Fatalf("HTML link %q has no target", href)
				}
			} else if u, err := url.Parse(href); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				t.Fatalf("HTML link %q", href)
			}
		}
		mids := map[string]bool{}
		for _, mm := range mdAnchor.FindAllSubmatch(m.Bytes(), -1) {
			mids[string(mm[1])] = true
		}
		for _, mm := range mdLink.FindAllSubmatch(m.Bytes(), -1) {
			target := string(mm[1])
			frag, ok := strings.CutPrefix(target, "#")
			if f, _ := url.PathUnescape(frag); !ok || !mids[f] {
				t.Fatalf("Markdown link %q has no anchor", target)
			}
		}
	})
}
