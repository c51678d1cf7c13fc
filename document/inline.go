package document

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// This file renders Markdown inline markup to plain text: emphasis, code
// spans, links, images, autolinks, inline HTML tags, backslash escapes and
// character references. Every scan is bounded or cached so that rendering
// stays linear in the input even on hostile input ("[[[[…", "`a `a `a…").

const (
	maxDest      = 2048 // longest link destination looked for
	maxLinkTitle = 512  // longest link title looked for
	maxTag       = 512  // longest inline HTML tag looked for
	maxRef       = 32   // longest character reference ("&…;")
)

// rawLink is an inline link "[text](dest)" found in a string.
type rawLink struct {
	start, end         int // the whole construct, s[start:end]
	textStart, textEnd int // the anchor text
	dest               string
	image              bool
	ok                 bool
}

// linkScanner finds inline links; it caches the search for the next ']'
// and the destination parsed after it, so that runs of '[' cost O(1) each.
type linkScanner struct {
	s         string
	closeFrom int // the last search for ']' started here …
	closeAt   int // … and found it here (-1: none after closeFrom)
	destFor   int // the ']' whose destination was parsed last
	destOK    bool
	destStart int
	destEnd   int
	destClose int // index just past the final ')'
}

func newLinkScanner(s string) linkScanner {
	return linkScanner{s: s, closeFrom: -1, closeAt: -1, destFor: -1}
}

func (ls *linkScanner) nextClose(i int) int {
	if ls.closeFrom >= 0 && ls.closeFrom <= i && (ls.closeAt < 0 || ls.closeAt >= i) {
		return ls.closeAt
	}
	ls.closeFrom = i
	if k := strings.IndexByte(ls.s[i:], ']'); k >= 0 {
		ls.closeAt = i + k
	} else {
		ls.closeAt = -1
	}
	return ls.closeAt
}

// at parses an inline link whose '[' is at s[i].
func (ls *linkScanner) at(i int) (rawLink, bool) {
	s := ls.s
	c := ls.nextClose(i + 1)
	if c < 0 || c+1 >= len(s) || s[c+1] != '(' {
		return rawLink{}, false
	}
	if ls.destFor != c {
		ls.destFor = c
		ls.destOK, ls.destStart, ls.destEnd, ls.destClose = parseDest(s, c+2)
	}
	if !ls.destOK {
		return rawLink{}, false
	}
	return rawLink{start: i, end: ls.destClose, textStart: i + 1, textEnd: c,
		dest: s[ls.destStart:ls.destEnd], ok: true}, true
}

// parseDest parses "dest "title")" starting just after "(".
func parseDest(s string, k int) (ok bool, ds, de, end int) {
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k < len(s) && s[k] == '<' {
		ds = k + 1
		for k = ds; k < len(s) && k-ds < maxDest; k++ {
			if s[k] == '>' {
				break
			}
			if s[k] == '\n' || s[k] == '<' {
				return false, 0, 0, 0
			}
		}
		if k >= len(s) || s[k] != '>' {
			return false, 0, 0, 0
		}
		de = k
		k++
	} else {
		ds = k
		depth := 0
	scan:
		for ; k < len(s) && k-ds < maxDest; k++ {
			switch s[k] {
			case ' ', '\t', '\n', '[', ']', '<':
				break scan
			case '(':
				depth++
			case ')':
				if depth == 0 {
					break scan
				}
				depth--
			case '\\':
				if k+1 < len(s) && s[k+1] != '\n' {
					k++
				}
			}
		}
		de = k
	}
	for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n') {
		k++
	}
	if k < len(s) && (s[k] == '"' || s[k] == '\'' || s[k] == '(') && k > de {
		q := s[k]
		if q == '(' {
			q = ')'
		}
		t := k + 1
		for t < len(s) && t-k < maxLinkTitle && s[t] != q && s[t] != '[' && s[t] != ']' {
			t++
		}
		if t >= len(s) || s[t] != q {
			return false, 0, 0, 0
		}
		k = t + 1
		for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n') {
			k++
		}
	}
	if k >= len(s) || s[k] != ')' {
		return false, 0, 0, 0
	}
	return true, ds, de, k + 1
}

// scanLinks calls f with each inline link or image of s, offsets shifted
// by base, until f returns false.
func scanLinks(s string, base int, f func(rawLink) bool) {
	ls := newLinkScanner(s)
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '[')
		if k < 0 {
			return
		}
		i += k
		if i > 0 && s[i-1] == '\\' {
			i++
			continue
		}
		if l, ok := ls.at(i); ok {
			l.image = i > 0 && s[i-1] == '!'
			if l.image {
				l.start--
			}
			i = l.end
			l.start += base
			l.end += base
			l.textStart += base
			l.textEnd += base
			if !f(l) {
				return
			}
			continue
		}
		i++
	}
}

// special marks the bytes the inline renderer stops at.
var special = func() (t [256]bool) {
	for _, c := range "\\`![<&*_~\n" {
		t[c] = true
	}
	return
}()

