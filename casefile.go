package crux

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxCaseFileSize bounds what Decode reads: a larger file is refused.
const MaxCaseFileSize = 256 << 20

// Decode reads a case file strictly: unknown fields, trailing data and
// invalid UTF-8 are errors naming line and column; then the case is
// validated and every problem is reported with its path.
func Decode(data []byte) (*Case, error) {
	if len(data) > MaxCaseFileSize {
		return nil, fmt.Errorf("case file: %d bytes exceeds the limit of %d", len(data), MaxCaseFileSize)
	}
	if !utf8.Valid(data) {
		line, col := Position(data, FirstInvalidUTF8(data))
		return nil, fmt.Errorf("case file: line %d, column %d: invalid UTF-8", line, col)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Case
	if err := dec.Decode(&c); err != nil {
		return nil, describeJSONError(data, dec, err)
	}
	if dec.More() {
		line, col := Position(data, int(dec.InputOffset()))
		return nil, fmt.Errorf("case file: line %d, column %d: data after the case object", line, col)
	}
	if err := Validate(&c); err != nil {
		return nil, err
	}
	return &c, nil
}

// Encode writes a case as indented JSON with its format header set.
func Encode(c *Case) ([]byte, error) {
	c.Format, c.Version = FormatName, FormatVersion
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func describeJSONError(data []byte, dec *json.Decoder, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := Position(data, int(syn.Offset))
		return fmt.Errorf("case file: line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		line, col := Position(data, int(typ.Offset))
		path := typ.Field
		if path == "" {
			path = "(top level)"
		}
		return fmt.Errorf("case file: line %d, column %d: %s: want %v, got JSON %s", line, col, path, typ.Type, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("case file: empty or truncated")
	default:
		line, col := Position(data, int(dec.InputOffset()))
		return fmt.Errorf("case file: line %d, column %d: %v", line, col, err)
	}
}

// Position returns the 1-based line and column (in bytes) of offset off in
// data, for error messages about files.
func Position(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// FirstInvalidUTF8 returns the offset of the first byte of b that is not
// valid UTF-8, or len(b) when b is valid.
func FirstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
