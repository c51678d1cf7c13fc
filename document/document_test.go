package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/testenv/golden"
)

const seedPath = "../../shared/corpus/seed/kremlin-drone-2023-05-04.txt"

// readShared reads a file under ../shared, skipping the test when the
// folder is absent, except under CI=true where that is a failure.
func readShared(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is unreadable: %v", path, err)
		}
		t.Skipf("%s absent (%v): skipping", path, err)
	}
	return data
}

// checkSource asserts the invariants every parsed Source must hold.
func checkSource(t testing.TB, src *crux.Source) {
	t.Helper()
	if !utf8.ValidString(src.Text) {
		t.Errorf("Text is not valid UTF-8")
	}
	for _, s := range []string{src.Title, src.Outlet, src.URL, src.Published} {
		if !utf8.ValidString(s) {
			t.Errorf("metadata %q is not valid UTF-8", s)
		}
	}
	prev := 0
	for i, p := range src.Paragraphs {
		if p.Start < prev || p.End <= p.Start || p.End > len(src.Text) {
			t.Fatalf("paragraph %d span [%d,%d) out of order or range (text %d bytes, previous end %d)", i, p.Start, p.End, len(src.Text), prev)
		}
		if !utf8.ValidString(src.Text[p.Start:p.End]) {
			t.Errorf("paragraph %d cuts a UTF-8 sequence", i)
		}
		prev = p.End
	}
	prev = 0
	for i, l := range src.Links {
		if l.Start < prev || l.End <= l.Start || l.End > len(src.Text) {
			t.Fatalf("link %d span [%d,%d) out of order or range (text %d bytes)", i, l.Start, l.End, len(src.Text))
		}
		prev = l.Start
	}
	if src.ID != "" {
		t.Errorf("ID set to %q; the caller sets it", src.ID)
	}
}

func paraTexts(src *crux.Source) []string {
	var out []string
	for _, p := range src.Paragraphs {
		out = append(out, src.Text[p.Start:p.End])
	}
	return out
}

func linkTexts(src *crux.Source) []string {
	var out []string
	for _, l := range src.Links {
		out = append(out, src.Text[l.Start:l.End]+" -> "+l.URL)
	}
	return out
}

// goldenDoc is the JSON written for a parsed file: the Source plus its
// paragraphs and links as text, so that a diff is readable.
type goldenDoc struct {
	Source     *crux.Source `json:"source"`
	Paragraphs []string     `json:"paragraph_texts"`
	Links      []string     `json:"link_texts,omitempty"`
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("only %d testdata files", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src, err := Parse(f, data)
			if err != nil {
				t.Fatal(err)
			}
			checkSource(t, src)
			got, err := json.MarshalIndent(goldenDoc{src, paraTexts(src), linkTexts(src)}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden.Check(t, filepath.Join("testdata", "golden", filepath.Base(f)+".json"), got)
		})
	}
}

// captionLines returns the raw lines of data that end in a bold
// "Name / AGENCY" credit, the scraped form of a photo caption.
func captionLines(data string) []string {
	var out []string
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasSuffix(line, "**") {
			body := line[:len(line)-2]
			if i := strings.LastIndex(body, "**"); i >= 0 && strings.Contains(body[i:], " / ") {
				out = append(out, line)
			}
		}
	}
	return out
}

