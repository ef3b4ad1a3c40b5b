#!/usr/bin/env python3
"""Build a JSONL benchmark corpus of at least --mb megabytes from ../shared/data.

Bodies are news: Timeline17 articles and the main_content of WCXB pages typed `article`; each copy gets a fresh id, a
shuffled paragraph order, a few dropped words and a re-dated publication day, so the corpus
is large without being one text repeated. Deterministic for a given --seed.
"""
import argparse, glob, gzip, json, os, random, sys

def bodies(data):
    for path in sorted(glob.glob(os.path.join(data, "extraction/wcxb-dev/ground-truth/*.json"))):
        with open(path) as f:
            gt = json.load(f).get("ground_truth", {})
        text = gt.get("main_content") or ""
        page_type = (json.load(open(path)).get("_internal") or {}).get("page_type") or {}
        if page_type.get("primary") == "article" and len(text) > 400:
            yield gt.get("title"), text
    t17 = os.path.join(data, "timelines/t17-dev")
    for path in sorted(glob.glob(os.path.join(t17, "**/articles.jsonl"), recursive=True)):
        with open(path) as f:
            for line in f:
                a = json.loads(line)
                yield None, a["text"]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--mb", type=float, default=55)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = list(bodies(args.data))
    if not pool:
        sys.exit(f"no source texts under {args.data}")
    target = int(args.mb * 1024 * 1024)
    written = n = 0
    with open(args.out, "w") as out:
        while written < target:
            title, text = pool[n % len(pool)]
            paras = [p for p in text.split("\n") if p.strip()]
            if n >= len(pool):
                rng.shuffle(paras)
                paras = [" ".join(w for w in p.split(" ") if rng.random() > 0.02) for p in paras]
            body = "\n\n".join(p for p in paras if p.strip())
            n += 1
            if not body.strip():
                continue
            rec = {"id": f"bench-{n}", "text": body,
                   "published": f"20{rng.randint(10, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   "publisher": f"Outlet {n % 40}"}
            if title:
                rec["title"] = title
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode())
    print(f"{args.out}: {n} articles, {written / 1048576:.1f} MiB")

main()