// inliner appends rendered inline text to out and records links.
type inliner struct {
	out   []byte
	links []crux.Link
	refs  map[string]string // reference definitions, keys lower-cased
	marks []bool            // emphasis delimiters to drop, per byte of the block
	// code spans: failed[n] is true when no closing run of n backticks
	// exists after codeFrom[n].
	failed   [16]bool
	failFrom [16]int
}

// render appends the rendered form of the block s.
func (in *inliner) render(s string) {
	in.markDelims(s)
	for n := range in.failed {
		in.failed[n] = false
	}
	ls := newLinkScanner(s)
	in.renderRange(s, &ls, 0, len(s), true)
}

func (in *inliner) renderRange(s string, ls *linkScanner, i, hi int, allowLinks bool) {
	for i < hi {
		j := i
		for j < hi && !special[s[j]] {
			j++
		}
		in.out = append(in.out, s[i:j]...)
		if j >= hi {
			return
		}
		i = j
		switch c := s[i]; c {
		case '\n':
			in.out = append(in.out, ' ')
			i++
		case '*', '_', '~':
			if !in.marks[i] {
				in.out = append(in.out, c)
			}
			i++
		case '\\':
			if i+1 < hi && isASCIIPunct(s[i+1]) {
				in.out = append(in.out, s[i+1])
				i += 2
			} else if i+1 < hi && s[i+1] == '\n' {
				in.out = append(in.out, '\n')
				i += 2
			} else {
				in.out = append(in.out, '\\')
				i++
			}
		case '`':
			i = in.codeSpan(s, i, hi)
		case '!':
			if i+1 < hi && s[i+1] == '[' {
				if l, ok := ls.at(i + 1); ok && l.end <= hi {
					in.renderRange(s, ls, l.textStart, l.textEnd, false)
					i = l.end
					continue
				}
			}
			in.out = append(in.out, '!')
			i++
		case '[':
			i = in.bracket(s, ls, i, hi, allowLinks)
		case '<':
			i = in.angle(s, i, hi, allowLinks)
		case '&':
			i = in.entity(s, i, hi)
		}
	}
}

func (in *inliner) bracket(s string, ls *linkScanner, i, hi int, allowLinks bool) int {
	if allowLinks {
		if l, ok := ls.at(i); ok && l.end <= hi {
			in.link(s, ls, l.textStart, l.textEnd, l.dest)
			return l.end
		}
		if len(in.refs) > 0 {
			if c := ls.nextClose(i + 1); c >= 0 && c < hi {
				label := s[i+1 : c]
				end := c + 1
				if c+1 < hi && s[c+1] == '[' {
					if c2 := strings.IndexByte(s[c+2:hi], ']'); c2 >= 0 && c2 < 1000 {
						if l2 := s[c+2 : c+2+c2]; l2 != "" {
							label = l2
						}
						end = c + 2 + c2 + 1
					}
				}
				if dest, ok := in.refs[normLabel(label)]; ok {
					in.link(s, ls, i+1, c, dest)
					return end
				}
			}
		}
	}
	in.out = append(in.out, '[')
	return i + 1
}

// link renders an anchor text and records its span, trimmed of spaces.
func (in *inliner) link(s string, ls *linkScanner, ts, te int, dest string) {
	start := len(in.out)
	in.renderRange(s, ls, ts, te, false)
	end := len(in.out)
	for start < end && isSpaceByte(in.out[start]) {
		start++
	}
	for end > start && isSpaceByte(in.out[end-1]) {
		end--
	}
	if end > start {
		in.links = append(in.links, crux.Link{Span: crux.Span{Start: start, End: end}, URL: unescapeDest(dest)})
	}
}

func unescapeDest(d string) string {
	if strings.IndexByte(d, '\\') >= 0 {
		var b strings.Builder
		for i := 0; i < len(d); i++ {
			if d[i] == '\\' && i+1 < len(d) && isASCIIPunct(d[i+1]) {
				i++
			}
			b.WriteByte(d[i])
		}
		d = b.String()
	}
	if strings.IndexByte(d, '&') >= 0 {
		d = html.UnescapeString(d)
	}
	return d
}

func normLabel(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// codeSpan renders `code` verbatim; an unmatched run of backticks is text.
func (in *inliner) codeSpan(s string, i, hi int) int {
	j := i
	for j < hi && s[j] == '`' {
		j++
	}
	n := j - i
	if n < len(in.failed) && in.failed[n] && in.failFrom[n] <= j {
		in.out = append(in.out, s[i:j]...)
		return j
	}
	for k := j; k < hi; {
		m := strings.IndexByte(s[k:hi], '`')
		if m < 0 {
			break
		}
		k += m
		e := k
		for e < hi && s[e] == '`' {
			e++
		}
		if e-k == n {
			code := s[j:k]
			if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
				code = code[1 : len(code)-1]
			}
			for _, c := range []byte(code) {
				if c == '\n' {
					c = ' '
				}
				in.out = append(in.out, c)
			}
			return e
		}
		k = e
	}
	if n < len(in.failed) {
		in.failed[n], in.failFrom[n] = true, j
	}
	in.out = append(in.out, s[i:j]...)
	return j
}

