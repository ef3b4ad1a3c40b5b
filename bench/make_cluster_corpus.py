#!/usr/bin/env python3
"""Build a JSONL corpus with event-cluster structure, for benchmarking dedup + event clustering.

Base articles come from ../shared/data: Timeline17 articles (t17-dev), WCXB pages typed `article`
(main_content over 400 chars, with their titles) and ECB+ documents. PTB tokenisation is undone
lightly so the text reads like ordinary prose.

The corpus is a set of *events*. Each event takes one base article and a date in 2005-2025 and
has a heavy-tailed size (most events 1-3 articles, some 10-50, a few up to --max-event). Every
article of an event is a variant of that base: dated within +-3 days, paragraphs partly
reordered, 0-25% of sentences and ~2% of words dropped. With probability 0.15 a variant is a
near-exact copy (0-1% word drops, same order: wire copy republished), and with probability 0.2 a
few paragraphs of another base from the same source are appended (mixed content). A base used by
more than one event is renamed for every event after the first: capitalised words that do not
start a sentence become pseudo-names derived from (event id, word), and numbers are shifted, so
distinct events of one base are similar but not identical.

Output lines: {"id", "text", "title", "published", "publisher"}, sorted by publication day.
Paragraphs are separated by blank lines. --labels writes the ground truth (event of each article,
whether it is a near copy / has mixed content) to a separate JSONL file.
Deterministic for a given --seed.

    python3 bench/make_cluster_corpus.py --n 100000 --out /tmp/cc-100k.jsonl
"""
import argparse, bisect, datetime, glob, json, os, random, re, sys, time, zlib

# ---------------------------------------------------------------- reading sources

