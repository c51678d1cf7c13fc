package document

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file holds the metadata rules shared by the parsers: dates, bylines,
// outlet names, "Original url:" trailers and photo-caption lines. They are
// general rules about how news pages are laid out, not lists of outlets or
// names.

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "mon": true, "tue": true, "tues": true, "wed": true,
	"thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
}

// datePrefixes are labels that may precede a date line.
var datePrefixes = []string{"published on", "published", "updated on", "updated", "posted on", "posted",
	"last updated", "last modified", "date", "on"}

var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
}

var isoLocalLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"20060102",
}

// normDate turns a date as written into "YYYY-MM-DD", or RFC 3339 when a
// time with a zone is given. It accepts ISO 8601 / RFC 3339 forms,
// "May 04, 2023", "May 4 2023", "Thursday, May 4, 2023", "4 May 2023",
// "4th of May, 2023", "Sept. 4, 2023", each optionally followed by a time
// of day (which is dropped when it has no zone) and optionally preceded by
// "Published", "Updated" and the like. Numeric day/month forms such as
// 05/04/2023 are ambiguous and refused.
func normDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 80 {
		return "", false
	}
	low := strings.ToLower(s)
	for _, p := range datePrefixes {
		if strings.HasPrefix(low, p) && len(low) > len(p) && !isLetter(low[len(p)]) {
			s = strings.TrimLeft(s[len(p):], " :\t-–—")
			low = strings.ToLower(s)
			break
		}
	}
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		for _, l := range isoLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t.Format(time.RFC3339), true
			}
		}
		for _, l := range isoLocalLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t.Format("2006-01-02"), true
			}
		}
	}
	return textDate(low)
}

// textDate parses "month day year" or "day month year" with optional weekday
// and a trailing time of day.
func textDate(low string) (string, bool) {
	words := strings.FieldsFunc(low, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	var (
		day, year int
		month     time.Month
		i         int
	)
	if i < len(words) && weekdays[strings.TrimSuffix(words[i], ".")] {
		i++
	}
	for ; i < len(words) && (day == 0 || month == 0 || year == 0); i++ {
		w := strings.TrimSuffix(words[i], ".")
		if w == "of" || w == "the" {
			continue
		}
		if m, ok := months[w]; ok && month == 0 {
			month = m
			continue
		}
		if n, ok := dayNumber(w); ok && day == 0 && year == 0 {
			day = n
			continue
		}
		if n, err := strconv.Atoi(w); err == nil && len(w) == 4 && year == 0 && month != 0 && day != 0 {
			year = n
			continue
		}
		return "", false
	}
	if day == 0 || month == 0 || year < 1800 || year > 2200 {
		return "", false
	}
	// What follows may only be a time of day: "10:30", "10:30 am", "a.m.", "gmt", "at", "|".
	for ; i < len(words); i++ {
		w := words[i]
		if w == "at" || w == "|" || w == "-" || w == "—" || w == "–" || strings.IndexByte(w, ':') > 0 ||
			w == "am" || w == "pm" || w == "a.m." || w == "p.m." || isZone(w) {
			continue
		}
		return "", false
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

func dayNumber(w string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suf)
	}
	if len(w) == 0 || len(w) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > 31 {
		return 0, false
	}
	return n, true
}

func isZone(w string) bool {
	if len(w) == 5 && (w[0] == '+' || w[0] == '-') {
		_, err := strconv.Atoi(w[1:])
		return err == nil
	}
	return zones[w]
}

var zones = map[string]bool{"utc": true, "gmt": true, "z": true, "est": true, "edt": true, "cst": true,
	"cdt": true, "mst": true, "mdt": true, "pst": true, "pdt": true, "et": true, "pt": true, "cet": true,
	"cest": true, "bst": true, "eet": true, "eest": true, "msk": true, "ist": true, "jst": true}

func isLetter(c byte) bool { return isASCIILetter(c) }

// nameParticles may start a word of a person's name in lower case.
var nameParticles = map[string]bool{"de": true, "da": true, "di": true, "del": true, "der": true,
	"van": true, "von": true, "la": true, "le": true, "al": true, "el": true, "bin": true, "ibn": true,
	"dos": true, "du": true, "ten": true, "ter": true}

// roleWords end a byline part that is a job title, not a name.
var roleWords = map[string]bool{"writer": true, "correspondent": true, "editor": true, "reporter": true,
	"contributor": true, "columnist": true, "staff": true, "photographer": true, "journalist": true}

// parseByline reads a byline such as "By A and B", "By A, B and C" or
// "By A | Outlet" (already rendered to plain text) and returns the names.
// It returns nil when the line is not a byline: every part must look like
// a name (1–6 words, each capitalised or a name particle, no digits).
func parseByline(s string) []string {
	s = strings.TrimSpace(s)
	if len(s) > 300 {
		return nil
	}
	low := strings.ToLower(s)
	var rest string
	for _, p := range []string{"by ", "by: ", "written by ", "words by ", "reporting by ", "text by "} {
		if strings.HasPrefix(low, p) {
			rest = s[len(p):]
			break
		}
	}
	if rest == "" {
		return nil
	}
	// "By A | Outlet | date": the names come first.
	if i := strings.IndexAny(rest, "|•·\n"); i >= 0 {
		rest = rest[:i]
	}
	for _, sep := range []string{" — ", " – ", " - "} {
		if i := strings.Index(rest, sep); i >= 0 {
			rest = rest[:i]
		}
	}
	return splitNames(rest)
}

// splitNames splits "A, B and C" into names; nil if a part is no name.
func splitNames(s string) []string {
	s = strings.NewReplacer(" and ", ",", " And ", ",", " & ", ",", ";", ",").Replace(s)
	var names []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(strings.Trim(part, " .\t"))
		if part == "" {
			continue
		}
		words := strings.Fields(part)
		if roleWords[strings.ToLower(words[len(words)-1])] {
			continue // "Staff Writer", "Moscow Correspondent"
		}
		if !looksLikeName(words) {
			return nil
		}
		names = append(names, strings.Join(words, " "))
	}
	return names
}

