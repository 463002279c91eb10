#!/usr/bin/env python3
"""Generate a large custom list (exctl-csv) for the screening scale benchmark.

usage: gen_scale.py EXCTL N_ENTITIES OUT.csv [SEED]

Name parts and their frequencies come from the bundled lists (read through
`exctl export --ftm`): given names, middle names and surnames of persons
written in Latin script, the words of organisation names and how many words
they have, the legal forms they end with, and the countries. Entities are
new combinations drawn from those distributions (no listed entity is
copied): about 60% persons ("Given [Middle] Surname"), 40% organisations;
a quarter get an alias (the surname first, "SURNAME, Given", or the
organisation without its legal form). Output is deterministic for a seed.
"""
import collections
import csv
import json
import random
import re
import subprocess
import sys

LEGAL = {"llc", "ltd", "ltd.", "limited", "inc", "inc.", "co", "co.", "corp", "corp.",
         "corporation", "company", "gmbh", "jsc", "ojsc", "cjsc", "pjsc", "ooo", "oao", "zao",
         "ao", "pao", "sa", "s.a.", "ag", "plc", "fze", "fzco", "fz-llc", "llp", "lp", "bv",
         "b.v.", "srl", "s.r.l.", "spa", "s.p.a.", "pte", "pvt", "sdn", "bhd", "kg", "oy",
         "ab", "as", "a.s.", "nv", "n.v."}
WORD = re.compile(r"^[A-Za-z][A-Za-z'\-\.]*$")


class Dist:
    """A frequency distribution to draw from."""

    def __init__(self):
        self.c = collections.Counter()

    def add(self, x):
        self.c[x] += 1

    def freeze(self):
        self.items = list(self.c.keys())
        acc, cum = 0, []
        for x in self.items:
            acc += self.c[x]
            cum.append(acc)
        self.cum = cum

    def draw(self, rnd, k=1):
        return rnd.choices(self.items, cum_weights=self.cum, k=k)


def latin_tokens(name):
    toks = name.replace(",", " , ").split()
    if not toks or not all(t == "," or WORD.match(t) for t in toks):
        return None
    return toks


def collect(exctl):
    given, middle, surname = Dist(), Dist(), Dist()
    org_words, org_len, legal, countries = Dist(), Dist(), Dist(), Dist()
    out = subprocess.run([exctl, "export", "--ftm"], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        e = json.loads(line)
        props = e.get("properties", {})
        for c in props.get("country", []) + props.get("nationality", []):
            countries.add(c)
        names = props.get("name", []) + props.get("alias", [])
        for n in names:
            toks = latin_tokens(n)
            if not toks:
                continue
            if e["schema"] == "Person":
                if "," in toks:
                    i = toks.index(",")
                    last, first = toks[:i], toks[i + 1:]
                    if not last or not first:
                        continue
                    toks = first + last
                toks = [t for t in toks if t != ","]
                if len(toks) < 2 or len(toks) > 4:
                    continue
                given.add(toks[0].capitalize())
                surname.add(toks[-1].capitalize())
                for t in toks[1:-1]:
                    middle.add(t.capitalize())
            elif e["schema"] == "Organization":
                toks = [t for t in toks if t != ","]
                while toks and toks[-1].lower() in LEGAL:
                    legal.add(toks.pop())
                if not toks:
                    continue
                org_len.add(len(toks))
                for t in toks:
                    org_words.add(t)
    for d in (given, middle, surname, org_words, org_len, legal, countries):
        d.freeze()
    return given, middle, surname, org_words, org_len, legal, countries


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    exctl, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
    given, middle, surname, org_words, org_len, legal, countries = collect(exctl)
    print(f"gen_scale: {len(given.items)} given names, {len(middle.items)} middle names, "
          f"{len(surname.items)} surnames, {len(org_words.items)} organisation words, "
          f"{len(legal.items)} legal forms", file=sys.stderr)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "type", "name", "aliases", "countries"])
        for i in range(n):
            country = countries.draw(rnd)[0]
            if rnd.random() < 0.6:
                g, s = given.draw(rnd)[0], surname.draw(rnd)[0]
                parts = [g] + (middle.draw(rnd) if rnd.random() < 0.3 else []) + [s]
                name = " ".join(parts)
                alias = f"{s.upper()}, {g}" if rnd.random() < 0.25 else ""
                w.writerow([f"p{i}", "person", name, alias, country])
            else:
                k = org_len.draw(rnd)[0]
                words = org_words.draw(rnd, k)
                base = " ".join(words)
                name = base + (" " + legal.draw(rnd)[0] if rnd.random() < 0.6 else "")
                alias = base if name != base and rnd.random() < 0.25 else ""
                w.writerow([f"o{i}", "organization", name, alias, country])


if __name__ == "__main__":
    main()
