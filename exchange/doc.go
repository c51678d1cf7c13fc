// Package exchange moves cases in and out of crux in formats other tools
// read and write. It does no I/O of its own: readers take bytes, writers take
// an io.Writer, and every import builds a new case value that replaces the
// caller's only when the whole import is valid.
//
// Formats:
//
//   - Case JSON: the versioned crux case file (crux.Encode / crux.Decode),
//     described by the JSON Schema in case.schema.json (draft 2020-12,
//     embedded as Schema). ExportJSON, ImportJSON, Merge.
//   - Matrix CSV: one row per evidence item, one column per hypothesis,
//     written to open cleanly in a spreadsheet (UTF-8 byte order mark, CRLF,
//     RFC 4180 quoting, formula-looking text defused with a leading
//     apostrophe). ReadMatrixCSV accepts what a person types in a spreadsheet
//     or what another ACH tool exports as a plain evidence × hypotheses grid:
//     a byte order mark, ',' ';' or tab separators, CRLF, blank rows,
//     case-insensitive ratings and their common spellings, hypotheses headed
//     "ID: title", "ID" or a bare title, optionally with a second header row
//     of titles under the IDs. ApplyMatrix merges
//     it into a case.
//   - ClaimReview: the case's claims as schema.org ClaimReview JSON-LD
//     (export only), see ClaimReview for the mapping.
//
// Other ACH tools: the file formats of PARC ACH 2.0 and of the Open Source
// ACH project (competinghypotheses.org) are not publicly documented in any
// source we could find, so crux does not claim to read their native files.
// What it reads is the generic grid those tools and most spreadsheets can
// produce: evidence rows × hypothesis columns, cells CC/C/N/I/II/NA (or
// ++/+/-/--, N/A, or the words "very consistent" ... "not applicable").
package exchange