// angle handles autolinks "<https://…>", "<user@host>" and inline HTML tags.
func (in *inliner) angle(s string, i, hi int, allowLinks bool) int {
	k := i + 1
	for k < hi && k-i < maxDest && s[k] != '>' && s[k] != '<' && s[k] != '\n' && s[k] != ' ' {
		k++
	}
	if k < hi && s[k] == '>' && k > i+1 {
		inner := s[i+1 : k]
		url := ""
		if isAbsURL(inner) {
			url = inner
		} else if at := strings.IndexByte(inner, '@'); at > 0 && at < len(inner)-1 && strings.IndexByte(inner[at:], '.') > 0 && !strings.ContainsAny(inner, "/=\"'") {
			url = "mailto:" + inner
		}
		if url != "" {
			start := len(in.out)
			in.out = append(in.out, inner...)
			if allowLinks {
				in.links = append(in.links, crux.Link{Span: crux.Span{Start: start, End: len(in.out)}, URL: url})
			}
			return k + 1
		}
	}
	// An inline HTML tag or comment: dropped.
	if i+1 < hi && (isASCIILetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!') {
		if e := strings.IndexByte(s[i+1:min(hi, i+1+maxTag)], '>'); e >= 0 && strings.IndexByte(s[i+1:i+1+e], '<') < 0 {
			tag := strings.ToLower(s[i+1 : i+1+e])
			if strings.HasPrefix(tag, "br") {
				in.out = append(in.out, ' ')
			}
			return i + 1 + e + 1
		}
	}
	in.out = append(in.out, '<')
	return i + 1
}

func isAbsURL(s string) bool {
	c := strings.IndexByte(s, ':')
	if c < 2 || c > 32 {
		return false
	}
	for j := 0; j < c; j++ {
		b := s[j]
		if !(isASCIILetter(b) || (j > 0 && (b >= '0' && b <= '9' || b == '+' || b == '.' || b == '-'))) {
			return false
		}
	}
	return true
}

// entity decodes a character reference such as "&amp;" or "&#8217;".
func (in *inliner) entity(s string, i, hi int) int {
	k := i + 1
	for k < hi && k-i <= maxRef && (isASCIILetter(s[k]) || s[k] >= '0' && s[k] <= '9' || s[k] == '#') {
		k++
	}
	if k < hi && s[k] == ';' && k > i+1 {
		if u := html.UnescapeString(s[i : k+1]); u != s[i:k+1] {
			in.out = append(in.out, u...)
			return k + 1
		}
	}
	in.out = append(in.out, '&')
	return i + 1
}

// markDelims decides which emphasis delimiter runs (*, _, ~~) of s are
// markup: a run that can close (CommonMark's flanking rules) pairs with the
// last open run of the same character; paired runs are dropped, unpaired
// ones ("f***", "5 * 3", "snake_case") stay as text. One stack per
// character keeps it linear.
func (in *inliner) markDelims(s string) {
	if cap(in.marks) < len(s) {
		in.marks = make([]bool, len(s))
	}
	in.marks = in.marks[:len(s)]
	clear(in.marks)
	var stacks [3][]int // start offsets of open runs of '*', '_', '~'
	var lens [3][]int
	for i := 0; i < len(s); {
		k := strings.IndexAny(s[i:], "*_~\\")
		if k < 0 {
			break
		}
		i += k
		c := s[i]
		if c == '\\' {
			i += 2
			continue
		}
		var which int
		switch c {
		case '*':
			which = 0
		case '_':
			which = 1
		case '~':
			which = 2
		default:
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == c {
			j++
		}
		n := j - i
		if c == '~' && n != 2 {
			i = j
			continue
		}
		prev, next := ' ', ' '
		if i > 0 {
			prev, _ = utf8.DecodeLastRuneInString(s[:i])
		}
		if j < len(s) {
			next, _ = utf8.DecodeRuneInString(s[j:])
		}
		left := !unicode.IsSpace(next) && (!isPunct(next) || unicode.IsSpace(prev) || isPunct(prev))
		right := !unicode.IsSpace(prev) && (!isPunct(prev) || unicode.IsSpace(next) || isPunct(next))
		canOpen, canClose := left, right
		if c == '_' {
			canOpen = left && (!right || isPunct(prev))
			canClose = right && (!left || isPunct(next))
		}
		if canClose && len(stacks[which]) > 0 {
			top := len(stacks[which]) - 1
			o, ol := stacks[which][top], lens[which][top]
			stacks[which], lens[which] = stacks[which][:top], lens[which][:top]
			for k := o; k < o+ol; k++ {
				in.marks[k] = true
			}
			for k := i; k < j; k++ {
				in.marks[k] = true
			}
		} else if canOpen {
			stacks[which] = append(stacks[which], i)
			lens[which] = append(lens[which], n)
		}
		i = j
	}
}

func isPunct(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIPunct(byte(r))
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// plainInline renders a short Markdown string to plain text (for metadata).
func plainInline(s string) string {
	var in inliner
	in.render(s)
	return strings.TrimSpace(string(in.out))
}
