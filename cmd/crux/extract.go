package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/document"
	"github.com/cruxlab/crux/extract"
)

const extractUsage = `crux extract: find who said what in articles

Usage: crux extract [--format text|json|brat] [--out DIR] FILE...

Reads each article (plain text, Markdown or HTML) and prints its attributed
statements: the speaker (with role and affiliation), the cue verb and its
class (assert, deny, accuse, admit, assess, allege, warn, report, agree,
ask), the mode (direct quote, reported speech or mixed) and the content.

Formats:
  text  grouped by speaker, readable (default)
  json  the extraction result: actors, claims, raw attribution spans
  brat  brat standoff (Source, Cue, Content spans in code points, one E
        line per attribution), as in the PolNeAR corpus. For brat output a
        .txt file is read as plain text, so offsets hold against the file.
        One FILE goes to stdout; with --out DIR each FILE becomes DIR/NAME.ann.

Examples:
  crux extract ../shared/corpus/seed/kremlin-drone-2023-05-04.txt
  crux extract --format json article.html
  crux extract --format brat --out pred/ ../shared/corpus/polnear/dev/text/*.txt
  python3 ../shared/tools/brat_score.py GOLD_DIR pred/ TEXT_DIR
`

func init() {
	register(&command{name: "extract", summary: "extract attributed claims (who said what) from articles", run: runExtract})
}

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "extract", extractUsage)
	format := fs.String("format", "text", "output format: text, json or brat")
	out := fs.String("out", "", "brat: write one NAME.ann per input file into this folder")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *format {
	case "text", "json", "brat":
	default:
		return usagef("extract: unknown --format %q (want text, json or brat)", *format)
	}
	files := fs.Args()
	if len(files) == 0 {
		return usagef("extract: no FILE given; try 'crux extract -h'")
	}
	if *format == "brat" && *out == "" && len(files) > 1 {
		return usagef("extract: --format brat with several files needs --out DIR")
	}
	if *out != "" {
		if *format != "brat" {
			return usagef("extract: --out is for --format brat")
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
	}
	var jsonOut []jsonResult
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return invalid(err)
		}
		var src *crux.Source
		if *format == "brat" && strings.EqualFold(filepath.Ext(f), ".txt") {
			src, err = document.ParseText(data)
		} else {
			src, err = document.Parse(f, data)
		}
		if err != nil {
			return invalid(fmt.Errorf("%s: %w", f, err))
		}
		if src.ID == "" {
			src.ID = fmt.Sprintf("s%d", i+1)
		}
		res := extract.Extract(src)
		switch *format {
		case "brat":
			if *out == "" {
				if err := extract.WriteBrat(e.stdout, src.Text, res.Attributions); err != nil {
					return err
				}
				continue
			}
			var buf bytes.Buffer
			if err := extract.WriteBrat(&buf, src.Text, res.Attributions); err != nil {
				return err
			}
			name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)) + ".ann"
			if err := os.WriteFile(filepath.Join(*out, name), buf.Bytes(), 0o644); err != nil {
				return err
			}
		case "json":
			jsonOut = append(jsonOut, jsonResult{File: f, Source: src.ID, Result: res})
		default:
			if len(files) > 1 {
				fmt.Fprintf(e.stdout, "== %s\n", f)
			}
			writeClaimsText(e.stdout, res)
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if len(jsonOut) == 1 {
			return enc.Encode(jsonOut[0].Result)
		}
		return enc.Encode(jsonOut)
	}
	return nil
}

type jsonResult struct {
	File   string          `json:"file"`
	Source string          `json:"source"`
	Result *extract.Result `json:"result"`
}

// writeClaimsText prints claims grouped by speaker, in order of first
// appearance.
func writeClaimsText(w io.Writer, res *extract.Result) {
	if len(res.Claims) == 0 {
		fmt.Fprintln(w, "no attributed statements found")
		return
	}
	byActor := map[string][]crux.Claim{}
	for _, c := range res.Claims {
		byActor[c.SpeakerID] = append(byActor[c.SpeakerID], c)
	}
	for _, a := range res.Actors {
		cs := byActor[a.ID]
		if len(cs) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s (%s", claimLine(a.Name), a.Kind)
		if a.Role != "" {
			fmt.Fprintf(w, "; %s", claimLine(a.Role))
		}
		if a.Affiliation != "" {
			fmt.Fprintf(w, "; %s", claimLine(a.Affiliation))
		}
		fmt.Fprintln(w, ")")
		for _, c := range cs {
			fmt.Fprintf(w, "  [%s, %s] %s: %s\n", c.CueClass, c.Mode, claimLine(c.Cue), claimLine(c.Text))
		}
	}
}

// claimLine keeps terminal output on one line per item and strips control
// characters of untrusted text.
func claimLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// extractOnly runs extraction on raw text (for timing).
func extractOnly(text []byte) *extract.Result {
	return extract.Extract(&crux.Source{ID: "s", Text: string(text)})
}
