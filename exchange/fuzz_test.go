package exchange

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/testenv"
)

const seedArticle = "../../shared/corpus/seed/kremlin-drone-2023-05-04.txt"

func addSeeds(f *testing.F, files ...string) {
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile(seedArticle); err == nil {
		f.Add(b)
	}
}

func FuzzImportCSV(f *testing.F) {
	addSeeds(f, "testdata/small.csv")
	f.Add([]byte("\ufeffid;text;H1\r\nE1;\"a;b\";cc\r\n;;\r\n"))
	f.Add([]byte("Evidence\tSabotage\tH2: x\nfoo\t++\tn/a\n"))
	f.Add([]byte("id,H1: a,H1: b\n\"unterminated\n"))
	base := testenv.LoadCase(f, "testdata/small.json")
	before := encode(f, base)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadMatrixCSV(data)
		if err != nil {
			return
		}
		got, err := ApplyMatrix(base, m)
		if !bytes.Equal(before, encode(t, base)) {
			t.Fatal("ApplyMatrix changed its input case")
		}
		if err != nil {
			return
		}
		// What was accepted is a valid case whose matrix survives our own
		// CSV unchanged.
		var buf bytes.Buffer
		if err := WriteMatrixCSV(&buf, got); err != nil {
			t.Fatal(err)
		}
		m2, err := ReadMatrixCSV(buf.Bytes())
		if err != nil {
			t.Fatalf("re-reading our own export: %v", err)
		}
		again, err := ApplyMatrix(got, m2)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, got) {
			t.Fatal("export + import of an imported matrix changed it")
		}
	})
}

func FuzzImportJSON(f *testing.F) {
	addSeeds(f, "testdata/small.json")
	f.Add([]byte(`{"format":"crux-case","version":1,"evidence":[{"id":"E1","kind":"fact","ratings":{"H1":{"value":"C","likelihood":2}}}]}`))
	f.Add([]byte(`{"format":"crux-case","version":1,"sources":null}`))
	base := testenv.LoadCase(f, "testdata/small.json")
	before := encode(f, base)
	f.Fuzz(func(t *testing.T, data []byte) {
		// As a fragment merged into a case: all or nothing.
		if frag, err := ReadCaseFragment(data); err == nil {
			merged, err := Merge(base, frag)
			if !bytes.Equal(before, encode(t, base)) {
				t.Fatal("Merge changed its base")
			}
			if err == nil {
				if err := crux.Validate(merged); err != nil {
					t.Fatalf("Merge returned an invalid case: %v", err)
				}
			}
		}
		c, err := ImportJSON(data)
		if err != nil {
			return
		}
		out, err := ExportJSON(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckSchema(out); err != nil {
			t.Fatalf("a case crux accepts does not conform to its schema: %v", err)
		}
		c2, err := ImportJSON(out)
		if err != nil {
			t.Fatalf("re-reading our own export: %v", err)
		}
		out2, _ := ExportJSON(c2)
		if !bytes.Equal(out, out2) {
			t.Fatal("JSON export is not stable")
		}
	})
}
