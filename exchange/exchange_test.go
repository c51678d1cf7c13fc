package exchange

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/internal/testenv"
	"github.com/cruxlab/crux/internal/testenv/golden"
)

func cases(t *testing.T) map[string]*crux.Case {
	return map[string]*crux.Case{"small": testenv.LoadCase(t, "testdata/small.json"), "example": examples.KremlinDrone()}
}

func encode(t testing.TB, c *crux.Case) []byte {
	t.Helper()
	b, err := ExportJSON(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRandomCasesAreValid(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		if err := crux.Validate(randomCase(r, 6)); err != nil {
			t.Fatalf("case %d: generator made an invalid case: %v", i, err)
		}
	}
}

func TestJSONRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 300 {
		c := randomCase(r, 6)
		before := encode(t, c)
		got, err := ImportJSON(encode(t, c))
		if err != nil {
			t.Fatalf("case %d: %v\n%s", i, err, before)
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("case %d: JSON round trip lost something:\nwant %#v\n got %#v", i, c, got)
		}
		if !bytes.Equal(before, encode(t, c)) {
			t.Fatalf("case %d: export changed the case", i)
		}
	}
}

func TestCSVRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for i := range 300 {
		c := randomCase(r, 6)
		before := encode(t, c)
		var buf bytes.Buffer
		if err := WriteMatrixCSV(&buf, c); err != nil {
			t.Fatal(err)
		}
		m, err := ReadMatrixCSV(buf.Bytes())
		if err != nil {
			t.Fatalf("case %d: reading our own CSV: %v\n%q", i, err, buf.String())
		}
		// Into the same case: nothing changes, not even explicit likelihoods.
		got, err := ApplyMatrix(c, m)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("case %d: CSV round trip changed the case:\nwant %s\n got %s", i, before, encode(t, got))
		}
		// Into a case without hypotheses and evidence: every CSV field and
		// every rating value comes back.
		empty := Clone(c)
		empty.Hypotheses, empty.Evidence = nil, nil
		got, err = ApplyMatrix(empty, m)
		if err != nil {
			t.Fatalf("case %d: into an empty matrix: %v", i, err)
		}
		if len(got.Hypotheses) != len(c.Hypotheses) || len(got.Evidence) != len(c.Evidence) {
			t.Fatalf("case %d: got %d hypotheses and %d evidence, want %d and %d", i, len(got.Hypotheses), len(got.Evidence), len(c.Hypotheses), len(c.Evidence))
		}
		for k, h := range c.Hypotheses {
			if g := got.Hypotheses[k]; g.ID != h.ID || g.Title != h.Title {
				t.Fatalf("case %d: hypothesis %d: got %q %q, want %q %q", i, k, g.ID, g.Title, h.ID, h.Title)
			}
		}
		for k, e := range c.Evidence {
			e = cloneEvidence(e)
			g := got.Evidence[k]
			if len(e.Ratings) == 0 && len(g.Ratings) == 0 {
				e.Ratings, g.Ratings = nil, nil
			}
			for h, rt := range e.Ratings {
				e.Ratings[h] = crux.Rating{Value: rt.Value}
			}
			if !reflect.DeepEqual(g, e) {
				t.Fatalf("case %d: evidence %d:\nwant %#v\n got %#v", i, k, e, g)
			}
		}
		if !bytes.Equal(before, encode(t, c)) {
			t.Fatalf("case %d: import changed the original case", i)
		}
	}
}

func TestCSVOpensInASpreadsheet(t *testing.T) {
	c := testenv.LoadCase(t, "testdata/small.json")
	var buf bytes.Buffer
	if err := WriteMatrixCSV(&buf, c); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffEvidence ID,Text,Kind,Date,Reliability,Credibility,Relevance,Group,Claim,Notes,H1: Accident,") {
		t.Errorf("header: %q", strings.SplitN(out, "\n", 2)[0])
	}
	// E6's text starts with '=': a spreadsheet must see text, not a formula.
	if !strings.Contains(out, "\n"+`E6,"'=cmd|' /C calc'!A0 ""quoted"", with; separators",assumption`) {
		t.Errorf("formula-looking text not defused:\n%s", out)
	}
	golden.Check(t, "testdata/small.csv", buf.Bytes())
}

