#!/usr/bin/env bash
# Reproducible performance figures: Go benchmarks of the parser and the
# converter, then the wall time of whole `convert` processes on the
# benchmark Jenkinsfile and on every corpus file (median of 20 runs each).
# Usage: bash scripts/bench.sh [corpus-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/jenkinsfiles}

go test -run '^$' -bench . -benchmem -count 5 ./jenkins/groovy ./convert

bin=$(mktemp -d)/jenkins2actions
trap 'rm -rf "$(dirname "$bin")"' EXIT
CGO_ENABLED=0 go build -o "$bin" .

median_ms() { # file: median wall time of 20 convert runs, in milliseconds
  local f=$1 times=()
  for _ in $(seq 20); do
    local s e
    s=$(date +%s%N)
    "$bin" convert "$f" --stdout >/dev/null 2>&1 || true
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 10p | awk '{printf "%.1f", $1 / 1000}'
}

echo "convert process, median wall time of 20 runs:"
echo "  $(median_ms jenkins/groovy/testdata/bench/Jenkinsfile) ms  jenkins/groovy/testdata/bench/Jenkinsfile ($(wc -l < jenkins/groovy/testdata/bench/Jenkinsfile) lines)"
if [ -d "$corpus" ]; then
  for f in "$corpus"/*/Jenkinsfile; do
    echo "  $(median_ms "$f") ms  $f ($(wc -l < "$f") lines)"
  done
fi
