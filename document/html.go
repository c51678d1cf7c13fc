package document

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cruxlab/crux"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// HTML limits: they keep the work linear on hostile pages.
const (
	maxDepth      = 256     // deeper elements are attached to the element at this depth
	maxEndSearch  = 64      // open elements an end tag looks through for its match
	maxJSONLD     = 1 << 20 // largest JSON-LD script decoded
	maxJSONLDWalk = 2000    // JSON-LD values visited per script
)

// ParseHTML parses an HTML page into a Source whose Text is the article's
// readable text (paragraphs separated by "\n\n", the title first); spans
// refer to that Text.
//
// Charset: a byte-order mark or a charset declared in a <meta> tag (or an
// XML declaration) in the first 1024 bytes is honoured, and the page is
// converted to UTF-8 with golang.org/x/net/html/charset (windows-1251,
// ISO-8859-x, KOI8-R, Shift_JIS, GB18030, …); an unknown or unsupported
// declared charset is an error. Undeclared pages are read as UTF-8. Bytes
// still invalid after that are replaced by U+FFFD.
//
// The page is tokenized with golang.org/x/net/html and a light element tree
// is built (implied end tags for p, li, dt/dd, tr/td, option; nesting beyond
// maxDepth is flattened), which keeps the cost linear on broken or deeply
// nested markup.
//
// The article body is, in order of preference: the element with
// itemprop="articleBody"; the <article> with the most text (if it has at
// least 140 bytes of it); <main> or role="main"; else the densest block:
// every <p> (or <pre>, <blockquote>) with at least 25 bytes of text, of
// which less than half is link text, adds its text length to its parent's
// score and half of it to its grandparent's; the highest score wins; else
// <body>. Inside the body, boilerplate is dropped: nav, header, footer,
// aside, form, button, script, style, noscript, template, iframe, svg and
// similar; hidden elements (hidden, aria-hidden="true", display:none); roles
// navigation, banner, contentinfo, complementary, search, dialog; elements
// whose class or id has a word such as share, social, related, newsletter,
// promo, advert, cookie, comments, breadcrumb, sidebar, menu, byline; and
// lists, divs and tables whose text is mostly link text (related links).
// Figure captions are kept in Text but are not paragraphs. White space is
// collapsed outside <pre>, and NO-BREAK SPACE (&nbsp;) becomes a plain
// space. A page with no readable text left is an ErrEmpty error.
//
// Metadata: title from og:title, JSON-LD headline, <title> (without a
// trailing " | Site") or the first <h1>; authors from JSON-LD, <meta
// name=author>, article:author, byline elements (rel/itemprop/class
// author or byline) or a "By …" line; date from JSON-LD datePublished,
// article:published_time and similar <meta> tags, or the first
// <time datetime>; outlet from og:site_name, JSON-LD publisher, else the
// URL's host; URL from <link rel=canonical>, og:url or JSON-LD url.
// Relative link targets are resolved against that URL.
func ParseHTML(data []byte) (*crux.Source, error) {
	if err := checkInput(data); err != nil {
		return nil, err
	}
	utf, err := toUTF8(data)
	if err != nil {
		return nil, err
	}
	p := newHTMLParser(utf)
	p.build()
	src := p.source()
	if src.Text == "" {
		return nil, fmt.Errorf("%w: the page has no readable text", ErrEmpty)
	}
	src.Format = string(HTML)
	src.Digest = digest(data)
	return src, nil
}

// toUTF8 converts a page to UTF-8 according to its BOM or declared charset.
func toUTF8(data []byte) ([]byte, error) {
	head := data[:min(len(data), 1024)]
	label := declaredCharset(head)
	enc, name, certain := charset.DetermineEncoding(head, "")
	if !certain { // no BOM: only a declaration counts
		if label == "" {
			name = "utf-8"
		} else {
			enc, name = charset.Lookup(label)
			if enc == nil {
				return nil, fmt.Errorf("unsupported charset %q declared in the page", label)
			}
			if strings.HasPrefix(name, "utf-16") { // a <meta> cannot declare UTF-16 (HTML spec)
				name = "utf-8"
			}
			if name == "replacement" {
				return nil, fmt.Errorf("charset %q declared in the page cannot be decoded safely", label)
			}
		}
	}
	if name != "utf-8" {
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("decoding the page from %s: %v", name, err)
		}
		data = out
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return data, nil
}

