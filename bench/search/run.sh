#!/usr/bin/env bash
# Search benchmark (issue: search in Bahasa Indonesia).
#  1. quality: MRR@10, nDCG@10, Recall@100 and p50/p99 latency of Lumbung and
#     of SQLite FTS5 bm25 on raw tokens, computed in the same run, on the
#     ../shared/eval collections (bench/searcheval);
#  2. scale: N generated practices (default 100000; set N=1000000 for the
#     large run): import, indexing rate, query latency, peak RSS
#     (bench/genpractices + bench/searchload): queries without facets,
#     then again with facets and highlights, as the search page asks.
# Usage: bench/search/run.sh   (from the repo root)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/searcheval" ./bench/searcheval
go build -o "$work/genpractices" ./bench/genpractices
go build -o "$work/searchload" ./bench/searchload
for set in tydiqa-id facqa-id; do
  "$work/searcheval" -set ../shared/eval/$set
  echo
done
echo "== scale: $N practices"
"$work/genpractices" -n "$N" >"$work/gen.jsonl"
"$work/searchload" -in "$work/gen.jsonl" -dir "$work/data" -facets=false
echo "-- the same index, queries with facets (the search page's query)"
"$work/searchload" -reuse -dir "$work/data" -facets=true
