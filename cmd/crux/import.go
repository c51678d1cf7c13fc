package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/exchange"
)

const importUsage = `crux import: merge a matrix or a case into a case file, all or nothing

Usage: crux import [--format csv|json] --into CASE.json [--dry-run] FILE

Formats (guessed from FILE's extension when --format is not given):
  csv   a matrix: crux's own export, a matrix typed in a spreadsheet, or the
        evidence × hypotheses grid another ACH tool exports. Accepted: a
        UTF-8 byte order mark, ',' ';' or tab separators, CRLF, blank rows,
        header names in any case ("Evidence ID"/"ID", "Text"/"Evidence"/
        "Description", "Kind", "Date", "Reliability", "Credibility",
        "Relevance", "Group", "Claim", "Notes"), and any other column is a
        hypothesis headed "ID: title", "ID" or a bare title (matched to the
        case's hypotheses by ID, then by title); a second header row may
        hold the titles under the IDs. Ratings in any case: CC C N I
        II NA, ++ + - --, N/A, or the words ("very consistent" ...). A blank
        cell removes the rating; a row is matched to evidence by ID and only
        the columns present change; new rows and columns are added.
  json  a crux case file, whole or a fragment (it may refer to sources,
        actors, claims and hypotheses of CASE.json): its items are added to
        CASE.json, replacing items with the same ID; the merged case must be
        valid.

Every problem is reported with its line (CSV) or path (JSON). CASE.json is
rewritten only when the whole import is valid, atomically (temp file +
rename); otherwise it is left exactly as it was. FILE may be "-" for
standard input. --dry-run checks and reports without writing.

Examples:
  crux export --format csv case.json > matrix.csv   # edit it in a spreadsheet
  crux import --into case.json matrix.csv
  crux import --format json --into case.json other-analyst.json
  crux import --dry-run --into case.json typed.csv
`

func init() {
	register(&command{name: "import", summary: "merge a matrix CSV or a case JSON into a case file (all or nothing)", run: runImport})
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", importUsage)
	format := fs.String("format", "", "csv or json (default: from FILE's extension)")
	into := fs.String("into", "", "the case file to merge into (required)")
	dry := fs.Bool("dry-run", false, "check the import and report, but do not write")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("import: want exactly one FILE to import, got %d arguments", fs.NArg())
	}
	if *into == "" || *into == "-" {
		return usagef("import: --into CASE.json is required (a file: it is rewritten)")
	}
	name := fs.Arg(0)
	f := *format
	if f == "" {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".csv", ".tsv", ".txt":
			f = "csv"
		case ".json":
			f = "json"
		default:
			return usagef("import: cannot tell the format of %q: give --format csv or json", name)
		}
	}
	if f != "csv" && f != "json" {
		return usagef("import: unknown --format %q: want csv or json", f)
	}
	base, err := loadCaseFile(e, *into)
	if err != nil {
		return err
	}
	var merged *crux.Case
	switch f {
	case "csv":
		data, err := readInput(e, name, exchange.MaxCSVSize)
		if err != nil {
			return err
		}
		m, err := exchange.ReadMatrixCSV(data)
		if err != nil {
			return invalid(fmt.Errorf("%s: %w\n%s is unchanged", name, err, *into))
		}
		if merged, err = exchange.ApplyMatrix(base, m); err != nil {
			return invalid(fmt.Errorf("%s: %w\n%s is unchanged", name, err, *into))
		}
	case "json":
		data, err := readInput(e, name, crux.MaxCaseFileSize)
		if err != nil {
			return err
		}
		in, err := exchange.ReadCaseFragment(data)
		if err != nil {
			return invalid(fmt.Errorf("%s: %w\n%s is unchanged", name, err, *into))
		}
		if merged, err = exchange.Merge(base, in); err != nil {
			return invalid(fmt.Errorf("%s: %w\n%s is unchanged", name, err, *into))
		}
	}
	summary := fmt.Sprintf("%s: %d hypotheses (%+d), %d evidence items (%+d), %d claims (%+d), %d sources (%+d)",
		*into, len(merged.Hypotheses), len(merged.Hypotheses)-len(base.Hypotheses),
		len(merged.Evidence), len(merged.Evidence)-len(base.Evidence),
		len(merged.Claims), len(merged.Claims)-len(base.Claims),
		len(merged.Sources), len(merged.Sources)-len(base.Sources))
	if *dry {
		fmt.Fprintf(e.stdout, "dry run, nothing written: the import is valid; it would give %s\n", summary)
		return nil
	}
	data, err := exchange.ExportJSON(merged)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*into, data); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %s into %s\n", name, summary)
	return nil
}
