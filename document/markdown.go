package document

import (
	"fmt"
	"strings"

	"github.com/cruxlab/crux"
)

// ParseMarkdown parses a Markdown article (CommonMark-like, plus the
// "Markdown-like" text that scrapers write). Source.Text is the readable
// text with the markup removed, and every span refers to that cleaned Text,
// not to the input bytes.
//
// Blocks: ATX and setext headings become their own paragraphs; list items
// and table rows are one paragraph each (markers removed); blockquote
// markers are removed; fenced code keeps its content verbatim as one
// paragraph; thematic breaks, HTML comments and link reference definitions
// are dropped. A YAML front matter block ("---" … "---") gives title,
// author(s), date and url. Inline: emphasis delimiters, code spans,
// inline HTML tags and backslash escapes are removed, character references
// decoded; links "[text](url)", reference links and autolinks become their
// text and are recorded in Links; images become their alt text.
//
// Then the same head/tail rules as ParseText apply (title, byline, date,
// "Original url:" trailer; these metadata lines are left out of Text except
// the title, which is the first paragraph). Photo-caption blocks (see
// isCaption) and blocks that start with an image are kept in Text, each as
// its own block, but are not Paragraphs. Blocks are separated by "\n\n" in
// Text; a paragraph split mid-sentence by a blank line is joined with a
// space. Soft line breaks inside a paragraph become spaces. A document with
// no text left once the markup is removed is an ErrEmpty error.
func ParseMarkdown(data []byte) (*crux.Source, error) {
	if err := checkInput(data); err != nil {
		return nil, err
	}
	if err := checkUTF8(data); err != nil {
		return nil, err
	}
	s := string(data)
	var m docMeta
	s = frontMatter(s, &m)
	frontTitle := m.title
	blocks, refs := mdBlocks(s)
	analyze(blocks, &m)

	src := &crux.Source{Format: string(Markdown), Digest: digest(data)}
	in := inliner{refs: refs, out: make([]byte, 0, len(s))}
	src.Paragraphs = make([]crux.Span, 0, len(blocks)+1)
	if frontTitle != "" && (len(blocks) == 0 || plainInline(blocks[0].raw) != frontTitle) {
		// A title from front matter opens the Text, as a heading would.
		in.out = append(in.out, strings.Join(strings.Fields(frontTitle), " ")...)
		src.Paragraphs = append(src.Paragraphs, crux.Span{Start: 0, End: len(in.out)})
	}
	joining := false
	for _, b := range blocks {
		if b.kind == kindMeta {
			continue
		}
		mark := len(in.out)
		nlinks := len(in.links)
		sep := "\n\n"
		if joining {
			sep = " "
		}
		if mark > 0 {
			in.out = append(in.out, sep...)
		}
		start := len(in.out)
		if b.kind == kindCode {
			in.out = append(in.out, b.raw...)
		} else {
			in.render(b.raw)
		}
		start, end := trimRendered(&in, start, nlinks)
		if end == start { // rendered to nothing (an HTML-only line)
			in.out = in.out[:mark]
			in.links = in.links[:nlinks]
			continue
		}
		if b.kind == kindCaption {
			joining = false
			continue
		}
		if joining && len(src.Paragraphs) > 0 {
			src.Paragraphs[len(src.Paragraphs)-1].End = end
		} else {
			src.Paragraphs = append(src.Paragraphs, crux.Span{Start: start, End: end})
		}
		joining = b.joinNext
	}
	if len(in.out) == 0 {
		return nil, fmt.Errorf("%w: no readable text once the markup is removed", ErrEmpty)
	}
	src.Text = string(in.out)
	src.Links = in.links
	fillMeta(src, &m)
	return src, nil
}

// trimRendered trims white space around the block rendered at out[start:],
// shifting the links recorded since nlinks; it returns the block's span.
func trimRendered(in *inliner, start, nlinks int) (int, int) {
	end := len(in.out)
	for end > start && isSpaceByte(in.out[end-1]) {
		end--
	}
	in.out = in.out[:end]
	lead := 0
	for start+lead < end && isSpaceByte(in.out[start+lead]) {
		lead++
	}
	if lead > 0 {
		copy(in.out[start:], in.out[start+lead:])
		in.out = in.out[:end-lead]
		end -= lead
		for k := nlinks; k < len(in.links); k++ {
			in.links[k].Start -= lead
			in.links[k].End -= lead
		}
	}
	return start, end
}

