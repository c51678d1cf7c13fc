package document

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux"
)

// addSeeds seeds a fuzz corpus with the seed article (when ../shared is
// present), every testdata file and a few hostile snippets.
func addSeeds(f *testing.F, extra ...string) {
	if data, err := os.ReadFile(seedPath); err == nil {
		f.Add(data)
	} else if os.Getenv("CI") == "true" {
		f.Fatalf("CI=true but the seed article is unreadable: %v", err)
	}
	files, _ := filepath.Glob("testdata/*.*")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, s := range append(extra, "", " \n", "[", "[a](", "[a](b", "**x**", "`", "``a`", "\xff", "By A\n\nMay 4, 2023\n\nx",
		"Original url:\n\n<https://x.example/>") {
		f.Add([]byte(s))
	}
}

// fuzzCheck asserts the parser's contract on any input: an error or a
// Source whose spans are in range and whose text is valid UTF-8.
func fuzzCheck(t *testing.T, data []byte, parse func([]byte) (*crux.Source, error), identical bool) {
	src, err := parse(data)
	if err != nil {
		var ue *InvalidUTF8Error
		if !errors.Is(err, ErrEmpty) && !errors.As(err, &ue) && err.Error() == "" {
			t.Fatalf("error without a message")
		}
		return
	}
	checkSource(t, src)
	if identical && src.Text != string(data) {
		t.Fatalf("ParseText changed the text")
	}
	if src.Digest != digest(data) {
		t.Fatalf("digest mismatch")
	}
}

func FuzzParseText(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCheck(t, data, ParseText, true) })
}

func FuzzParseMarkdown(f *testing.F) {
	addSeeds(f, "# h\n\n> q\n- l\n\n```\nc", "---\ntitle: x\n---\n", "![a](b) c", "[r]: u\n\n[r]", "a\n===\n", "<!-- x")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCheck(t, data, ParseMarkdown, false) })
}

func FuzzParseHTML(f *testing.F) {
	addSeeds(f, "<p>a<div>b</p>c", "<table><tr><td>x<td>y", `<meta charset="windows-1251"><p>`+"\xcf\xf0",
		`<script type="application/ld+json">{"@type":"NewsArticle","author":[{"name":"A"}]}</script>`,
		"<article><a href=x>y</a></article>", "<pre>  a\n b</pre>")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCheck(t, data, ParseHTML, false) })
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"a.txt", "a.md", "a.html", "a"} {
			fuzzCheck(t, data, func(b []byte) (*crux.Source, error) { return Parse(name, b) }, false)
		}
	})
}
