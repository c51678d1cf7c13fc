package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// apiError is the body of every error response of the JSON API.
type apiError struct {
	Error    string       `json:"error"`
	Path     string       `json:"path,omitempty"` // the request path, or the field path for a bad body
	Problems []fieldError `json:"problems,omitempty"`
}

type fieldError struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "encoding the response: "+err.Error(), "")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}

func writeError(w http.ResponseWriter, status int, msg, path string) {
	writeJSON(w, status, apiError{Error: msg, Path: path})
}

// badBody is a request body problem; path names the field when known.
type badBody struct {
	status   int
	msg      string
	path     string
	problems []fieldError
}

func (e *badBody) Error() string {
	if e.path != "" {
		return e.path + ": " + e.msg
	}
	return e.msg
}

func writeBadBody(w http.ResponseWriter, err error) {
	var b *badBody
	if errors.As(err, &b) {
		writeJSON(w, b.status, apiError{Error: b.msg, Path: b.path, Problems: b.problems})
		return
	}
	writeError(w, http.StatusBadRequest, err.Error(), "")
}

// validationBody turns crux.Validate's error into a 422 naming every path.
func validationBody(err error) error {
	var ve crux.ValidationError
	if !errors.As(err, &ve) || len(ve) == 0 {
		return &badBody{status: http.StatusUnprocessableEntity, msg: err.Error()}
	}
	b := &badBody{status: http.StatusUnprocessableEntity, msg: ve[0].Msg, path: ve[0].Path}
	for _, fe := range ve {
		b.problems = append(b.problems, fieldError{Path: fe.Path, Error: fe.Msg})
	}
	return b
}

// readBody reads at most limit bytes of the request body; a larger body is
// a 413.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &badBody{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("request body exceeds %d bytes", limit)}
		}
		return nil, &badBody{status: http.StatusBadRequest, msg: "reading the request body: " + err.Error()}
	}
	return data, nil
}

// decodeStrict decodes one JSON value into v: unknown fields, trailing
// data, invalid UTF-8 and type mismatches are errors naming the field.
func decodeStrict(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &badBody{status: http.StatusBadRequest, msg: "empty request body: want a JSON object"}
	}
	if !utf8.Valid(data) {
		return &badBody{status: http.StatusBadRequest, msg: "request body is not valid UTF-8"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typ *json.UnmarshalTypeError
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &typ):
			return &badBody{status: http.StatusBadRequest, path: typ.Field, msg: fmt.Sprintf("want %v, got JSON %s", typ.Type, typ.Value)}
		case errors.As(err, &syn):
			return &badBody{status: http.StatusBadRequest, msg: fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn)}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &badBody{status: http.StatusBadRequest, path: f, msg: "unknown field"}
		default:
			return &badBody{status: http.StatusBadRequest, msg: "malformed JSON: " + err.Error()}
		}
	}
	if dec.More() {
		return &badBody{status: http.StatusBadRequest, msg: "data after the JSON value"}
	}
	return nil
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
