package report

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/testenv"
)

const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&amp; [x](javascript:alert(3)) *b* _i_ | # h ` + "`c`"

// hostileCase returns the small case with hostile text in every field a
// report shows.
func hostileCase(t *testing.T) *crux.Case {
	c := testenv.LoadCase(t, "testdata/small.json")
	c.Title, c.Question, c.Description = hostile, hostile, "\n# not a heading\n- not a list\n"+hostile
	c.Actors[0].Name, c.Actors[0].Role, c.Actors[0].Affiliation = hostile, hostile, hostile
	c.Claims[0].Text, c.Claims[0].Cue = hostile, hostile
	c.Sources[0].Title, c.Sources[0].Outlet, c.Sources[0].URL = hostile, hostile, "javascript:alert(4)"
	c.Sources[1].URL = `https://example.org/"><script>alert(5)</script>`
	c.Hypotheses[0].Title, c.Hypotheses[0].Description = hostile, hostile
	c.Evidence[0].Text, c.Evidence[0].Notes, c.Evidence[0].Group = hostile, hostile, hostile
	r := c.Evidence[1].Ratings["H1"]
	r.Reason = hostile
	c.Evidence[1].Ratings["H1"] = r
	if err := crux.Validate(c); err != nil {
		t.Fatal(err)
	}
	return c
}

func render(t *testing.T, c *crux.Case, f func(*bytes.Buffer, *crux.Case) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b, c); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte("%!")) {
		t.Errorf("a formatting verb went wrong: %s", b.Bytes()[bytes.Index(b.Bytes(), []byte("%!")):][:40])
	}
	return b.Bytes()
}

func htmlOf(b *bytes.Buffer, c *crux.Case) error { return HTML(b, c, nil, Options{}) }
func mdOf(b *bytes.Buffer, c *crux.Case) error   { return Markdown(b, c, nil, Options{}) }

// checkHTML parses a report and checks that it is self-contained and that
// every internal link has a target. It returns the page's text.
func checkHTML(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	var hrefs []string
	var text strings.Builder
	for n := range doc.Descendants() {
		switch n.Type {
		case html.TextNode:
			if n.Parent != nil && n.Parent.Data != "style" && n.Parent.Data != "title" {
				text.WriteString(n.Data)
			}
		case html.ElementNode:
			switch n.Data {
			case "script", "iframe", "object", "embed", "link", "img", "base", "form", "frame", "audio", "video", "source":
				t.Errorf("report contains a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
				case a.Key == "src" || a.Key == "srcset" || a.Key == "xlink:href":
					t.Errorf("<%s> loads %s=%q", n.Data, a.Key, a.Val)
				case a.Key == "id":
					if ids[a.Val] {
						t.Errorf("duplicate id %q", a.Val)
					}
					ids[a.Val] = true
				case a.Key == "href":
					hrefs = append(hrefs, a.Val)
				case a.Key == "style":
					t.Errorf("inline style attribute on <%s>: styles belong in the stylesheet", n.Data)
				}
			}
		}
	}
	for _, h := range hrefs {
		if frag, ok := strings.CutPrefix(h, "#"); ok {
			f, err := url.PathUnescape(frag)
			if err != nil || !ids[f] {
				t.Errorf("link %q has no target", h)
			}
			continue
		}
		u, err := url.Parse(h)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			t.Errorf("link %q is neither internal nor http(s)", h)
		}
	}
	if len(hrefs) < 20 {
		t.Errorf("only %d links: numbers should link to their evidence", len(hrefs))
	}
	return text.String()
}

func TestHTMLStructure(t *testing.T) {
	for name, c := range testCases(t) {
		t.Run(name, func(t *testing.T) {
			page := render(t, c, htmlOf)
			text := checkHTML(t, page)
			for _, want := range []string{"Bottom line", "Who claims what", "Diagnostic evidence", "What would change the conclusion", "Noise set aside", "The matrix", "Sources", "Method"} {
				if !strings.Contains(text, want) {
					t.Errorf("section %q missing", want)
				}
			}
			// Three charts: scores, heat map, timeline.
			if n := bytes.Count(page, []byte("<svg ")); n != 3 {
				t.Errorf("%d charts, want 3", n)
			}
			// Every scored hypothesis, evidence item and cell has an anchor.
			for _, h := range c.Hypotheses {
				if !bytes.Contains(page, []byte(`id="hyp-`+h.ID+`"`)) {
					t.Errorf("no anchor for hypothesis %s", h.ID)
				}
			}
			for _, e := range c.Evidence {
				if !bytes.Contains(page, []byte(`id="ev-`+e.ID+`"`)) {
					t.Errorf("no anchor for evidence %s", e.ID)
				}
			}
		})
	}
}

