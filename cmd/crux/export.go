package main

import (
	"bytes"
	"context"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/exchange"
)

const exportUsage = `crux export: write a case in a format other tools read

Usage: crux export --format json|csv|claimreview [--out FILE] CASE.json

Formats:
  json         the crux case file, versioned, checked against the published
               JSON Schema (exchange/case.schema.json)
  csv          the matrix: one row per evidence item (ID, text, kind, date,
               reliability, credibility, relevance, group, claim, notes), one
               column per hypothesis headed "ID: title", cells CC C N I II NA.
               Opens in a spreadsheet; 'crux import --format csv' reads it back.
  claimreview  the claims as schema.org ClaimReview JSON-LD (speaker, date,
               where each claim appeared; a reviewRating only for claims whose
               evidence the analyst graded for credibility)

CASE.json may be "-" for standard input. Without --out the result goes to
standard output; with --out it is written atomically (temp file + rename).

Examples:
  crux export --format csv case.json > matrix.csv
  crux export --format claimreview --out claims.jsonld case.json
  crux export --format json - < case.json      # normalise a case file
`

func init() {
	register(&command{name: "export", summary: "write a case as JSON, matrix CSV or ClaimReview JSON-LD", run: runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", exportUsage)
	format := fs.String("format", "", "json, csv or claimreview (required)")
	out := fs.String("out", "", "write to this file instead of standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("export: want exactly one CASE.json, got %d arguments", fs.NArg())
	}
	var render func(*crux.Case) ([]byte, error)
	switch *format {
	case "json":
		render = exchange.ExportJSON
	case "csv":
		render = func(c *crux.Case) ([]byte, error) {
			var b bytes.Buffer
			err := exchange.WriteMatrixCSV(&b, c)
			return b.Bytes(), err
		}
	case "claimreview", "jsonld", "json-ld":
		render = exchange.ClaimReview
	case "":
		return usagef("export: --format is required: json, csv or claimreview")
	default:
		return usagef("export: unknown --format %q: want json, csv or claimreview", *format)
	}
	c, err := loadCaseFile(e, fs.Arg(0))
	if err != nil {
		return err
	}
	data, err := render(c)
	if err != nil {
		return err
	}
	return writeOutput(e, *out, data)
}

// writeOutput writes data to standard output, or atomically to path.
func writeOutput(e *env, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := e.stdout.Write(data)
		return err
	}
	return writeFileAtomic(path, data)
}
