#!/usr/bin/env python3
"""Reference scores for `storyline eval cluster`: the offline baseline the grouping issue names
("TF-IDF with average-link agglomerative clustering and a tuned threshold"), run on the shared
clustering sets with the distance threshold tuned on the very data it is scored on (so an
upper bound for that method, not a fair held-out figure).

    pip install scikit-learn scipy numpy
    python3 bench/cluster_baseline.py [--data ../shared/data/clustering]

For each set and gold level it prints the best BCubed F1 over a grid of thresholds, for
plain and sublinear term frequencies, unigrams and unigrams+bigrams (bigrams seen at least
twice). The scorer is the same BCubed as the Rust harness (per item, averaged).
"""

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist
from sklearn.feature_extraction.text import TfidfVectorizer


def bcubed(pred, gold):
    """BCubed precision, recall and F1 of a predicted clustering against gold labels."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    prec = rec = 0.0
    for i in range(len(pred)):
        a, b = by_pred[pred[i]], by_gold[gold[i]]
        shared = len(a & b)
        prec += shared / len(a)
        rec += shared / len(b)
    prec, rec = prec / len(pred), rec / len(pred)
    return prec, rec, 2 * prec * rec / (prec + rec)


def load_ecb(path):
    rows = [json.loads(line) for line in path.open()]
    texts = [" ".join(r["sentences"]) for r in rows]
    return texts, {"event": [r["event"] for r in rows], "topic": [r["topic"] for r in rows]}


def load_uci(path):
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["TITLE"] for r in rows], {"STORY": [r["STORY"] for r in rows]}


def best_scores(texts, golds, thresholds):
    """Best F1 per gold level for each vectoriser setting, with its threshold."""
    settings = {
        "tf": dict(sublinear_tf=False),
        "log-tf": dict(sublinear_tf=True),
        "log-tf+bigrams": dict(sublinear_tf=True, ngram_range=(1, 2), min_df=2),
    }
    for name, kw in settings.items():
        x = TfidfVectorizer(stop_words="english", **kw).fit_transform(texts).toarray()
        # One average-link tree, cut at each threshold. A text without a kept word has no
        # direction: its distances are 1 (it joins nothing below the top).
        dist = np.nan_to_num(pdist(x, metric="cosine"), nan=1.0)
        tree = linkage(dist, method="average")
        best = {level: (0.0, None, None) for level in golds}
        for th in thresholds:
            labels = fcluster(tree, t=th, criterion="distance")
            for level, gold in golds.items():
                p, r, f = bcubed(labels, gold)
                if f > best[level][0]:
                    best[level] = (f, th, (p, r))
        for level, (f, th, (p, r)) in best.items():
            print(f"  {name:<15} {level:<6} best F1 {f:.3f} (P {p:.3f} R {r:.3f}) at distance {th:.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="../shared/data/clustering", type=Path)
    args = ap.parse_args()
    grid = [round(t, 2) for t in np.arange(0.60, 0.99, 0.02)]
    print("ECB+ dev (ecbplus-dev.jsonl)")
    best_scores(*load_ecb(args.data / "ecbplus-dev.jsonl"), grid)
    print("UCI headlines (uci-news-2014-03.csv)")
    best_scores(*load_uci(args.data / "uci-news-2014-03.csv"), grid)


if __name__ == "__main__":
    main()
