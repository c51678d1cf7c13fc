package web

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux"
)

// FuzzAPIBodies feeds arbitrary bytes to every request-body decoder of the
// API. None may panic; every refusal is a 4xx badBody; whatever is
// accepted passes the same checks as a real request.
func FuzzAPIBodies(f *testing.F) {
	seeds := []string{
		`{"value":"CC"}`, `{"value":"","likelihood":0.5,"reason":"r"}`, `{"value":"X"}`,
		`{"hypotheses":["H1","H2"],"evidence":["E2","E1"]}`, `{"role":"editor"}`, `{"version":3}`,
		`{"name":"n","user":"u","password":"p"}`, `{"id":"A1","name":"x","kind":"person"}`,
		`{"title":"<script>window.__xss=1</script>","status":"accepted","prior":1e308}`,
		`{"text":"\"><img src=x onerror=alert(1)>","kind":"fact","ratings":{"H1":{"value":"C","likelihood":2}}}`,
		`[]`, `null`, `{"value":"C"}{}`, "\xff\xfe", `{"a":` + string(make([]byte, 10)),
	}
	if b, err := os.ReadFile("testdata/case.json"); err == nil {
		seeds = append(seeds, string(b))
	}
	// the seed article as the text of a source body
	if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "seed", "kremlin-drone-2023-05-04.txt")); err == nil {
		j, _ := json.Marshal(crux.Source{ID: "S9", Title: "seed", Text: string(b)})
		seeds = append(seeds, string(j))
	} else if os.Getenv("CI") == "true" {
		f.Fatalf("CI=true but the seed article is missing: %v", err)
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	base := testCase(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(what string, err error) {
			if err == nil {
				return
			}
			var bb *badBody
			if !errors.As(err, &bb) || bb.status < 400 || bb.status > 499 || bb.msg == "" {
				t.Fatalf("%s: refusal is not a 4xx badBody: %#v", what, err)
			}
		}
		var rb ratingBody
		if err := decodeStrict(data, &rb); err == nil {
			if err := rb.check(); err == nil {
				if rb.Value != crux.Unrated && !rb.Value.Valid() {
					t.Fatalf("accepted rating %q", rb.Value)
				}
				if l := rb.Likelihood; l != nil && !(*l > 0 && *l <= 1) {
					t.Fatalf("accepted likelihood %v", *l)
				}
			} else {
				check("rating check", err)
			}
		} else {
			check("rating", err)
		}
		var ob reorderBody
		check("order", decodeStrict(data, &ob))
		var tb tokenBody
		check("token", decodeStrict(data, &tb))
		var ub userBody
		if err := decodeStrict(data, &ub); err == nil {
			check("user check", ub.check())
		} else {
			check("user", err)
		}
		var gb grantBody
		check("grant", decodeStrict(data, &gb))
		var sb restoreBody
		check("restore", decodeStrict(data, &sb))
		// each part, applied to a valid case, leaves it valid or is refused
		tryPart(t, data, sourcesPart, base)
		tryPart(t, data, actorsPart, base)
		tryPart(t, data, claimsPart, base)
		tryPart(t, data, hypothesesPart, base)
		tryPart(t, data, evidencePart, base)
		if c, err := decodeCaseBody(data); err == nil {
			if err := crux.Validate(c); err != nil {
				t.Fatalf("accepted an invalid case: %v", err)
			}
		} else {
			check("case", err)
		}
	})
}

// tryPart decodes a part and adds it to a copy of a case the way the API
// does; the result is either refused or valid.
func tryPart[T any](t *testing.T, data []byte, p part[T], base *crux.Case) {
	var x T
	if err := decodeStrict(data, &x); err != nil {
		return
	}
	c := clone(base)
	if _, err := p.create(c, x); err != nil {
		return
	}
	err := crux.Validate(c)
	if err == nil {
		return
	}
	var bb *badBody
	if !errors.As(validationBody(err), &bb) || bb.status != 422 || bb.path == "" {
		t.Fatalf("%s: validation failure not reported as 422 with a path: %v", p.name, err)
	}
}
