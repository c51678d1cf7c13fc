package exchange

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Schema is the JSON Schema (draft 2020-12) of the crux case file, written
// by hand to match the domain model; tests check that it agrees with the Go
// types field by field (by reflection) and that the example case and random
// valid cases conform to it.
//
//go:embed case.schema.json
var Schema []byte

// CheckSchema validates a JSON document against Schema and returns every
// violation with its JSON path, or nil. It implements only the keywords the
// schema uses (type, const, enum, pattern, minLength, minimum, maximum,
// exclusiveMinimum, properties, required, additionalProperties,
// propertyNames, items, oneOf, $ref into $defs; format, description, title
// and the $-keywords are annotations) and refuses a schema using any other
// keyword, so the schema cannot silently outgrow its checker.
func CheckSchema(doc []byte) error {
	s, err := loadSchema()
	if err != nil {
		return err
	}
	return s.validate(doc)
}

// JSONSchema is a compiled schema over the subset of draft 2020-12 that
// CheckSchema documents.
type JSONSchema struct {
	root  map[string]any
	defs  map[string]any
	regex map[string]*regexp.Regexp
}

var (
	schemaOnce sync.Once
	schemaVal  *JSONSchema
	schemaErr  error
)

func loadSchema() (*JSONSchema, error) {
	schemaOnce.Do(func() { schemaVal, schemaErr = CompileSchema(Schema) })
	return schemaVal, schemaErr
}

var knownKeywords = map[string]bool{
	"$schema": true, "$id": true, "$ref": true, "$defs": true, "title": true, "description": true, "format": true,
	"type": true, "const": true, "enum": true, "pattern": true, "minLength": true, "minimum": true, "maximum": true,
	"exclusiveMinimum": true, "properties": true, "required": true, "additionalProperties": true,
	"propertyNames": true, "items": true, "oneOf": true,
}

// CompileSchema parses a schema and checks that it uses only the supported
// keywords and that every $ref and pattern resolves.
func CompileSchema(data []byte) (*JSONSchema, error) {
	var root map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	s := &JSONSchema{root: root, regex: map[string]*regexp.Regexp{}}
	if d, ok := root["$defs"].(map[string]any); ok {
		s.defs = d
	}
	if err := s.check(root, "#"); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *JSONSchema) check(node any, at string) error {
	m, ok := node.(map[string]any)
	if !ok {
		return fmt.Errorf("schema %s: not an object", at)
	}
	for k, v := range m {
		if !knownKeywords[k] {
			return fmt.Errorf("schema %s: keyword %q is not supported by this checker", at, k)
		}
		switch k {
		case "$defs", "properties":
			for name, sub := range v.(map[string]any) {
				if err := s.check(sub, at+"/"+k+"/"+name); err != nil {
					return err
				}
			}
		case "items", "propertyNames":
			if err := s.check(v, at+"/"+k); err != nil {
				return err
			}
		case "additionalProperties":
			if _, isBool := v.(bool); !isBool {
				if err := s.check(v, at+"/"+k); err != nil {
					return err
				}
			}
		case "oneOf":
			for i, sub := range v.([]any) {
				if err := s.check(sub, fmt.Sprintf("%s/oneOf/%d", at, i)); err != nil {
					return err
				}
			}
		case "$ref":
			name, ok := strings.CutPrefix(v.(string), "#/$defs/")
			if _, found := s.defs[name]; !ok || !found {
				return fmt.Errorf("schema %s: unresolved $ref %q", at, v)
			}
		case "pattern":
			re, err := regexp.Compile(v.(string))
			if err != nil {
				return fmt.Errorf("schema %s: %w", at, err)
			}
			s.regex[v.(string)] = re
		}
	}
	return nil
}

func (s *JSONSchema) validate(doc []byte) error {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("schema check: %w", err)
	}
	var errs []string
	s.walk(s.root, v, "$", &errs)
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("schema check: %d violation(s):\n  %s", len(errs), strings.Join(errs, "\n  "))
}

// Validate checks an already decoded value (from a json.Decoder with
// UseNumber) and returns the violations.
func (s *JSONSchema) Validate(v any) []string {
	var errs []string
	s.walk(s.root, v, "$", &errs)
	return errs
}

