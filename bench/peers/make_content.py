#!/usr/bin/env python3
"""Write the peer-baseline content: the seed article as MkDocs Markdown, zh and en.

Adapted from /work/shared/peers/make_content.py; the seed is the project's own copy
(tests/data/seed-article.txt), the output goes to OUT_DIR (first argument, default
/tmp/tianxin-bench/peers/content).

zh/: the seed article split into 5 Markdown sections at its headings.
en/: deterministic filler English (~3,000 words) split the same way, sized in
     proportion to the zh sections; it only stands in for the translation's volume.
"""
import random
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "tests" / "content" / "data" / "seed-article.txt"
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tianxin-bench/peers/content")
HEADS = [29, 47, 59, 91]  # 1-based line numbers of the section headings in the seed
NAMES = ["02-why-digital", "03-advantages", "04-act-fast", "05-harvest"]
EN_TOTAL = 3000
EN_HEADS = ["Bamboo joints: a report on high-quality development in Hunan",
            "Why target the digital economy on the vacated land?",
            "What advantages did the development zone have?",
            "“Act fast once the goal is clear”: planning, platforms and ecosystem",
            "Spring blossoms and autumn fruit: delivering on high-quality growth"]
WORDS = ("district park industry digital economy data centre computing power "
         "investment project enterprise platform ecosystem transformation green "
         "heart land planning government growth innovation talent service "
         "network exchange market capital province city region south development "
         "quality standard strategy company research office building team year "
         "month revenue output value tax employee school road river community "
         "partner cloud software hardware algorithm security storage energy").split()
VERBS = ("builds supports attracts drives expands connects improves delivers "
         "creates hosts opens plans leads shapes reaches serves").split()
ADJ = ("new large modern local national regional strong steady rapid open "
       "smart clean major key high early").split()


def zh_sections(lines):
    """[(file name, heading, paragraphs)] for the five zh sections."""
    def paras(a, b):
        return [lines[i - 1] for i in range(a, b + 1) if lines[i - 1]]
    intro = paras(1, 27)
    title, subtitle, authors = intro[0], intro[1], intro[2]
    sections = [("01-intro", f"{title}：{subtitle}", [f"*{authors}*", *intro[3:]])]
    bounds = [*HEADS, len(lines) + 1]
    for i, head in enumerate(HEADS):
        ps = paras(head, bounds[i + 1] - 1)
        sections.append((NAMES[i], ps[0], ps[1:]))
    return sections


def md_para(p):
    return f"*{p}*" if p.startswith("▲") else p  # photo captions


def english(rng, words):
    """Filler paragraphs adding up to at least `words` words."""
    def sentence():
        n = rng.randint(8, 18)
        w = [rng.choice(ADJ if i % 4 == 1 else WORDS) for i in range(n)]
        w.insert(rng.randint(2, n - 2), rng.choice(VERBS))
        s = " ".join(w)
        return s[0].upper() + s[1:] + "."
    paras, n = [], 0
    while n < words:
        p = " ".join(sentence() for _ in range(rng.randint(3, 6)))
        paras.append(p)
        n += len(p.split())
    return paras


def main():
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    sections = zh_sections(lines)
    for lang in ("zh", "en"):
        (OUT / lang).mkdir(parents=True, exist_ok=True)
    sizes = []
    for name, head, paras in sections:
        text = f"# {head}\n\n" + "\n\n".join(md_para(p) for p in paras) + "\n"
        (OUT / "zh" / f"{name}.md").write_text(text, encoding="utf-8")
        sizes.append(sum(len(p) for p in paras) + len(head))
    rng = random.Random(20240111)
    for (name, _, _), size, head in zip(sections, sizes, EN_HEADS, strict=True):
        paras = english(rng, round(EN_TOTAL * size / sum(sizes)))
        text = f"# {head}\n\n" + "\n\n".join(paras) + "\n"
        (OUT / "en" / f"{name}.md").write_text(text, encoding="utf-8")
    print(f"peer content in {OUT}: zh chars per section {sizes}")


if __name__ == "__main__":
    main()
