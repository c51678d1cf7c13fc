package document

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// blockKind classifies a block of a text or Markdown document.
type blockKind uint8

const (
	kindPara    blockKind = iota
	kindHeading           // Markdown heading, or the detected title
	kindCode              // fenced code
	kindCaption           // photo caption / credit line: in Text, not a paragraph
	kindMeta              // byline, date line, URL trailer: metadata only, not a paragraph
)

// block is one blank-line-separated block of a text or Markdown document.
type block struct {
	raw        string // the block's text (Markdown: markers of lists/quotes removed)
	start, end int    // plain text only: the block's byte span in the input
	kind       blockKind
	joinNext   bool // a paragraph split mid-sentence: continues in the next block
}

// docMeta is the metadata found in the blocks of a document.
type docMeta struct {
	title     string
	authors   []string
	published string
	url       string
}

const (
	headWindow = 8   // blocks looked at for title, byline and date
	tailWindow = 5   // blocks looked at for an "Original url:" trailer
	maxTitle   = 300 // longest title line, in bytes

	// maxMetaBlock is the longest block looked at as a title, byline or
	// date (in its raw form, with Markdown links): longer blocks are prose.
	maxMetaBlock = 1000
)

// analyze classifies captions, finds title, byline, date and URL trailer in
// the head and tail blocks, marks metadata blocks and hard-wrap splits.
// It costs O(1) per block beyond the head and tail windows.
func analyze(blocks []block, m *docMeta) {
	for i := range blocks {
		b := &blocks[i]
		if b.kind == kindPara && isCaption(b.raw) {
			b.kind = kindCaption
		}
	}
	// Head: title, then byline and date lines in any order, until prose.
	seen, metaSeen := 0, 0
	for i := 0; i < len(blocks) && seen < headWindow; i++ {
		b := &blocks[i]
		if b.kind == kindCaption || b.kind == kindCode {
			continue
		}
		seen++
		if len(b.raw) > maxMetaBlock {
			if b.kind == kindPara {
				break // a long block is prose: the head is over
			}
			continue
		}
		p := plainInline(b.raw)
		if names := parseByline(p); names != nil {
			if m.authors == nil {
				m.authors = names
			}
			b.kind = kindMeta
			metaSeen++
			if d, ok := dateInByline(p); ok && m.published == "" {
				m.published = d
			}
			continue
		}
		if d, ok := dateLine(p); ok {
			if m.published == "" {
				m.published = d
			}
			b.kind = kindMeta
			metaSeen++
			continue
		}
		// The title is the first block that is not byline or date.
		if tp := strings.TrimLeft(p, "# "); m.title == "" && seen == metaSeen+1 && isTitleLine(b, tp) {
			m.title = strings.Join(strings.Fields(tp), " ")
			b.kind = kindHeading
			continue
		}
		if b.kind == kindPara {
			break // prose: the head is over
		}
	}
	// Tail: a URL label ("Original url:") followed by the URL, on the same
	// line, the next line, or in the next block.
	first := max(0, len(blocks)-tailWindow)
	for i := len(blocks) - 1; i >= first; i-- {
		b := &blocks[i]
		line, rest, _ := strings.Cut(strings.TrimSpace(b.raw), "\n")
		after, ok := urlLabel(line)
		if !ok {
			continue
		}
		u := cleanURL(after)
		if u == "" {
			u = cleanURL(rest)
		}
		next := -1
		if u == "" && after == "" && rest == "" && i+1 < len(blocks) {
			next = i + 1
			u = cleanURL(blocks[next].raw)
		}
		if u == "" {
			continue
		}
		if m.url == "" {
			m.url = u
		}
		b.kind = kindMeta
		if next >= 0 {
			blocks[next].kind = kindMeta
		}
		break
	}
	// Hard-wrap splits: a prose block that stops mid-sentence (its last
	// word starts in lower case, no closing punctuation) and has at least
	// ten words, followed by a prose block, is one paragraph. This mends
	// scraped text where a paragraph was cut at a line break; it fails on
	// a long lower-case heading followed by text (rare in news).
	prev := -1
	for i := range blocks {
		if blocks[i].kind != kindPara {
			if blocks[i].kind != kindCaption {
				prev = -1
			}
			continue
		}
		if prev >= 0 && endsMidSentence(blocks[prev].raw) && startsProse(blocks[i].raw) {
			blocks[prev].joinNext = true
		}
		prev = i
	}
}

// isTitleLine: the first block is a title when it is a heading, or one or
// two short lines (headline and deck) starting with a capital, a digit or
// a quote mark.
func isTitleLine(b *block, plain string) bool {
	if b.kind == kindHeading {
		return true
	}
	if b.kind != kindPara || plain == "" || len(plain) > maxTitle || strings.Count(strings.TrimSpace(b.raw), "\n") > 1 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(plain)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '\''
}

// dateLine reads a line that is a date, or a short line whose
// '|'/'•'-separated parts begin with a date ("May 4, 2023 | Updated May 5").
func dateLine(p string) (string, bool) {
	if d, ok := normDate(p); ok {
		return d, true
	}
	if len(p) > 120 {
		return "", false
	}
	if i := strings.IndexAny(p, "|•·"); i > 0 {
		return normDate(p[:i])
	}
	return "", false
}

// dateInByline finds a date in "By A | May 4, 2023" style bylines.
func dateInByline(p string) (string, bool) {
	for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '|' || r == '•' || r == '·' || r == '\n' }) {
		if d, ok := normDate(part); ok {
			return d, true
		}
	}
	return "", false
}

func endsMidSentence(raw string) bool {
	t := strings.TrimRight(raw, " \t\r\n")
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	if !unicode.IsLower(r) && r != ',' {
		return false
	}
	i := strings.LastIndexAny(t, " \t\n")
	last := t[i+1:]
	lr, _ := utf8.DecodeRuneInString(last)
	if !unicode.IsLower(lr) {
		return false
	}
	return wordCountAtLeast(t, 10)
}

func startsProse(raw string) bool {
	t := strings.TrimLeft(raw, " \t\r\n")
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func wordCountAtLeast(s string, n int) bool {
	c, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n' || s[i] == '\t'
		if !sp && !in {
			c++
			if c >= n {
				return true
			}
		}
		in = !sp
	}
	return false
}
