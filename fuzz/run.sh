#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 20) from its seed corpus; fails on the first
# crash, leaving the crashing input under fuzz/artifacts/. Needs cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-20}
cargo fuzz build -s none -O
for target in jsonl html feed warc clean; do
  mkdir -p "corpus/$target"
  # New inputs go to a scratch folder: the committed seeds stay as they are.
  scratch=$(mktemp -d)
  echo "fuzz $target: ${seconds} s"
  log="$scratch.log"
  if ! cargo fuzz run -s none -O "$target" "$scratch" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 > "$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz $target: failed (the input is under fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  grep -E "^(Done|stat::peak_rss_mb)" "$log" || true
  rm -rf "$scratch" "$log"
done
