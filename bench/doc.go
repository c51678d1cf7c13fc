// Package bench is the benchmark suite behind `crux bench`: in one run on
// one machine it measures extraction speed (MB/s) and accuracy (PolNeAR F1,
// with the extract package's scorer), the scoring engine on a synthetic
// 100 × 10 000 case (with sensitivity and Monte Carlo), the web API's read
// and write rates when the web package offers a load test, and, side by
// side, the npm package compromise run on the same texts through the
// harness in tools/peer.
//
// Unlike the pipeline packages, bench does I/O: it reads the corpus, starts
// node for the peer and writes the peer's output to a temporary folder.
// Progress goes to the writer the caller gives; results come back as a
// Report, printed as tables or JSON.
package bench
