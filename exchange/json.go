package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// ExportJSON returns the case file of c (crux.Encode on a copy, so c itself
// is not touched).
func ExportJSON(c *crux.Case) ([]byte, error) {
	if c == nil {
		return nil, fmt.Errorf("export: no case")
	}
	return crux.Encode(Clone(c))
}

// ImportJSON reads a case file strictly (crux.Decode): errors name the line
// and column of a syntax problem or the path of an invalid field.
func ImportJSON(data []byte) (*crux.Case, error) {
	return crux.Decode(data)
}

// Merge returns a new case: base with every source, actor, claim,
// hypothesis and evidence item of in added, an item of in replacing the
// item of base with the same ID (in place, so the analyst's order holds) and
// new items appended in in's order. Case-level text fields of in replace
// base's when set. The result is validated as a whole; on any problem Merge
// returns the error and base is unchanged (it is never modified).
func Merge(base, in *crux.Case) (*crux.Case, error) {
	if base == nil || in == nil {
		return nil, fmt.Errorf("merge: no case")
	}
	out := Clone(base)
	in = Clone(in)
	for _, f := range []struct {
		dst *string
		src string
	}{{&out.Title, in.Title}, {&out.Question, in.Question}, {&out.Description, in.Description}, {&out.EventDate, in.EventDate}} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	if out.ID == "" {
		out.ID = in.ID
	}
	if in.Updated.After(out.Updated) {
		out.Updated = in.Updated
	}
	out.Sources = upsert(out.Sources, in.Sources, func(s crux.Source) string { return s.ID })
	out.Actors = upsert(out.Actors, in.Actors, func(a crux.Actor) string { return a.ID })
	out.Claims = upsert(out.Claims, in.Claims, func(c crux.Claim) string { return c.ID })
	out.Hypotheses = upsert(out.Hypotheses, in.Hypotheses, func(h crux.Hypothesis) string { return h.ID })
	out.Evidence = upsert(out.Evidence, in.Evidence, func(e crux.Evidence) string { return e.ID })
	out.Format, out.Version = crux.FormatName, crux.FormatVersion
	if err := crux.Validate(out); err != nil {
		return nil, fmt.Errorf("merge: the merged case would be invalid, nothing changed: %w", err)
	}
	return out, nil
}

func upsert[T any](dst, src []T, id func(T) string) []T {
	at := make(map[string]int, len(dst))
	for i, v := range dst {
		at[id(v)] = i
	}
	for _, v := range src {
		if i, ok := at[id(v)]; ok {
			dst[i] = v
			continue
		}
		at[id(v)] = len(dst)
		dst = append(dst, v)
	}
	return dst
}

// ReadCaseFragment reads a case file to be merged into another: as strictly
// as crux.Decode (unknown fields, trailing data, invalid UTF-8 and a wrong
// format header or version are errors naming line and column or path) but
// without checking references, since a fragment may refer to sources,
// actors, claims and hypotheses of the case it is merged into. Merge
// validates the merged whole.
func ReadCaseFragment(data []byte) (*crux.Case, error) {
	if len(data) > crux.MaxCaseFileSize {
		return nil, fmt.Errorf("case file: %d bytes exceeds the limit of %d", len(data), crux.MaxCaseFileSize)
	}
	if !utf8.Valid(data) {
		line, col := crux.Position(data, crux.FirstInvalidUTF8(data))
		return nil, fmt.Errorf("case file: line %d, column %d: invalid UTF-8", line, col)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c crux.Case
	if err := dec.Decode(&c); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			line, col := crux.Position(data, int(syn.Offset))
			return nil, fmt.Errorf("case file: line %d, column %d: %v", line, col, syn)
		case errors.As(err, &typ):
			line, col := crux.Position(data, int(typ.Offset))
			return nil, fmt.Errorf("case file: line %d, column %d: %s: want %v, got JSON %s", line, col, typ.Field, typ.Type, typ.Value)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("case file: empty or truncated")
		default:
			line, col := crux.Position(data, int(dec.InputOffset()))
			return nil, fmt.Errorf("case file: line %d, column %d: %v", line, col, err)
		}
	}
	if dec.More() {
		line, col := crux.Position(data, int(dec.InputOffset()))
		return nil, fmt.Errorf("case file: line %d, column %d: data after the case object", line, col)
	}
	if c.Format != crux.FormatName {
		return nil, fmt.Errorf("case file: format: want %q, got %q", crux.FormatName, clip(c.Format))
	}
	if c.Version < 1 || c.Version > crux.FormatVersion {
		return nil, fmt.Errorf("case file: version: unsupported version %d (this crux reads 1 to %d)", c.Version, crux.FormatVersion)
	}
	return &c, nil
}
