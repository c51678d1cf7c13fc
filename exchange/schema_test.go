package exchange

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/testenv"
)

func compiled(t *testing.T) *JSONSchema {
	t.Helper()
	s, err := CompileSchema(Schema)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// resolve follows $ref and, for a oneOf, picks the object alternative.
func (s *JSONSchema) resolve(n map[string]any) map[string]any {
	for {
		if ref, ok := n["$ref"].(string); ok {
			n = s.defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
			continue
		}
		if one, ok := n["oneOf"].([]any); ok {
			for _, alt := range one {
				a := s.resolve(alt.(map[string]any))
				if a["properties"] != nil {
					return a
				}
			}
		}
		return n
	}
}

func schemaTypes(n map[string]any) []string {
	switch t := n["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			out = append(out, x.(string))
		}
		return out
	}
	if e, ok := n["enum"].([]any); ok && len(e) > 0 {
		if _, isStr := e[0].(string); isStr {
			return []string{"string"}
		}
	}
	if c, ok := n["const"]; ok {
		if _, isStr := c.(string); isStr {
			return []string{"string"}
		}
	}
	if one, ok := n["oneOf"].([]any); ok {
		var out []string
		for _, alt := range one {
			out = append(out, schemaTypes(alt.(map[string]any))...)
		}
		return out
	}
	return nil
}

// jsonFields lists the JSON names of a struct's fields, flattening embedded
// structs as encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

var timeType = reflect.TypeFor[time.Time]()

// TestSchemaMatchesGoTypes walks the Go types of a case and the schema side
// by side: every JSON field of every struct is a schema property of the
// matching kind and every schema property is a Go field, so neither can
// gain a field the other lacks.
func TestSchemaMatchesGoTypes(t *testing.T) {
	s := compiled(t)
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, node map[string]any, path string)
	walk = func(typ reflect.Type, node map[string]any, path string) {
		node = s.resolve(node)
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		types := schemaTypes(node)
		want := map[reflect.Kind][]string{
			reflect.String: {"string"}, reflect.Int: {"integer"}, reflect.Float64: {"number"}, reflect.Bool: {"boolean"},
			reflect.Slice: {"array"}, reflect.Map: {"object"}, reflect.Struct: {"object"},
		}[typ.Kind()]
		if typ == timeType {
			want = []string{"string"}
		}
		if len(want) == 0 || !slices.Contains(types, want[0]) {
			t.Errorf("%s: Go %v but schema types %v", path, typ, types)
			return
		}
		switch {
		case typ == timeType:
		case typ.Kind() == reflect.Slice:
			if !slices.Contains(types, "null") {
				t.Errorf("%s: a nil Go slice is written as null; the schema must allow it", path)
			}
			walk(typ.Elem(), node["items"].(map[string]any), path+"[]")
		case typ.Kind() == reflect.Map:
			ap, _ := node["additionalProperties"].(map[string]any)
			if ap == nil {
				t.Errorf("%s: map without an additionalProperties schema", path)
				return
			}
			walk(typ.Elem(), ap, path+".*")
		case typ.Kind() == reflect.Struct:
			if seen[typ] {
				return
			}
			seen[typ] = true
			props, _ := node["properties"].(map[string]any)
			fields := jsonFields(typ)
			for name, f := range fields {
				p, ok := props[name]
				if !ok {
					t.Errorf("%s.%s: Go field %s.%s is missing from the schema", path, name, typ.Name(), f.Name)
					continue
				}
				walk(f.Type, p.(map[string]any), path+"."+name)
			}
			for name := range props {
				if _, ok := fields[name]; !ok {
					t.Errorf("%s.%s: schema property has no Go field in %s", path, name, typ.Name())
				}
			}
			if ap, ok := node["additionalProperties"].(bool); !ok || ap {
				t.Errorf("%s: crux's reader refuses unknown fields; the schema must say additionalProperties false", path)
			}
		}
	}
	walk(reflect.TypeFor[crux.Case](), s.root, "$")
	if len(seen) < 9 {
		t.Errorf("walked only %d struct types", len(seen))
	}
}

func TestCasesConformToSchema(t *testing.T) {
	s := compiled(t)
	check := func(name string, b []byte) {
		t.Helper()
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if errs := s.Validate(v); len(errs) > 0 {
			t.Fatalf("%s does not conform:\n%s", name, strings.Join(errs, "\n"))
		}
	}
	for name, c := range cases(t) {
		check(name, encode(t, c))
	}
	r := rand.New(rand.NewPCG(9, 9))
	for range 300 {
		c := randomCase(r, 5)
		check("random case", encode(t, c))
	}
}

func TestSchemaRejects(t *testing.T) {
	base := string(encode(t, testenv.LoadCase(t, "testdata/small.json")))
	tests := []struct{ name, from, to, want string }{
		{"unknown field", `"title": "Port warehouse fire",`, `"title": "x", "colour": 1,`, "$.colour: unknown property"},
		{"bad rating", `"H2": "CC"`, `"H2": "XX"`, "$.evidence[3].ratings.H2: matches none"},
		{"bad reliability", `"reliability": "D"`, `"reliability": "Z"`, "$.evidence[1].reliability"},
		{"likelihood zero", `"likelihood": 0.05`, `"likelihood": 0`, "is not above 0"},
		{"bad id", `"id": "E5"`, `"id": "E 5"`, "$.evidence[4].id"},
		{"version as string", `"version": 1`, `"version": "1"`, "$.version: want integer, got string"},
		{"wrong format", `"format": "crux-case"`, `"format": "other"`, "$.format: want crux-case"},
		{"missing kind", `"kind": "anonymous"`, `"role": "x"`, `$.actors[2]: missing required property "kind"`},
		{"negative span", `"start": `, `"start": -`, "below the minimum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.from) {
				t.Fatalf("test case text %q not in the file", tt.from)
			}
			err := CheckSchema([]byte(strings.Replace(base, tt.from, tt.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	if err := CheckSchema([]byte(base)); err != nil {
		t.Fatal(err)
	}
}

func TestCompileSchemaRefusesUnknownKeywords(t *testing.T) {
	for _, in := range []string{`{"type":"object","if":{}}`, `{"$ref":"#/$defs/nope"}`, `{"pattern":"("}`} {
		if _, err := CompileSchema([]byte(in)); err == nil {
			t.Errorf("CompileSchema(%s) accepted", in)
		}
	}
	var keys []string
	for k := range knownKeywords {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("supported keywords: %v", keys)
}
