// Package document turns the raw bytes of an article (plain text, Markdown or
// HTML) into a *crux.Source: its readable Text, the byte spans of its
// paragraphs and links in that Text, and the metadata found in it (title,
// authors, publication date, outlet, URL).
//
// The package does no I/O: callers pass bytes and get values back.
//
// Offsets. Every Span a Source carries counts bytes of Source.Text.
//   - ParseText keeps Text byte-identical to the input, so offsets into the
//     Text are offsets into the original file (brat standoff scoring of
//     PolNeAR .txt files depends on this).
//   - ParseMarkdown and ParseHTML produce a cleaned Text (markup removed);
//     their offsets refer to that cleaned Text, not to the original bytes.
//
// Parse picks the parser by file extension and, failing that, by sniffing.
// A .txt file that is really Markdown (it has Markdown links such as
// "[text](#)", images or bold credit lines, as scraped articles often do) is
// parsed as Markdown, and its Format is "markdown": offsets then refer to the
// cleaned Text. Callers that need byte-identical text call ParseText.
//
// Bad input: an empty input, an input over MaxSize, and invalid UTF-8 in
// plain text or Markdown are errors (the UTF-8 error names the byte offset,
// line and column; plain text cannot be repaired without breaking offsets,
// and Markdown follows the same rule so that both behave alike). HTML is
// decoded from its declared charset; bytes that are still invalid after that
// are replaced by U+FFFD, as browsers do.
package document

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// Format names what an original document was, as stored in Source.Format.
type Format string

// The formats.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
	HTML     Format = "html"
)

// MaxSize is the largest input the parsers accept, in bytes.
const MaxSize = 256 << 20

// ErrEmpty is returned (wrapped) for an input with no content.
var ErrEmpty = errors.New("empty document")

// ErrTooLarge is returned (wrapped) for an input over MaxSize.
var ErrTooLarge = errors.New("document too large")

// InvalidUTF8Error reports the first invalid UTF-8 byte of a text or
// Markdown input.
type InvalidUTF8Error struct {
	Offset int // byte offset of the first invalid byte
	Line   int // 1-based
	Column int // 1-based, in bytes
}

func (e *InvalidUTF8Error) Error() string {
	return fmt.Sprintf("invalid UTF-8 at byte offset %d (line %d, column %d)", e.Offset, e.Line, e.Column)
}

// Parse parses one document. The format is chosen by name's extension
// (.txt, .text → plain text or Markdown, see Detect; .md, .markdown →
// Markdown; .html, .htm, .xhtml → HTML) and otherwise by sniffing data.
// Errors are prefixed with name.
func Parse(name string, data []byte) (*crux.Source, error) {
	var (
		src *crux.Source
		err error
	)
	switch Detect(name, data) {
	case HTML:
		src, err = ParseHTML(data)
	case Markdown:
		src, err = ParseMarkdown(data)
	default:
		src, err = ParseText(data)
	}
	if err != nil {
		if name == "" {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return src, nil
}

// Detect tells which parser Parse uses for a file called name holding data.
// Known extensions decide, except that a .txt (or extension-less) file is
// sniffed: HTML if it starts like an HTML page, Markdown if it carries
// Markdown markup that a plain article would not (see looksMarkdown),
// plain text otherwise.
func Detect(name string, data []byte) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return Markdown
	case ".html", ".htm", ".xhtml", ".shtml":
		return HTML
	case ".txt", ".text":
		if looksMarkdown(data) {
			return Markdown
		}
		return Text
	}
	return Sniff(data)
}

// Sniff guesses a format from content alone.
func Sniff(data []byte) Format {
	if looksHTML(data) {
		return HTML
	}
	if looksMarkdown(data) {
		return Markdown
	}
	return Text
}

func looksHTML(data []byte) bool {
	head := data[:min(len(data), 512)]
	if strings.HasPrefix(http.DetectContentType(head), "text/html") {
		return true
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && t[0] == '<' {
		l := bytes.ToLower(t[:min(len(t), 64)])
		for _, p := range []string{"<?xml", "<article", "<div", "<p>", "<p ", "<section", "<main", "<meta"} {
			if bytes.HasPrefix(l, []byte(p)) {
				return true
			}
		}
	}
	return false
}

// looksMarkdown reports whether the first 64 KiB hold Markdown that a plain
// article would not contain: an inline link or image "[text](target)", a
// bold span "**text**" that is not an expletive ("f***"), or at least two
// ATX headings.
func looksMarkdown(data []byte) bool {
	d := data[:min(len(data), 64<<10)]
	headings := 0
	for len(d) > 0 {
		line := d
		if i := bytes.IndexByte(d, '\n'); i >= 0 {
			line, d = d[:i], d[i+1:]
		} else {
			d = nil
		}
		if len(line) > 1 && line[0] == '#' {
			t := bytes.TrimLeft(line, "#")
			if len(line)-len(t) <= 6 && len(t) > 0 && t[0] == ' ' {
				headings++
			}
		}
		if bytes.Contains(line, []byte("](")) {
			found := false
			scanLinks(string(line), 0, func(rawLink) bool { found = true; return false })
			if found {
				return true
			}
		}
		if i := bytes.Index(line, []byte("**")); i >= 0 && i+2 < len(line) && line[i+2] != ' ' && line[i+2] != '*' {
			if j := bytes.Index(line[i+2:], []byte("**")); j > 0 && line[i+2+j-1] != ' ' {
				return true
			}
		}
	}
	return headings >= 2
}

// checkInput applies the checks common to every parser.
func checkInput(data []byte) error {
	if len(data) > MaxSize {
		return fmt.Errorf("%w: %d bytes exceeds the limit of %d (MaxSize)", ErrTooLarge, len(data), MaxSize)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if len(data) == 0 {
			return fmt.Errorf("%w: no bytes", ErrEmpty)
		}
		return fmt.Errorf("%w: only whitespace (%d bytes)", ErrEmpty, len(data))
	}
	return nil
}

// checkUTF8 returns an *InvalidUTF8Error for the first invalid byte.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return &InvalidUTF8Error{Offset: off, Line: line, Column: col}
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
