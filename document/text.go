package document

import (
	"sort"
	"strings"

	"github.com/cruxlab/crux"
)

// ParseText parses a plain-text article. Source.Text is data unchanged
// (byte-identical), so every span is also a byte offset into the original.
//
// Paragraphs are the blank-line-separated blocks (a line holding only
// spaces, tabs, CR or NO-BREAK SPACE is blank), trimmed of surrounding
// whitespace. From the first blocks it takes a title (a first single short
// line), a byline ("By A and B", "By A, B and C"; Markdown links in it are
// read as their text) and a date line; from the last blocks an
// "Original url:" / "URL:" / "Source:" trailer with the URL on the same or
// the next line ("<https://…>" or bare). Byline, date and URL lines are
// metadata and not paragraphs; the title is the first paragraph. Photo
// caption lines (see isCaption) are not paragraphs either. A paragraph cut
// mid-sentence by a blank line (see analyze) is one span across the cut.
//
// Markdown-style inline links "[text](target)" and autolinks "<https://…>"
// in paragraphs are recorded as Links whose span is the anchor text inside
// the brackets; the Text keeps the markup.
func ParseText(data []byte) (*crux.Source, error) {
	if err := checkInput(data); err != nil {
		return nil, err
	}
	if err := checkUTF8(data); err != nil {
		return nil, err
	}
	text := string(data)
	blocks := splitBlocks(text)
	var m docMeta
	analyze(blocks, &m)

	src := &crux.Source{
		Format: string(Text),
		Digest: digest(data),
		Text:   text,
	}
	src.Paragraphs = make([]crux.Span, 0, len(blocks))
	open := false
	for _, b := range blocks {
		if b.kind == kindMeta || b.kind == kindCaption {
			continue
		}
		if open {
			src.Paragraphs[len(src.Paragraphs)-1].End = b.end
		} else {
			src.Paragraphs = append(src.Paragraphs, crux.Span{Start: b.start, End: b.end})
		}
		open = b.joinNext
		src.Links = appendTextLinks(src.Links, b)
	}
	fillMeta(src, &m)
	return src, nil
}

// splitBlocks splits text into blank-line-separated blocks, each trimmed.
func splitBlocks(text string) []block {
	var blocks []block
	start := -1 // start of the current block, -1 if none
	end := 0    // end of the last non-blank line of the current block
	for pos := 0; pos < len(text); {
		nl := strings.IndexByte(text[pos:], '\n')
		lineEnd := len(text)
		next := len(text)
		if nl >= 0 {
			lineEnd, next = pos+nl, pos+nl+1
		}
		line := text[pos:lineEnd]
		if isBlank(line) {
			if start >= 0 {
				blocks = append(blocks, block{raw: text[start:end], start: start, end: end})
				start = -1
			}
		} else {
			if start < 0 {
				start = pos + leadingSpace(line)
			}
			end = pos + len(trimRightSpace(line))
		}
		pos = next
	}
	if start >= 0 {
		blocks = append(blocks, block{raw: text[start:end], start: start, end: end})
	}
	return blocks
}

func isBlank(line string) bool {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case ' ', '\t', '\r', '\f', '\v':
		case 0xC2:
			if i+1 < len(line) && line[i+1] == 0xA0 {
				i++
				continue
			}
			return false
		default:
			return false
		}
	}
	return true
}

func leadingSpace(line string) int {
	i := 0
	for i < len(line) {
		if line[i] == ' ' || line[i] == '\t' {
			i++
		} else if line[i] == 0xC2 && i+1 < len(line) && line[i+1] == 0xA0 {
			i += 2
		} else {
			break
		}
	}
	return i
}

func trimRightSpace(line string) string {
	for len(line) > 0 {
		c := line[len(line)-1]
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			line = line[:len(line)-1]
		} else if c == 0xA0 && len(line) > 1 && line[len(line)-2] == 0xC2 {
			line = line[:len(line)-2]
		} else {
			break
		}
	}
	return line
}

// appendTextLinks records the inline links and autolinks of a plain-text block.
// Inline links and autolinks are found in two passes; the block's links are
// then put in text order and a link overlapping an earlier one (an autolink
// around "[x](y)", say) is dropped, so that spans never overlap.
func appendTextLinks(links []crux.Link, b block) []crux.Link {
	first := len(links)
	if strings.IndexByte(b.raw, '[') >= 0 && strings.Contains(b.raw, "](") {
		scanLinks(b.raw, b.start, func(l rawLink) bool {
			if !l.image && l.textEnd > l.textStart {
				links = append(links, crux.Link{Span: crux.Span{Start: l.textStart, End: l.textEnd}, URL: unescapeDest(l.dest)})
			}
			return true
		})
	}
	for i := 0; i < len(b.raw); {
		k := strings.IndexByte(b.raw[i:], '<')
		if k < 0 {
			break
		}
		i += k + 1
		e := i
		for e < len(b.raw) && e-i < maxDest && b.raw[e] > ' ' && b.raw[e] != '<' && b.raw[e] != '>' {
			e++
		}
		if e < len(b.raw) && b.raw[e] == '>' && isAbsURL(b.raw[i:e]) {
			links = append(links, crux.Link{Span: crux.Span{Start: b.start + i, End: b.start + e}, URL: b.raw[i:e]})
			i = e + 1
		}
	}
	own := links[first:]
	sort.SliceStable(own, func(i, j int) bool { return own[i].Start < own[j].Start })
	kept := own[:0]
	for _, l := range own {
		if len(kept) > 0 && l.Start < kept[len(kept)-1].End {
			continue
		}
		kept = append(kept, l)
	}
	return links[:first+len(kept)]
}

// fillMeta copies found metadata into src.
func fillMeta(src *crux.Source, m *docMeta) {
	src.Title = m.title
	src.Authors = m.authors
	src.Published = m.published
	src.URL = m.url
	if src.Outlet == "" && m.url != "" {
		src.Outlet = outletFromURL(m.url)
	}
}
