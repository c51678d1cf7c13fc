// Package crux holds the domain model of an Analysis of Competing Hypotheses
// (ACH) case: the sources that were read, the actors quoted in them, the
// attributed claims, the competing hypotheses, the evidence drawn from the
// claims and the analyst's ratings of every evidence item against every
// hypothesis.
//
// The package imports nothing of the project. The pipeline stages live in
// their own packages and meet here:
//
//	document  → parsed articles                (crux.Source)
//	extract   → attributed claims and actors   (crux.Claim, crux.Actor)
//	evidence  → the case's evidence items      (crux.Evidence)
//	ach       → scores of the matrix           (ach.Scores)
//	report    → what we know so far            (Markdown, HTML, CSV, JSON-LD)
//
// A Case is saved as a versioned JSON case file (see FormatName and
// FormatVersion); Decode reads one strictly and Validate reports every
// problem with its path, e.g. `evidence[3].ratings.H2: unknown rating "X"`.
package crux