PTB_FIXES = [
    (re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"),
    (re.compile(r"-LSB-"), "["), (re.compile(r"-RSB-"), "]"),
    (re.compile(r"-LCB-"), "{"), (re.compile(r"-RCB-"), "}"),
    (re.compile(r"``\s*"), '"'), (re.compile(r"\s*''"), '"'),
    (re.compile(r"`\s*"), "'"), (re.compile(r"\s+'(?=[\s.,;:!?]|$)"), "'"),
    (re.compile(r"\s+([.,;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$])\s+"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'m|'ll|'d)\b", re.I), r"\1"),
    (re.compile(r"\\([/*])"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
]

# ECB+ also splits hyphens, clock times and a.m./p.m.; some of its documents start with URL lines.
ECB_FIXES = [
    (re.compile(r"(\w) - (?=\w)"), r"\1-"),
    (re.compile(r"(\d) : (?=\d\d\b)"), r"\1:"),
    (re.compile(r"\b([ap]) \. m \.", re.I), r"\1.m."),
]
URLISH = re.compile(r"^(https?|www)\b|( / .*){3}")

def detok(s):
    for pat, rep in PTB_FIXES:
        s = pat.sub(rep, s)
    return s.strip()

# A sentence ends at . ! or ? (optionally followed by a closing quote) before an upper-case start.
SENT_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019]))\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")

def group(sentences, rng):
    """Group a flat sentence list into paragraphs of 1-4 sentences (mostly 2-3)."""
    paras, i = [], 0
    while i < len(sentences):
        k = rng.choice((1, 2, 2, 3, 3, 3, 4))
        paras.append(tuple(sentences[i:i + k]))
        i += k
    return paras

def cap_length(paras, max_chars):
    if max_chars <= 0:
        return paras
    out, total = [], 0
    for p in paras:
        if out and total + sum(len(s) + 1 for s in p) > max_chars:
            break
        out.append(p)
        total += sum(len(s) + 1 for s in p)
    return out

def load_bases(data, rng, max_chars):
    """Return a list of (source, title or None, paragraphs), a paragraph being a tuple of sentences."""
    bases = []
    t17 = os.path.join(data, "timelines/t17-dev")
    for path in sorted(glob.glob(os.path.join(t17, "*/articles.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                sents = [detok(s) for s in a["text"].split("\n") if s.strip()]
                if sents:
                    bases.append(("t17", None, group(sents, rng)))
    for path in sorted(glob.glob(os.path.join(data, "extraction/wcxb-dev/ground-truth/*.json"))):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        gt = d.get("ground_truth") or {}
        text = gt.get("main_content") or ""
        page_type = (d.get("_internal") or {}).get("page_type") or {}
        if page_type.get("primary") != "article" or len(text) <= 400:
            continue
        paras = []
        for p in re.split(r"\n+", text):
            p = " ".join(p.split())
            if p:
                paras.append(tuple(SENT_SPLIT.split(p)))
        title = " ".join((gt.get("title") or "").split()) or None
        if paras:
            bases.append(("wcxb", title, paras))
    ecb = os.path.join(data, "clustering/ecbplus-dev.jsonl")
    if os.path.exists(ecb):
        with open(ecb, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                # "join with newlines": one sentence a line; drop the URL lines some ECB+ docs start with.
                text = "\n".join(d.get("sentences") or [])
                sents = []
                for s in text.split("\n"):
                    if s.strip() and not URLISH.search(s):
                        for pat, r in ECB_FIXES:
                            s = pat.sub(r, s)
                        sents.append(detok(s))
                if sents:
                    bases.append(("ecb", None, group(sents, rng)))
    out = []
    for src, title, paras in bases:
        paras = cap_length(paras, max_chars)
        if sum(len(s) for p in paras for s in p) >= 200:
            out.append((src, title, paras))
    return out

# ---------------------------------------------------------------- renaming

def make_names(rng, count=20000):
    onsets = ["b", "br", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n", "p",
              "pr", "r", "s", "st", "t", "tr", "v", "w", "z", "sh", "ch", "th"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "y"]
    codas = ["", "", "", "n", "r", "s", "l", "m", "k", "nd", "rt", "v", "x"]
    names = set()
    while len(names) < count:
        syl = [rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.choice((2, 2, 3)))]
        names.add(("".join(syl) + rng.choice(codas)).capitalize())
    return sorted(names)

KEEP = set("""The A An And But Or If In On At Of For To By With From As It Its He She They We You I
This That These Those There Here His Her Their Our Your My When While After Before Since What Who Why
How Where Which Mr Mrs Ms Dr Sir St Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
February March April May June July August September October November December Jan Feb Mar Apr Jun Jul
Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun""".split())

CAPWORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
NUMBER = re.compile(r"\d{3,}")     # years, amounts, counts; days, hours and minutes stay valid
FIRST_WORD = re.compile(r"\W*\w+")

class Renamer:
    def __init__(self, names, event_id, shift):
        self.names, self.key, self.shift, self.map = names, event_id + "|", shift, {}

    def _name(self, m):
        w = m.group()
        if w in KEEP:
            return w
        n = self.map.get(w)
        if n is None:
            n = self.names[zlib.crc32((self.key + w).encode()) % len(self.names)]
            self.map[w] = n
        return n

    def _num(self, m):
        d = m.group()
        return str(int(d) + self.shift).zfill(len(d))

    def sentence(self, s):
        m = FIRST_WORD.match(s)
        cut = m.end() if m else 0
        s = s[:cut] + CAPWORD.sub(self._name, s[cut:])
        return NUMBER.sub(self._num, s)

    def title(self, t):
        # Only words that were renamed in the body, so title-case words stay readable.
        t = CAPWORD.sub(lambda m: self.map.get(m.group(), m.group()), t)
        return NUMBER.sub(self._num, t)

# ---------------------------------------------------------------- variants

def drop_words(s, rate, rng):
    words = s.split(" ")
    n = len(words)
    k = int(n * rate + rng.random())          # stochastic rounding: mean n * rate
    if k <= 0 or n < 3:
        return s
    k = min(k, n - 1)
    gone = set(rng.sample(range(n), k))
    return " ".join(w for i, w in enumerate(words) if i not in gone)

def make_variant(paras, bases_by_src, src, base_idx, bases, rng):
    """Return (list of paragraph strings, is_copy, is_mixed)."""
    is_copy = rng.random() < 0.15
    if is_copy:
        rate = rng.uniform(0.0, 0.01)
        out = [" ".join(drop_words(s, rate, rng) for s in p) for p in paras]
    else:
        order = list(range(len(paras)))
        n = len(order)
        if n >= 2:
            lo = 1 if (n > 2 and rng.random() < 0.7) else 0   # usually keep the lede first
            for _ in range(rng.randint(1, max(1, n // 3))):
                i, j = rng.randrange(lo, n), rng.randrange(lo, n)
                order[i], order[j] = order[j], order[i]
        # Drop 0-25% of the sentences (numbered through the base in order), ~2% of the words.
        total = sum(len(p) for p in paras)
        k = min(total - 1, int(rng.uniform(0.0, 0.25) * total + rng.random()))
        gone = set(rng.sample(range(total), k)) if k > 0 else ()
        starts, acc = [], 0
        for p in paras:
            starts.append(acc)
            acc += len(p)
        rate = rng.uniform(0.01, 0.03)
        out = []
        for pi in order:
            base = starts[pi]
            kept = [drop_words(s, rate, rng) for si, s in enumerate(paras[pi]) if base + si not in gone]
            if kept:
                out.append(" ".join(kept))
        if not out:                          # never drop everything
            out = [" ".join(paras[0])]
    is_mixed = rng.random() < 0.2
    if is_mixed:
        pool = bases_by_src[src]
        other = base_idx
        while other == base_idx and len(pool) > 1:
            other = rng.choice(pool)
        op = bases[other][2]
        k = rng.randint(1, 3)
        start = rng.randrange(max(1, len(op) - k + 1))
        out.extend(" ".join(p) for p in op[start:start + k])
    return out, is_copy, is_mixed

TITLE_TAIL = set("a an the of in on at to for by with from and or but as that which who is was are were has have had be its his her their".split())

def first_sentence_title(text, words=12):
    first = SENT_SPLIT.split(text.split("\n", 1)[0], 1)[0]
    w = [x for x in first.split() if any(c.isalnum() for c in x)]
    if not w:                                # e.g. a paragraph opening with "..."
        w = [x for x in text.split() if any(c.isalnum() for c in x)][:words]
    if len(w) <= words:
        return " ".join(w).rstrip(".,;:!?")
    w = w[:words]
    while len(w) > 6 and w[-1].lower() in TITLE_TAIL:   # do not end a cut title on "the", "of" ...
        w.pop()
    return " ".join(w)

# ---------------------------------------------------------------- main

def event_size(rng, alpha, cap):
    """Discrete Pareto, P(size >= k) = k^-alpha, truncated (redrawn) above cap."""
    while True:
        s = int((1.0 - rng.random()) ** (-1.0 / alpha))
        if s <= cap:
            return s

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--n", type=int, default=100000, help="number of articles")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", help="also write ground truth (id, event, base, copy, mixed) as JSONL here")
    ap.add_argument("--outlets", type=int, default=60)
    ap.add_argument("--alpha", type=float, default=1.3, help="tail exponent of event sizes")
    ap.add_argument("--max-event", type=int, default=200)
    ap.add_argument("--max-chars", type=int, default=12000,
                    help="cut base articles to about this many characters at a paragraph boundary (0: no cut)")
    ap.add_argument("--stats", action="store_true", help="print the event-size distribution too")
    args = ap.parse_args()
    t0 = time.time()

    bases = load_bases(args.data, random.Random(args.seed * 7919 + 1), args.max_chars)
    if not bases:
        sys.exit(f"no source texts under {args.data}")
    bases_by_src = {}
    for i, (src, _, _) in enumerate(bases):
        bases_by_src.setdefault(src, []).append(i)
    names = make_names(random.Random(args.seed * 7919 + 2))
    rng = random.Random(args.seed)

    # Events: base, day, size. Bases are dealt from reshuffled decks so each is used about equally.
    first = datetime.date(2005, 1, 1).toordinal()
    last = datetime.date(2025, 12, 31).toordinal()
    events, total, deck, uses = [], 0, [], [0] * len(bases)
    while total < args.n:
        if not deck:
            deck = list(range(len(bases)))
            rng.shuffle(deck)
        b = deck.pop()
        size = min(event_size(rng, args.alpha, args.max_event), args.n - total)
        eid = f"ev-{len(events) + 1:06d}"
        renamed = uses[b] > 0
        uses[b] += 1
        events.append((eid, b, rng.randint(first, last), size, rng.randint(1, 9) if renamed else 0))
        total += size

    # Articles: (day, tie-break, event index); emitted in day order.
    plan = []
    for ei, (_, _, day, size, _) in enumerate(events):
        for _ in range(size):
            d = min(last, max(first, day + rng.randint(-3, 3)))
            plan.append((d, rng.random(), ei))
    plan.sort()
    remaining = [e[3] for e in events]

    # Publishers with a mild popularity skew.
    cum, acc = [], 0.0
    for i in range(args.outlets):
        acc += 1.0 / (i + 1) ** 0.5
        cum.append(acc)
    outlets = [f"Outlet {i + 1}" for i in range(args.outlets)]
    rng.shuffle(outlets)

    live = {}                                # event index -> (paragraphs, title) while it has articles left
    width = max(6, len(str(args.n)))
    written = 0
    labels = open(args.labels, "w", encoding="utf-8") if args.labels else None
    with open(args.out, "w", encoding="utf-8") as out:
        for n, (day, _, ei) in enumerate(plan, 1):
            eid, b, _, _, shift = events[ei]
            src, btitle, bparas = bases[b]
            ev = live.get(ei)
            if ev is None:
                if shift:
                    r = Renamer(names, eid, shift)
                    paras = [tuple(r.sentence(s) for s in p) for p in bparas]
                    ev = (paras, r.title(btitle) if btitle else None)
                else:
                    ev = (bparas, btitle)
                live[ei] = ev
            remaining[ei] -= 1
            if remaining[ei] == 0:
                del live[ei]
            paras, title = ev
            body, is_copy, is_mixed = make_variant(paras, bases_by_src, src, b, bases, rng)
            text = "\n\n".join(body)
            aid = f"cb-{n:0{width}d}"
            rec = {"id": aid, "text": text, "title": title or first_sentence_title(text),
                   "published": datetime.date.fromordinal(day).isoformat(),
                   "publisher": outlets[bisect.bisect_left(cum, rng.random() * acc)]}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            if labels:
                labels.write(json.dumps({"id": aid, "event": eid, "base": b, "source": src,
                                         "copy": is_copy, "mixed": is_mixed}) + "\n")
    if labels:
        labels.close()

    print(f"{args.out}: {len(plan)} articles, {len(events)} events, {written / 1048576:.1f} MiB "
          f"({len(bases)} bases, {time.time() - t0:.1f} s)")
    if args.stats:
        buckets = [(1, 1), (2, 3), (4, 9), (10, 49), (50, 99), (100, 10 ** 9)]
        sizes = [e[3] for e in events]
        for lo, hi in buckets:
            sel = [s for s in sizes if lo <= s <= hi]
            label = f"{lo}" if lo == hi else (f"{lo}+" if hi >= 10 ** 9 else f"{lo}-{hi}")
            print(f"  events of size {label:>6}: {len(sel):6d} events, {sum(sel):7d} articles")
        print(f"  largest events: {sorted(sizes, reverse=True)[:10]}; mean size {len(plan) / len(events):.2f}")

if __name__ == "__main__":
    main()