func (s *JSONSchema) walk(node any, v any, path string, errs *[]string) {
	m := node.(map[string]any)
	fail := func(format string, args ...any) {
		*errs = append(*errs, path+": "+fmt.Sprintf(format, args...))
	}
	if ref, ok := m["$ref"].(string); ok {
		s.walk(s.defs[strings.TrimPrefix(ref, "#/$defs/")], v, path, errs)
	}
	if t, ok := m["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return hasType(v, t) }) {
			fail("want %s, got %s", strings.Join(types, " or "), typeName(v))
			return
		}
	}
	if c, ok := m["const"]; ok && !equalJSON(c, v) {
		fail("want %v", c)
	}
	if e, ok := m["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return equalJSON(x, v) }) {
		fail("%s is not one of %v", clip(fmt.Sprint(v)), e)
	}
	if str, ok := v.(string); ok {
		if p, ok := m["pattern"].(string); ok && !s.regex[p].MatchString(str) {
			fail("%q does not match %s", clip(str), p)
		}
		if n, ok := m["minLength"].(json.Number); ok {
			if min, _ := n.Int64(); int64(utf8.RuneCountInString(str)) < min {
				fail("shorter than %d characters", min)
			}
		}
	}
	if num, ok := v.(json.Number); ok {
		x, _ := new(big.Float).SetString(num.String())
		bound := func(k string) *big.Float {
			if b, ok := m[k].(json.Number); ok {
				f, _ := new(big.Float).SetString(b.String())
				return f
			}
			return nil
		}
		if b := bound("minimum"); b != nil && x != nil && x.Cmp(b) < 0 {
			fail("%s is below the minimum %s", num, b.Text('g', -1))
		}
		if b := bound("maximum"); b != nil && x != nil && x.Cmp(b) > 0 {
			fail("%s is above the maximum %s", num, b.Text('g', -1))
		}
		if b := bound("exclusiveMinimum"); b != nil && x != nil && x.Cmp(b) <= 0 {
			fail("%s is not above %s", num, b.Text('g', -1))
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := m["properties"].(map[string]any)
		if req, ok := m["required"].([]any); ok {
			for _, r := range req {
				if _, ok := obj[r.(string)]; !ok {
					fail("missing required property %q", r)
				}
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub := path + "." + k
			if pn, ok := m["propertyNames"]; ok {
				s.walk(pn, k, sub+" (name)", errs)
			}
			if p, ok := props[k]; ok {
				s.walk(p, obj[k], sub, errs)
				continue
			}
			switch ap := m["additionalProperties"].(type) {
			case bool:
				if !ap {
					*errs = append(*errs, sub+": unknown property")
				}
			case map[string]any:
				s.walk(ap, obj[k], sub, errs)
			}
		}
	}
	if arr, ok := v.([]any); ok {
		if it, ok := m["items"]; ok {
			for i, x := range arr {
				s.walk(it, x, fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
	}
	if one, ok := m["oneOf"].([]any); ok {
		n := 0
		var first []string // the errors of the alternative that got deepest
		depth := func(es []string) int {
			d := 0
			for _, e := range es {
				p, _, _ := strings.Cut(e, ": ")
				d = max(d, len(p))
			}
			return d
		}
		for _, sub := range one {
			var e []string
			s.walk(sub, v, path, &e)
			if len(e) == 0 {
				n++
			} else if first == nil || depth(e) > depth(first) {
				first = e
			}
		}
		if n != 1 {
			if n == 0 {
				fail("matches none of the alternatives (closest: %s)", strings.Join(first, "; "))
			} else {
				fail("matches %d alternatives, want exactly one", n)
			}
		}
	}
}

func hasType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		f, _, err := big.ParseFloat(n.String(), 10, 200, big.ToNearestEven)
		return err == nil && f.IsInt()
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func equalJSON(a, b any) bool {
	if as, ok := a.(string); ok {
		bs, ok := b.(string)
		return ok && as == bs
	}
	an, aok := a.(json.Number)
	bn, bok := b.(json.Number)
	if aok && bok {
		x, _ := new(big.Float).SetString(an.String())
		y, _ := new(big.Float).SetString(bn.String())
		return x != nil && y != nil && x.Cmp(y) == 0
	}
	if aok != bok {
		return false
	}
	return fmt.Sprintf("%T:%v", a, a) == fmt.Sprintf("%T:%v", b, b)
}
