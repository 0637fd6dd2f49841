#!/usr/bin/env python3
"""Build times of tianxin-report against a peer baseline measured in the same run.

usage: .venv/bin/python bench/build_times.py [--runs N] [--skip-peer] [--live]

Every measurement is a whole process (`python -m tianxin_report build ...` via subprocess,
wall-clock time) on a temporary COPY of content/, built into a temporary output folder with a
temporary cache folder, so the real content/, _site/ and .cache/ are never touched:

  cold       full build with PDFs and --no-cache (pages, PDFs, font subsets from scratch)
  noop       the same build again, nothing changed (warm cache: the engine should only
             fingerprint its inputs and say "is up to date")
  edit_html  one Chinese paragraph of zh/03-act-fast.md gets a different run of characters
             appended (taken from that paragraph, so no new glyphs; block structure kept),
             then a build with --no-pdf
  edit_pdf   the same kind of edit, then a full build with PDFs (only the PDFs whose text
             changed should re-render; the rest come from the cache)

Each is run N times (default 3; the no-op max(N, 5) times) and reported as median, min and
max. The PDF sizes (KiB) and page counts (pdfinfo) come from the last full build.

The peer is MkDocs + Material + mkdocs-static-i18n + mkdocs-with-pdf (WeasyPrint) building the
same article as HTML plus a zh and an en PDF (bench/peers/setup_mkdocs_withpdf.sh, work folder
/tmp/tianxin-bench/peers, set up on first use). Its `mkdocs build` runs N times, interleaved
with the cold builds so that both see the same machine load; ratios are against its median.
If it cannot be set up (e.g. no network) the reason is printed and ratios show as n/a.

Before timing, one untimed build of each warms the OS file cache and compiles bytecode.
By default the engine (src/, templates/, static/) is snapshotted into the temporary folder at
start, so edits made to the working tree while the benchmark runs cannot mix versions;
--live runs the working tree in place instead.

Prints Markdown tables; writes the raw numbers to bench/results/build_times.json.
Speed is reported here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PEER_DIR = Path("/tmp/tianxin-bench/peers")
PEER_SETUP = BENCH / "peers" / "setup_mkdocs_withpdf.sh"
EDIT_FILE = Path("zh") / "03-act-fast.md"

TIME_GOALS = {"cold": 0.5, "noop": 0.05, "edit_pdf": 0.25}  # at most this × the peer's median
PDF_GOALS_KIB = {"zh": 350, "en": 250, "bilingual": 550}
HAN = re.compile(r"[\u4e00-\u9fff]")


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv if venv.exists() else sys.executable)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary(times: list[float]) -> dict:
    return {"runs": times, "median": statistics.median(times), "min": min(times),
            "max": max(times)}


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    """Run `cmd`, return (wall seconds, stderr + stdout); exit if it fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    output = done.stderr + done.stdout
    if done.returncode != 0:
        tail = "\n".join(output.splitlines()[-15:])
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{tail}")
    return seconds, output


# ---- our engine -------------------------------------------------------------------------

class Engine:
    """How to run `tianxin_report build` on the copied content in the temporary folder."""

    def __init__(self, work: Path, live: bool):
        self.work = work
        self.content, self.out, self.cache = work / "content", work / "site", work / "cache"
        shutil.copytree(ROOT / "content", self.content)
        self.env = dict(os.environ)
        if live:
            self.theme = ROOT
        else:
            self.theme = work / "engine"
            for part in ("templates", "static"):
                shutil.copytree(ROOT / part, self.theme / part)
            shutil.copytree(ROOT / "src" / "tianxin_report",
                            self.theme / "src" / "tianxin_report",
                            ignore=shutil.ignore_patterns("__pycache__"))
            self.env["PYTHONPATH"] = str(self.theme / "src")
        self.original = (self.content / EDIT_FILE).read_text(encoding="utf-8")
        self.edits = 0

    def build(self, *flags: str) -> tuple[float, str]:
        cmd = [python(), "-m", "tianxin_report", "build", "--content", str(self.content),
               "--out", str(self.out), "--cache", str(self.cache), "--theme", str(self.theme),
               *flags]
        return timed(cmd, cwd=ROOT, env=self.env)

    def edit(self) -> str:
        """Append a new run of characters to the first Chinese paragraph of EDIT_FILE."""
        self.edits += 1
        lines = self.original.split("\n")
        first = next(i for i, line in enumerate(lines) if HAN.match(line))
        last = first
        while last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
        paragraph = "".join(lines[first:last + 1])
        pool = sorted(set(HAN.findall(paragraph)))
        rng = random.Random(f"bench-edit-{self.edits}")
        suffix = "".join(rng.choice(pool) for _ in range(8)) + "。"
        lines[last] += suffix
        (self.content / EDIT_FILE).write_text("\n".join(lines), encoding="utf-8")
        return suffix


