// Package ach scores an Analysis of Competing Hypotheses case: Heuer's
// inconsistency scores (as PARC ACH 2.0 computes them), diagnosticity, a
// Bayesian posterior, leave-one-out and rating-step sensitivity, and a Monte
// Carlo robustness figure. It does no I/O. Full documentation follows with
// the implementation.
package ach
