package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/cputime"
)

// benchCorpus returns the PolNeAR train texts when ../shared is present,
// else the generated corpus of testdata.
func benchCorpus(tb testing.TB) []string {
	dir := filepath.Join("..", "..", "shared", "corpus", "polnear", "train", "text")
	ents, err := os.ReadDir(dir)
	var texts []string
	if err == nil {
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err == nil {
				texts = append(texts, string(b))
			}
		}
	}
	if len(texts) == 0 {
		texts = generatedCorpus()
	}
	return texts
}

// cpuTime is the CPU time of the process so far (0 where the platform
// does not say): on a machine shared with other work, MB per CPU second
// is steadier than wall-clock MB/s.
var cpuTime = cputime.Process

// BenchmarkExtract reports MB/s (wall clock), allocs/op and cpu-MB/s:
// megabytes of text per second of process CPU time (GC included).
func BenchmarkExtract(b *testing.B) {
	benchPasses(b, func(t string) { Extract(&crux.Source{ID: "s1", Text: t}) })
}

// BenchmarkTokenize measures the tokenizer alone over the same corpus.
func BenchmarkTokenize(b *testing.B) {
	var toks []token
	benchPasses(b, func(t string) { toks, _ = tokenize(t, 0, len(t), toks[:0]) })
}

// benchPasses times passes of pass over every text of benchCorpus and
// reports MB/s, allocs/op and cpu-MB/s.
func benchPasses(b *testing.B, pass func(text string)) {
	texts := benchCorpus(b)
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	iters := 0
	for b.Loop() {
		for _, t := range texts {
			pass(t)
		}
		iters++
	}
	if cpu := cpuTime() - c0; cpu > 0 {
		b.ReportMetric(float64(n)*float64(iters)/1e6/cpu.Seconds(), "cpu-MB/s")
	}
}