def measure_ours(engine: Engine, runs: int, peer: Peer | None) -> dict:
    """All four scenarios; the peer's timed builds are interleaved with the cold ones."""
    log("warm-up (untimed): one --no-pdf --no-cache build")
    engine.build("--no-pdf", "--no-cache")
    if peer:
        peer.warm_up()
    cold = []
    for i in range(runs):
        shutil.rmtree(engine.out, ignore_errors=True)
        cold.append(engine.build("--no-cache")[0])
        log(f"cold {i + 1}/{runs}: {cold[-1]:.2f} s")
        if peer:
            peer.run_once()
    engine.build()  # untimed: fills the cache the next builds rely on
    noop, skipped = [], []
    for _ in range(max(runs, 5)):
        seconds, output = engine.build()
        noop.append(seconds)
        skipped.append("is up to date" in output)
    log(f"noop: {statistics.median(noop):.2f} s (median)")
    results = {"cold": summary(cold), "noop": summary(noop) | {"skipped": skipped}}
    for name, flags in (("edit_html", ["--no-pdf"]), ("edit_pdf", [])):
        times = []
        for _ in range(runs):
            engine.edit()
            times.append(engine.build(*flags)[0])
        results[name] = summary(times)
        log(f"{name}: {results[name]['median']:.2f} s (median)")
    return results


def pdf_pages(path: Path) -> int | None:
    if not shutil.which("pdfinfo"):
        return None
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else None


def pdf_facts(paths: dict[str, Path]) -> dict:
    return {key: {"file": str(p), "kib": p.stat().st_size / 1024, "pages": pdf_pages(p)}
            for key, p in paths.items() if p.is_file()}


def our_pdfs(out: Path) -> dict:
    """downloads/<slug>-<edition>.pdf keyed by edition (zh, en, bilingual)."""
    paths = {p.stem.rsplit("-", 1)[-1]: p for p in (out / "downloads").glob("*.pdf")}
    order = [*PDF_GOALS_KIB, *sorted(set(paths) - set(PDF_GOALS_KIB))]
    return pdf_facts({key: paths[key] for key in order if key in paths})


# ---- the peer ---------------------------------------------------------------------------

class Peer:
    """MkDocs + Material + static-i18n + mkdocs-with-pdf in PEER_DIR."""

    def __init__(self):
        self.site, self.out = PEER_DIR / "site", PEER_DIR / "out"
        self.cmd = [str(PEER_DIR / "venv" / "bin" / "mkdocs"), "build", "-q", "-d", str(self.out)]
        self.env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        self.times: list[float] = []

    @staticmethod
    def set_up() -> Peer | None:
        log(f"peer: setting up in {PEER_DIR} (packages are installed on first use only)")
        done = subprocess.run(["bash", str(PEER_SETUP), str(PEER_DIR)], capture_output=True,
                              text=True)
        if done.returncode != 0:
            tail = "\n".join((done.stderr + done.stdout).splitlines()[-10:])
            log(f"peer: set-up failed, ratios will be n/a:\n{tail}")
            return None
        return Peer()

    def warm_up(self) -> None:
        log("warm-up (untimed): one peer build")
        timed(self.cmd, cwd=self.site, env=self.env)

    def run_once(self) -> None:
        self.times.append(timed(self.cmd, cwd=self.site, env=self.env)[0])
        log(f"peer {len(self.times)}: {self.times[-1]:.2f} s")

    def results(self) -> dict:
        pdfs = pdf_facts({"zh": self.out / "pdf" / "report.pdf",
                          "en": self.out / "en" / "pdf" / "report.pdf"})
        return {"build": summary(self.times), "pdfs": pdfs,
                "command": f"cd {self.site} && {' '.join(self.cmd)}"}


