package document

import (
	"bytes"
	"net/url"
	"slices"
	"strings"

	"github.com/cruxlab/crux"
	"golang.org/x/net/html/atom"
)

// blockTags end a paragraph where they start and end.
var blockTags = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Caption: true, atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Hr: true,
	atom.Details: true, atom.Summary: true, atom.Center: true, atom.Body: true, atom.Header: true, atom.Footer: true}

var headingTags = map[atom.Atom]bool{atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true}

// linkListTags are containers dropped when they are mostly link text.
var linkListTags = map[atom.Atom]bool{atom.Ul: true, atom.Ol: true, atom.Div: true, atom.Section: true,
	atom.Table: true, atom.Dl: true}

// hblock is a rendered block of the body: its span in the render buffer.
type hblock struct {
	start, end int
	kind       blockKind
}

// renderer turns the body subtree into text, blocks and links.
type renderer struct {
	p        *htmlParser
	out      []byte
	blocks   []hblock
	links    []crux.Link
	inPara   bool
	space    bool // a space is pending
	kind     blockKind
	pre      int
	base     *url.URL
	firstH1  string
	firstDay string // first <time datetime> in the body
}

func (r *renderer) endPara() {
	if r.inPara {
		end := len(r.out)
		for end > 0 && isSpaceByte(r.out[end-1]) {
			end--
		}
		r.out = r.out[:end]
		st := r.blocks[len(r.blocks)-1].start
		if end > st {
			r.blocks[len(r.blocks)-1].end = end
		} else {
			r.blocks = r.blocks[:len(r.blocks)-1]
		}
	}
	r.inPara, r.space, r.kind = false, false, kindPara
}

func (r *renderer) beginPara() {
	if len(r.out) > 0 {
		r.out = append(r.out, '\n', '\n')
	}
	r.blocks = append(r.blocks, hblock{start: len(r.out), kind: r.kind})
	r.inPara = true
	r.space = false
}

// text appends text, collapsing white space outside <pre>.
func (r *renderer) text(s []byte) {
	if r.pre > 0 {
		if !r.inPara {
			s = bytes.TrimLeft(s, "\n")
			if len(s) == 0 {
				return
			}
			r.beginPara()
		}
		r.out = append(r.out, s...)
		return
	}
	for i := 0; i < len(s); {
		if w := htmlSpace(s, i); w > 0 {
			r.space = r.inPara
			i += w
			continue
		}
		if !r.inPara {
			r.beginPara()
		} else if r.space {
			r.out = append(r.out, ' ')
		}
		r.space = false
		j := i + 1
		for j < len(s) && htmlSpace(s, j) == 0 {
			j++
		}
		r.out = append(r.out, s[i:j]...)
		i = j
	}
}

// htmlSpace returns the length of the white space at s[i] (0 if none).
// NO-BREAK SPACE (&nbsp;) counts as white space and becomes a plain space:
// on web pages it is layout, and downstream matchers expect plain spaces.
func htmlSpace(s []byte, i int) int {
	switch s[i] {
	case ' ', '\n', '\t', '\r', '\f':
		return 1
	case 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return 2
		}
	}
	return 0
}

// walk renders node n's subtree; depth is bounded by maxDepth.
func (r *renderer) walk(id int32, isRoot bool) {
	n := &r.p.nodes[id]
	if n.flags&fText != 0 {
		r.text(r.p.arena[n.ts:n.te])
		return
	}
	if !isRoot {
		if n.flags&fSkip != 0 {
			if n.a == atom.Time || n.attr().itemprop == "datepublished" {
				r.noteTime(n)
			}
			return
		}
		if linkListTags[n.a] && n.tlen > 0 && 10*n.llen > 6*n.tlen {
			return // a related-links list
		}
	}
	switch n.a {
	case atom.Br:
		// One <br> is a line break; two in a row (old pages' paragraphs)
		// end the paragraph.
		if r.inPara {
			if n := len(r.out); n > 0 && r.out[n-1] == '\n' {
				r.out = r.out[:n-1]
				r.endPara()
			} else {
				r.out = append(r.out, '\n')
			}
			r.space = false
		}
		return
	case atom.Img:
		return
	case atom.Time:
		r.noteTime(n)
	}
	block := blockTags[n.a]
	if block {
		r.endPara()
		switch {
		case headingTags[n.a]:
			r.kind = kindHeading
		case n.a == atom.Figcaption:
			r.kind = kindCaption
		}
	}
	if n.a == atom.Pre {
		r.pre++
	}
	linkStart := -1
	if n.a == atom.A && n.attr().href != "" {
		if r.space && r.inPara {
			r.out = append(r.out, ' ')
			r.space = false
		}
		linkStart = len(r.out)
	}
	kind := r.kind
	for c := n.first; c >= 0; c = r.p.nodes[c].next {
		r.walk(c, false)
		if block && !r.inPara {
			r.kind = kind // keep the heading/caption kind for text after inner blocks
		}
	}
	if linkStart >= 0 {
		r.link(linkStart, n.attr().href)
	}
	if n.a == atom.Pre {
		r.pre--
	}
	if block {
		if n.a == atom.H1 && r.firstH1 == "" && r.inPara {
			r.firstH1 = string(r.out[r.blocks[len(r.blocks)-1].start:])
		}
		r.endPara()
	}
}

