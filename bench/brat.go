package bench

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Range is a half-open range [Start, End) of Unicode code points, the unit
// of brat offsets in PolNeAR.
type Range struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// TextBound is a brat text-bound annotation (a T line): its type and its
// ranges (several for a discontinuous span written "a b;c d").
type TextBound struct {
	ID     string  `json:"id"`
	Type   string  `json:"type"`
	Ranges []Range `json:"ranges"`
	Text   string  `json:"text"` // the covered text as the file gives it
}

// BratAttribution is one E line of a PolNeAR-style file: the text-bound
// spans of its parts (nil when a part is absent).
type BratAttribution struct {
	ID      string  `json:"id"`
	Content []Range `json:"content"`
	Source  []Range `json:"source"`
	Cue     []Range `json:"cue"`
}

// BratFile is what ReadBrat found in one .ann file.
type BratFile struct {
	Spans        []TextBound       `json:"spans"`
	Attributions []BratAttribution `json:"attributions"`
}

// maxBratOffset bounds offsets so that arithmetic on them cannot overflow
// and a hostile file cannot make a scorer allocate per character of a
// billion-character span.
const maxBratOffset = 1 << 30

// ReadBrat parses a brat standoff file as PolNeAR and tools/peer write it:
//
//	T1	Source 89 106	The New York Post
//	T2	Content 115 290;300 310	that ...
//	E1	Attribution:T4 Content:T3 Cue:T2 Source:T1
//
// T lines give a type and code-point ranges; E lines tie one attribution's
// parts together by role (a trailing number on a role, as brat writes
// "Source2", is ignored). Attribute (A), relation (R), note (#) and
// normalisation (N) lines are skipped, as are blank lines. An attribution
// without a Content part is dropped, as the reference scorer does. Any other
// malformed line is an error naming its line number; an E line may point at
// a T line that comes later in the file.
func ReadBrat(data []byte) (*BratFile, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("brat: invalid UTF-8")
	}
	f := &BratFile{}
	byID := map[string]int{}
	type event struct {
		line  int
		id    string
		roles [][2]string // role, T id
	}
	var events []event
	for n, raw := range bytes.Split(data, []byte("\n")) {
		lineNo := n + 1
		line := strings.TrimRight(string(raw), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		switch line[0] {
		case 'T':
			tb, err := parseTextBound(line)
			if err != nil {
				return nil, fmt.Errorf("brat: line %d: %v", lineNo, err)
			}
			if _, dup := byID[tb.ID]; dup {
				return nil, fmt.Errorf("brat: line %d: duplicate id %q", lineNo, tb.ID)
			}
			byID[tb.ID] = len(f.Spans)
			f.Spans = append(f.Spans, tb)
		case 'E':
			id, rest, ok := strings.Cut(line, "\t")
			if !ok || len(id) < 2 {
				return nil, fmt.Errorf("brat: line %d: event line without a tab after its id", lineNo)
			}
			ev := event{line: lineNo, id: id}
			for _, item := range strings.Fields(rest) {
				role, ref, ok := strings.Cut(item, ":")
				if !ok || role == "" || ref == "" {
					return nil, fmt.Errorf("brat: line %d: event argument %q is not ROLE:ID", lineNo, clip(item))
				}
				ev.roles = append(ev.roles, [2]string{strings.TrimRight(role, "0123456789"), ref})
			}
			events = append(events, ev)
		case 'A', 'R', '#', 'N', 'M':
			// attributes, relations, notes, normalisations: not used
		default:
			return nil, fmt.Errorf("brat: line %d: unknown annotation kind %q", lineNo, clip(line))
		}
	}
	for _, ev := range events {
		a := BratAttribution{ID: ev.id}
		for _, rr := range ev.roles {
			k, ok := byID[rr[1]]
			if !ok {
				return nil, fmt.Errorf("brat: line %d: %s refers to unknown span %q", ev.line, ev.id, clip(rr[1]))
			}
			rs := f.Spans[k].Ranges
			switch rr[0] {
			case "Content":
				a.Content = rs
			case "Source":
				a.Source = rs
			case "Cue":
				a.Cue = rs
			}
		}
		if a.Content != nil {
			f.Attributions = append(f.Attributions, a)
		}
	}
	return f, nil
}

func parseTextBound(line string) (TextBound, error) {
	parts := strings.SplitN(line, "\t", 3)
	if len(parts) < 2 {
		return TextBound{}, fmt.Errorf("text-bound line without a tab after its id")
	}
	tb := TextBound{ID: parts[0]}
	if len(parts) == 3 {
		tb.Text = parts[2]
	}
	typ, spans, ok := strings.Cut(parts[1], " ")
	if !ok || typ == "" {
		return TextBound{}, fmt.Errorf("%s: want TYPE START END, got %q", tb.ID, clip(parts[1]))
	}
	tb.Type = typ
	for _, s := range strings.Split(spans, ";") {
		a, b, ok := strings.Cut(strings.TrimSpace(s), " ")
		if !ok {
			return TextBound{}, fmt.Errorf("%s: range %q is not START END", tb.ID, clip(s))
		}
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(strings.TrimSpace(b))
		if err1 != nil || err2 != nil {
			return TextBound{}, fmt.Errorf("%s: range %q: offsets must be integers", tb.ID, clip(s))
		}
		if start < 0 || end < start || end > maxBratOffset {
			return TextBound{}, fmt.Errorf("%s: range %d %d: want 0 ≤ start ≤ end ≤ %d", tb.ID, start, end, maxBratOffset)
		}
		tb.Ranges = append(tb.Ranges, Range{Start: start, End: end})
	}
	return tb, nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}
