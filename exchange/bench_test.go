package exchange

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/cruxlab/crux"
)

// bigCase is a matrix of 100 hypotheses × 2 000 evidence items.
func bigCase() *crux.Case {
	r := rand.New(rand.NewPCG(1, 1))
	c := crux.New("big", "big")
	for i := range 100 {
		c.Hypotheses = append(c.Hypotheses, crux.Hypothesis{ID: "H" + itoa(i), Title: "Hypothesis number " + itoa(i), Status: crux.Accepted})
	}
	for i := range 2000 {
		e := crux.Evidence{ID: "E" + itoa(i), Text: "An evidence item, with a comma and \"quotes\", number " + itoa(i), Kind: crux.Fact,
			Date: "2024-01-02", Reliability: "B", Credibility: "2", Relevance: crux.High, Ratings: map[string]crux.Rating{}}
		for _, h := range c.Hypotheses {
			e.Ratings[h.ID] = crux.Rating{Value: crux.RatingValues[r.IntN(6)]}
		}
		c.Evidence = append(c.Evidence, e)
	}
	return c
}

func itoa(i int) string { return strconv.Itoa(i) }

func BenchmarkWriteMatrixCSV(b *testing.B) {
	c := bigCase()
	var buf bytes.Buffer
	WriteMatrixCSV(&buf, c)
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteMatrixCSV(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadApplyMatrixCSV(b *testing.B) {
	c := bigCase()
	var buf bytes.Buffer
	WriteMatrixCSV(&buf, c)
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := ReadMatrixCSV(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ApplyMatrix(c, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckSchema(b *testing.B) {
	data, _ := ExportJSON(bigCase())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := CheckSchema(data); err != nil {
			b.Fatal(err)
		}
	}
}
