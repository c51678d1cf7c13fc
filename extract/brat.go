package extract

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// codePoints maps byte offsets of text to code point offsets (as brat
// and Python count them) in one pass; an invalid byte counts as one code
// point. Offsets beyond the text are clamped.
func codePoints(text string, offsets []int) map[int]int {
	sorted := slices.Clone(offsets)
	slices.Sort(sorted)
	out := make(map[int]int, len(sorted))
	i, n := 0, 0
	for _, b := range sorted {
		b = max(0, min(b, len(text)))
		for i < b {
			_, w := utf8.DecodeRuneInString(text[i:])
			i += w
			n++
		}
		out[b] = n
	}
	return out
}

// WriteBrat writes attrs as brat standoff (the PolNeAR layout): a T line
// for each Source, Cue and Content, an Attribution trigger on the cue and
// one E line tying them. Offsets are converted from bytes of text to code
// points; discontinuous spans are written "a b;c d".
func WriteBrat(w io.Writer, text string, attrs []Attribution) error {
	bw := bufio.NewWriter(w)
	var offs []int
	for _, a := range attrs {
		for _, part := range [][]crux.Span{a.Source, a.Cue, a.Content} {
			for _, sp := range part {
				s, e := clampSpan(sp, len(text))
				offs = append(offs, s, e)
			}
		}
	}
	cp := codePoints(text, offs)
	n := 0
	tline := func(label string, spans []crux.Span) string {
		n++
		id := "T" + strconv.Itoa(n)
		var offs, frag []string
		for _, sp := range spans {
			s, e := clampSpan(sp, len(text))
			offs = append(offs, strconv.Itoa(cp[s])+" "+strconv.Itoa(cp[e]))
			frag = append(frag, text[s:e])
		}
		body := strings.Join(frag, " ")
		body = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return r
		}, strings.ToValidUTF8(body, "\uFFFD"))
		fmt.Fprintf(bw, "%s\t%s %s\t%s\n", id, label, strings.Join(offs, ";"), body)
		return id
	}
	for i, a := range attrs {
		if len(a.Content) == 0 || len(a.Cue) == 0 {
			continue
		}
		content := tline("Content", a.Content)
		cue := tline("Cue", a.Cue)
		src := ""
		if len(a.Source) > 0 {
			src = tline("Source", a.Source)
		}
		trig := tline("Attribution", a.Cue)
		fmt.Fprintf(bw, "E%d\tAttribution:%s", i+1, trig)
		if src != "" {
			fmt.Fprintf(bw, " Source:%s", src)
		}
		fmt.Fprintf(bw, " Cue:%s Content:%s\n", cue, content)
	}
	return bw.Flush()
}

func clampSpan(sp crux.Span, n int) (int, int) {
	s, e := sp.Start, sp.End
	s = max(0, min(s, n))
	e = max(s, min(e, n))
	return s, e
}

// BratAttribution is one attribution read from a brat file: code point
// offsets, each part as sorted, merged intervals.
type BratAttribution struct {
	Source, Cue, Content []Interval
}

// Interval is a half-open range of code points.
type Interval struct{ Start, End int }

// ReadBrat reads the attributions (E lines with a Content) of a brat
// standoff file, as brat_score.py does: malformed lines are skipped.
func ReadBrat(r io.Reader) ([]BratAttribution, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	ts := map[string][]Interval{}
	var out []BratAttribution
	for sc.Scan() {
		line := sc.Text()
		parts := strings.Split(line, "\t")
		if len(parts) < 2 {
			continue
		}
		switch {
		case strings.HasPrefix(line, "T"):
			head := strings.SplitN(parts[1], " ", 2)
			if len(head) < 2 {
				continue
			}
			iv, ok := parseSpans(head[1])
			if !ok {
				continue
			}
			ts[parts[0]] = iv
		case strings.HasPrefix(line, "E"):
			roles := map[string][]Interval{}
			for _, item := range strings.Fields(parts[1]) {
				r, t, ok := strings.Cut(item, ":")
				if !ok {
					continue
				}
				r = strings.TrimRight(r, "0123456789")
				roles[r] = ts[t]
			}
			if len(roles["Content"]) > 0 {
				out = append(out, BratAttribution{Source: roles["Source"], Cue: roles["Cue"], Content: roles["Content"]})
			}
		}
	}
	return out, sc.Err()
}

func parseSpans(s string) ([]Interval, bool) {
	var iv []Interval
	for _, part := range strings.Split(s, ";") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, false
		}
		a, err1 := strconv.Atoi(f[0])
		b, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			return nil, false
		}
		if b > a {
			iv = append(iv, Interval{a, b})
		}
	}
	return normalize(iv), true
}

// normalize sorts and merges intervals (the union of their characters).
func normalize(iv []Interval) []Interval {
	sort.Slice(iv, func(i, j int) bool { return iv[i].Start < iv[j].Start })
	out := iv[:0]
	for _, x := range iv {
		if n := len(out); n > 0 && x.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, x.End)
			continue
		}
		out = append(out, x)
	}
	return out
}
