#!/usr/bin/env bash
# Foundation benchmark (issue: practice repository).
#  1. the practice page of `lumbung serve --demo` under wrk at 64 connections,
#     against nginx serving the very same HTML bytes as a static file, in the
#     same run: requests/s, p50/p99 latency, and the ratio dynamic/static;
#  2. idle RSS of the server after start-up with demo data;
#  3. time to import 10,000 practices into a fresh SQLite database.
# Medians over RUNS runs (default 3). Needs wrk and nginx (installed from
# Debian if missing). Usage: bench/foundation/run.sh   (from the repo root)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
PAGE=${PAGE:-/practices/1}
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
fi
work=$(mktemp -d)
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null
  [[ -s $work/nginx.pid ]] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null && sleep 0.5
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/lumbung" ./cmd/lumbung
go build -o "$work/genpractices" ./bench/genpractices

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# --- server with demo data
port=18080; sport=18081
"$work/lumbung" serve --demo --data "$work/data" --addr 127.0.0.1:$port >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port$PAGE" -o "$work/page.html" || { echo "no page at $PAGE"; cat "$work/serve.log"; exit 1; }
sleep 2
rss_idle=$(awk '/VmRSS/ {print $2/1024}' /proc/$pid/status)

# --- nginx serving the same bytes
mkdir -p "$work/www"; cp "$work/page.html" "$work/www/page.html"
chmod 755 "$work" "$work/www"; chmod 644 "$work/www/page.html"   # nginx workers run as www-data
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  # Debian's defaults for static files (sendfile, tcp_nopush), without the
  # access log, which would only slow nginx down.
  sendfile on;
  tcp_nopush on;
  access_log off;
  types { text/html html; }
  server { listen 127.0.0.1:$sport; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf"
sleep 0.5
bytes_dyn=$(curl -s "http://127.0.0.1:$port$PAGE" | wc -c)
bytes_static=$(curl -s "http://127.0.0.1:$sport/page.html" | wc -c)
if [[ $bytes_static != "$(wc -c <"$work/page.html")" ]]; then echo "nginx does not serve the page ($bytes_static bytes)"; cat "$work/nginx-error.log"; exit 1; fi

# wrk prints latency percentiles with units; convert to ms.
tomsec() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'; }
measure() { # url -> "rps p50 p99"
  local out; out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$1")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out" | tomsec)
  p99=$(awk '$1=="99%" {print $2}' <<<"$out" | tomsec)
  echo "$rps $p50 $p99"
}
: >"$work/dyn"; : >"$work/static"
wrk -t2 -c"$CONNS" -d2s "http://127.0.0.1:$port$PAGE" >/dev/null   # warm-up
for i in $(seq "$RUNS"); do
  measure "http://127.0.0.1:$port$PAGE" >>"$work/dyn"
  measure "http://127.0.0.1:$sport/page.html" >>"$work/static"
done
rss_after=$(awk '/VmRSS/ {print $2/1024}' /proc/$pid/status)
kill $pid; wait $pid 2>/dev/null || true; pid=

dyn_rps=$(cut -d' ' -f1 "$work/dyn" | median); dyn_p50=$(cut -d' ' -f2 "$work/dyn" | median); dyn_p99=$(cut -d' ' -f3 "$work/dyn" | median)
st_rps=$(cut -d' ' -f1 "$work/static" | median); st_p50=$(cut -d' ' -f2 "$work/static" | median); st_p99=$(cut -d' ' -f3 "$work/static" | median)

# --- import 10,000 practices into a fresh SQLite database
"$work/genpractices" -n 10000 >"$work/10k.jsonl"
: >"$work/import"
for i in $(seq "$RUNS"); do
  rm -rf "$work/imp"
  "$work/lumbung" migrate --data "$work/imp" >/dev/null
  s=$(date +%s.%N)
  "$work/lumbung" import practices "$work/10k.jsonl" --data "$work/imp" >/dev/null
  e=$(date +%s.%N)
  awk -v e="$e" -v s="$s" 'BEGIN {print e - s}' >>"$work/import"
done
imp=$(median <"$work/import")

echo "== Lumbung foundation benchmark ($(date -u +%F), $(nproc) cores, $RUNS runs, median)"
printf 'page %s (%s bytes dynamic, %s bytes static), wrk -t2 -c%s -d%s\n' "$PAGE" "$bytes_dyn" "$bytes_static" "$CONNS" "$DURATION"
printf '  lumbung serve : %10.0f req/s   p50 %6.2f ms   p99 %6.2f ms\n' "$dyn_rps" "$dyn_p50" "$dyn_p99"
printf '  nginx static  : %10.0f req/s   p50 %6.2f ms   p99 %6.2f ms\n' "$st_rps" "$st_p50" "$st_p99"
printf '  ratio dynamic/static: %.2f   (target >= 0.50; p99 target < 50 ms)\n' "$(awk -v a="$dyn_rps" -v b="$st_rps" 'BEGIN {print a / b}')"
printf 'idle RSS after start with demo data: %.1f MB (target < 60 MB); after the load test: %.1f MB\n' "$rss_idle" "$rss_after"
printf 'import 10,000 practices into SQLite: %.2f s (target < 20 s); runs: %s\n' "$imp" "$(tr '\n' ' ' <"$work/import")"