func TestHTMLEscapesHostileText(t *testing.T) {
	c := hostileCase(t)
	page := render(t, c, htmlOf)
	text := checkHTML(t, page)
	if !strings.Contains(text, "<script>alert(1)</script><img src=x onerror=alert(2)>") {
		t.Error("hostile text should appear as text")
	}
	for _, bad := range []string{"<script>", "<img"} { // as text they are &lt;script&gt;; links are checked by checkHTML
		if bytes.Contains(page, []byte(bad)) {
			i := bytes.Index(page, []byte(bad))
			t.Errorf("raw %q in the page: …%s…", bad, page[max(0, i-80):min(len(page), i+40)])
		}
	}
}

var mdLink = regexp.MustCompile(`\]\(([^)]*)\)`)
var mdAnchor = regexp.MustCompile(`<a id="([^"]*)"></a>`)
var unescapedLT = regexp.MustCompile(`(^|[^\\])<[^ ]{0,10}`)

func checkMarkdown(t *testing.T, out []byte) {
	t.Helper()
	ids := map[string]bool{}
	for _, m := range mdAnchor.FindAllSubmatch(out, -1) {
		if ids[string(m[1])] {
			t.Errorf("duplicate anchor %q", m[1])
		}
		ids[string(m[1])] = true
	}
	links := mdLink.FindAllSubmatch(out, -1)
	if len(links) < 20 {
		t.Errorf("only %d links", len(links))
	}
	for _, m := range links {
		target := string(m[1])
		if frag, ok := strings.CutPrefix(target, "#"); ok {
			if f, _ := url.PathUnescape(frag); !ids[f] {
				t.Errorf("link %q has no anchor", target)
			}
			continue
		}
		t.Errorf("unexpected link target %q", target)
	}
	// Outside our own anchors and the autolinks of http(s) sources, no
	// unescaped '<' may appear.
	rest := mdAnchor.ReplaceAll(out, nil)
	for _, m := range unescapedLT.FindAll(rest, -1) {
		if !bytes.Contains(m, []byte("<http")) {
			t.Errorf("raw '<' in Markdown: %q", m)
		}
	}
}

func TestMarkdownStructure(t *testing.T) {
	for name, c := range testCases(t) {
		t.Run(name, func(t *testing.T) { checkMarkdown(t, render(t, c, mdOf)) })
	}
}

func TestMarkdownEscapesHostileText(t *testing.T) {
	out := render(t, hostileCase(t), mdOf)
	checkMarkdown(t, out)
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "# not") || strings.HasPrefix(line, "- not") {
			t.Errorf("case text started a block: %q", line)
		}
	}
	for _, bad := range []string{" <script", "><script", " <img", ">\n<img", "](javascript", " `c`", " *b*", " _i_"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("unescaped %q in Markdown", bad)
		}
	}
	if !bytes.Contains(out, []byte(`\<script\>alert\(1\)\</script\>`)) {
		t.Error("hostile text should be escaped, not dropped")
	}
}

func TestMdEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, fine.", "plain text, fine."},
		{"a*b_c`d", `a\*b\_c\` + "`" + `d`},
		{"[x](y)", `\[x\]\(y\)`},
		{"<b>&amp;", `\<b\>\&amp;`},
		{"a|b", `a\|b`},
		{"line\nbreak\r\n\tand  spaces", "line break and spaces"},
		{"see https://x.org/a", `see https:\/\/x.org/a`},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := md(tt.in); got != tt.want {
			t.Errorf("md(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{"- item": `\- item`, "1. one": `1\. one`, "12) x": `12\) x`, "=== x": `\=== x`, "2024 was": "2024 was"} {
		if got := mdBlock(in); got != want {
			t.Errorf("mdBlock(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"https://a.org/x y": "https://a.org/x%20y", "javascript:alert(1)": "", "ftp://x": "", "/rel": "", "http://a.org/(b)": "http://a.org/%28b%29"} {
		if got := mdURL(in); got != want {
			t.Errorf("mdURL(%q) = %q, want %q", in, got, want)
		}
	}
}
