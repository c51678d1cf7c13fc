#!/usr/bin/env bash
# abba.sh: compare the speed of a Go benchmark at two git revisions on a
# noisy machine.
#
# On a shared virtual machine the speed of one binary moves by a third or
# more from minute to minute (other tenants' use of the memory system), so
# two runs made minutes apart say little. abba.sh builds the package's test
# binary at each revision and runs them in ABBA order (A, B, B, A) round
# after round on one core, so that both see the same moments; it prints
# each round and the median of the per-round ratios, with the median and
# best speed of each.
#
# Usage: tools/abba.sh OLD NEW [ROUNDS] [PACKAGE] [BENCHMARK]
#   OLD, NEW   git revisions (NEW may be "." for the working tree)
#   ROUNDS     ABBA rounds (default 12)
#   PACKAGE    package directory (default ./extract)
#   BENCHMARK  benchmark regexp (default 'BenchmarkExtract$')
# Example: tools/abba.sh 4f00d11 . 16
#
# A ratio OLD/NEW above 1 means NEW is faster. Each run is 5 iterations of
# the benchmark with GOMAXPROCS=1, pinned to the last CPU.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
old=$1 new=$2 rounds=${3:-12} pkg=${4:-./extract} bench=${5:-'BenchmarkExtract$'}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; git -C "$root" worktree remove --force "$tmp/new" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

build() { # build REV OUT
	local dir=$root
	if [ "$1" != "." ]; then
		dir=$tmp/$(basename "$2" .test)
		git -C "$root" worktree add -q --detach "$dir" "$1"
	fi
	(cd "$dir" && go test -c -o "$2" "$pkg")
}
build "$old" "$tmp/old.test"
build "$new" "$tmp/new.test"

cpu=$(($(nproc) - 1))
dir=$root/$pkg # the binaries read ../../shared relative to the package, as go test does
run() { (cd "$dir" && GOMAXPROCS=1 taskset -c "$cpu" "$1" -test.run '^$' -test.bench "$bench" -test.benchtime 5x) | awk '/^Benchmark/ {print $3; exit}'; }
printf '%5s %14s %14s %8s\n' round "old ns/op" "new ns/op" old/new
for r in $(seq "$rounds"); do
	a1=$(run "$tmp/old.test")
	b1=$(run "$tmp/new.test")
	b2=$(run "$tmp/new.test")
	a2=$(run "$tmp/old.test")
	a=$(((a1 + a2) / 2)) b=$(((b1 + b2) / 2))
	printf '%5d %14d %14d %8.3f\n' "$r" "$a" "$b" "$(echo "$a / $b" | bc -l)"
	echo "$a $b" >>"$tmp/rounds"
done
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratios() { awk '{print $1 / $2}' "$tmp/rounds"; }
col() { awk -v c="$1" '{print $c}' "$tmp/rounds"; }
printf 'median old/new %.3f (min %.3f, max %.3f) over %d rounds\n' "$(ratios | median)" "$(ratios | sort -g | head -1)" "$(ratios | sort -g | tail -1)" "$rounds"
printf 'ns/op median: old %.0f, new %.0f; best: old %.0f, new %.0f\n' "$(col 1 | median)" "$(col 2 | median)" "$(col 1 | sort -g | head -1)" "$(col 2 | sort -g | head -1)"