func TestSeedArticle(t *testing.T) {
	data := readShared(t, seedPath)
	for _, tc := range []struct {
		name   string
		parse  func([]byte) (*crux.Source, error)
		format Format
	}{
		{"Parse", func(b []byte) (*crux.Source, error) { return Parse("seed.txt", b) }, Markdown},
		{"ParseText", ParseText, Text},
		{"ParseMarkdown", ParseMarkdown, Markdown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := tc.parse(data)
			if err != nil {
				t.Fatal(err)
			}
			checkSource(t, src)
			if src.Format != string(tc.format) {
				t.Errorf("Format = %q, want %q", src.Format, tc.format)
			}
			if want := "Kremlin Drone Strike: Ukrainian Attack or False Flag?"; src.Title != want {
				t.Errorf("Title = %q, want %q", src.Title, want)
			}
			if want := []string{"Mack Tubridy", "Pyotr Kozlov"}; !slices.Equal(src.Authors, want) {
				t.Errorf("Authors = %q, want %q", src.Authors, want)
			}
			if src.Published != "2023-05-04" {
				t.Errorf("Published = %q, want 2023-05-04", src.Published)
			}
			if want := "https://www.themoscowtimes.com/2023/05/04/kremlin-drone-strike-ukrainian-attack-or-false-flag-a810"; src.URL != want {
				t.Errorf("URL = %q, want %q", src.URL, want)
			}
			if src.Outlet != "themoscowtimes.com" {
				t.Errorf("Outlet = %q", src.Outlet)
			}
			if src.Digest != digest(data) || len(src.Digest) != 64 {
				t.Errorf("Digest = %q", src.Digest)
			}
			if len(src.Paragraphs) < 30 {
				t.Errorf("only %d paragraphs", len(src.Paragraphs))
			}
			n := 0
			for _, line := range strings.Split(string(data), "\n") {
				if !strings.HasPrefix(line, "By ") {
					n += strings.Count(line, "](#)")
				}
			}
			if len(src.Links) != n {
				t.Errorf("%d links, want %d (one per [text](#) outside the byline)", len(src.Links), n)
			}
			for _, l := range src.Links {
				a := src.Text[l.Start:l.End]
				if a == "" || strings.ContainsAny(a, "[]()") || l.URL != "#" {
					t.Errorf("link %q -> %q: want bare anchor text and target #", a, l.URL)
				}
			}
			caps := captionLines(string(data))
			if len(caps) == 0 {
				t.Fatal("the seed has no caption line; test premise broken")
			}
			for _, c := range caps {
				credit := strings.Trim(c[strings.LastIndex(c[:len(c)-2], "**"):], "*")
				for _, p := range paraTexts(src) {
					if strings.Contains(p, credit) {
						t.Errorf("caption credit %q is inside body paragraph %q", credit, p)
					}
				}
			}
			for _, p := range paraTexts(src) {
				if strings.HasPrefix(p, "By ") || strings.HasPrefix(p, "Original url") || strings.Contains(p, "https://") {
					t.Errorf("metadata line kept as a paragraph: %q", p)
				}
			}
			if tc.format == Text && src.Text != string(data) {
				t.Errorf("ParseText changed the text")
			}
			if tc.format == Markdown && strings.Contains(src.Text, "](#)") {
				t.Errorf("Markdown link syntax left in the cleaned Text")
			}
		})
	}
}

// TestPolNeARText: plain-text parsing keeps PolNeAR articles byte-identical
// and finds their titles (checked against metadata.tsv).
func TestPolNeARText(t *testing.T) {
	meta := readShared(t, "../../shared/corpus/polnear/metadata.tsv")
	titles := map[string]string{}
	lines := strings.Split(string(meta), "\n")
	cols := strings.Split(lines[0], "\t")
	fi, ti := slices.Index(cols, "filename"), slices.Index(cols, "title")
	for _, l := range lines[1:] {
		if f := strings.Split(l, "\t"); len(f) > max(fi, ti) && strings.HasPrefix(l, "dev\t") {
			titles[f[fi]] = f[ti]
		}
	}
	// Every train and dev article is detected as plain text (a Markdown
	// guess would break brat offsets) and kept byte-identical.
	all, _ := filepath.Glob("../../shared/corpus/polnear/*/text/*.txt")
	for _, f := range all {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if d := Detect(f, data); d != Text {
			t.Errorf("%s: detected as %s, want text", f, d)
		}
		if src, err := Parse(f, data); err != nil || src.Text != string(data) {
			t.Errorf("%s: Parse changed the text or failed: %v", f, err)
		}
	}
	files, _ := filepath.Glob("../../shared/corpus/polnear/dev/text/*.txt")
	if len(files) == 0 || len(all) <= len(files) {
		t.Fatalf("found %d dev and %d texts in all", len(files), len(all))
	}
	match := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, err := ParseText(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkSource(t, src)
		if src.Text != string(data) {
			t.Fatalf("%s: Text is not byte-identical", f)
		}
		want := strings.Join(strings.Fields(titles[strings.TrimSuffix(filepath.Base(f), ".txt")]), " ")
		if dropDots(src.Title) == dropDots(want) {
			match++
		}
	}
	rate := float64(match) / float64(len(files))
	t.Logf("PolNeAR dev: title found in %d of %d articles (%.0f%%)", match, len(files), 100*rate)
	if rate < 0.9 {
		t.Errorf("title agreement %.2f below 0.9", rate)
	}
}