// declaredCharset finds charset=… inside a <meta> tag or encoding="…" in an
// XML declaration of the page's first bytes.
func declaredCharset(head []byte) string {
	low := bytes.ToLower(head)
	if bytes.HasPrefix(low, []byte("<?xml")) {
		if e := bytes.IndexByte(low, '>'); e > 0 {
			if i := bytes.Index(low[:e], []byte("encoding=")); i >= 0 {
				return attrValue(low[i+len("encoding="):])
			}
		}
	}
	for off := 0; ; {
		i := bytes.Index(low[off:], []byte("<meta"))
		if i < 0 {
			return ""
		}
		off += i + 5
		e := bytes.IndexByte(low[off:], '>')
		if e < 0 {
			return ""
		}
		tag := low[off : off+e]
		if j := bytes.Index(tag, []byte("charset")); j >= 0 {
			rest := bytes.TrimLeft(tag[j+len("charset"):], " \t\r\n")
			if len(rest) > 0 && rest[0] == '=' {
				return attrValue(bytes.TrimLeft(rest[1:], " \t\r\n"))
			}
		}
		off += e
	}
}

func attrValue(b []byte) string {
	if len(b) > 0 && (b[0] == '"' || b[0] == '\'') {
		b = b[1:]
	}
	end := 0
	for end < len(b) && b[end] != '"' && b[end] != '\'' && b[end] != ' ' && b[end] != ';' && b[end] != '>' && b[end] != '/' && b[end] != '?' {
		end++
	}
	return string(b[:end])
}

// node flags
const (
	fText   uint8 = 1 << iota // a text node
	fSkip                     // boilerplate or hidden: dropped with its subtree
	fInLink                   // a text node inside <a>
	fByline                   // class or id says byline or author
)

type hnode struct {
	a                   atom.Atom
	flags               uint8
	parent, first, last int32
	next                int32
	tlen, llen          int32      // text and link-text bytes of the subtree, boilerplate excluded
	ts, te              int32      // text nodes: the text is arena[ts:te]
	x                   *nodeAttrs // nil for most elements
}

// nodeAttrs holds the attributes the extractor reads; kept out of hnode so
// that the node slice stays small.
type nodeAttrs struct {
	name                 string // tag name when a == 0 (custom elements)
	href, itemprop, role string
	datetime, rel        string
}

var noAttrs nodeAttrs

func (n *hnode) attr() *nodeAttrs {
	if n.x == nil {
		return &noAttrs
	}
	return n.x
}

type htmlParser struct {
	z     *html.Tokenizer
	nodes []hnode
	arena []byte // the text of all text nodes, one after the other
	body  int32

	// metadata from <head>, JSON-LD and meta tags
	title, ogTitle, ldTitle string
	siteName, ldPublisher   string
	canonical, ogURL, ldURL string
	metaDate, ldDate        string
	metaAuthors, ldAuthors  []string
}

func newHTMLParser(data []byte) *htmlParser {
	p := &htmlParser{z: html.NewTokenizer(bytes.NewReader(data))}
	p.nodes = make([]hnode, 1, 64+len(data)/24)
	p.arena = make([]byte, 0, len(data)/2)
	p.nodes[0] = hnode{a: atom.Html, parent: -1, first: -1, last: -1, next: -1}
	return p
}

func (p *htmlParser) add(parent int32, n hnode) int32 {
	n.parent, n.first, n.last, n.next = parent, -1, -1, -1
	id := int32(len(p.nodes))
	p.nodes = append(p.nodes, n)
	pp := &p.nodes[parent]
	if pp.last >= 0 {
		p.nodes[pp.last].next = id
	} else {
		pp.first = id
	}
	pp.last = id
	return id
}

var voidElements = map[atom.Atom]bool{atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true,
	atom.Embed: true, atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true}

// skipTags are boilerplate or non-text elements, dropped with their content.
var skipTags = map[atom.Atom]bool{atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Form: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Object: true, atom.Embed: true,
	atom.Dialog: true, atom.Menu: true, atom.Head: true, atom.Audio: true, atom.Video: true, atom.Picture: true}

var skipRoles = map[string]bool{"navigation": true, "banner": true, "contentinfo": true,
	"complementary": true, "search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true}

// boilerWords in a class or id mark boilerplate containers.
var boilerWords = map[string]bool{"share": true, "sharing": true, "social": true, "related": true,
	"newsletter": true, "subscribe": true, "subscription": true, "promo": true, "advert": true,
	"advertisement": true, "ad": true, "ads": true, "sponsor": true, "sponsored": true, "cookie": true,
	"cookies": true, "comment": true, "comments": true, "breadcrumb": true, "breadcrumbs": true,
	"sidebar": true, "menu": true, "nav": true, "navbar": true, "navigation": true, "footer": true,
	"masthead": true, "popup": true, "modal": true, "paywall": true, "recirculation": true,
	"recommended": true, "toolbar": true, "signup": true, "byline": true, "author": true,
	"dateline": true, "timestamp": true, "tags": true, "outbrain": true, "taboola": true,
	"hidden": true, "skip": true, "widget": true}

// rawText elements whose content the tokenizer returns unparsed.
var rawText = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Title: true,
	atom.Textarea: true, atom.Noscript: true, atom.Iframe: true, atom.Noembed: true,
	atom.Noframes: true, atom.Xmp: true}

