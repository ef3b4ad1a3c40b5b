#!/usr/bin/env python3
"""Score a store's grouping against the generator's truth (used by bench/scale.sh).

Reads `storyline export` lines on stdin and the generator's labels file (argument): prints the
event BCubed F1, the biggest storyline's share of all articles, and how many of the
generator's base stories that storyline mixes.
"""
import collections, json, sys


def bcubed_f1(pred, gold):
    """Per-item BCubed precision and recall, averaged, and their F1."""
    pairs = collections.Counter(zip(pred, gold))
    psize = collections.Counter(pred)
    gsize = collections.Counter(gold)
    n = len(pred)
    precision = sum(c * c / psize[p] for (p, _), c in pairs.items()) / n
    recall = sum(c * c / gsize[g] for (_, g), c in pairs.items()) / n
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main():
    truth = {}
    with open(sys.argv[1]) as f:
        for line in f:
            x = json.loads(line)
            truth[x["id"]] = (x["event"], x["base"])
    events, gold, storylines, bases = [], [], [], []
    for line in sys.stdin:
        a = json.loads(line)
        if a["id"] not in truth:
            continue
        event, base = truth[a["id"]]
        events.append(a.get("event") or a["id"])
        gold.append(event)
        storylines.append(a.get("storyline") or a["id"])
        bases.append(base)
    sizes = collections.Counter(storylines)
    top, count = sizes.most_common(1)[0]
    mixed = len({b for s, b in zip(storylines, bases) if s == top})
    print(f"{bcubed_f1(events, gold):.4f} {count / len(storylines):.4f} {mixed}")


if __name__ == "__main__":
    main()
