#!/usr/bin/env python3
"""Page weight: each built page's HTML plus everything a browser loads to show it.

usage: .venv/bin/python bench/page_weight.py [SITE_DIR]

SITE_DIR defaults to /work/main/_site; if it does not exist, the site is built first
(`python -m tianxin_report build --no-pdf`) into a temporary folder.

For index.html, zh/index.html, en/index.html, bilingual/index.html and 404.html (if present),
counts the HTML and what it loads on first view:
  <link rel=stylesheet|preload|modulepreload|icon href>, <script src>,
  url(...) and @import in the page's inline <style> (the @font-face rules are inline),
  in style="" attributes and in linked CSS, followed recursively
  (for an @font-face with several sources, only the one a browser picks: woff2, else the first).
Photos (<img>, <source>) and PDFs are excluded; each asset is counted once per page.
The search index (loaded on first use of the search box) is listed, not counted.
Sizes: raw bytes and gzip (level 6, as a typical server sends) in KiB.
Any external URL in a loading position (http:, https:, //host) is listed: there should be none.

Budgets (uncompressed): zh page ≤ 400 KiB, en page ≤ 200 KiB.
Prints Markdown tables; writes bench/results/page_weight.json.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PAGES = ["index.html", "zh/index.html", "en/index.html", "bilingual/index.html", "404.html"]
BUDGETS_KIB = {"zh/index.html": 400, "en/index.html": 200}
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon"}
URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]([^'\"]+)['\"]")
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.S)


class PageRefs(HTMLParser):
    """What a page loads: (kind, url) pairs, inline CSS, photos, the lazy search index."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.inline_css: list[str] = []
        self.photos: list[str] = []
        self.lazy: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("href"):
            rels = set(a.get("rel", "").lower().split())
            if rels & LOADING_RELS:
                self.refs.append(("link " + "/".join(sorted(rels & LOADING_RELS)), a["href"]))
        elif tag == "script" and a.get("src"):
            self.refs.append(("script", a["src"]))
        elif tag in ("img", "source"):
            for value in (a.get("src", ""), *a.get("srcset", "").split(",")):
                if value.strip():
                    self.photos.append(value.strip().split()[0])
        elif tag == "style":
            self._in_style = True
        if a.get("style"):
            self.inline_css.append(a["style"])
        if a.get("data-index"):  # the search box's index module, imported on first use
            self.lazy.append(a["data-index"])

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def is_external(ref: str) -> bool:
    return bool(urlparse(ref).scheme in ("http", "https") or ref.startswith("//"))


def css_refs(text: str) -> list[str]:
    """The URLs a browser fetches for this CSS: imports, one source per @font-face, url()s."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    refs = IMPORT.findall(text)
    for face in FONT_FACE.findall(text):
        urls = [m[1] for m in URL.findall(face)]
        if urls:
            refs.append(next((u for u in urls if ".woff2" in u), urls[0]))
    rest = IMPORT.sub("", FONT_FACE.sub("", text))
    return refs + [m[1] for m in URL.findall(rest)]


class Page:
    """One page's assets, each counted once."""

    def __init__(self, site: Path, rel: str):
        self.site, self.rel = site, rel
        self.assets: dict[str, tuple[str, int, int]] = {}  # path -> (kind, raw, gzip)
        self.external: set[str] = set()
        self.missing: set[str] = set()

    def resolve(self, base_url: str, ref: str) -> Path | None:
        """The file behind `ref` (relative to `base_url`), or None if it is not counted."""
        if ref.startswith(("data:", "#")):
            return None
        if is_external(ref):
            self.external.add(ref)
            return None
        path = urljoin(base_url, urlparse(ref).path)
        if path.lower().endswith(".pdf"):
            return None
        target = self.site / path.lstrip("/")
        return target / "index.html" if path.endswith("/") else target

    def add(self, kind: str, path: Path) -> bytes | None:
        key = str(path.relative_to(self.site)) if path.is_relative_to(self.site) else str(path)
        if key in self.assets:
            return None
        if not path.is_file():
            self.missing.add(key)
            return None
        data = path.read_bytes()
        self.assets[key] = (kind, len(data), len(gzip.compress(data, 6)))
        return data

    def follow_css(self, base_url: str, text: str) -> None:
        for ref in css_refs(text):
            target = self.resolve(base_url, ref)
            if target is None:
                continue
            data = self.add("css url()", target)
            if data is not None and target.suffix == ".css":
                self.follow_css("/" + key_of(self.site, target), data.decode("utf-8", "replace"))

    def measure(self) -> PageRefs:
        page_url = "/" + self.rel
        html = self.add("html", self.site / self.rel)
        parser = PageRefs()
        parser.feed(html.decode("utf-8", "replace"))
        for kind, ref in parser.refs:
            target = self.resolve(page_url, ref)
            if target is None:
                continue
            data = self.add(kind, target)
            if data is not None and target.suffix == ".css":
                self.follow_css("/" + key_of(self.site, target), data.decode("utf-8", "replace"))
        for css in parser.inline_css:
            self.follow_css(page_url, css)
        for photo in parser.photos:
            if is_external(photo):
                self.external.add(photo)
        return parser

    def totals(self) -> tuple[int, int]:
        return (sum(a[1] for a in self.assets.values()), sum(a[2] for a in self.assets.values()))