// closesP are the start tags that end an open <p>.
var closesP = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Table: true, atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Pre: true,
	atom.Figure: true, atom.Header: true, atom.Footer: true, atom.Nav: true, atom.Aside: true,
	atom.Main: true, atom.Form: true, atom.Hr: true, atom.Address: true, atom.Details: true}

// build tokenizes the page into the node tree and collects metadata.
func (p *htmlParser) build() {
	z := p.z
	stack := []int32{0}
	var raw atom.Atom
	var rawType string
	var rawBuf []byte
	inLink := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			p.finish()
			return
		case html.TextToken:
			if raw != 0 {
				switch raw {
				case atom.Title:
					if p.title == "" {
						rawBuf = append(rawBuf, z.Text()...)
					}
				case atom.Script:
					if strings.Contains(rawType, "ld+json") && len(rawBuf) < maxJSONLD {
						rawBuf = append(rawBuf, z.Text()...)
					}
				case atom.Xmp:
					raw = 0
				default:
				}
				if raw != 0 {
					continue
				}
			}
			t := z.Text()
			if len(t) == 0 {
				continue
			}
			top := stack[len(stack)-1]
			n := hnode{flags: fText, ts: int32(len(p.arena))}
			if isAllSpace(t) {
				p.arena = append(p.arena, ' ')
			} else {
				p.arena = append(p.arena, t...)
			}
			n.te = int32(len(p.arena))
			if inLink > 0 {
				n.flags |= fInLink
			}
			p.add(top, n)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			n := hnode{a: a}
			var x nodeAttrs
			if a == 0 {
				x.name = string(name)
			}
			var property, metaName, content, typ string
			var skip, byline bool
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "class", "id":
					skip = skip || hasBoilerWord(v)
					byline = byline || hasWord(v, "byline", "author")
				case "href":
					x.href = strings.TrimSpace(string(v))
				case "itemprop":
					x.itemprop = strings.ToLower(string(v))
				case "role":
					x.role = strings.ToLower(string(v))
				case "datetime":
					x.datetime = string(v)
				case "rel":
					x.rel = strings.ToLower(string(v))
				case "style":
					skip = skip || displayNone(v)
				case "property":
					property = strings.ToLower(string(v))
				case "name":
					metaName = strings.ToLower(string(v))
				case "content":
					content = string(v)
				case "type":
					typ = strings.ToLower(string(v))
				case "hidden":
					skip = true
				case "aria-hidden":
					skip = skip || bytes.EqualFold(v, []byte("true"))
				}
			}
			if x != noAttrs {
				xx := x // only elements with attributes of interest allocate
				n.x = &xx
			}
			switch a {
			case atom.Meta:
				p.meta(property, metaName, x.itemprop, content)
				continue
			case atom.Link:
				if strings.Contains(" "+x.rel+" ", " canonical ") && p.canonical == "" {
					p.canonical = x.href
				}
				continue
			}
			if rawText[a] && tt == html.StartTagToken {
				if a == atom.Title || a == atom.Script {
					raw, rawType, rawBuf = a, typ, rawBuf[:0]
					continue
				}
				raw = a
			}
			if skip || skipTags[a] || skipRoles[x.role] {
				n.flags |= fSkip
			}
			if byline {
				n.flags |= fByline
			}
			if a == atom.A && inLink > 0 { // <a> inside <a>: the open one ends
				stack, inLink = p.popTo(stack, atom.A, "", inLink)
			}
			top := stack[len(stack)-1]
			// Implied end tags.
			ta := p.nodes[top].a
			if (closesP[a] && ta == atom.P) || (a == atom.Li && ta == atom.Li) ||
				((a == atom.Dt || a == atom.Dd) && (ta == atom.Dt || ta == atom.Dd)) ||
				((a == atom.Td || a == atom.Th) && (ta == atom.Td || ta == atom.Th)) ||
				(a == atom.Tr && (ta == atom.Tr || ta == atom.Td || ta == atom.Th)) ||
				(a == atom.Option && ta == atom.Option) {
				if ta == atom.Td || ta == atom.Th {
					if a == atom.Tr && len(stack) > 2 && p.nodes[stack[len(stack)-2]].a == atom.Tr {
						stack = stack[:len(stack)-1]
					}
				}
				if len(stack) > 1 {
					if p.nodes[stack[len(stack)-1]].a == atom.A {
						inLink--
					}
					stack = stack[:len(stack)-1]
					top = stack[len(stack)-1]
				}
			}
			if a == atom.Body && p.body == 0 {
				id := p.add(top, n)
				p.body = id
				stack = append(stack, id)
				continue
			}
			if a == atom.Html || a == atom.Body {
				continue
			}
			id := p.add(top, n)
			if tt == html.SelfClosingTagToken || voidElements[a] || raw != 0 || len(stack) >= maxDepth {
				continue
			}
			if a == atom.A {
				inLink++
			}
			stack = append(stack, id)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if raw != 0 {
				if a == raw {
					switch raw {
					case atom.Title:
						if p.title == "" {
							p.title = strings.TrimSpace(string(rawBuf))
						}
					case atom.Script:
						if strings.Contains(rawType, "ld+json") {
							p.jsonLD(rawBuf)
						}
					}
					raw = 0
				}
				continue
			}
			if a == atom.Body || a == atom.Html {
				continue
			}
			stack, inLink = p.popTo(stack, a, string(name), inLink)
		}
	}
}

