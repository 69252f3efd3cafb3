#!/usr/bin/env bash
# Times the Indonesian stemmer: builds a word list (first column of the
# Snowball evaluation list, 64k distinct Wikipedia words, unless a file is
# given), runs the stemmer benchmarks five times and prints the median
# words per second of each.
#
#   bench/stem/run.sh [word-list]        (from anywhere in the repository)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
src=${1:-$root/../shared/eval/stem/snowball_outputs.tsv}
if [[ ! -r $src ]]; then
	echo "run.sh: word list $src not found" >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cut -f1 "$src" | awk 'NF && !seen[$0]++' | head -n 65536 >"$work/words.txt"
echo "words: $(wc -l <"$work/words.txt") distinct, from $src"

cd "$root"
STEM_BENCH_WORDS="$work/words.txt" go test ./internal/indonesian/ -run '^$' \
	-bench 'BenchmarkStem(Distinct|Repeated|Lines)$' -benchtime 1s -count 5 | tee "$work/bench.txt"

echo
echo "median words/s over 5 runs:"
awk '/^BenchmarkStem/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	for (i = 2; i < NF; i++) if ($(i + 1) == "words/s") v[name] = v[name] " " $i
}
END {
	for (name in v) {
		n = split(substr(v[name], 2), a, " ")
		# insertion sort, then the middle value
		for (i = 2; i <= n; i++) { x = a[i] + 0; j = i - 1; while (j > 0 && a[j] + 0 > x) { a[j + 1] = a[j]; j-- } a[j + 1] = x }
		med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		printf "  %-24s %12.0f\n", name, med
	}
}' "$work/bench.txt" | sort
