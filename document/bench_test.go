package document

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cruxlab/crux"
)

// benchInput builds an input of about size bytes: the article repeated
// (the seed article when ../shared is present, else testdata/scraped.txt),
// each copy after the first without its trailer, as in a concatenated archive.
func benchInput(b *testing.B, size int, name string) []byte {
	b.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		b.Skipf("%s: %v", name, err)
	}
	var buf bytes.Buffer
	for buf.Len() < size {
		buf.Write(data)
		buf.WriteString("\n\n")
	}
	return buf.Bytes()
}

func articleFile() string {
	if _, err := os.Stat(seedPath); err == nil {
		return seedPath
	}
	return "testdata/scraped.txt"
}

// benchParse reports MB/s (wall clock) and cpu-MB/s: the bytes parsed per
// second of the process's CPU time (user+system, GC included), which is
// steadier than wall time on a machine shared with other work.
func benchParse(b *testing.B, data []byte, parse func([]byte) (*crux.Source, error)) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	n := 0
	for b.Loop() {
		if _, err := parse(data); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(n)*float64(len(data))/1e6/d.Seconds(), "cpu-MB/s")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The 1 MB and 20 MB sizes of each parser should show the same MB/s: the
// parsers are linear.
func BenchmarkParseText(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1MB", 1 << 20}, {"20MB", 20 << 20}} {
		data := benchInput(b, size.n, articleFile())
		b.Run(size.name, func(b *testing.B) { benchParse(b, data, ParseText) })
	}
}

func BenchmarkParseMarkdown(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1MB", 1 << 20}, {"20MB", 20 << 20}} {
		data := benchInput(b, size.n, articleFile())
		b.Run(size.name, func(b *testing.B) { benchParse(b, data, ParseMarkdown) })
	}
}

func BenchmarkParseHTML(b *testing.B) {
	page, err := os.ReadFile("testdata/article.html")
	if err != nil {
		b.Fatal(err)
	}
	// One page whose article body is the repeated article paragraphs.
	i := bytes.Index(page, []byte("<p>"))
	j := bytes.LastIndex(page, []byte("</p>")) + 4
	body := page[i:j]
	for _, size := range []struct {
		name string
		n    int
	}{{"1MB", 1 << 20}, {"20MB", 20 << 20}} {
		var buf bytes.Buffer
		buf.Write(page[:i])
		for buf.Len() < size.n {
			buf.Write(body)
		}
		buf.Write(page[j:])
		data := buf.Bytes()
		b.Run(size.name, func(b *testing.B) { benchParse(b, data, ParseHTML) })
	}
}

// BenchmarkHostile measures pathological inputs at 1 MB and 4 MB: the MB/s
// of the two sizes must be alike (no quadratic blow-up) and in the range of
// ordinary input.
func BenchmarkHostile(b *testing.B) {
	for _, n := range []int{1 << 20, 4 << 20} {
		rep := func(s string) []byte { return []byte(strings.Repeat(s, n/len(s))) }
		for _, tc := range []struct {
			name  string
			data  []byte
			parse func([]byte) (*crux.Source, error)
		}{
			{"md-open-brackets", rep("["), ParseMarkdown},
			{"md-bracket-paren", append(rep("[a]("), ')'), ParseMarkdown},
			{"md-link-chain", rep("[a](b"), ParseMarkdown},
			{"md-backticks", rep("`a "), ParseMarkdown},
			{"md-stars", rep("*a "), ParseMarkdown},
			{"md-one-line", rep("word "), ParseMarkdown},
			{"text-one-line", rep("word "), ParseText},
			{"text-links", rep("[a](b) "), ParseText},
			{"html-deep", append(rep("<div>x"), rep("</div>")...), ParseHTML},
			{"html-unclosed", rep("<p><b><a href=x>t"), ParseHTML},
			{"html-table-soup", rep("<table><tr><td>x"), ParseHTML},
		} {
			b.Run(fmt.Sprintf("%s/%dMB", tc.name, n>>20), func(b *testing.B) { benchParse(b, tc.data, tc.parse) })
		}
	}
}