// nextWord returns the next lower-cased ASCII word (letters and digits) of
// an attribute value at or after i, copied into buf (words longer than buf
// are skipped), and the index after it; ok is false at the end.
func nextWord(v []byte, i int, buf *[32]byte) (w []byte, next int, ok bool) {
	for i < len(v) {
		for i < len(v) && !isWordByte(v[i]) {
			i++
		}
		n := 0
		for i < len(v) && isWordByte(v[i]) {
			if n < len(buf) {
				c := v[i]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf[n] = c
			}
			n++
			i++
		}
		if n > 0 && n <= len(buf) {
			return buf[:n], i, true
		}
	}
	return nil, i, false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func hasBoilerWord(v []byte) bool {
	var buf [32]byte
	for w, i, ok := nextWord(v, 0, &buf); ok; w, i, ok = nextWord(v, i, &buf) {
		if boilerWords[string(w)] {
			return true
		}
	}
	return false
}

func hasWord(v []byte, want ...string) bool {
	var buf [32]byte
	for w, i, ok := nextWord(v, 0, &buf); ok; w, i, ok = nextWord(v, i, &buf) {
		for _, x := range want {
			if string(w) == x {
				return true
			}
		}
	}
	return false
}

func displayNone(style []byte) bool {
	var b []byte
	for _, c := range style {
		if c != ' ' && c != '\t' {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
	}
	return bytes.Contains(b, []byte("display:none")) || bytes.Contains(b, []byte("visibility:hidden"))
}

// meta records the metadata of a <meta> tag.
func (p *htmlParser) meta(property, name, itemprop, content string) {
	content = strings.TrimSpace(content)
	if content == "" {
		return
	}
	key := property
	if key == "" {
		key = name
	}
	if key == "" {
		key = itemprop
	}
	switch key {
	case "og:title":
		if p.ogTitle == "" {
			p.ogTitle = content
		}
	case "og:site_name":
		if p.siteName == "" {
			p.siteName = content
		}
	case "og:url":
		if p.ogURL == "" {
			p.ogURL = content
		}
	case "article:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
		"parsely-pub-date", "dc.date", "dc.date.issued", "dcterms.date", "sailthru.date", "article.published":
		if p.metaDate == "" {
			if d, ok := normDate(content); ok {
				p.metaDate = d
			}
		}
	case "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator":
		p.metaAuthors = append(p.metaAuthors, content)
	}
}

// jsonLD reads the article fields of a JSON-LD script.
func (p *htmlParser) jsonLD(b []byte) {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return
	}
	budget := maxJSONLDWalk
	p.walkLD(v, &budget, 0)
}

func (p *htmlParser) walkLD(v any, budget *int, depth int) {
	*budget--
	if *budget < 0 || depth > 16 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			p.walkLD(e, budget, depth+1)
		}
	case map[string]any:
		if isArticleType(t["@type"]) {
			if s := ldString(t["headline"]); s != "" && p.ldTitle == "" {
				p.ldTitle = s
			}
			if d, ok := normDate(ldString(t["datePublished"])); ok && p.ldDate == "" {
				p.ldDate = d
			}
			if p.ldAuthors == nil {
				p.ldAuthors = ldNames(t["author"])
			}
			if p.ldPublisher == "" {
				if n := ldNames(t["publisher"]); len(n) > 0 {
					p.ldPublisher = n[0]
				}
			}
			if p.ldURL == "" {
				p.ldURL = ldString(t["url"])
				if p.ldURL == "" {
					p.ldURL = ldString(t["mainEntityOfPage"])
				}
			}
		}
		if g, ok := t["@graph"]; ok {
			p.walkLD(g, budget, depth+1)
		}
	}
}

