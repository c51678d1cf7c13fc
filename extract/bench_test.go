package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux"
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

func BenchmarkExtract(b *testing.B) {
	texts := benchCorpus(b)
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			Extract(&crux.Source{ID: "s1", Text: t})
		}
	}
}
