package exchange

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// MaxCSVSize bounds what ReadMatrixCSV reads.
const MaxCSVSize = 64 << 20

// The standard columns of the matrix CSV, in the order WriteMatrixCSV writes
// them. A hypothesis column follows each of them, headed "ID: title".
var matrixColumns = []string{"Evidence ID", "Text", "Kind", "Date", "Reliability", "Credibility", "Relevance", "Group", "Claim", "Notes"}

// column keys and the header spellings accepted for them (lower case).
const (
	colID = iota
	colText
	colKind
	colDate
	colReliability
	colCredibility
	colRelevance
	colGroup
	colClaim
	colNotes
	numCols
)

var columnAliases = map[string]int{
	"evidence id": colID, "id": colID, "evidence_id": colID, "evidenceid": colID, "item": colID, "#": colID,
	"text": colText, "evidence": colText, "description": colText, "evidence text": colText,
	"kind": colKind, "type": colKind,
	"date": colDate, "evidence date": colDate,
	"reliability": colReliability, "source reliability": colReliability,
	"credibility": colCredibility,
	"relevance":   colRelevance, "weight": colRelevance,
	"group": colGroup, "dependence group": colGroup,
	"claim": colClaim, "claim id": colClaim,
	"notes": colNotes, "note": colNotes, "comments": colNotes,
}