# ---- report -----------------------------------------------------------------------------

def status(value: float | None, limit: float) -> str:
    if value is None:
        return "n/a"
    return "met" if value <= limit else "NOT met"


def time_table(ours: dict, peer: dict | None) -> list[str]:
    base = peer["build"]["median"] if peer else None
    rows = ["| measurement | median s | min s | max s | runs | × peer median | goal | status |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for name, m in ours.items():
        ratio = m["median"] / base if base else None
        goal = TIME_GOALS.get(name)
        rows.append(f"| {name} | {m['median']:.2f} | {m['min']:.2f} | {m['max']:.2f} | "
                    f"{len(m['runs'])} | {f'{ratio:.3f}' if ratio is not None else 'n/a'} | "
                    f"{f'≤ {goal}×' if goal else '—'} | "
                    f"{status(ratio, goal) if goal else '—'} |")
    if peer:
        b = peer["build"]
        rows.append(f"| peer: mkdocs build (HTML + zh/en PDF) | {b['median']:.2f} | "
                    f"{b['min']:.2f} | {b['max']:.2f} | {len(b['runs'])} | 1.000 | — | — |")
    return rows


def pdf_table(pdfs: dict, peer: dict | None) -> list[str]:
    rows = ["| PDF | KiB | pages | goal | status |", "| --- | ---: | ---: | --- | --- |"]
    for key, p in pdfs.items():
        goal = PDF_GOALS_KIB.get(key)
        rows.append(f"| {Path(p['file']).name} | {p['kib']:.0f} | {p['pages'] or '?'} | "
                    f"{f'≤ {goal} KiB' if goal else '—'} | "
                    f"{status(p['kib'], goal) if goal else '—'} |")
    for key, p in (peer or {}).get("pdfs", {}).items():
        rows.append(f"| peer {key} ({Path(p['file']).relative_to(PEER_DIR)}) | {p['kib']:.0f} "
                    f"| {p['pages'] or '?'} | — | — |")
    return rows


def engine_state() -> dict:
    """Which code was measured: HEAD and the engine files changed since (read-only git)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "--no-optional-locks", *args], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()
    changed = git("status", "--porcelain", "--", "src", "templates", "static")
    return {"head": git("rev-parse", "--short", "HEAD"),
            "uncommitted_engine_files": len(changed.splitlines())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--skip-peer", action="store_true", help="do not build the peer")
    parser.add_argument("--live", action="store_true",
                        help="run the working tree's engine in place (no snapshot)")
    args = parser.parse_args()
    started = datetime.datetime.now().astimezone()
    load_before = os.getloadavg()
    peer = None if args.skip_peer else Peer.set_up()
    with tempfile.TemporaryDirectory(prefix="tianxin-bench-") as tmp:
        engine = Engine(Path(tmp), args.live)
        try:
            ours = measure_ours(engine, args.runs, peer)
        except RuntimeError as error:
            log(f"benchmark aborted: {error}")
            return 1
        pdfs = our_pdfs(engine.out)
    peer_results = peer.results() if peer else None
    if not all(ours["noop"]["skipped"]):
        log("WARNING: some no-op builds did not say 'is up to date'")
    print(f"\n## Build times ({started:%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
          f"{args.runs} runs; load average {load_before[0]:.2f} → {os.getloadavg()[0]:.2f})\n")
    if peer_results is None:
        print("Peer not measured: ratios are n/a.\n")
    if max(load_before[0], os.getloadavg()[0]) > (os.cpu_count() or 1):
        print("Note: the load average exceeded the core count (other work was running), "
              "so these times are noisy; compare ratios, or re-run on a quiet machine.\n")
    print("\n".join(time_table(ours, peer_results)))
    print("\n## PDFs (last full build)\n")
    print("\n".join(pdf_table(pdfs, peer_results)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"started": started.isoformat(), "cores": os.cpu_count(), "runs": args.runs,
              "load_average": {"before": load_before, "after": os.getloadavg()},
              "engine": engine_state() | {"snapshot": not args.live},
              "ours": ours, "pdfs": pdfs, "peer": peer_results,
              "goals": {"time_ratio_max": TIME_GOALS, "pdf_kib_max": PDF_GOALS_KIB}}
    target = RESULTS / "build_times.json"
    target.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nraw numbers: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
