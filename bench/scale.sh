#!/usr/bin/env bash
# Grouping at scale: for each size, generate a corpus with known events (bench/make_cluster_corpus.py,
# --max-chars 5000), ingest it grouped into a fresh store, and report what a user of that store
# would see: ms per article, peak RSS, store size per article, event BCubed F1 against the
# generator's events, the biggest storyline's share, the base articles it mixes and the share of
# all articles held by the story it mostly tells (bench/scale_score.py), the time of
# `story` on the biggest storyline and of a first `search`. Run from the repo root:
#   bash bench/scale.sh [SIZE...]        e.g. bash bench/scale.sh 10000 100000 300000 1000000
# Corpora are kept in bench-out/ (generation takes about 4 minutes a million articles).
set -euo pipefail
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
out=bench-out
mkdir -p "$out"
cargo build --release --quiet
bin=./target/release/storyline
printf '%-9s %9s %9s %10s %9s %9s %9s %9s %9s %9s\n' articles ms/article 'RSS MiB' 'KB/article' 'event F1' biggest bases 'its story' 'story s' 'search s'
for n in "${sizes[@]}"; do
  corpus="$out/scale-$n.jsonl"
  labels="$out/scale-$n.labels.jsonl"
  [ -f "$corpus" ] || python3 bench/make_cluster_corpus.py --n "$n" --max-chars 5000 \
    --out "$corpus" --labels "$labels" > /dev/null
  db="$out/scale-$n.db"
  rm -f "$db" "$db"-wal "$db"-shm
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$out/scale-rss.txt" "$bin" ingest --db "$db" "$corpus" > /dev/null 2>&1 || [ $? -eq 1 ]
  end=$(date +%s.%N)
  rss_mb=$(( $(tail -1 "$out/scale-rss.txt") / 1024 ))
  bytes=$(du -cb "$db"* | tail -1 | cut -f1)
  biggest=$("$bin" stories --db "$db" --json | python3 -c 'import json,sys; print(max(json.load(sys.stdin), key=lambda s: s["articles"])["id"])')
  s0=$(date +%s.%N)
  "$bin" story --db "$db" "$biggest" --json > /dev/null
  s1=$(date +%s.%N)
  "$bin" search --db "$db" harbour storm > /dev/null
  s2=$(date +%s.%N)
  read -r f1 share bases story < <("$bin" export --db "$db" | python3 bench/scale_score.py "$labels")
  printf '%-9s %9.3f %9s %10.1f %9s %9s %9s %9s %9.2f %9.2f\n' "$n" \
    "$(echo "($end - $start) * 1000 / $n" | bc -l)" "$rss_mb" "$(echo "$bytes / 1024 / $n" | bc -l)" \
    "$f1" "$share" "$bases" "$story" "$(echo "$s1 - $s0" | bc -l)" "$(echo "$s2 - $s1" | bc -l)"
done