func (r *renderer) noteTime(n *hnode) {
	if r.firstDay == "" && n.attr().datetime != "" {
		if d, ok := normDate(n.attr().datetime); ok {
			r.firstDay = d
		}
	}
}

func (r *renderer) link(start int, href string) {
	end := len(r.out)
	for start < end && isSpaceByte(r.out[start]) {
		start++
	}
	for end > start && isSpaceByte(r.out[end-1]) {
		end--
	}
	if end <= start {
		return
	}
	low := strings.ToLower(href)
	if strings.HasPrefix(low, "javascript:") || strings.HasPrefix(low, "data:") {
		return
	}
	if r.base != nil && !strings.HasPrefix(href, "#") {
		if u, err := url.Parse(href); err == nil {
			href = r.base.ResolveReference(u).String()
		}
	}
	r.links = append(r.links, crux.Link{Span: crux.Span{Start: start, End: end}, URL: href})
}

// source renders the chosen body and assembles the Source.
func (p *htmlParser) source() *crux.Source {
	src := &crux.Source{}
	src.URL = firstNonEmpty(cleanURL(p.canonical), cleanURL(p.ogURL), cleanURL(p.ldURL))
	r := &renderer{p: p, out: make([]byte, 0, 1024)}
	if src.URL != "" {
		r.base, _ = url.Parse(src.URL)
	}
	root := p.root()
	r.walk(root, true)
	r.endPara()
	if r.firstDay == "" {
		for i := range p.nodes {
			if n := &p.nodes[i]; (n.a == atom.Time || n.attr().itemprop == "datepublished") && n.attr().datetime != "" {
				r.noteTime(n)
				break
			}
		}
	}

	if r.firstH1 == "" { // the headline may sit in a skipped <header>
		for i := range p.nodes {
			if p.nodes[i].a == atom.H1 {
				r.firstH1 = p.subtreeText(int32(i), maxTitle)
				break
			}
		}
	}

	// Head/tail rules on the rendered blocks: byline, date lines, captions.
	blocks := make([]block, len(r.blocks))
	for i, b := range r.blocks {
		blocks[i] = block{raw: string(r.out[b.start:b.end]), kind: b.kind}
	}
	var m docMeta
	m.title = "-" // the title comes from the page's metadata, not from the first block
	analyze(blocks, &m)

	src.Outlet = firstNonEmpty(p.siteName, p.ldPublisher)
	pageTitle, suffix := cleanTitle(p.title, firstNonEmpty(src.Outlet, outletFromURL(src.URL)))
	if h1 := strings.Join(strings.Fields(r.firstH1), " "); h1 != "" && pageTitle != h1 && strings.HasPrefix(pageTitle, h1) {
		pageTitle, suffix = h1, strings.Trim(pageTitle[len(h1):], " |-–—:·")
	}
	src.Outlet = firstNonEmpty(src.Outlet, outletFromURL(src.URL), suffix)
	title := firstNonEmpty(p.ogTitle, p.ldTitle, pageTitle, r.firstH1)
	src.Title = strings.Join(strings.Fields(title), " ")
	src.Authors = authorNames(p.ldAuthors)
	if src.Authors == nil {
		src.Authors = authorNames(p.metaAuthors)
	}
	if src.Authors == nil {
		src.Authors = p.bylineElement()
	}
	if src.Authors == nil {
		src.Authors = m.authors
	}
	src.Authors = dropOutlet(src.Authors, src.Outlet)
	src.Published = firstNonEmpty(p.ldDate, p.metaDate, r.firstDay, m.published)
	if src.URL == "" {
		src.URL = m.url
		if src.Outlet == "" {
			src.Outlet = outletFromURL(m.url)
		}
	}

	// Assemble Text: the title, then the kept blocks.
	out := make([]byte, 0, len(r.out)+len(src.Title)+2)
	if src.Title != "" {
		out = append(out, src.Title...)
		src.Paragraphs = append(src.Paragraphs, crux.Span{Start: 0, End: len(out)})
	}
	li := 0
	for i, b := range r.blocks {
		k := blocks[i].kind
		if k == kindMeta {
			continue
		}
		if i == 0 || len(src.Paragraphs) == 1 && len(out) == len(src.Title) {
			if strings.Join(strings.Fields(blocks[i].raw), " ") == src.Title && src.Title != "" {
				continue // the headline again
			}
		}
		for li < len(r.links) && r.links[li].Start < b.start {
			li++
		}
		if len(out) > 0 {
			out = append(out, '\n', '\n')
		}
		shift := len(out) - b.start
		out = append(out, r.out[b.start:b.end]...)
		for ; li < len(r.links) && r.links[li].Start < b.end; li++ {
			if l := r.links[li]; l.End <= b.end {
				l.Start += shift
				l.End += shift
				src.Links = append(src.Links, l)
			}
		}
		if k != kindCaption {
			src.Paragraphs = append(src.Paragraphs, crux.Span{Start: b.start + shift, End: b.end + shift})
		}
	}
	src.Text = string(out)
	// Links are recorded when their element ends; nested or flattened
	// anchors can leave them out of order.
	slices.SortStableFunc(src.Links, func(a, b crux.Link) int { return a.Start - b.Start })
	return src
}