// WriteMatrixCSV writes the matrix of c: a UTF-8 byte order mark (so that
// spreadsheets pick the right encoding), one header row, one row per
// evidence item, RFC 4180 quoting and LF line ends (which spreadsheets
// read; LF rather than CRLF so that a lone carriage return inside a cell
// survives the round trip; a CR LF pair inside a cell reads back as LF, the
// CSV reader's normalisation). Hypothesis columns are
// headed "ID: title"; a cell holds CC, C, N, I, II, NA or nothing (unrated).
// Text that a spreadsheet would run as a formula (starting with = + - @, a
// tab or a carriage return) and text starting with an apostrophe get one
// leading apostrophe, which ReadMatrixCSV removes again.
//
// The CSV carries rating values only: explicit likelihoods, reasons and
// analysts of cells stay in the case file, and ApplyMatrix keeps them for
// every cell whose value did not change.
func WriteMatrixCSV(w io.Writer, c *crux.Case) error {
	if c == nil {
		return fmt.Errorf("matrix csv: no case")
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := append([]string(nil), matrixColumns...)
	for _, h := range c.Hypotheses {
		header = append(header, defuse(h.ID+": "+h.Title))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	for _, e := range c.Evidence {
		row = append(row[:0], defuse(e.ID), defuse(e.Text), string(e.Kind), e.Date, string(e.Reliability),
			string(e.Credibility), string(e.Relevance), defuse(e.Group), defuse(e.ClaimID), defuse(e.Notes))
		for _, h := range c.Hypotheses {
			row = append(row, string(e.Ratings[h.ID].Value))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse prefixes text that spreadsheets would evaluate as a formula.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return "'" + s
	}
	return s
}

func undefuse(s string) string {
	if strings.HasPrefix(s, "'") {
		return s[1:]
	}
	return s
}

// Matrix is a matrix read from CSV, not yet applied to a case.
type Matrix struct {
	Separator  rune               // the field separator found: ',', ';' or '\t'
	Columns    [numCols]bool      // which standard columns the header has
	Hypotheses []MatrixHypothesis // the hypothesis columns, left to right
	Rows       []MatrixRow
}

// MatrixHypothesis is one hypothesis column. A header "ID: title" gives
// both; a bare header ("H3", "Sabotage") is Bare, with ID empty and the
// text in Title: ApplyMatrix matches it against the case's hypothesis IDs,
// then titles (ignoring case), or makes a new hypothesis.
type MatrixHypothesis struct {
	ID, Title string
	Bare      bool
	Column    int // 1-based column number in the file
}

// MatrixRow is one evidence row. Evidence.Ratings is left nil; Cells holds
// one value per hypothesis column ("" for a blank cell).
type MatrixRow struct {
	Line     int // 1-based line of the file where the row starts
	Evidence crux.Evidence
	Cells    []crux.RatingValue
}

// CSVError is a problem at a line (and column, when known) of a CSV file.
type CSVError struct {
	Line, Column int
	Msg          string
}

func (e CSVError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// CSVErrors lists every problem found in a CSV file.
type CSVErrors []CSVError

func (es CSVErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "matrix csv: %d problem", len(es))
	if len(es) != 1 {
		b.WriteString("s")
	}
	for i, e := range es {
		if i == 20 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(es)-20)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// ReadMatrixCSV parses a matrix CSV: the file WriteMatrixCSV writes, or one
// typed in a spreadsheet. It accepts a UTF-8 byte order mark, ',' ';' or tab
// as separator (the one most used in the header line outside quotes), CRLF
// or LF line ends, blank rows anywhere, short rows (missing cells are blank),
// header names in any case (with a few aliases such as "ID" or
// "Description"), and ratings in any case: CC C N I II NA, ++ + - --, N/A,
// or "very consistent", "consistent", "neutral", "inconsistent", "very
// inconsistent", "not applicable". The first non-blank row is the header: a
// header cell that is not a standard column is a hypothesis, written
// "ID: title", a bare ID, or a bare title. Every problem is reported with
// its line and column; nothing is half-read.
func ReadMatrixCSV(data []byte) (*Matrix, error) {
	if len(data) > MaxCSVSize {
		return nil, fmt.Errorf("matrix csv: %d bytes exceeds the limit of %d", len(data), MaxCSVSize)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		off := crux.FirstInvalidUTF8(data)
		return nil, CSVErrors{{Line: 1 + bytes.Count(data[:off], []byte{'\n'}), Msg: "invalid UTF-8 (save the file as UTF-8)"}}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, CSVErrors{{Line: 1 + bytes.Count(data[:i], []byte{'\n'}), Msg: "NUL byte: this is not a text file"}}
	}
	m := &Matrix{Separator: sniffSeparator(data)}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = m.Separator
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	var errs CSVErrors
	header, titleRow := true, false
	var kinds []int // per file column: standard column key, or -1-k for hypothesis k
	seenID := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, CSVError{Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()})
			} else {
				errs = append(errs, CSVError{Line: 0, Msg: err.Error()})
			}
			return nil, errs
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if header {
			header = false
			kinds, errs = m.readHeader(rec, line, errs)
			titleRow = true
			continue
		}
		if titleRow {
			titleRow = false
			if m.readTitleRow(rec, kinds) {
				continue
			}
		}
		row := MatrixRow{Line: line, Cells: make([]crux.RatingValue, len(m.Hypotheses))}
		for i, cell := range rec {
			col := i + 1
			if i >= len(kinds) {
				if strings.TrimSpace(cell) != "" {
					errs = append(errs, CSVError{line, col, fmt.Sprintf("cell %q has no column header", clip(cell))})
				}
				continue
			}
			k := kinds[i]
			if k < 0 {
				v, ok := ParseRating(cell)
				if !ok {
					errs = append(errs, CSVError{line, col, fmt.Sprintf("unknown rating %q under %q: want CC, C, N, I, II, NA (or ++, +, -, --, N/A) or blank", clip(cell), m.Hypotheses[-1-k].header())})
				}
				row.Cells[-1-k] = v
				continue
			}
			if msg := setField(&row.Evidence, k, cell); msg != "" {
				errs = append(errs, CSVError{line, col, msg})
			}
		}
		if id := row.Evidence.ID; id != "" {
			if prev, dup := seenID[id]; dup {
				errs = append(errs, CSVError{Line: line, Msg: fmt.Sprintf("evidence id %q already used on line %d", clip(id), prev)})
			}
			seenID[id] = line
		}
		m.Rows = append(m.Rows, row)
	}
	if header {
		errs = append(errs, CSVError{Line: 1, Msg: "no header row: the file is empty"})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return m, nil
}

func (h MatrixHypothesis) header() string {
	if h.Bare || h.ID == "" {
		return h.Title
	}
	if h.Title == "" {
		return h.ID
	}
	return h.ID + ": " + h.Title
}

func (m *Matrix) readHeader(rec []string, line int, errs CSVErrors) ([]int, CSVErrors) {
	kinds := make([]int, len(rec))
	seenHyp := map[string]int{}
	for i, cell := range rec {
		col := i + 1
		raw := undefuse(strings.TrimLeft(cell, " "))
		name := strings.TrimSpace(raw)
		if k, ok := columnAliases[strings.ToLower(name)]; ok {
			if m.Columns[k] {
				errs = append(errs, CSVError{line, col, fmt.Sprintf("column %q appears twice", clip(name))})
			}
			m.Columns[k] = true
			kinds[i] = k
			continue
		}
		if name == "" {
			errs = append(errs, CSVError{line, col, "empty column header: name the column or delete it"})
			kinds[i] = -1 - len(m.Hypotheses)
			m.Hypotheses = append(m.Hypotheses, MatrixHypothesis{Column: col})
			continue
		}
		h := MatrixHypothesis{Column: col, Title: name}
		if id, title, ok := strings.Cut(raw, ": "); ok && crux.ValidID(id) {
			h.ID, h.Title = id, title // the title exactly as written: it may hold newlines
		} else {
			h.Bare = true
		}
		// IDs are case-sensitive (a case may hold both "H1" and "h1"); bare
		// titles are matched ignoring case, so they are keyed that way.
		key := "id:" + h.ID
		if h.Bare {
			key = "title:" + strings.ToLower(h.Title)
		}
		if prev, dup := seenHyp[key]; dup {
			errs = append(errs, CSVError{line, col, fmt.Sprintf("hypothesis %q already heads column %d", clip(name), prev)})
		}
		seenHyp[key] = col
		kinds[i] = -1 - len(m.Hypotheses)
		m.Hypotheses = append(m.Hypotheses, h)
	}
	if !m.Columns[colText] && !m.Columns[colID] {
		errs = append(errs, CSVError{Line: line, Msg: "the header has neither an \"Evidence ID\" nor a \"Text\" column: is the first row the header?"})
	}
	return kinds, errs
}

// readTitleRow recognises a second header row holding the hypotheses'
// titles under their IDs (as some tools and hand-made sheets have): every
// standard cell blank, every hypothesis cell filled, and at least one of
// them not a rating. It then takes the titles and reports true.
func (m *Matrix) readTitleRow(rec []string, kinds []int) bool {
	if len(m.Hypotheses) == 0 {
		return false
	}
	filled, words := 0, false
	for i, cell := range rec {
		if i >= len(kinds) {
			if strings.TrimSpace(cell) != "" {
				return false
			}
			continue
		}
		k := kinds[i]
		if k >= 0 {
			if strings.TrimSpace(cell) != "" {
				return false
			}
			continue
		}
		if strings.TrimSpace(cell) == "" {
			return false
		}
		filled++
		if _, ok := ParseRating(cell); !ok {
			words = true
		}
	}
	if filled != len(m.Hypotheses) || !words {
		return false
	}
	for i, cell := range rec {
		if i >= len(kinds) || kinds[i] >= 0 {
			continue
		}
		h := &m.Hypotheses[-1-kinds[i]]
		if h.Bare && crux.ValidID(h.Title) {
			h.ID, h.Bare = h.Title, false
		}
		h.Title = strings.TrimSpace(undefuse(cell))
	}
	return true
}

// setField stores a standard cell into e and returns a problem, or "".
func setField(e *crux.Evidence, k int, cell string) string {
	t := strings.TrimSpace(cell)
	switch k {
	case colID:
		e.ID = undefuse(t)
		if e.ID != "" && !crux.ValidID(e.ID) {
			return fmt.Sprintf("bad evidence id %q: use letters, digits, '.', '_', ':' or '-'", clip(e.ID))
		}
	case colText:
		e.Text = undefuse(cell)
	case colKind:
		switch v := crux.EvidenceKind(strings.ToLower(t)); v {
		case crux.FromClaim, crux.Fact, crux.Assumption, crux.Absence, "":
			e.Kind = v
		default:
			return fmt.Sprintf("unknown kind %q: want claim, fact, assumption or absence", clip(t))
		}
	case colDate:
		e.Date = t
		if t != "" && !crux.ValidDate(t) {
			return fmt.Sprintf("bad date %q: want YYYY-MM-DD (format the column as text in the spreadsheet)", clip(t))
		}
	case colReliability:
		e.Reliability = crux.Reliability(strings.ToUpper(t))
		if !e.Reliability.Valid() {
			return fmt.Sprintf("unknown reliability %q: want A–F or blank", clip(t))
		}
	case colCredibility:
		e.Credibility = crux.Credibility(t)
		if !e.Credibility.Valid() {
			return fmt.Sprintf("unknown credibility %q: want 1–6 or blank", clip(t))
		}
	case colRelevance:
		switch strings.ToLower(t) {
		case "low", "l":
			e.Relevance = crux.Low
		case "medium", "m", "med":
			e.Relevance = crux.Medium
		case "high", "h":
			e.Relevance = crux.High
		case "":
			e.Relevance = ""
		default:
			return fmt.Sprintf("unknown relevance %q: want low, medium, high or blank", clip(t))
		}
	case colGroup:
		e.Group = undefuse(cell)
	case colClaim:
		e.ClaimID = undefuse(t)
	case colNotes:
		e.Notes = undefuse(cell)
	}
	return ""
}

// ParseRating reads a cell of a matrix typed by a person: CC C N I II NA in
// any case, ++ + - --, N/A, or the rating in words. A blank cell is
// Unrated. ok is false for anything else.
func ParseRating(cell string) (v crux.RatingValue, ok bool) {
	switch t := strings.TrimSpace(cell); t { // the common case, without allocating
	case "CC", "C", "N", "I", "II", "NA":
		return crux.RatingValue(t), true
	case "":
		return crux.Unrated, true
	}
	s := strings.ToLower(strings.Join(strings.Fields(cell), " "))
	switch s {
	case "":
		return crux.Unrated, true
	case "cc", "++", "very consistent":
		return crux.VeryConsistent, true
	case "c", "+", "consistent":
		return crux.Consistent, true
	case "n", "neutral":
		return crux.Neutral, true
	case "i", "-", "inconsistent":
		return crux.Inconsistent, true
	case "ii", "--", "very inconsistent":
		return crux.VeryInconsistent, true
	case "na", "n/a", "not applicable":
		return crux.NotApplicable, true
	}
	return crux.Unrated, false
}

// sniffSeparator picks ',', ';' or tab: whichever occurs most often outside
// quotes in the first non-blank line; ',' on a tie or when none occurs.
func sniffSeparator(data []byte) rune {
	counts := map[byte]int{}
	inQuote, seen := false, false
	for _, b := range data {
		if b == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if b == '\n' {
			if seen {
				break
			}
			continue
		}
		if b != '\r' && b != ' ' {
			seen = true
		}
		if b == ',' || b == ';' || b == '\t' {
			counts[b]++
		}
	}
	best := byte(',')
	for _, b := range []byte{';', '\t'} {
		if counts[b] > counts[best] {
			best = b
		}
	}
	return rune(best)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}

// ApplyMatrix returns a new case: c with the matrix merged in. Hypothesis
// columns are matched to c's hypotheses by ID, then (for a bare title) by
// title ignoring case; unmatched columns become new accepted hypotheses
// (IDs H1, H2, ... not yet used). A changed title in an "ID: title" header
// renames the hypothesis. Rows are matched to evidence by ID; a row without
// an ID gets a new one (E1, E2, ...). For matched evidence only the columns
// present in the file change; a new item takes its defaults (kind "fact",
// or "claim" when a claim is named). Each rating cell replaces the case's
// cell for that hypothesis (a blank cell removes it), except that a cell
// whose value is unchanged keeps its likelihood, reason and analyst. No
// evidence or hypothesis is deleted. The result is validated as a whole;
// on any problem ApplyMatrix returns errors naming the lines and c is
// unchanged (it is never modified).
func ApplyMatrix(c *crux.Case, m *Matrix) (*crux.Case, error) {
	if c == nil || m == nil {
		return nil, fmt.Errorf("matrix csv: no case")
	}
	out := Clone(c)
	hypAt := map[string]int{}
	for i, h := range out.Hypotheses {
		hypAt[h.ID] = i
	}
	ids := make([]string, len(m.Hypotheses))
	var errs CSVErrors
	used := map[string]int{}
	for k, mh := range m.Hypotheses {
		id := mh.ID
		if _, exact := hypAt[id]; !mh.Bare && !exact {
			// "h1: …" typed in a spreadsheet names H1 when the case has
			// no "h1" of its own, as a bare "h1" would.
			for _, h := range out.Hypotheses {
				if strings.EqualFold(h.ID, id) {
					id = h.ID
					break
				}
			}
		}
		if mh.Bare {
			mh.Title = strings.TrimSpace(mh.Title)
			id = matchHypothesis(out.Hypotheses, mh.Title)
			if id != "" {
				mh.Title = "" // matched: keep the case's title
			} else if _, taken := hypAt[mh.Title]; shortID.MatchString(mh.Title) && !taken {
				id = mh.Title
			} else {
				id = freeID("H", func(s string) bool { _, ok := hypAt[s]; return ok })
			}
		}
		if prev, dup := used[id]; dup {
			errs = append(errs, CSVError{Line: 1, Column: mh.Column, Msg: fmt.Sprintf("hypothesis %s already heads column %d", id, prev)})
		}
		used[id] = mh.Column
		ids[k] = id
		if i, ok := hypAt[id]; ok {
			if strings.TrimSpace(mh.Title) != "" {
				out.Hypotheses[i].Title = mh.Title
			}
			continue
		}
		title := mh.Title
		if strings.TrimSpace(title) == "" {
			title = id
		}
		hypAt[id] = len(out.Hypotheses)
		out.Hypotheses = append(out.Hypotheses, crux.Hypothesis{ID: id, Title: title, Status: crux.Accepted})
	}
	evAt := map[string]int{}
	for i, e := range out.Evidence {
		evAt[e.ID] = i
	}
	for _, row := range m.Rows {
		// Reserve the file's IDs so that generated ones stay clear of them.
		if _, ok := evAt[row.Evidence.ID]; !ok && row.Evidence.ID != "" {
			evAt[row.Evidence.ID] = -1
		}
	}
	lineOf := map[int]int{} // evidence index → CSV line
	for _, row := range m.Rows {
		in := row.Evidence
		if in.ID == "" {
			in.ID = freeID("E", func(s string) bool { _, ok := evAt[s]; return ok })
			evAt[in.ID] = -1
		}
		i, ok := evAt[in.ID]
		if !ok || i < 0 {
			e := crux.Evidence{ID: in.ID}
			i = len(out.Evidence)
			out.Evidence = append(out.Evidence, e)
			evAt[in.ID] = i
			if !m.Columns[colKind] || in.Kind == "" {
				in.Kind = crux.Fact
				if in.ClaimID != "" {
					in.Kind = crux.FromClaim
				}
			}
			mergeFields(&out.Evidence[i], in, allColumns)
		} else {
			cols := m.Columns
			if cols[colKind] && in.Kind == "" {
				in.Kind = out.Evidence[i].Kind // a blank kind cell keeps the kind
			}
			mergeFields(&out.Evidence[i], in, cols)
		}
		lineOf[i] = row.Line
		e := &out.Evidence[i]
		for k, v := range row.Cells {
			hid := ids[k]
			old, had := e.Ratings[hid]
			switch {
			case v == crux.Unrated:
				delete(e.Ratings, hid)
			case had && old.Value == v:
			default:
				if e.Ratings == nil {
					e.Ratings = map[string]crux.Rating{}
				}
				e.Ratings[hid] = crux.Rating{Value: v}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := crux.Validate(out); err != nil {
		var ve crux.ValidationError
		if errors.As(err, &ve) {
			for _, fe := range ve {
				line := 0
				var idx int
				if n, _ := fmt.Sscanf(fe.Path, "evidence[%d]", &idx); n == 1 {
					line = lineOf[idx]
				}
				if line > 0 {
					errs = append(errs, CSVError{Line: line, Msg: fe.Error()})
				} else {
					errs = append(errs, CSVError{Line: 1, Msg: fe.Error()})
				}
			}
			return nil, errs
		}
		return nil, err
	}
	return out, nil
}

// shortID is what a bare header must look like to be taken as a new
// hypothesis's ID ("H7", "HYP12") rather than as its title.
var shortID = regexp.MustCompile(`^[A-Za-z]{1,3}[0-9]{1,4}$`)

// matchHypothesis finds the hypothesis a bare header names: by ID, by ID
// ignoring case, then by title ignoring case and surrounding space.
func matchHypothesis(hs []crux.Hypothesis, name string) string {
	for _, h := range hs {
		if h.ID == name {
			return h.ID
		}
	}
	for _, h := range hs {
		if strings.EqualFold(h.ID, name) {
			return h.ID
		}
	}
	for _, h := range hs {
		if strings.EqualFold(strings.TrimSpace(h.Title), name) {
			return h.ID
		}
	}
	return ""
}

var allColumns = func() (a [numCols]bool) {
	for i := range a {
		a[i] = true
	}
	return a
}()

func mergeFields(dst *crux.Evidence, in crux.Evidence, cols [numCols]bool) {
	if cols[colText] {
		dst.Text = in.Text
	}
	if cols[colKind] {
		dst.Kind = in.Kind
	}
	if cols[colDate] {
		dst.Date = in.Date
	}
	if cols[colReliability] {
		dst.Reliability = in.Reliability
	}
	if cols[colCredibility] {
		dst.Credibility = in.Credibility
	}
	if cols[colRelevance] {
		dst.Relevance = in.Relevance
	}
	if cols[colGroup] {
		dst.Group = in.Group
	}
	if cols[colClaim] {
		dst.ClaimID = in.ClaimID
	}
	if cols[colNotes] {
		dst.Notes = in.Notes
	}
}

// freeID returns prefix+n for the smallest n ≥ 1 not taken.
func freeID(prefix string, taken func(string) bool) string {
	for n := 1; ; n++ {
		if id := prefix + strconv.Itoa(n); !taken(id) {
			return id
		}
	}
}
