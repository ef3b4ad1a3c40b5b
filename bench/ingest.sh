#!/usr/bin/env bash
# Benchmark of `storyline ingest` (cleaning + storage) on a >= 50 MB JSONL corpus built from
# ../shared/data. Prints articles per second and peak memory (max RSS). Run from the repo root:
#   bash bench/ingest.sh [MB] [INGEST OPTIONS...]
# e.g. `bash bench/ingest.sh 55 --ungrouped` for cleaning and storage alone.
set -euo pipefail
mb=${1:-55}
shift || true
out=bench-out
mkdir -p "$out"
cargo build --release --quiet
[ -f "$out/corpus-$mb.jsonl" ] || python3 bench/make_corpus.py --mb "$mb" --out "$out/corpus-$mb.jsonl"
n=$(wc -l < "$out/corpus-$mb.jsonl")
rm -f "$out"/bench.db*
start=$(date +%s.%N)
# Exit code 1 (some input rejected) still leaves a valid measurement.
/usr/bin/time -f "%M" -o "$out/rss.txt" ./target/release/storyline ingest "$@" "$out/corpus-$mb.jsonl" --db "$out/bench.db" > "$out/ingest.txt" || [ $? -eq 1 ]
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
rss_mb=$(echo "$(tail -1 "$out/rss.txt") / 1024" | bc)
cat "$out/ingest.txt"
printf 'articles: %d  size: %s MB  time: %.2f s  rate: %.0f articles/s  peak RSS: %s MiB  cores: %s\n' \
  "$n" "$mb" "$secs" "$(echo "$n / $secs" | bc -l)" "$rss_mb" "$(nproc)"
