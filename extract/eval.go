package extract

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/cruxlab/crux"
)

// An Article of a PolNeAR-style corpus: its text and its first
// annotator's gold attributions (brat standoff).
type Article struct {
	Name string
	Text []byte
	Gold []byte
}

var annName = regexp.MustCompile(`^(.*)_[0-9a-f]{4}\.ann$`)

// GoldFiles picks, from the names of an attributions folder, the first
// annotator's file of each article (sorted by name, as brat_score.py
// does). It returns article name → file name.
func GoldFiles(names []string) map[string]string {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	out := map[string]string{}
	for _, f := range sorted {
		m := annName.FindStringSubmatch(f)
		if m == nil {
			continue
		}
		if _, ok := out[m[1]]; !ok {
			out[m[1]] = f
		}
	}
	return out
}

// Evaluate extracts attributions from each article's text and scores
// them against its gold annotations. It returns the totals.
func Evaluate(arts []Article) (Counts, error) {
	var tot Counts
	for _, a := range arts {
		c, err := EvaluateOne(a)
		if err != nil {
			return tot, err
		}
		tot.Add(c)
	}
	return tot, nil
}

// EvaluateOne scores one article.
func EvaluateOne(a Article) (Counts, error) {
	text := string(a.Text)
	res := Extract(&crux.Source{ID: a.Name, Text: text})
	var buf bytes.Buffer
	if err := WriteBrat(&buf, text, res.Attributions); err != nil {
		return Counts{}, err
	}
	pred, err := ReadBrat(&buf)
	if err != nil {
		return Counts{}, err
	}
	gold, err := ReadBrat(bytes.NewReader(a.Gold))
	if err != nil {
		return Counts{}, err
	}
	return Score([]rune(strings.ToValidUTF8(text, "\uFFFD")), gold, pred), nil
}