func looksLikeName(words []string) bool {
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	caps := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case strings.ContainsAny(w, "0123456789@/:"):
			return false
		case unicode.IsUpper(r):
			caps++
		case nameParticles[strings.ToLower(w)]:
		default:
			return false
		}
	}
	return caps > 0
}

// authorNames cleans author names from metadata (meta tags, JSON-LD), where
// one value may hold several names ("A and B") or a "By " prefix.
func authorNames(vals []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v == "" || isAbsURL(v) {
			continue
		}
		names := parseByline(v)
		if names == nil {
			names = splitNames(v)
		}
		if names == nil {
			names = []string{strings.Join(strings.Fields(v), " ")}
		}
		for _, n := range names {
			if k := strings.ToLower(n); !seen[k] {
				seen[k] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// outletFromURL names an outlet by its host: the host in lower case without
// a "www.", "m.", "amp." or "mobile." prefix and without a port.
func outletFromURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return ""
	}
	h := strings.ToLower(p.Hostname())
	for _, pre := range []string{"www.", "m.", "amp.", "mobile."} {
		if strings.HasPrefix(h, pre) && strings.Count(h, ".") > 1 {
			h = h[len(pre):]
			break
		}
	}
	return h
}

// cleanURL returns s when it is an absolute http(s) URL, "" otherwise.
func cleanURL(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	p, err := url.Parse(s)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || strings.ContainsAny(s, " \t\n") {
		return ""
	}
	return s
}

// urlLabel reports whether a line is a label announcing the article's URL
// ("Original url:", "URL:", "Source:", "Link:"); rest is what follows the
// colon on the same line.
func urlLabel(line string) (rest string, ok bool) {
	low := strings.ToLower(strings.TrimSpace(line))
	for _, p := range []string{"original url", "original link", "original article", "source url", "url", "source", "link", "read more at", "canonical"} {
		if strings.HasPrefix(low, p) {
			r := strings.TrimSpace(strings.TrimSpace(line)[len(p):])
			if strings.HasPrefix(r, ":") {
				return strings.TrimSpace(r[1:]), true
			}
		}
	}
	return "", false
}

// isCaption reports whether a block (its raw Markdown-like text) is a photo
// caption or credit line rather than body text:
//   - it ends with a bold credit "**Name / AGENCY**" or "**Photo: …**",
//   - it starts with "Photo:", "Photo by", "Image:", "Credit:", "Photograph:",
//   - or it ends with a parenthesised credit "(AP Photo/…)", "(Photo: …)".
//
// Fails on credits written as plain text without any of these marks.
func isCaption(raw string) bool {
	t := strings.TrimSpace(raw)
	if t == "" || len(t) > maxCaption || strings.Count(t, "\n") > 2 {
		return false
	}
	if strings.HasSuffix(t, "**") || strings.HasSuffix(t, "__") {
		d := t[len(t)-2:]
		body := t[:len(t)-2]
		if i := strings.LastIndex(body, d); i >= 0 {
			credit := strings.ToLower(body[i+2:])
			if strings.Contains(credit, " / ") || strings.Contains(credit, "photo") || strings.Contains(credit, "image") || strings.HasPrefix(credit, "credit") {
				return true
			}
		}
	}
	for _, p := range []string{"photo:", "photo by ", "photos:", "image:", "credit:", "photo credit", "photograph:", "picture:"} {
		if len(t) >= len(p) && strings.EqualFold(t[:len(p)], p) {
			return true
		}
	}
	if strings.HasSuffix(t, ")") {
		if i := strings.LastIndexByte(t, '('); i >= 0 {
			p := strings.ToLower(t[i+1:])
			if strings.HasPrefix(p, "photo") || strings.Contains(p, " photo/") || strings.HasPrefix(p, "credit") || strings.HasPrefix(p, "image") {
				return true
			}
		}
	}
	return false
}

// maxCaption is the longest block taken for a caption, in bytes.
const maxCaption = 600

// cleanTitle strips a trailing " | Site" or " - Site" from a page title
// when the suffix is the outlet's name or host, or when it is a short final
// part (≤ 4 words) after a separator and the rest is more than twice as
// long; it returns the title and the stripped suffix.
func cleanTitle(title, outlet string) (string, string) {
	title = strings.Join(strings.Fields(title), " ")
	squash := func(s string) string {
		return strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.ToLower(s))
	}
	for _, sep := range []string{" | ", " – ", " — ", " - ", " :: ", " · "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := title[:i], strings.TrimSpace(title[i+len(sep):])
		if tail == "" {
			continue
		}
		if outlet != "" && (strings.EqualFold(tail, outlet) || strings.Contains(squash(outlet), squash(tail))) {
			return head, tail
		}
		if len(strings.Fields(tail)) <= 4 && (len(head) > 2*len(tail) || sep == " | " && len(head) >= len(tail)) {
			return head, tail
		}
	}
	return title, ""
}