// frontMatter reads a leading YAML front matter block's simple keys and
// returns the rest of the document.
func frontMatter(s string, m *docMeta) string {
	t := strings.TrimPrefix(s, "\ufeff")
	if !strings.HasPrefix(t, "---\n") && !strings.HasPrefix(t, "---\r\n") {
		return s
	}
	body := t[strings.IndexByte(t, '\n')+1:]
	end := -1
	for _, closer := range []string{"\n---\n", "\n---\r\n", "\n...\n", "\n---"} {
		if i := strings.Index(body[:min(len(body), 16<<10)], closer); i >= 0 && (closer != "\n---" || i+len(closer) == len(body)) {
			end = i
			body, t = body[:i], body[min(len(body), i+len(closer)):]
			break
		}
	}
	if end < 0 {
		return s
	}
	var list *[]string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimRight(line, "\r ")
		if strings.HasPrefix(strings.TrimSpace(line), "- ") && list != nil {
			*list = append(*list, unquote(strings.TrimSpace(line)[2:]))
			continue
		}
		list = nil
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = unquote(strings.TrimSpace(v))
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "title", "headline":
			m.title = v
		case "author", "authors", "byline":
			if v == "" {
				list = &m.authors
			} else if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
				for _, a := range strings.Split(v[1:len(v)-1], ",") {
					m.authors = append(m.authors, unquote(strings.TrimSpace(a)))
				}
			} else {
				m.authors = append(m.authors, v)
			}
		case "date", "published", "datepublished", "published_at", "pubdate":
			if d, ok := normDate(v); ok {
				m.published = d
			}
		case "url", "canonical", "canonical_url", "link", "source":
			if u := cleanURL(v); u != "" {
				m.url = u
			}
		}
	}
	if len(m.authors) > 0 {
		m.authors = authorNames(m.authors)
	}
	return t
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

// mdBlocks splits Markdown into blocks and collects link reference
// definitions. It is one pass over the lines.
func mdBlocks(s string) ([]block, map[string]string) {
	var (
		blocks     []block
		refs       map[string]string
		para       []string
		paraQuoted bool
		paraKind   = kindPara
		fence      string // the opening fence while inside fenced code
		code       []string
		inComment  bool
	)
	flush := func() {
		if len(para) > 0 {
			raw := strings.Join(para, "\n")
			kind := paraKind
			if kind == kindPara && strings.HasPrefix(raw, "![") {
				kind = kindCaption
			}
			blocks = append(blocks, block{raw: raw, kind: kind})
		}
		para, paraKind = para[:0], kindPara
	}
	for pos := 0; pos < len(s); {
		nl := strings.IndexByte(s[pos:], '\n')
		var line string
		if nl < 0 {
			line, pos = s[pos:], len(s)
		} else {
			line, pos = s[pos:pos+nl], pos+nl+1
		}
		line = strings.TrimRight(line, "\r")
		if fence != "" {
			if t := strings.TrimLeft(line, " "); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]+" \t") == "" {
				blocks = append(blocks, block{raw: strings.Join(code, "\n"), kind: kindCode})
				fence, code = "", code[:0]
			} else {
				code = append(code, line)
			}
			continue
		}
		if inComment {
			if strings.Contains(line, "-->") {
				inComment = false
			}
			continue
		}
		t := strings.TrimLeft(line, " \t")
		quoted := false
		for strings.HasPrefix(t, ">") {
			t = strings.TrimLeft(t[1:], " \t")
			quoted = true
		}
		if isBlank(t) {
			flush()
			continue
		}
		if strings.HasPrefix(t, "<!--") {
			flush()
			if !strings.Contains(t, "-->") {
				inComment = true
			}
			continue
		}
		if f := fenceOpen(t); f != "" {
			flush()
			fence = f
			continue
		}
		if h, ok := atxHeading(t); ok {
			flush()
			if h != "" {
				blocks = append(blocks, block{raw: h, kind: kindHeading})
			}
			continue
		}
		if c, ok := ruleLine(t); ok {
			if (c == '=' || c == '-') && len(para) > 0 && paraKind == kindPara {
				paraKind = kindHeading // setext heading underline
				flush()
				continue
			}
			if c != '=' {
				flush()
				continue
			}
		}
		if len(para) == 0 && t[0] == '[' {
			if label, dest, ok := refDef(t); ok {
				if refs == nil {
					refs = map[string]string{}
				}
				if _, dup := refs[label]; !dup {
					refs[label] = dest
				}
				continue
			}
		}
		if item, ok := listItem(t); ok {
			flush()
			para = append(para, item)
			paraQuoted = quoted
			continue
		}
		if t[0] == '|' {
			flush()
			if row := tableRow(t); row != "" {
				blocks = append(blocks, block{raw: row})
			}
			continue
		}
		if len(para) > 0 && quoted != paraQuoted {
			flush()
		}
		if len(para) == 0 {
			paraQuoted = quoted
		}
		para = append(para, strings.TrimRight(t, " \t"))
	}
	if fence != "" && len(code) > 0 { // unclosed fence: code to the end
		blocks = append(blocks, block{raw: strings.Join(code, "\n"), kind: kindCode})
	}
	flush()
	return blocks, refs
}