func dropDots(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' {
			return -1
		}
		return r
	}, s)
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       Format
	}{
		{"a.md", "plain words", Markdown},
		{"a.markdown", "plain words", Markdown},
		{"a.HTML", "plain words", HTML},
		{"a.htm", "", HTML},
		{"a.txt", "Title\n\nA plain paragraph. It said \"f*** off\" [sic].\n", Text},
		{"a.txt", "Title\n\nA [linked](#) word.\n", Markdown},
		{"a.txt", "Photo. **Jo Doe / AFP**\n", Markdown},
		{"a.txt", "<html><body>x</body></html>", Text}, // the extension decides
		{"noext", "  <!DOCTYPE html><html><p>x</p>", HTML},
		{"noext", "<div class=x>y</div>", HTML},
		{"noext", "# One\n\ntext\n\n## Two\n", Markdown},
		{"noext", "# just a hashtag line\n", Text},
		{"noext", "Plain text.\n", Text},
		{"", "", Text},
	} {
		if got := Detect(tc.name, []byte(tc.data)); got != tc.want {
			t.Errorf("Detect(%q, %q) = %s, want %s", tc.name, tc.data, got, tc.want)
		}
	}
}

func TestNormDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"May 04, 2023", "2023-05-04"},
		{"May 4 2023", "2023-05-04"},
		{"4 May 2023", "2023-05-04"},
		{"4th of May, 2023", "2023-05-04"},
		{"Thursday, May 4, 2023", "2023-05-04"},
		{"Sept. 14, 2022", "2022-09-14"},
		{"Published: 12 March 2024 10:30 GMT", "2024-03-12"},
		{"Updated May 4, 2023 at 9:15 a.m.", "2023-05-04"},
		{"2023-05-04", "2023-05-04"},
		{"2023-05-04T10:00:00", "2023-05-04"},
		{"2023-05-04T10:00:00Z", "2023-05-04T10:00:00Z"},
		{"2023-05-04T10:00:00.123+03:00", "2023-05-04T10:00:00+03:00"},
		{"2023-05-04 10:00:00 +0300", "2023-05-04T10:00:00+03:00"},
		{"20230504", "2023-05-04"},
		{"February 30, 2023", ""},
		{"05/04/2023", ""},
		{"May 2023", ""},
		{"The May 4 2023 meeting", ""},
		{"Moscow claimed Wednesday that Ukraine attacked", ""},
		{"", ""},
		{"4 May 2023 and more words", ""},
	} {
		got, ok := normDate(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("normDate(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestParseByline(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"By Ana Ribeiro and Tomás Vidal", []string{"Ana Ribeiro", "Tomás Vidal"}},
		{"By A. B. Jones, Carla Diaz and Eve Stone", []string{"A. B. Jones", "Carla Diaz", "Eve Stone"}},
		{"BY JANE DOE", []string{"JANE DOE"}},
		{"By Ludwig van Beethoven & Clara Schumann", []string{"Ludwig van Beethoven", "Clara Schumann"}},
		{"By Jo Park, Staff Writer", []string{"Jo Park"}},
		{"By Jo Park | Reuters | May 4, 2023", []string{"Jo Park"}},
		{"Written by Sam Lee", []string{"Sam Lee"}},
		{"By the time he arrived, the bridge had closed.", nil},
		{"By 2030 the city will need more water", nil},
		{"Byron Smith said so", nil},
		{"Mack Tubridy", nil},
	} {
		if got := parseByline(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("parseByline(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsCaption(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"Officers on a square. **Jo Doe / AFP**", true},
		{"**Photo: Harbour Authority**", true},
		{"Photo by Jo Doe/Getty", true},
		{"The bridge at dusk. (AP Photo/Jo Doe)", true},
		{"The bridge at dusk. (Photo: city archive)", true},
		{"He said it was **very** important.", false},
		{"Prices rose 3/4 of a point (about 0.75%).", false},
		{"", false},
	} {
		if got := isCaption(tc.in); got != tc.want {
			t.Errorf("isCaption(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestOutletAndTitle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://www.themoscowtimes.com/2023/05/04/x", "themoscowtimes.com"},
		{"https://m.example.co.uk/a", "example.co.uk"},
		{"http://example.org:8080/a", "example.org"},
		{"https://www.com/", "www.com"},
		{"not a url", ""},
	} {
		if got := outletFromURL(tc.in); got != tc.want {
			t.Errorf("outletFromURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ title, outlet, want, suffix string }{
		{"Bridge closed | The Ledger", "The Ledger", "Bridge closed", "The Ledger"},
		{"Bridge closed after crack found - Valley Post", "", "Bridge closed after crack found", "Valley Post"},
		{"Bridge closed - themoscowtimes", "themoscowtimes.com", "Bridge closed", "themoscowtimes"},
		{"Biden - Trump debate", "", "Biden - Trump debate", ""},
		{"No separator here", "X", "No separator here", ""},
	} {
		got, suf := cleanTitle(tc.title, tc.outlet)
		if got != tc.want || suf != tc.suffix {
			t.Errorf("cleanTitle(%q, %q) = %q, %q; want %q, %q", tc.title, tc.outlet, got, suf, tc.want, tc.suffix)
		}
	}
}

func TestBadInput(t *testing.T) {
	parsers := map[string]func([]byte) (*crux.Source, error){
		"text": ParseText, "markdown": ParseMarkdown, "html": ParseHTML,
		"parse": func(b []byte) (*crux.Source, error) { return Parse("x.txt", b) },
	}
	big := make([]byte, MaxSize+1) // one allocation shared by all parsers; only its length is looked at
	for name, parse := range parsers {
		for _, in := range []string{"", " \n\t\r\n "} {
			if _, err := parse([]byte(in)); !errors.Is(err, ErrEmpty) {
				t.Errorf("%s(%q): err = %v, want ErrEmpty", name, in, err)
			}
		}
		if _, err := parse(big); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "MaxSize") {
			t.Errorf("%s(MaxSize+1): err = %v, want ErrTooLarge", name, err)
		}
	}
	bad := []byte("Title\n\nline two ok\nthen a bad \xff byte\n")
	for name, parse := range map[string]func([]byte) (*crux.Source, error){"text": ParseText, "markdown": ParseMarkdown} {
		_, err := parse(bad)
		var ue *InvalidUTF8Error
		if !errors.As(err, &ue) {
			t.Fatalf("%s: err = %v, want *InvalidUTF8Error", name, err)
		}
		if ue.Offset != bytes.IndexByte(bad, 0xff) || ue.Line != 4 || ue.Column != 12 {
			t.Errorf("%s: %+v, want offset %d line 4 column 12", name, *ue, bytes.IndexByte(bad, 0xff))
		}
		if !strings.Contains(err.Error(), "byte offset 30") {
			t.Errorf("%s: message %q does not name the offset", name, err)
		}
	}
	if _, err := Parse("story.txt", bad); err == nil || !strings.HasPrefix(err.Error(), "story.txt: ") {
		t.Errorf("Parse error %v does not name the file", err)
	}
	// HTML repairs invalid bytes with U+FFFD instead.
	src, err := ParseHTML([]byte("<p>caf\xe9 ok and more text here</p>"))
	if err != nil {
		t.Fatal(err)
	}
	checkSource(t, src)
	if !strings.Contains(src.Text, "caf\uFFFD ok") {
		t.Errorf("Text = %q, want U+FFFD repair", src.Text)
	}
}

func TestHTMLCharset(t *testing.T) {
	data, err := os.ReadFile("testdata/cp1251.html")
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(data) {
		t.Fatal("testdata/cp1251.html should not be UTF-8")
	}
	src, err := ParseHTML(data)
	if err != nil {
		t.Fatal(err)
	}
	checkSource(t, src)
	if !strings.Contains(src.Text, "Мост закрыт на ремонт") || !strings.Contains(src.Title, "мост закрыт") {
		t.Errorf("windows-1251 not decoded: title %q text %q", src.Title, src.Text)
	}
	for _, tc := range []struct {
		page, want string
	}{
		{`<meta charset="iso-8859-1"><p>caf` + "\xe9" + ` au lait</p>`, "café au lait"},
		{`<meta charset=koi8-r><p>` + "\xf0\xf2\xe1\xf7\xe4\xe1" + `</p>`, "ПРАВДА"},
		{"\xef\xbb\xbf<p>BOM then UTF-8: caf\xc3\xa9</p>", "BOM then UTF-8: café"},
		{`<?xml version="1.0" encoding="windows-1252"?><html><p>` + "\x93quoted\x94" + `</p></html>`, "“quoted”"},
	} {
		src, err := ParseHTML([]byte(tc.page))
		if err != nil {
			t.Errorf("%q: %v", tc.page, err)
			continue
		}
		if !strings.Contains(src.Text, tc.want) {
			t.Errorf("%q: Text = %q, want %q", tc.page, src.Text, tc.want)
		}
	}
	if _, err := ParseHTML([]byte(`<meta charset="x-klingon"><p>text</p>`)); err == nil || !strings.Contains(err.Error(), "x-klingon") {
		t.Errorf("unknown charset: err = %v, want an error naming it", err)
	}
}

func TestHTMLBoilerplate(t *testing.T) {
	data, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	src, err := ParseHTML(data)
	if err != nil {
		t.Fatal(err)
	}
	checkSource(t, src)
	for _, gone := range []string{"Home", "cookies", "Share", "Ferry fares", "disgrace", "All rights reserved",
		"trackPageView", "font-family", "Search", "By Ana", "end of story body", "Related"} {
		if strings.Contains(src.Text, gone) {
			t.Errorf("boilerplate %q left in Text", gone)
		}
	}
	paras := paraTexts(src)
	if len(paras) != 6 || paras[0] != src.Title || paras[3] != "Detours expected" {
		t.Errorf("paragraphs = %q", paras)
	}
	if !strings.Contains(src.Text, "north quay") {
		t.Errorf("figure caption missing from Text")
	}
	for _, p := range paras {
		if strings.Contains(p, "north quay") {
			t.Errorf("caption is a paragraph: %q", p)
		}
	}
	if !strings.Contains(paras[2], "“We will not reopen it") || !strings.Contains(paras[4], "40 minutes & more") {
		t.Errorf("entities not decoded: %q", paras)
	}
	if want := []string{"Mira Santos -> https://www.coastal-ledger.example/people/mira-santos",
		"latest traffic survey -> https://www.coastal-ledger.example/reports/traffic-2023.pdf"}; !slices.Equal(linkTexts(src), want) {
		t.Errorf("links = %q, want %q", linkTexts(src), want)
	}
	if src.Outlet != "The Coastal Ledger" || src.Published != "2024-03-12T08:15:00+01:00" ||
		!slices.Equal(src.Authors, []string{"Ana Ribeiro", "Tomás Vidal"}) {
		t.Errorf("metadata: outlet %q published %q authors %q", src.Outlet, src.Published, src.Authors)
	}
}

func TestHTMLMetadataSources(t *testing.T) {
	for _, tc := range []struct {
		name, page string
		title      string
		authors    []string
		date       string
		outlet     string
	}{
		{"title tag and byline element",
			`<title>Flood warning issued | River News</title><div class="byline">By Ada Byron and Li Wei</div><p>Heavy rain is expected across the region this week, forecasters said.</p>`,
			"Flood warning issued", []string{"Ada Byron", "Li Wei"}, "", "River News"},
		{"itemprop author and time",
			`<article><h1>Budget passed</h1><span itemprop="author"><span itemprop="name">Noor Haddad</span></span><time datetime="2021-02-03">Feb 3</time><p>The parliament passed the budget late on Wednesday after a long debate among members.</p></article>`,
			"Budget passed", []string{"Noor Haddad"}, "2021-02-03", ""},
		{"JSON-LD list type and string author",
			`<script type="application/ld+json">[{"@type":["NewsArticle"],"headline":"Port reopens","author":"Kim Lee and Bo Ek","datePublished":"May 4, 2023","publisher":"Harbor Daily"}]</script><p>The port reopened on Thursday after a three-day strike by dock workers ended.</p>`,
			"Port reopens", []string{"Kim Lee", "Bo Ek"}, "2023-05-04", "Harbor Daily"},
		{"byline paragraph in body",
			`<h1>Rail strike ends</h1><p>By Marta Ruiz</p><p>May 4, 2023</p><p>Train drivers returned to work on Thursday after the union accepted a new pay offer.</p>`,
			"Rail strike ends", []string{"Marta Ruiz"}, "2023-05-04", ""},
		{"br br paragraphs",
			`<body><h1>Old page</h1>Flood waters rose overnight in the valley.<br><br>Residents were moved to the school.<br>Roads stay closed.</body>`,
			"Old page", nil, "", ""},
		{"headline only in a header",
			`<article><header><h1>Storm <em>passes</em></h1></header><p>The storm moved out to sea on Friday night, forecasters said, after two days of rain.</p></article>`,
			"Storm passes", nil, "", ""},
		{"broken JSON-LD ignored",
			`<script type="application/ld+json">{"@type":"NewsArticle", "headline": </script><h1>Fine</h1><p>Some text of the article that is long enough to count here.</p>`,
			"Fine", nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := ParseHTML([]byte(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			checkSource(t, src)
			if src.Title != tc.title || !slices.Equal(src.Authors, tc.authors) || src.Published != tc.date || src.Outlet != tc.outlet {
				t.Errorf("got title %q authors %q date %q outlet %q", src.Title, src.Authors, src.Published, src.Outlet)
			}
			for _, p := range paraTexts(src)[1:] {
				if strings.HasPrefix(p, "By ") || p == src.Title {
					t.Errorf("metadata kept as a paragraph: %q", p)
				}
			}
		})
	}
}

func TestHTMLHostile(t *testing.T) {
	deep := strings.Repeat("<div>", 100000) + "deep text" + strings.Repeat("</div>", 100000)
	unclosed := strings.Repeat("<p><b><i><a href=x>", 20000) + "tail"
	for name, page := range map[string]string{
		"deep":       deep,
		"unclosed":   unclosed,
		"table soup": strings.Repeat("<table><tr><td>cell<td>more", 5000),
		"nul":        "<p>a\x00b</p>",
	} {
		src, err := ParseHTML([]byte(page))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkSource(t, src)
	}
	for _, page := range []string{"<html><head></head><body></body></html>", "<nav>Home</nav><script>x()</script>"} {
		if _, err := ParseHTML([]byte(page)); !errors.Is(err, ErrEmpty) {
			t.Errorf("%q: err = %v, want ErrEmpty (no readable text)", page, err)
		}
	}
	for _, md := range []string{"<!-- only a comment -->", "---\n\n***\n", "<div></div>"} {
		if _, err := ParseMarkdown([]byte(md)); !errors.Is(err, ErrEmpty) {
			t.Errorf("%q: err = %v, want ErrEmpty", md, err)
		}
	}
	src, _ := ParseHTML([]byte(deep))
	if !strings.Contains(src.Text, "deep text") {
		t.Errorf("deep: text lost: %q", src.Text)
	}
	// An unclosed <script> swallows the rest of the page: no text.
	if src, err := ParseHTML([]byte("<script>" + strings.Repeat("<p>not text</p>", 1000))); !errors.Is(err, ErrEmpty) {
		t.Errorf("unclosed script: err = %v, source %+v; want ErrEmpty", err, src)
	}
}

func TestMarkdownInline(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		links    []string
	}{
		{"Some *emphasis*, **strong**, ***both*** and ~~struck~~ text.", "Some emphasis, strong, both and struck text.", nil},
		{"snake_case and 2 * 3 * 4 and f*** stay.", "snake_case and 2 * 3 * 4 and f*** stay.", nil},
		{"_under_ and __double__", "under and double", nil},
		{"A [link](http://x.example/a_(b) \"title\") here.", "A link here.", []string{"link -> http://x.example/a_(b)"}},
		{"A [**bold link**](<http://x.example/a b>) here.", "A bold link here.", []string{"bold link -> http://x.example/a b"}},
		{"![alt text](img.png) then [ref][r] and [r].\n\n[r]: http://r.example", "alt text then ref and r.", []string{"ref -> http://r.example", "r -> http://r.example"}},
		{"Code `a *not emphasis* b` and ``x ` y``.", "Code a *not emphasis* b and x ` y.", nil},
		{"Escaped \\*stars\\* and \\[brackets\\].", "Escaped *stars* and [brackets].", nil},
		{"Tom &amp; Jerry &ldquo;quoted&rdquo; &bogus; &#8217;", "Tom & Jerry “quoted” &bogus; ’", nil},
		{"Mail <a@b.example> or <https://c.example/x>.", "Mail a@b.example or https://c.example/x.", []string{"a@b.example -> mailto:a@b.example", "https://c.example/x -> https://c.example/x"}},
		{"Tags <span class=\"x\">inside</span> a<br>line", "Tags inside a line", nil},
		{"Unclosed [bracket and (paren", "Unclosed [bracket and (paren", nil},
		{"[](empty) [ spaced ](u)", "spaced", []string{"spaced -> u"}},
		{"line one\nline two", "line one line two", nil},
		{"5 < 6 and a <not-a-tag", "5 < 6 and a <not-a-tag", nil},
	} {
		src, err := ParseMarkdown([]byte(tc.in))
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		checkSource(t, src)
		if src.Text != tc.want {
			t.Errorf("ParseMarkdown(%q).Text = %q, want %q", tc.in, src.Text, tc.want)
		}
		if got := linkTexts(src); !slices.Equal(got, tc.links) {
			t.Errorf("ParseMarkdown(%q) links = %q, want %q", tc.in, got, tc.links)
		}
	}
}

func TestMarkdownBlocks(t *testing.T) {
	in := "Setext title\n============\n\nIntro para\nwrapped.\n\n" +
		"Sub\n---\n\n> quoted line one\n> line two\n>\n> second quote para\n\n" +
		"* item one\n* item two\n  continued\n\n1) first\n2) second\n\n" +
		"~~~go\ncode *stays*\n~~~\n\n***\n\n<!-- a\ncomment -->\n\n<div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# Closing #\n"
	src, err := ParseMarkdown([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	checkSource(t, src)
	want := []string{"Setext title", "Intro para wrapped.", "Sub", "quoted line one line two", "second quote para",
		"item one", "item two continued", "first", "second", "code *stays*", "a | b", "1 | 2", "Closing"}
	if got := paraTexts(src); !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
	if src.Title != "Setext title" {
		t.Errorf("Title = %q", src.Title)
	}
	if strings.Contains(src.Text, "comment") || strings.Contains(src.Text, "<div>") {
		t.Errorf("comment or tag in Text: %q", src.Text)
	}
}

func TestTextParagraphs(t *testing.T) {
	in := "Title Line\r\n\r\nBy Jo Park\r\n\r\nFirst paragraph has words\r\nover two lines.\r\n \t \r\n\u00a0\r\n  Second paragraph, indented.  \r\n\r\n" +
		"This paragraph was cut by a scraper in the middle of its sentence and goes on\n\nin the next block.\n\nA short one\n\nURL: <https://news.example/a>\n"
	src, err := ParseText([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	checkSource(t, src)
	if src.Text != in {
		t.Fatal("Text changed")
	}
	want := []string{"Title Line", "First paragraph has words\r\nover two lines.", "Second paragraph, indented.",
		"This paragraph was cut by a scraper in the middle of its sentence and goes on\n\nin the next block.", "A short one"}
	if got := paraTexts(src); !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
	if src.Title != "Title Line" || !slices.Equal(src.Authors, []string{"Jo Park"}) || src.URL != "https://news.example/a" || src.Outlet != "news.example" {
		t.Errorf("metadata: %q %q %q %q", src.Title, src.Authors, src.URL, src.Outlet)
	}
	// A date line before the title.
	src, _ = ParseText([]byte("June 1, 2024\n\nTitle After Date\n\nBody text here.\n"))
	if src.Title != "Title After Date" || src.Published != "2024-06-01" {
		t.Errorf("Title, Published = %q, %q", src.Title, src.Published)
	}
	// A date line with an update note.
	src, _ = ParseText([]byte("Title Here\n\nMay 4, 2023 | Updated May 5, 2023 10:00\n\nBody text here.\n"))
	if src.Published != "2023-05-04" || len(src.Paragraphs) != 2 {
		t.Errorf("Published = %q, paragraphs %q", src.Published, paraTexts(src))
	}
	// A Markdown heading mark is not part of a plain-text title.
	src, _ = ParseText([]byte("# Heading Title\n\nBody text here.\n"))
	if src.Title != "Heading Title" {
		t.Errorf("Title = %q, want %q", src.Title, "Heading Title")
	}
	// Prose first: no title.
	src, _ = ParseText([]byte("this starts in lower case and is no title\n\nsecond\n"))
	if src.Title != "" {
		t.Errorf("Title = %q, want none", src.Title)
	}
}

func TestHTMLBodySelection(t *testing.T) {
	long := "The committee published its findings on Monday after a year of hearings with witnesses. "
	for _, tc := range []struct {
		name, page string
		want       []string // paragraphs after the title, in order
		links      []string
	}{
		{"itemprop=articleBody wins over a bigger article",
			`<article><p>` + long + long + `</p></article><div itemprop="articleBody"><p>` + long + `</p></div>`,
			[]string{strings.TrimSpace(long)}, nil},
		{"teaser articles lose to the densest block",
			`<article><p>Short teaser.</p></article><div class="x"><div class="body"><p>` + long + `</p><p>` + long + `</p></div></div><div><p><a href="/1">` + long + `</a></p></div>`,
			[]string{strings.TrimSpace(long), strings.TrimSpace(long)}, nil},
		{"main, with relative and javascript links",
			`<link rel="canonical" href="https://news.example/a/b.html"><main><p>See <a href="../c.html">the report</a>, <a href="javascript:void(0)">share</a>, <a href="#fn1">note</a> and <a href="//cdn.example/x">file</a>.</p></main>`,
			[]string{"See the report, share, note and file."},
			[]string{"the report -> https://news.example/c.html", "note -> #fn1", "file -> https://cdn.example/x"}},
		{"pre keeps its line breaks; hidden and role=navigation dropped",
			`<main><pre>line one
  line two</pre><div role="navigation"><p>Menu entry text that is long enough</p></div><p aria-hidden="true">Screen-only text</p><p style="DISPLAY: none">Invisible</p></main>`,
			[]string{"line one\n  line two"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := ParseHTML([]byte(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			checkSource(t, src)
			got := paraTexts(src)
			if src.Title != "" {
				got = got[1:]
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, tc.want)
			}
			if l := linkTexts(src); tc.links != nil && !slices.Equal(l, tc.links) {
				t.Errorf("links = %q, want %q", l, tc.links)
			}
		})
	}
}
