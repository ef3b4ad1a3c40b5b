#!/usr/bin/env bash
# Benchmark of `storyline timeline` on a 2,000-article topic: the Timeline17 dev articles
# (1,866, both topics) topped up with re-numbered copies of the first ones. Prints the wall
# time of each of 3 runs and peak memory. Run from the repo root:
#   bash bench/timeline.sh [N]
set -euo pipefail
n=${1:-2000}
out=bench-out
mkdir -p "$out"
cargo build --release --quiet
corpus="$out/t17-$n.jsonl"
python3 - "$n" "$corpus" <<'PY'
import glob, json, sys
n, path = int(sys.argv[1]), sys.argv[2]
rows = [json.loads(l) for f in sorted(glob.glob("../shared/data/timelines/t17-dev/*/articles.jsonl")) for l in open(f)]
with open(path, "w") as out:
    for i in range(n):
        r = dict(rows[i % len(rows)])
        r["id"] = f"b{i}"
        out.write(json.dumps(r) + "\n")
PY
echo "articles: $(wc -l < "$corpus")  size: $(du -m "$corpus" | cut -f1) MB  cores: $(nproc)"
# Exit code 1 (a few Timeline17 lines have empty text and are rejected) still measures.
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %U s user, peak RSS %M KB" \
    ./target/release/storyline timeline "$corpus" --dates 40 --per-date 2 > /dev/null 2> "$out/timeline.err" || [ $? -eq 1 ]
  tail -1 "$out/timeline.err"
done