func fenceOpen(t string) string {
	if len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 || (t[0] == '`' && strings.IndexByte(t[n:], '`') >= 0) {
		return ""
	}
	return t[:n]
}

func atxHeading(t string) (string, bool) {
	n := 0
	for n < len(t) && n < 7 && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(t) && t[n] != ' ' && t[n] != '\t') {
		return "", false
	}
	h := strings.TrimSpace(t[n:])
	// A closing sequence of #s preceded by a space is dropped.
	if e := strings.TrimRight(h, "#"); e != h && (e == "" || strings.HasSuffix(e, " ") || strings.HasSuffix(e, "\t")) {
		h = strings.TrimSpace(e)
	}
	return h, true
}

// ruleLine reports a line of three or more '-', '*', '_' or '=' (spaces
// allowed between; '=' only without spaces), returning the character.
func ruleLine(t string) (byte, bool) {
	c := t[0]
	if c != '-' && c != '*' && c != '_' && c != '=' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			n++
		case ' ', '\t':
			if c == '=' {
				if strings.TrimSpace(t[i:]) != "" {
					return 0, false
				}
			}
		default:
			return 0, false
		}
	}
	if n < 3 && !(c == '=' || c == '-') {
		return 0, false
	}
	return c, true
}

func refDef(t string) (label, dest string, ok bool) {
	e := strings.Index(t, "]:")
	if e <= 1 || e > 1000 || strings.IndexByte(t[1:e], ']') >= 0 {
		return "", "", false
	}
	f := strings.Fields(t[e+2:])
	if len(f) == 0 {
		return "", "", false
	}
	return normLabel(t[1:e]), strings.Trim(f[0], "<>"), true
}

func listItem(t string) (string, bool) {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t') {
		return strings.TrimSpace(t[2:]), true
	}
	n := 0
	for n < len(t) && n < 10 && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	if n > 0 && n <= 9 && n+1 < len(t) && (t[n] == '.' || t[n] == ')') && (t[n+1] == ' ' || t[n+1] == '\t') {
		return strings.TrimSpace(t[n+2:]), true
	}
	return "", false
}

// tableRow renders "| a | b |" as "a | b"; a delimiter row gives "".
func tableRow(t string) string {
	if strings.Trim(t, "|-: \t") == "" {
		return ""
	}
	var cells []string
	for _, c := range strings.Split(strings.Trim(strings.TrimSpace(t), "|"), "|") {
		if c = strings.TrimSpace(c); c != "" {
			cells = append(cells, c)
		}
	}
	return strings.Join(cells, " | ")
}
