// Package cputime reads the CPU time the process has used. Benchmarks and
// the load harness report it beside wall time: on a machine shared with
// other work, wall time grows with the neighbours' load and CPU time much
// less.
package cputime

import "time"

// Process returns the user + system CPU time of this process so far, or 0
// where the platform does not say (then callers report no CPU figure).
func Process() time.Duration { return process() }
