#!/usr/bin/env bash
# Load benchmark of `storyline serve` on a 100,000-article store, loopback only: 200 keep-alive
# clients for 30 s over the home page, story JSON, the search API and storylines filtered by a
# query (benches/serve_load.rs, LOAD_SECONDS mode). Prints requests, errors (any answer but
# 200, 503s included), latency percentiles and the server's peak memory. Run from the repo root:
#   bash bench/load.sh             # builds the 100k store the first time (a few minutes)
# Settings: LOAD_CONNECTIONS (default 200), LOAD_SECONDS (default 30), LOAD_STORIES (50).
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
port=${PORT:-18081}
stories=${LOAD_STORIES:-50}
./target/release/storyline serve --db "$db" --addr "127.0.0.1:$port" --warm "$stories" \
  > "$out/load-serve.out" 2> "$out/load-serve.err" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until grep -q "story views ready" "$out/load-serve.err"; do
  kill -0 $server 2>/dev/null || { cat "$out/load-serve.err"; exit 1; }
  sleep 1
done
# Storylines up to 10,000 articles: the generated corpus joins most articles into one huge
# storyline whose JSON is tens of MB (issue 24's grouping problem), not a serving one.
LOAD_SECONDS=${LOAD_SECONDS:-30} LOAD_CONNECTIONS=${LOAD_CONNECTIONS:-200} LOAD_MAX_ARTICLES=10000 \
  STORYLINE_URL="http://127.0.0.1:$port" cargo bench --quiet --bench serve_load
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MiB"}'), threads now: $(grep Threads /proc/$server/status | awk '{print $2}')"
