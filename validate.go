package crux

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// FieldError is one problem of a case, at a path such as
// `evidence[3].ratings.H2`.
type FieldError struct {
	Path string
	Msg  string
}

func (e FieldError) Error() string { return e.Path + ": " + e.Msg }

// ValidationError lists every problem found in a case.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid case: %d problem", len(v))
	if len(v) != 1 {
		b.WriteString("s")
	}
	for _, e := range v {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

var (
	idPattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$`)
	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$`)
)

// ValidDate reports whether s is a date as case files write them:
// YYYY-MM-DD, optionally followed by an RFC 3339 time.
func ValidDate(s string) bool { return datePattern.MatchString(s) }

// ValidID reports whether s may be used as an identifier: 1–128 letters,
// digits, '.', '_', ':' or '-', starting with a letter or digit.
func ValidID(s string) bool { return idPattern.MatchString(s) }

type validator struct{ errs ValidationError }

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) id(path, id string, seen map[string]bool) {
	switch {
	case id == "":
		v.add(path, "missing id")
	case !ValidID(id):
		v.add(path, "bad id %q: use letters, digits, '.', '_', ':' or '-'", truncate(id, 40))
	case seen[id]:
		v.add(path, "duplicate id %q", id)
	}
	seen[id] = true
}

func (v *validator) date(path, d string) {
	if d != "" && !ValidDate(d) {
		v.add(path, "bad date %q: want YYYY-MM-DD", truncate(d, 40))
	}
}

func (v *validator) text(path, s string) {
	if !utf8.ValidString(s) {
		v.add(path, "invalid UTF-8")
	}
}

func (v *validator) span(path string, s Span, textLen int) {
	if s.Start < 0 || s.End < s.Start || s.End > textLen {
		v.add(path, "span [%d,%d) outside the source text of %d bytes", s.Start, s.End, textLen)
	}
}