def key_of(site: Path, path: Path) -> str:
    return str(path.relative_to(site))


def kib(n: int) -> str:
    return f"{n / 1024:.1f}"


def page_report(page: Page, parser: PageRefs) -> tuple[list[str], dict]:
    raw, gz = page.totals()
    budget = BUDGETS_KIB.get(page.rel)
    status = "—" if budget is None else ("met" if raw / 1024 <= budget else "NOT met")
    lines = [f"### {page.rel}", "", "| asset | loaded by | raw KiB | gzip KiB |",
             "| --- | --- | ---: | ---: |"]
    for path, (kind, r, g) in page.assets.items():
        lines.append(f"| {path} | {kind} | {kib(r)} | {kib(g)} |")
    lines.append(f"| **total** | {len(page.assets)} files | **{kib(raw)}** | **{kib(gz)}** |")
    notes = []
    if parser.photos:
        notes.append(f"photos not counted: {len(parser.photos)}")
    lazy = [page.resolve("/" + page.rel, ref) for ref in parser.lazy]
    lazy = [f"{key_of(page.site, p)} ({kib(p.stat().st_size)} KiB, then its index files)"
            for p in lazy if p is not None and p.is_file()]
    if lazy:
        notes.append("on first search use, not counted: " + ", ".join(lazy))
    if page.missing:
        notes.append("referenced but missing: " + ", ".join(sorted(page.missing)))
    lines += [""] + [f"- {n}" for n in notes] + ([""] if notes else [])
    record = {"assets": [{"path": p, "kind": k, "raw": r, "gzip": g}
                         for p, (k, r, g) in page.assets.items()],
              "total_raw": raw, "total_gzip": gz, "budget_kib": budget, "status": status,
              "photos_not_counted": parser.photos, "lazy_not_counted": lazy,
              "missing": sorted(page.missing), "external": sorted(page.external)}
    return lines, record


def build_site(tmp: Path) -> Path:
    out = tmp / "site"
    cmd = [sys.executable, "-m", "tianxin_report", "build", "--out", str(out),
           "--cache", str(tmp / "cache"), "--no-pdf"]
    print(f"building the site first: {' '.join(cmd)}", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0 or not out.is_dir():
        sys.exit("build failed:\n" + "\n".join(done.stderr.splitlines()[-15:]))
    return out


def report(site: Path) -> int:
    print(f"# Page weight of {site}\n")
    records, summary, external = {}, [], set()
    for rel in PAGES:
        if not (site / rel).is_file():
            continue
        page = Page(site, rel)
        parser = page.measure()
        lines, records[rel] = page_report(page, parser)
        print("\n".join(lines))
        external |= page.external
        budget = records[rel]["budget_kib"]
        summary.append(f"| {rel} | {len(page.assets)} | {kib(records[rel]['total_raw'])} | "
                       f"{kib(records[rel]['total_gzip'])} | "
                       f"{f'≤ {budget} KiB' if budget else '—'} | {records[rel]['status']} |")
    print("## Summary\n\n| page | files | raw KiB | gzip KiB | budget (raw) | status |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    print("\n".join(summary))
    print("\nexternal URLs loaded: " + (", ".join(sorted(external)) if external else "none"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / "page_weight.json"
    target.write_text(json.dumps({"site": str(site), "pages": records,
                                  "external": sorted(external)}, indent=2) + "\n",
                      encoding="utf-8")
    print(f"raw numbers: {target}")
    return 0


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_site").resolve()
    if site.is_dir():
        return report(site)
    with tempfile.TemporaryDirectory(prefix="tianxin-weight-") as tmp:
        return report(build_site(Path(tmp)))


if __name__ == "__main__":
    sys.exit(main())
