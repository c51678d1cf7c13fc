package crux

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// RatingValue is a cell of the ACH matrix: how consistent an evidence item is
// with a hypothesis.
type RatingValue string

// The rating values of Heuer's method as PARC ACH 2.0 names them.
const (
	VeryConsistent   RatingValue = "CC"
	Consistent       RatingValue = "C"
	Neutral          RatingValue = "N"
	Inconsistent     RatingValue = "I"
	VeryInconsistent RatingValue = "II"
	NotApplicable    RatingValue = "NA"
	Unrated          RatingValue = ""
)

// RatingValues lists the scale from most consistent to most inconsistent,
// then NA.
var RatingValues = []RatingValue{VeryConsistent, Consistent, Neutral, Inconsistent, VeryInconsistent, NotApplicable}

// Valid reports whether v is one of RatingValues.
func (v RatingValue) Valid() bool {
	for _, k := range RatingValues {
		if v == k {
			return true
		}
	}
	return false
}

// Step returns the value n steps towards "inconsistent" (n > 0) or towards
// "consistent" (n < 0) on the CC..II scale, clamped at the ends. NA and
// unrated values do not move.
func (v RatingValue) Step(n int) RatingValue {
	i := -1
	for k, r := range RatingValues[:5] {
		if r == v {
			i = k
		}
	}
	if i < 0 {
		return v
	}
	i = max(0, min(4, i+n))
	return RatingValues[i]
}

// Rating is one cell: a value, optionally an explicit likelihood
// P(evidence | hypothesis) that overrides the value's default in Bayesian
// scoring, and where it came from.
type Rating struct {
	Value      RatingValue `json:"value"`
	Likelihood *float64    `json:"likelihood,omitempty"` // in (0, 1]
	Suggested  bool        `json:"suggested,omitempty"`  // proposed by crux, not yet confirmed by an analyst
	Reason     string      `json:"reason,omitempty"`
	Analyst    string      `json:"analyst,omitempty"`
}

// MarshalJSON writes a plain value as a bare string ("CC") and anything
// richer as an object.
func (r Rating) MarshalJSON() ([]byte, error) {
	if r.Likelihood == nil && !r.Suggested && r.Reason == "" && r.Analyst == "" {
		return json.Marshal(string(r.Value))
	}
	type plain Rating
	return json.Marshal(plain(r))
}

// UnmarshalJSON reads either form written by MarshalJSON. It does not check
// the value: Validate does, so that every bad cell is reported with its path.
func (r *Rating) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = Rating{Value: RatingValue(s)}
		return nil
	}
	if len(b) > 0 && b[0] != '{' {
		return fmt.Errorf("rating must be a string such as \"CC\" or an object, not %s", truncate(string(b), 20))
	}
	type plain Rating
	var p plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return err
	}
	*r = Rating(p)
	return nil
}

// truncate shortens s to at most n bytes for an error message, without
// splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