// bylineElement reads authors from elements marked as bylines: first a
// class/id "byline"/"author" element whose text is a "By …" line, then
// every itemprop=author or rel=author element, then a class/id byline
// element holding only names.
func (p *htmlParser) bylineElement() []string {
	var marked []string
	for i := range p.nodes {
		n := &p.nodes[i]
		if n.flags&fByline == 0 || n.flags&fText != 0 {
			continue
		}
		t := p.subtreeText(int32(i), 300)
		if names := parseByline(t); names != nil {
			return names
		}
		marked = append(marked, t)
	}
	var vals []string
	for i := range p.nodes {
		n := &p.nodes[i]
		if n.flags&fText == 0 && (n.attr().itemprop == "author" || strings.Contains(" "+n.attr().rel+" ", " author ")) {
			if t := p.subtreeText(int32(i), 300); splitNames(t) != nil {
				vals = append(vals, t)
			}
		}
	}
	if len(vals) > 0 {
		return authorNames(vals)
	}
	for _, t := range marked {
		if names := splitNames(t); names != nil {
			return names
		}
	}
	return nil
}

// subtreeText gathers up to limit bytes of the text under n.
func (p *htmlParser) subtreeText(id int32, limit int) string {
	var b strings.Builder
	var walk func(int32, int)
	walk = func(id int32, depth int) {
		if b.Len() > limit || depth > 32 {
			return
		}
		n := &p.nodes[id]
		if n.flags&fText != 0 {
			b.Write(p.arena[n.ts:n.te])
			b.WriteByte(' ')
			return
		}
		for c := n.first; c >= 0; c = p.nodes[c].next {
			walk(c, depth+1)
		}
	}
	walk(id, 0)
	return strings.Join(strings.Fields(b.String()), " ")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// dropOutlet removes the outlet's own name from a list of authors
// ("By Jonas Berg, Valley Post").
func dropOutlet(names []string, outlet string) []string {
	if outlet == "" || len(names) < 2 {
		return names
	}
	out := names[:0:0]
	for _, n := range names {
		if !strings.EqualFold(n, outlet) {
			out = append(out, n)
		}
	}
	return out
}
