#!/usr/bin/env bash
# Benchmark of `storyline serve` with 100,000 stored articles: story JSON, story page, home page
# and search latency (p50/p90/p99) under a bounded closed-loop load on loopback
# (benches/serve_load.rs). Run from the repo root:
#   bash bench/serve.sh            # builds the 100k store the first time (a few minutes)
#   bash bench/serve.sh --mixed    # 200 clients x 30 s over home, story JSON, search API and
#                                  # storylines filtered by words; errors (any answer but 200,
#                                  # 503s included) counted, server peak memory printed
# Settings passed through: LOAD_CONNECTIONS, LOAD_REQUESTS, LOAD_STORIES (LOAD_SECONDS with
# --mixed).
set -euo pipefail
out=bench-out
mkdir -p "$out"
cargo build --release --quiet
corpus="$out/cc-100k.jsonl"
db="$out/serve-100k.db"
[ -f "$corpus" ] || python3 bench/make_cluster_corpus.py --n 100000 --out "$corpus"
if [ ! -f "$db" ]; then
  ./target/release/storyline ingest "$corpus" --db "$db" > "$out/serve-ingest.txt" || [ $? -eq 1 ]
fi
port=${PORT:-18080}
stories=${LOAD_STORIES:-50}
./target/release/storyline serve --db "$db" --addr "127.0.0.1:$port" --warm "$stories" \
  > "$out/serve.out" 2> "$out/serve.err" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
# The story views are computed once at start; measure the steady state after that.
start=$(date +%s)
until grep -q "story views ready" "$out/serve.err"; do
  kill -0 $server 2>/dev/null || { cat "$out/serve.err"; exit 1; }
  sleep 1
done
if [ "${1:-}" = --mixed ]; then
  # Storylines up to 10,000 articles: the generated corpus joins most articles into one huge
  # storyline whose JSON is tens of MB (a grouping problem, issue 24), not a serving one.
  LOAD_SECONDS=${LOAD_SECONDS:-30} LOAD_CONNECTIONS=${LOAD_CONNECTIONS:-200} LOAD_MAX_ARTICLES=10000 \
    STORYLINE_URL="http://127.0.0.1:$port" cargo bench --quiet --bench serve_load
  echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MiB"}')"
  exit 0
fi
echo "articles: $(sqlite3 "$db" 'select count(*) from articles' 2>/dev/null || echo 100000); warm-up of $stories story views: $(( $(date +%s) - start )) s"
STORYLINE_URL="http://127.0.0.1:$port" cargo bench --quiet --bench serve_load
# The generated corpus joins most articles into one storyline (tens of thousands of articles,
# a story JSON of tens of MB); the same load without storylines over 10,000 articles:
echo "-- without storylines over 10,000 articles"
LOAD_MAX_ARTICLES=10000 STORYLINE_URL="http://127.0.0.1:$port" cargo bench --quiet --bench serve_load
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MiB"}')"
