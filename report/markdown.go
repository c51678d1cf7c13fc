package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
)

// md escapes case text for Markdown: whitespace runs (newlines included)
// become one space, so text never starts a block of its own, and every
// ASCII character that can open a link, image, emphasis, code span, table
// cell, entity or HTML tag (\ ` * _ { } [ ] ( ) < > # ! | & ~ ^) is
// backslash-escaped, as is the "//" of a URL (GitHub would autolink it), so
// that text renders as written. Characters that only matter at the start
// of a line (- + = digits) are handled by mdBlock where text starts one.
func md(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for i, r := range s {
		if strings.ContainsRune("\\`*_{}[]()<>#!|&~^", r) || (r == '/' && i > 0 && (s[i-1] == ':' || s[i-1] == '/')) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdBlock is md for text that starts a line: a leading - + = (list item,
// thematic break, setext underline) or an ordered-list number ("1." "2)")
// is escaped too.
func mdBlock(s string) string {
	t := md(s)
	if t == "" {
		return t
	}
	switch t[0] {
	case '-', '+', '=':
		return "\\" + t
	}
	i := 0
	for i < len(t) && i < 9 && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i > 0 && i < len(t) && (t[i] == '.' || t[i] == ')') {
		return t[:i] + "\\" + t[i:]
	}
	return t
}

// mdURL returns a URL safe to put in a Markdown link, or "" when it is not
// an http(s) URL (javascript: and other schemes are never linked).
func mdURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	s := u.String()
	r := strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "[", "%5B", "]", "%5D", "`", "%60", "\"", "%22", "'", "%27")
	return r.Replace(s)
}

// anchor writes an HTML anchor Markdown renderers keep; IDs are validated
// by crux ([A-Za-z0-9._:-]) and escaped anyway.
func anchor(name string) string { return `<a id="` + esc(name) + `"></a>` }

func link(text, anchorName string) string {
	return "[" + text + "](#" + url.PathEscape(anchorName) + ")"
}

// Markdown writes the "what we know so far" report of c as Markdown. When r
// is nil the case is scored with opts.Score. Every number links to the
// anchor of what made it: hypotheses (#hyp-ID), evidence rows (#ev-ID),
// matrix cells (#cell-EVIDENCE~HYPOTHESIS), matrix columns (#col-ID),
// claims (#claim-ID), sources (#src-ID) and timeline dates (#asof-DATE).
func Markdown(w io.Writer, c *crux.Case, r *ach.Result, opts Options) error {
	v, err := buildView(c, r, opts)
	if err != nil {
		return err
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	title := c.Title
	if strings.TrimSpace(title) == "" {
		title = "Untitled case"
	}
	p("# What we know so far: %s\n\n", md(title))
	if c.Question != "" {
		p("**Question:** %s\n\n", md(c.Question))
	}
	if c.EventDate != "" {
		p("**Event date:** %s\n\n", md(c.EventDate))
	}
	if r0(v).AsOf != "" {
		p("**As of:** %s (evidence dated later is left out)\n\n", md(r0(v).AsOf))
	}
	if c.Description != "" {
		p("%s\n\n", mdBlock(c.Description))
	}

	p("## Bottom line\n\n")
	if v.Leader == nil {
		p("No hypothesis is scored yet: accept at least one hypothesis and rate the evidence against it.\n\n")
	} else {
		l := v.Leader
		p("%s is ranked first, with a posterior probability of %s (%s).", link(md(l.ID+": "+l.Title), hypAnchor(l.ID)), link(pct(l.Posterior), hypAnchor(l.ID)), l.PosteriorWords)
		if v.Samples > 0 {
			p(" It stays first in %s of %d simulated variations of the ratings and source grades: it is %s to remain the leading explanation.",
				link(pct(l.PFirst), hypAnchor(l.ID)), v.Samples, l.PFirstWords)
		}
		p("\n\n")
		for _, s := range []string{r0(v).Explanations.Ranking, r0(v).Explanations.Robustness} {
			if s != "" {
				p("%s\n\n", mdBlock(s))
			}
		}
	}

	p("## Hypotheses, ranked\n\n")
	if len(v.Ranked) > 0 {
		p("| Rank | Hypothesis | Posterior | Weighted inconsistency | Inconsistency | P(ranks first) | Heuer rank |\n")
		p("|---:|---|---:|---:|---:|---:|---:|\n")
		for _, h := range v.Ranked {
			pf := "–"
			if v.Samples > 0 {
				pf = fmt.Sprintf("%s (%s)", link(pct(h.PFirst)+" ± "+pct(h.PFirstSE), "method"), h.PFirstWords)
			}
			p("| %d | %s%s | %s (%s) | %s | %s | %s | %d |\n", h.Rank, anchor(hypAnchor(h.ID)), md(h.ID+": "+h.Title),
				link(pct(h.Posterior), colAnchor(h.ID)), h.PosteriorWords, link(num(h.WeightedInconsistency), colAnchor(h.ID)),
				link(num(h.Inconsistency), colAnchor(h.ID)), pf, h.HeuerRank)
		}
		p("\nPosterior: P(hypothesis | evidence), with equal priors unless the analyst set them. Inconsistency: Heuer's score (−1 per I, −2 per II; closer to 0 is better); weighted by credibility and relevance as PARC ACH 2.0 does.")
		if v.Samples > 0 {
			p(" P(ranks first): the share of %d Monte Carlo variations (seed %d) in which the hypothesis has the highest posterior, ± its standard error.", v.Samples, v.Seed)
		}
		p(" Words follow ICD 203.\n\n")
	}
	if len(v.SetAside) > 0 {
		p("Hypotheses not scored: ")
		var hs []string
		for _, h := range v.SetAside {
			st := string(h.Status)
			hs = append(hs, fmt.Sprintf("%s%s (%s)", anchor(hypAnchor(h.ID)), md(h.ID+": "+h.Title), md(st)))
		}
		p("%s.\n\n", strings.Join(hs, "; "))
	}
	p("Charts of these scores, the matrix and the timeline are in the HTML report (crux report --format html).\n\n")

	p("## Who claims what\n\n")
	if len(v.Actors) == 0 {
		p("No attributed claims.\n\n")
	}
	for _, g := range v.Actors {
		a := g.Actor
		p("### %s%s\n\n", anchor(actorAnchor(a.ID)), md(a.Name))
		var about []string
		if a.IsAnonymous() {
			about = append(about, "**anonymous source**")
		} else {
			about = append(about, md(string(a.Kind)))
		}
		if a.Role != "" {
			about = append(about, md(a.Role))
		}
		if a.Affiliation != "" {
			about = append(about, md(a.Affiliation))
		}
		p("%s\n\n", strings.Join(about, ", "))
		for _, cr := range g.Claims {
			cl := cr.Claim
			p("- %s%s (%s, %s", anchor(claimAnchor(cl.ID)), quoteMD(cl), md(cl.Cue), md(string(cl.CueClass)))
			if cl.Date != "" {
				p(", %s", md(cl.Date))
			}
			p(")")
			if len(cr.Sources) > 0 {
				var ss []string
				for _, s := range cr.Sources {
					x := link(md(s.Label), sourceAnchor(s.ID))
					if s.Date != "" {
						x += " " + md(s.Date)
					}
					ss = append(ss, x)
				}
				p(". Reported by %s", strings.Join(ss, "; "))
			}
			if len(cr.Evidence) > 0 {
				var es []string
				for _, id := range cr.Evidence {
					es = append(es, link(md(id), evAnchor(id)))
				}
				p(". Evidence %s", strings.Join(es, ", "))
			}
			p(".\n")
		}
		p("\n")
	}

	p("## Diagnostic evidence\n\n")
	if len(v.Diagnostic) == 0 {
		p("No evidence item tells the hypotheses apart.\n\n")
	} else {
		p("Most diagnostic first. Diagnosticity is ln(max L / min L) over the hypotheses, with likelihoods discounted for source reliability.\n\n")
		p("| Evidence | Diagnosticity | Grades | Ratings |\n|---|---:|---|---|\n")
		for _, e := range v.Diagnostic {
			p("| %s: %s | %s | %s | %s |\n", link(md(e.ID), evAnchor(e.ID)), md(shortText(e.Evidence.Text, 160)), link(num(e.Diagnosticity), evAnchor(e.ID)), md(grades(e.Evidence)), ratingsMD(e))
		}
		p("\n")
	}

	p("## What would change the conclusion\n\n")
	if len(v.Linchpins) == 0 {
		p("No single evidence item, removed or re-rated one step, changes which hypothesis comes first.\n\n")
	}
	for _, lp := range v.Linchpins {
		p("- %s: %s.", link(md(lp.Evidence.ID), evAnchor(lp.Evidence.ID)), md(shortText(lp.Evidence.Evidence.Text, 160)))
		if lp.Removed != "" {
			p(" %s.", md(capitalise(lp.Removed)))
		}
		for _, s := range lp.Steps {
			p(" %s.", md(capitalise(s)))
		}
		p("\n")
	}
	if v.MoreLinchpins > 0 {
		p("- %d more items could also change the outcome; see the matrix.\n", v.MoreLinchpins)
	}
	if len(v.Linchpins) > 0 {
		p("\n")
	}

	p("## Noise set aside\n\n")
	if len(v.Noise) == 0 {
		p("Every evidence item helps decide between the hypotheses.\n\n")
	} else {
		p("Consistent with every hypothesis: these items do not help decide.\n\n")
		for _, e := range v.Noise {
			p("- %s: %s\n", link(md(e.ID), evAnchor(e.ID)), md(shortText(e.Evidence.Text, 160)))
		}
		p("\n")
	}

	p("## The matrix\n\n")
	if len(v.Matrix.Hypotheses) > 0 {
		p("| Evidence |")
		for _, h := range v.Matrix.Hypotheses {
			p(" %s%s |", anchor(colAnchor(h.ID)), md(h.ID))
		}
		p(" Group |\n|---|")
		for range v.Matrix.Hypotheses {
			p(":---:|")
		}
		p("---|\n")
		for _, e := range v.Matrix.Rows {
			p("| %s%s: %s |", anchor(evAnchor(e.ID)), md(e.ID), md(shortText(e.Evidence.Text, 100)))
			for _, c := range e.Ratings {
				p(" %s%s |", anchor(cellAnchor(c.Evidence, c.Hypothesis)), cellMD(c))
			}
			g := md(e.Group)
			if e.GroupSize > 1 {
				g += fmt.Sprintf(" (%d items)", e.GroupSize)
			}
			p(" %s |\n", g)
		}
		p("\nCC very consistent, C consistent, N neutral, I inconsistent, II very inconsistent, NA not applicable, · unrated; a number after a rating is the analyst's explicit likelihood.\n\n")
	}

	if tl := v.Timeline; tl != nil && len(tl.Dates) > 0 {
		p("## How the assessment moved\n\n")
		p("The case scored as it stood at each date on which evidence arrived")
		if tl.Undated > 0 {
			p(" (%d undated item(s) are counted throughout)", tl.Undated)
		}
		p(".\n\n| As of | New evidence |")
		for _, h := range tl.Hypotheses {
			p(" %s |", link(md(h.ID), hypAnchor(h.ID)))
		}
		p("\n|---|---|")
		for range tl.Hypotheses {
			p("---:|")
		}
		p("\n")
		for i, d := range tl.Dates {
			var es []string
			for _, id := range tl.Added[i] {
				es = append(es, link(md(id), evAnchor(id)))
			}
			p("| %s%s | %s |", anchor(asOfAnchor(d)), md(d), strings.Join(es, ", "))
			for j := range tl.Hypotheses {
				p(" %s |", link(pct(tl.Posterior[i][j]), hypAnchor(tl.Hypotheses[j].ID)))
			}
			p("\n")
		}
		p("\n")
	}

	p("## Sources\n\n")
	if len(v.Sources) == 0 {
		p("No sources.\n\n")
	}
	for _, s := range v.Sources {
		src := s.Source
		name := src.Title
		if name == "" {
			name = src.ID
		}
		p("- %s**%s**", anchor(sourceAnchor(src.ID)), md(name))
		if src.Outlet != "" {
			p(", %s", md(src.Outlet))
		}
		if len(src.Authors) > 0 {
			p(", by %s", md(strings.Join(src.Authors, ", ")))
		}
		if src.Published != "" {
			p(", %s", md(src.Published))
		}
		if u := mdURL(src.URL); u != "" {
			p(", <%s>", u)
		} else if src.URL != "" {
			p(", %s", md(src.URL))
		}
		rel := "Reliability not graded"
		if src.Reliability != "" {
			rel = fmt.Sprintf("Reliability %s (%s)", src.Reliability, s.Label)
		}
		p(". %s; %d claim(s).\n", rel, s.Claims)
	}
	p("\n## %sMethod\n\n", anchor("method"))
	p("Scores by crux's ach package: Heuer's inconsistency (PARC ACH 2.0 weights), a Bayesian posterior with reliability-discounted likelihoods")
	if len(v.Likelihood) > 0 {
		var ls []string
		for _, l := range v.Likelihood {
			ls = append(ls, fmt.Sprintf("%s %.2f", l.Value, l.Likelihood))
		}
		p(" (P(E|H) by rating: %s)", strings.Join(ls, ", "))
	}
	p(", dependence groups counted once (%d independent group(s))", r0(v).Groups)
	if v.Samples > 0 {
		p(", and %d Monte Carlo samples (seed %d)", v.Samples, v.Seed)
	}
	p(". Estimative words follow ICD 203: almost no chance (below 5%%), very unlikely (5–20%%), unlikely (20–45%%), roughly even chance (45–55%%), likely (55–80%%), very likely (80–95%%), almost certain (above 95%%).\n")
	_, err = io.WriteString(w, b.String())
	return err
}

func r0(v *view) *ach.Result { return v.Result }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// needsQuoteMarks reports whether a claim's text is a direct quote that
// does not carry its own quote marks (extracted quotes keep theirs).
func needsQuoteMarks(cl crux.Claim) bool {
	if cl.Mode != crux.Direct {
		return false
	}
	t := strings.TrimSpace(cl.Text)
	return !strings.HasPrefix(t, "\"") && !strings.HasPrefix(t, "“") && !strings.HasPrefix(t, "«") && !strings.HasPrefix(t, "„")
}

func quoteMD(cl crux.Claim) string {
	if needsQuoteMarks(cl) {
		return "“" + md(cl.Text) + "”"
	}
	return md(cl.Text)
}

// grades names an item's Admiralty grades ("B usually reliable, 2
// probably true"), as plain text: the HTML template escapes it, Markdown
// escapes it with md.
func grades(e crux.Evidence) string {
	var g []string
	if e.Reliability != "" {
		g = append(g, string(e.Reliability)+" "+crux.ReliabilityLabels[e.Reliability])
	}
	if e.Credibility != "" {
		g = append(g, string(e.Credibility)+" "+crux.CredibilityLabels[e.Credibility])
	}
	if len(g) == 0 {
		return "not graded"
	}
	return strings.Join(g, ", ")
}

func ratingsMD(e evRow) string {
	var rs []string
	for _, c := range e.Ratings {
		if c.Rated {
			rs = append(rs, link(md(c.Hypothesis)+" "+md(string(c.Rating.Value)), cellAnchor(c.Evidence, c.Hypothesis)))
		}
	}
	return strings.Join(rs, ", ")
}

func cellMD(c cell) string {
	if !c.Rated {
		return "·"
	}
	s := md(string(c.Rating.Value))
	if c.Rating.Likelihood != nil {
		s += fmt.Sprintf(" %.2f", *c.Rating.Likelihood)
	}
	if c.Rating.Suggested {
		s += " (suggested)"
	}
	return s
}