func isArticleType(v any) bool {
	switch t := v.(type) {
	case string:
		return strings.HasSuffix(t, "Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting"
	case []any:
		for _, e := range t {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldString reads a string, or the @id / url / name of an object.
func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		for _, k := range []string{"@id", "url", "name"} {
			if s, ok := t[k].(string); ok {
				return strings.TrimSpace(s)
			}
		}
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	}
	return ""
}

// ldNames reads a person/organisation value: a string, {name}, or a list.
func ldNames(v any) []string {
	var out []string
	switch t := v.(type) {
	case string:
		out = append(out, t)
	case map[string]any:
		if s, ok := t["name"].(string); ok {
			out = append(out, s)
		}
	case []any:
		for _, e := range t[:min(len(t), 20)] {
			out = append(out, ldNames(e)...)
		}
	}
	return out
}

// finish computes subtree text lengths (boilerplate excluded). Children come
// after their parents in p.nodes, so one backward pass suffices.
func (p *htmlParser) finish() {
	for i := len(p.nodes) - 1; i > 0; i-- {
		n := &p.nodes[i]
		if n.flags&fText != 0 {
			l := int32(len(bytes.TrimSpace(p.arena[n.ts:n.te])))
			n.tlen = l
			if n.flags&fInLink != 0 {
				n.llen = l
			}
		}
		if n.flags&fSkip == 0 {
			pp := &p.nodes[n.parent]
			pp.tlen += n.tlen
			pp.llen += n.llen
		}
	}
}

// root chooses the article's body element (see ParseHTML).
func (p *htmlParser) root() int32 {
	best, bestLen := int32(-1), int32(0)
	for i := range p.nodes {
		if n := &p.nodes[i]; n.attr().itemprop == "articlebody" && n.tlen > bestLen {
			best, bestLen = int32(i), n.tlen
		}
	}
	if best >= 0 {
		return best
	}
	for i := range p.nodes {
		if n := &p.nodes[i]; n.a == atom.Article && n.tlen > bestLen && !p.skipped(int32(i)) {
			best, bestLen = int32(i), n.tlen
		}
	}
	if best >= 0 && bestLen >= 140 {
		return best
	}
	best, bestLen = -1, 0
	for i := range p.nodes {
		if n := &p.nodes[i]; (n.a == atom.Main || n.attr().role == "main") && n.tlen > bestLen {
			best, bestLen = int32(i), n.tlen
		}
	}
	if best >= 0 {
		return best
	}
	score := make(map[int32]int32)
	for i := range p.nodes {
		n := &p.nodes[i]
		if (n.a == atom.P || n.a == atom.Pre || n.a == atom.Blockquote) && n.tlen >= 25 && 2*n.llen < n.tlen && n.parent > 0 {
			score[n.parent] += n.tlen
			if gp := p.nodes[n.parent].parent; gp > 0 {
				score[gp] += n.tlen / 2
			}
		}
	}
	for id, s := range score {
		if s > bestLen || (s == bestLen && id < best) {
			best, bestLen = id, s
		}
	}
	if best >= 0 {
		return best
	}
	if p.body > 0 {
		return p.body
	}
	return 0
}

// skipped reports whether n or an ancestor is boilerplate.
func (p *htmlParser) skipped(n int32) bool {
	for ; n > 0; n = p.nodes[n].parent {
		if p.nodes[n].flags&fSkip != 0 {
			return true
		}
	}
	return false
}

// popTo closes the innermost open element a (name for custom elements)
// among the top maxEndSearch open elements; it returns the new stack and
// count of open links.
func (p *htmlParser) popTo(stack []int32, a atom.Atom, name string, inLink int) ([]int32, int) {
	for i := len(stack) - 1; i > 0 && i >= len(stack)-maxEndSearch; i-- {
		n := &p.nodes[stack[i]]
		if n.a == a && (a != 0 || n.attr().name == name) {
			for j := i; j < len(stack); j++ {
				if p.nodes[stack[j]].a == atom.A {
					inLink--
				}
			}
			return stack[:i], inLink
		}
	}
	return stack, inLink
}

func isAllSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f' {
			return false
		}
	}
	return true
}
