package bench

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Table is a titled grid of text cells printed with aligned columns: cells
// that read as numbers are right-aligned, others left-aligned. Notes are
// printed under the grid, one per line.
type Table struct {
	Title  string
	Header []string
	Rows   [][]string
	Notes  []string
}

// Add appends a row.
func (t *Table) Add(cells ...string) { t.Rows = append(t.Rows, cells) }

// Note appends a note line.
func (t *Table) Note(s string) { t.Notes = append(t.Notes, s) }

// WriteTo prints the table. Columns are separated by two spaces; a rule of
// dashes sits under the header. Rows shorter than the widest row are padded
// with empty cells.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	width := make([]int, ncol)
	numeric := make([]bool, ncol)
	for i := range numeric {
		numeric[i] = true
	}
	measure := func(r []string, header bool) {
		for i := range ncol {
			c := cell(r, i)
			width[i] = max(width[i], utf8.RuneCountInString(c))
			if !header && c != "" && c != "—" && !looksNumeric(c) {
				numeric[i] = false
			}
		}
	}
	measure(t.Header, true)
	for _, r := range t.Rows {
		measure(r, false)
	}
	// A column whose cells are all empty or numbers is right-aligned, but
	// the first column (row labels) never is.
	if ncol > 0 {
		numeric[0] = false
	}

	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title)
		b.WriteString("\n")
	}
	line := func(r []string) {
		var l strings.Builder
		for i := range ncol {
			c := cell(r, i)
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if numeric[i] {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteString("\n")
	}
	if len(t.Header) > 0 {
		line(t.Header)
		rule := make([]string, ncol)
		for i := range rule {
			rule[i] = strings.Repeat("-", width[i])
		}
		line(rule)
	}
	for _, r := range t.Rows {
		line(r)
	}
	for _, n := range t.Notes {
		b.WriteString("  ")
		b.WriteString(n)
		b.WriteString("\n")
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func cell(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

// looksNumeric reports whether s is a number, possibly signed, with a
// decimal point, a thousands separator (',' or a narrow space), a leading
// '×' or '~', or a trailing unit of letters or '%' after the digits
// ("12.5", "1,204", "0.61", "3.2×", "81 ms", "99%").
func looksNumeric(s string) bool {
	s = strings.TrimPrefix(s, "~")
	s = strings.TrimPrefix(s, "×")
	s = strings.TrimLeft(s, "+-−")
	digits, i := 0, 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= '0' && r <= '9' {
			digits++
		} else if r != '.' && r != ',' && r != '\u202f' {
			break
		}
		i += n
	}
	if digits == 0 {
		return false
	}
	rest := strings.TrimSpace(s[i:])
	for _, r := range rest {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '%' || r == '×' || r == '/' || r == 'µ') {
			return false
		}
	}
	return true
}
