#!/usr/bin/env bash
# KM Award console benchmark (issue 11): every page of the secretariat's
# console for an edition of the real award's size (51 entries, 15 jurors,
# two rounds with assignments and sheets), rendered through the real router
# by BenchmarkAwardConsolePages (internal/web), signed in as the
# secretariat. Prints the median milliseconds per page over COUNT runs of
# TIMES requests each; the target is under 200 ms per page.
# Usage: bench/award/run.sh   (from anywhere in the repo)
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${COUNT:-5}
TIMES=${TIMES:-10x}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test ./internal/web/ -run '^$' -bench '^BenchmarkAwardConsolePages$' -benchtime "$TIMES" -count "$COUNT" | tee "$out" >&2
echo
printf '%-22s %10s %10s %10s\n' page median_ms min_ms max_ms
grep '^BenchmarkAwardConsolePages/' "$out" | awk '{
  name = $1; sub(/^BenchmarkAwardConsolePages\//, "", name); sub(/-[0-9]+$/, "", name)
  for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") ms[name] = ms[name] " " $i / 1e6
} END {
  for (n in ms) {
    k = split(substr(ms[n], 2), v, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    med = (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
    printf "%-22s %10.1f %10.1f %10.1f\n", n, med, v[1], v[k]
  }
}' | sort
