#!/usr/bin/env python3
"""Score a store's grouping against the generator's truth (used by bench/scale.sh).

Reads `storyline export` lines on stdin and the generator's labels file (argument): prints the
event BCubed F1, the biggest storyline's share of all articles, how many of the generator's
base articles it mixes, and the share of all articles held by the story most of it tells.

A story is what a reader would call one: the generator's Timeline17 bases are reports of a few
long-running stories (one a Timeline17 topic such as the BP oil spill), so every base of a
topic is one story; each other base is a story of its own. A storyline holding no more than
its story's share has not snowballed, however many bases it mixes.
"""
import collections, glob, json, os, sys


def bcubed_f1(pred, gold):
    """Per-item BCubed precision and recall, averaged, and their F1."""
    pairs = collections.Counter(zip(pred, gold))
    psize = collections.Counter(pred)
    gsize = collections.Counter(gold)
    n = len(pred)
    precision = sum(c * c / psize[p] for (p, _), c in pairs.items()) / n
    recall = sum(c * c / gsize[g] for (_, g), c in pairs.items()) / n
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def t17_topics(data):
    """The topic of each Timeline17 base, in the generator's order (files sorted, one base a
    line with text)."""
    topics = []
    for path in sorted(glob.glob(os.path.join(data, "timelines/t17-dev/*/articles.jsonl"))):
        topic = os.path.basename(os.path.dirname(path)).split("_")[0]
        with open(path, encoding="utf-8") as f:
            for line in f:
                if any(s.strip() for s in json.loads(line)["text"].split("\n")):
                    topics.append(topic)
    return topics


def main():
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../shared/data")
    topics = t17_topics(data)
    truth = {}
    with open(sys.argv[1]) as f:
        for line in f:
            x = json.loads(line)
            base = x["base"]
            t17 = x.get("source") == "t17" and base < len(topics)
            story = topics[base] if t17 else f"base-{base}"
            truth[x["id"]] = (x["event"], base, story)
    events, gold, storylines, bases, stories = [], [], [], [], []
    for line in sys.stdin:
        a = json.loads(line)
        if a["id"] not in truth:
            continue
        event, base, story = truth[a["id"]]
        events.append(a.get("event") or a["id"])
        gold.append(event)
        storylines.append(a.get("storyline") or a["id"])
        bases.append(base)
        stories.append(story)
    sizes = collections.Counter(storylines)
    top, count = sizes.most_common(1)[0]
    mixed = len({b for s, b in zip(storylines, bases) if s == top})
    told = collections.Counter(st for s, st in zip(storylines, stories) if s == top)
    story = told.most_common(1)[0][0]
    story_share = collections.Counter(stories)[story] / len(stories)
    print(f"{bcubed_f1(events, gold):.4f} {count / len(storylines):.4f} {mixed} {story_share:.4f}")


if __name__ == "__main__":
    main()