// Validate checks a case and returns a ValidationError listing every
// problem, or nil. It checks the format header, identifiers (present, well
// formed, unique), references between parts, rating values and likelihoods,
// Admiralty grades, dates, spans and UTF-8.
func Validate(c *Case) error {
	if c == nil {
		return ValidationError{{Path: "", Msg: "no case"}}
	}
	v := &validator{}
	if c.Format != FormatName {
		v.add("format", "want %q, got %q", FormatName, truncate(c.Format, 40))
	}
	if c.Version < 1 || c.Version > FormatVersion {
		v.add("version", "unsupported version %d (this crux reads 1 to %d)", c.Version, FormatVersion)
	}
	if c.ID != "" && !ValidID(c.ID) {
		v.add("id", "bad id %q", truncate(c.ID, 40))
	}
	v.text("title", c.Title)
	v.date("event_date", c.EventDate)

	srcLen := map[string]int{}
	seen := map[string]bool{}
	for i, s := range c.Sources {
		p := fmt.Sprintf("sources[%d]", i)
		v.id(p+".id", s.ID, seen)
		srcLen[s.ID] = len(s.Text)
		v.text(p+".text", s.Text)
		v.text(p+".title", s.Title)
		v.date(p+".published", s.Published)
		if !s.Reliability.Valid() {
			v.add(p+".reliability", "unknown reliability %q: want A–F", truncate(string(s.Reliability), 10))
		}
		for j, sp := range s.Paragraphs {
			v.span(fmt.Sprintf("%s.paragraphs[%d]", p, j), sp, len(s.Text))
		}
		for j, l := range s.Links {
			v.span(fmt.Sprintf("%s.links[%d]", p, j), l.Span, len(s.Text))
		}
	}
	actors := map[string]bool{}
	seen = map[string]bool{}
	for i, a := range c.Actors {
		p := fmt.Sprintf("actors[%d]", i)
		v.id(p+".id", a.ID, seen)
		actors[a.ID] = true
		if strings.TrimSpace(a.Name) == "" {
			v.add(p+".name", "missing name")
		}
		v.text(p+".name", a.Name)
		switch a.Kind {
		case Person, Organization, Group, Anonymous:
		default:
			v.add(p+".kind", "unknown kind %q: want person, organization, group or anonymous", truncate(string(a.Kind), 20))
		}
	}
	citations := func(p string, cs []Citation) {
		for j, ct := range cs {
			q := fmt.Sprintf("%s[%d]", p, j)
			n, ok := srcLen[ct.SourceID]
			if !ok {
				v.add(q+".source", "unknown source %q", truncate(ct.SourceID, 40))
				continue
			}
			v.span(q+".content", ct.Content, n)
			if ct.Cue != nil {
				v.span(q+".cue", *ct.Cue, n)
			}
			if ct.Speaker != nil {
				v.span(q+".speaker", *ct.Speaker, n)
			}
			v.date(q+".date", ct.Date)
		}
	}
	claims := map[string]bool{}
	seen = map[string]bool{}
	for i, cl := range c.Claims {
		p := fmt.Sprintf("claims[%d]", i)
		v.id(p+".id", cl.ID, seen)
		claims[cl.ID] = true
		if !actors[cl.SpeakerID] {
			v.add(p+".speaker", "unknown actor %q", truncate(cl.SpeakerID, 40))
		}
		if !cl.CueClass.Valid() {
			v.add(p+".cue_class", "unknown cue class %q", truncate(string(cl.CueClass), 20))
		}
		switch cl.Mode {
		case Direct, Reported, Mixed:
		default:
			v.add(p+".mode", "unknown mode %q: want direct, reported or mixed", truncate(string(cl.Mode), 20))
		}
		v.text(p+".text", cl.Text)
		v.date(p+".date", cl.Date)
		citations(p+".citations", cl.Citations)
	}
	hyps := map[string]bool{}
	seen = map[string]bool{}
	for i, h := range c.Hypotheses {
		p := fmt.Sprintf("hypotheses[%d]", i)
		v.id(p+".id", h.ID, seen)
		hyps[h.ID] = true
		if strings.TrimSpace(h.Title) == "" {
			v.add(p+".title", "missing title")
		}
		switch h.Status {
		case Suggested, Accepted, Rejected, "":
		default:
			v.add(p+".status", "unknown status %q: want suggested, accepted or rejected", truncate(string(h.Status), 20))
		}
		if h.Prior != nil && (math.IsNaN(*h.Prior) || *h.Prior < 0 || math.IsInf(*h.Prior, 0)) {
			v.add(p+".prior", "prior must be a finite number ≥ 0")
		}
		citations(p+".passages", h.Passages)
	}
	seen = map[string]bool{}
	for i, e := range c.Evidence {
		p := fmt.Sprintf("evidence[%d]", i)
		v.id(p+".id", e.ID, seen)
		v.text(p+".text", e.Text)
		switch e.Kind {
		case FromClaim:
			if !claims[e.ClaimID] {
				v.add(p+".claim", "unknown claim %q", truncate(e.ClaimID, 40))
			}
		case Fact, Assumption, Absence:
			if e.ClaimID != "" && !claims[e.ClaimID] {
				v.add(p+".claim", "unknown claim %q", truncate(e.ClaimID, 40))
			}
		default:
			v.add(p+".kind", "unknown kind %q: want claim, fact, assumption or absence", truncate(string(e.Kind), 20))
		}
		v.date(p+".date", e.Date)
		if !e.Reliability.Valid() {
			v.add(p+".reliability", "unknown reliability %q: want A–F", truncate(string(e.Reliability), 10))
		}
		if !e.Credibility.Valid() {
			v.add(p+".credibility", "unknown credibility %q: want 1–6", truncate(string(e.Credibility), 10))
		}
		switch e.Relevance {
		case Low, Medium, High, "":
		default:
			v.add(p+".relevance", "unknown relevance %q: want low, medium or high", truncate(string(e.Relevance), 20))
		}
		for _, hid := range sortedKeys(e.Ratings) {
			r := e.Ratings[hid]
			q := p + ".ratings." + hid
			if !hyps[hid] {
				v.add(q, "unknown hypothesis %q", truncate(hid, 40))
			}
			if !r.Value.Valid() {
				v.add(q, "unknown rating %q: want CC, C, N, I, II or NA", truncate(string(r.Value), 20))
			}
			if l := r.Likelihood; l != nil && (math.IsNaN(*l) || *l <= 0 || *l > 1) {
				v.add(q+".likelihood", "likelihood %v outside (0, 1]", *l)
			}
		}
	}
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
