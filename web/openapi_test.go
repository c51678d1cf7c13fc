package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes checks that every API route the mux serves is
// documented in openapi.json, and that the document describes no route the
// server lacks, with the same path parameters.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented[strings.ToUpper(m)+" "+p] = true
		}
	}
	s := New(nil, Options{Logger: quietLogger()})
	served := map[string]bool{}
	for _, rt := range s.routes {
		served[rt.method+" "+rt.pattern] = true
		// the mux really routes it to this pattern
		req, _ := http.NewRequest(rt.method, "http://x"+regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(rt.pattern, "p1"), nil)
		if _, pat := s.mux.Handler(req); pat != rt.method+" "+rt.pattern {
			t.Errorf("mux routes %s %s to %q", rt.method, rt.pattern, pat)
		}
	}
	var missing, extra []string
	for k := range served {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !served[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, k := range missing {
		t.Errorf("served but not documented: %s", k)
	}
	for _, k := range extra {
		t.Errorf("documented but not served: %s", k)
	}
	// path parameters declared for each templated segment
	for p, ops := range doc.Paths {
		want := regexp.MustCompile(`\{([a-z]+)\}`).FindAllStringSubmatch(p, -1)
		for m, raw := range ops {
			var op struct {
				Parameters []struct {
					Ref  string `json:"$ref"`
					Name string `json:"name"`
					In   string `json:"in"`
				} `json:"parameters"`
				Responses map[string]json.RawMessage `json:"responses"`
			}
			json.Unmarshal(raw, &op)
			have := map[string]bool{}
			for _, pr := range op.Parameters {
				if pr.Ref == "#/components/parameters/case" {
					have["case"] = true
				}
				if pr.In == "path" {
					have[pr.Name] = true
				}
			}
			for _, w := range want {
				if !have[w[1]] {
					t.Errorf("%s %s: path parameter %q not declared", m, p, w[1])
				}
			}
			if len(op.Responses) == 0 {
				t.Errorf("%s %s: no responses", m, p)
			}
		}
	}
}

func TestOpenAPIServed(t *testing.T) {
	e := newEnv(t, Options{})
	resp, body := e.do("GET", "/api/openapi", "", "", nil)
	if resp.StatusCode != 200 || string(body) != string(openAPI) {
		t.Fatalf("GET /api/openapi: %d", resp.StatusCode)
	}
}