func TestReadTypedSpreadsheet(t *testing.T) {
	c := testenv.LoadCase(t, "testdata/small.json")
	tests := []struct {
		name, in string
		check    func(t *testing.T, got *crux.Case)
	}{
		{"semicolons BOM CRLF blank rows lower case", "\ufeffevidence id;TEXT;date;H1: Accident;h2;Sabotage by insiders\r\n\r\nE1;Calls it an accident;2024-03-03;cc;i;n/a\r\nX9;\"New; with \"\"quotes\"\"\";;--;+;very inconsistent\r\n;;;;;\r\n;;;;;\r\n",
			func(t *testing.T, got *crux.Case) {
				e := got.Evidence[0]
				if e.Text != "Calls it an accident" || e.Ratings["H1"].Value != "CC" || e.Ratings["H2"].Value != "I" || e.Kind != crux.FromClaim || e.ClaimID != "c1" {
					t.Errorf("E1 = %+v", e)
				}
				if e.Ratings["H3"].Value != "N" {
					t.Errorf("H3 should not be touched by a file without it: %+v", e.Ratings)
				}
				h := got.Hypotheses[len(got.Hypotheses)-1]
				if h.ID != "H5" || h.Title != "Sabotage by insiders" || h.Status != crux.Accepted {
					t.Errorf("new hypothesis = %+v", h)
				}
				if e.Ratings["H5"].Value != "NA" {
					t.Errorf("E1 H5 = %v", e.Ratings["H5"])
				}
				x := got.Evidence[len(got.Evidence)-1]
				if x.ID != "X9" || x.Text != `New; with "quotes"` || x.Kind != crux.Fact || x.Ratings["H1"].Value != "II" || x.Ratings["H2"].Value != "C" || x.Ratings["H5"].Value != "II" {
					t.Errorf("X9 = %+v", x)
				}
				if len(got.Evidence) != len(c.Evidence)+1 {
					t.Errorf("got %d evidence items", len(got.Evidence))
				}
			}},
		{"tabs and titles matched ignoring case", "Evidence\taccident\tARSON BY A RIVAL\nfresh item\tC\tI\n",
			func(t *testing.T, got *crux.Case) {
				x := got.Evidence[len(got.Evidence)-1]
				if x.ID != "E7" || x.Ratings["H1"].Value != "C" || x.Ratings["H3"].Value != "I" || len(got.Hypotheses) != len(c.Hypotheses) {
					t.Errorf("got %+v with %d hypotheses", x, len(got.Hypotheses))
				}
			}},
		{"unchanged value keeps likelihood, changed value drops it", "Evidence ID,H1\nE3,ii\nE1,i\n",
			func(t *testing.T, got *crux.Case) {
				if r := got.Evidence[2].Ratings["H1"]; r.Likelihood == nil || r.Analyst != "kim" {
					t.Errorf("E3 H1 lost its likelihood: %+v", r)
				}
				if r := got.Evidence[0].Ratings["H1"]; r.Value != "I" || r.Likelihood != nil {
					t.Errorf("E1 H1 = %+v", r)
				}
			}},
		{"second header row with titles", "Evidence ID,Text,H1,H7\n,,Accident (renamed),Electrical fault\nE1,,c,n\n",
			func(t *testing.T, got *crux.Case) {
				if got.Hypotheses[0].Title != "Accident (renamed)" || got.Hypotheses[4].ID != "H7" || got.Hypotheses[4].Title != "Electrical fault" {
					t.Errorf("hypotheses %+v", got.Hypotheses)
				}
				if e := got.Evidence[0]; e.Ratings["H1"].Value != "C" || e.Ratings["H7"].Value != "N" || e.Text != "" {
					t.Errorf("E1 = %+v", e)
				}
			}},
		{"a row of ratings is not a title row", "Evidence ID,H1,H2\n,C,C\nE1,I,I\n",
			func(t *testing.T, got *crux.Case) {
				if e := got.Evidence[len(got.Evidence)-1]; e.ID != "E7" || e.Ratings["H1"].Value != "C" {
					t.Errorf("first row = %+v", e)
				}
			}},
		{"blank cell removes a rating, short rows", "Evidence ID,Text,H2,H3\nE2,,,\nE4\n",
			func(t *testing.T, got *crux.Case) {
				if _, ok := got.Evidence[1].Ratings["H2"]; ok || got.Evidence[1].Text != "" {
					t.Errorf("E2 = %+v", got.Evidence[1])
				}
				if _, ok := got.Evidence[3].Ratings["H2"]; ok {
					t.Errorf("E4 = %+v", got.Evidence[3])
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := encode(t, c)
			m, err := ReadMatrixCSV([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got, err := ApplyMatrix(c, m)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got)
			if !bytes.Equal(before, encode(t, c)) {
				t.Fatal("ApplyMatrix modified the case it was given")
			}
		})
	}
}

func TestCSVErrorsNameTheLine(t *testing.T) {
	c := testenv.LoadCase(t, "testdata/small.json")
	tests := []struct{ name, in, want string }{
		{"bad rating", "Evidence ID,Text,H1\nE1,a,C\n\nE2,b,maybe\n", `line 4, column 3: unknown rating "maybe"`},
		{"bad reliability", "id;reliability\nE1;Z\n", `line 2, column 2: unknown reliability "Z"`},
		{"bad date", "id,date\nE1,03/05/2023\n", `line 2, column 2: bad date "03/05/2023"`},
		{"bad id", "id,text\nbad id,x\n", `line 2, column 1: bad evidence id`},
		{"duplicate id", "id,text\nE1,x\nE1,y\n", `line 3: evidence id "E1" already used on line 2`},
		{"cell without header", "id,H1\nE1,C,extra\n", `line 2, column 3: cell "extra" has no column header`},
		{"bare quote", "id,text\nE1,\"unclosed\n", `line 2`},
		{"invalid utf8", "id,text\nE1,\xff\n", `line 2: invalid UTF-8`},
		{"empty", "\ufeff\r\n\r\n", `no header row`},
		{"no id or text", "H1,H2\nC,C\n", `neither an "Evidence ID" nor a "Text" column`},
		{"duplicate hypothesis", "id,H1: a,H1: b\n", `column 3: hypothesis "H1: b" already heads column 2`},
		{"unknown kind", "id,kind\nE1,rumour\n", `unknown kind "rumour"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadMatrixCSV([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			var ce CSVErrors
			if !errors.As(err, &ce) {
				t.Errorf("error %T is not CSVErrors", err)
			}
		})
	}
	// Errors found only once the matrix meets the case name lines too, and
	// leave the case as it was.
	before := encode(t, c)
	m, err := ReadMatrixCSV([]byte("Evidence ID,Claim,H1\nE1,c1,C\nE9,nope,C\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ApplyMatrix(c, m)
	if err == nil || !strings.Contains(err.Error(), `line 3: evidence[6].claim: unknown claim "nope"`) || got != nil {
		t.Fatalf("got %v, %v", got, err)
	}
	if !bytes.Equal(before, encode(t, c)) {
		t.Fatal("a failed import changed the case")
	}
}

func TestMergeAllOrNothing(t *testing.T) {
	base := testenv.LoadCase(t, "testdata/small.json")
	before := encode(t, base)

	in := crux.New("", "")
	in.Hypotheses = []crux.Hypothesis{{ID: "H2", Title: "Insurance fraud", Status: crux.Accepted}, {ID: "H9", Title: "New", Status: crux.Accepted}}
	in.Evidence = []crux.Evidence{{ID: "E9", Text: "new", Kind: crux.Fact, Ratings: map[string]crux.Rating{"H9": {Value: "C"}}}}
	got, err := Merge(base, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hypotheses[1].Title != "Insurance fraud" || got.Hypotheses[len(got.Hypotheses)-1].ID != "H9" || got.Evidence[len(got.Evidence)-1].ID != "E9" || got.Title != base.Title {
		t.Errorf("merge result wrong: %+v", got.Hypotheses)
	}
	bad := Clone(in)
	bad.Evidence[0].Ratings["H404"] = crux.Rating{Value: "C"}
	if got, err := Merge(base, bad); err == nil || !strings.Contains(err.Error(), "evidence[6].ratings.H404: unknown hypothesis") || got != nil {
		t.Fatalf("got %v, %v", got, err)
	}
	if !bytes.Equal(before, encode(t, base)) {
		t.Fatal("Merge changed its base")
	}
}

func TestImportJSONErrorsNamePaths(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"format":"crux-case","version":1,"evidence":[{"id":"E1","kind":"fact","ratings":{"H1":"X"}}]}`, `evidence[0].ratings.H1: unknown hypothesis`},
		{"{\"format\":\"crux-case\",\n\"version\":1,\n\"bogus\":1}", `line 3`},
		{`{"format":"crux-case","version":9}`, `version: unsupported version 9`},
	}
	for _, tt := range tests {
		_, err := ImportJSON([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ImportJSON(%s) = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestParseRating(t *testing.T) {
	for in, want := range map[string]crux.RatingValue{
		"CC": "CC", " cc ": "CC", "Cc": "CC", "++": "CC", "Very  Consistent": "CC", "c": "C", "+": "C", "n": "N", "Neutral": "N",
		"i": "I", "-": "I", "ii": "II", "--": "II", "na": "NA", "N/A": "NA", "not applicable": "NA", "": "", "  ": "",
	} {
		got, ok := ParseRating(in)
		if !ok || got != want {
			t.Errorf("ParseRating(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"x", "ccc", "+++", "0", "yes"} {
		if _, ok := ParseRating(in); ok {
			t.Errorf("ParseRating(%q) accepted", in)
		}
	}
}

func TestSniffSeparator(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n": ',', "a;b;c\n": ';', "a\tb\n": '\t', "\"a;b\",c\n": ',', "\n\na;b\nx,y,z,w\n": ';', "abc": ',',
	} {
		if got := sniffSeparator([]byte(in)); got != want {
			t.Errorf("sniffSeparator(%q) = %q, want %q", in, got, want)
		}
	}
}

// A fragment may refer to the case it is merged into; the merged whole is
// what must be valid.
func TestReadCaseFragment(t *testing.T) {
	base := testenv.LoadCase(t, "testdata/small.json")
	frag := []byte(`{"format":"crux-case","version":1,"evidence":[{"id":"E9","kind":"claim","claim":"c1","ratings":{"H1":"C"}}]}`)
	if _, err := ImportJSON(frag); err == nil {
		t.Fatal("a strict read should refuse the dangling claim reference")
	}
	in, err := ReadCaseFragment(frag)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Merge(base, in)
	if err != nil || got.Evidence[len(got.Evidence)-1].ClaimID != "c1" {
		t.Fatalf("merge: %v", err)
	}
	for in, want := range map[string]string{
		`{"format":"crux-case","version":1,"evidence":[{"id":"E9","colour":1}]}`: `line 1, column 71: json: unknown field "colour"`,
		"{\"format\":\"crux-case\",\n\"version\": \"1\"}":                        "line 2, column 15: version: want int",
		`{"format":"other","version":1}`:                                         `format: want "crux-case"`,
		`{"format":"crux-case","version":2}`:                                     "unsupported version 2",
		`{"format":"crux-case","version":1} {}`:                                  "data after the case object",
		"":                                                                       "empty or truncated",
		"{\"format\":\"crux-case\",\"title\":\"\xff\"}":                          "line 1, column 32: invalid UTF-8",
	} {
		if _, err := ReadCaseFragment([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadCaseFragment(%q) = %v, want %q", in, err, want)
		}
	}
}
