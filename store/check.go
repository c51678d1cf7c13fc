package store

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// CheckString returns an error wrapping ErrInvalid when s is not valid UTF-8
// or holds a NUL byte (PostgreSQL cannot store one in text, and no crux text
// needs one). field names the input in the message.
func CheckString(field, s string) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return fmt.Errorf("%w: %s: contains a NUL byte at offset %d", ErrInvalid, field, i)
	}
	if !utf8.ValidString(s) {
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 {
				return fmt.Errorf("%w: %s: invalid UTF-8 at offset %d", ErrInvalid, field, i)
			}
			i += n
		}
	}
	return nil
}

// CheckRating checks one rating: a known value or "" (clear), a likelihood
// in (0, 1], clean strings.
func CheckRating(field string, r crux.Rating) error {
	if r.Value != crux.Unrated && !r.Value.Valid() {
		return fmt.Errorf("%w: %s: unknown rating %q: want CC, C, N, I, II or NA", ErrInvalid, field, truncate(string(r.Value), 20))
	}
	if l := r.Likelihood; l != nil && (math.IsNaN(*l) || *l <= 0 || *l > 1) {
		return fmt.Errorf("%w: %s.likelihood: %v outside (0, 1]", ErrInvalid, field, *l)
	}
	if err := CheckString(field+".reason", r.Reason); err != nil {
		return err
	}
	return CheckString(field+".analyst", r.Analyst)
}

// CheckCase prepares a case for storing: it fills an empty format header,
// then checks every string (UTF-8, no NUL, with the field's path) and runs
// crux.Validate. Errors wrap ErrInvalid (and the crux.ValidationError).
func CheckCase(c *crux.Case) error {
	if c == nil {
		return fmt.Errorf("%w: no case", ErrInvalid)
	}
	if c.Format == "" {
		c.Format = crux.FormatName
	}
	if c.Version == 0 {
		c.Version = crux.FormatVersion
	}
	if err := walkStrings("", reflect.ValueOf(c).Elem()); err != nil {
		return err
	}
	if err := crux.Validate(c); err != nil {
		return invalidError{err}
	}
	return nil
}

type invalidError struct{ err error }

func (e invalidError) Error() string { return e.err.Error() }
func (e invalidError) Unwrap() []error {
	return []error{ErrInvalid, e.err}
}

func walkStrings(path string, v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		return CheckString(path, v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return walkStrings(path, v.Elem())
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if err := walkStrings(path+"["+strconv.Itoa(i)+"]", v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			if k.Kind() == reflect.String {
				if err := CheckString(path+" key", k.String()); err != nil {
					return err
				}
				if err := walkStrings(path+"."+k.String(), iter.Value()); err != nil {
					return err
				}
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := f.Name
			if tag := f.Tag.Get("json"); tag != "" {
				if n, _, _ := strings.Cut(tag, ","); n != "" && n != "-" {
					name = n
				}
			}
			p := name
			if f.Anonymous {
				p = strings.TrimSuffix(path, ".")
			} else if path != "" {
				p = path + "." + name
			}
			if err := walkStrings(p, v.Field(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
