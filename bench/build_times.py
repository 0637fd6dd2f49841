#!/usr/bin/env python3
"""Build times of tianxin-report against a peer baseline measured in the same run.

usage: .venv/bin/python bench/build_times.py [--runs N] [--skip-peer] [--live] [--compare REV]

Every measurement is a whole process (`python -m tianxin_report build ...` via subprocess):
wall-clock time, and the CPU time (user + system) of the whole process tree, on a temporary
COPY of content/, built into a temporary output folder with a temporary cache folder, so the
real content/, _site/ and .cache/ are never touched:

  cold            full build with PDFs and --no-cache (pages, PDFs, font subsets from scratch)
  noop_after_cold the same build without --no-cache right after it: nothing changed, so it
                  should only fingerprint its inputs and say "is up to date"
  noop            the same after an ordinary (edit) build
  edit_pdf        one Chinese paragraph of zh/03-act-fast.md gets a different run of
                  characters appended (taken from that paragraph, so no new glyphs; block
                  structure kept), then a full build with PDFs (only the PDFs whose text
                  changed re-render; the rest come from the cache)
  edit_html       the same kind of edit, then a build with --no-pdf
  cold_pages      --no-pdf --no-cache into its own output and cache folders
  cold_zh_en, edit_pdf_zh_en
                  cold and edit_pdf with `pdf: {editions: [zh, en]}` in site.yaml: the same
                  two PDFs the peer makes (equal work); the default makes a bilingual one too

The runs are made in rounds; each round runs the peer twice (first and halfway) and every
scenario once, so that all of them see the same machine load; ratios are medians against
the peer's median. The load average is sampled at every run.

The peer is MkDocs + Material + mkdocs-static-i18n + mkdocs-with-pdf (WeasyPrint) building the
same article as HTML plus a zh and an en PDF (bench/peers/setup_mkdocs_withpdf.sh, work folder
/tmp/tianxin-bench/peers, set up on first use). If it cannot be set up (e.g. no network) the
reason is printed and ratios show as n/a.

Before timing, one untimed build of each warms the OS file cache and compiles bytecode.
By default the engine (src/, templates/, static/) is snapshotted into the temporary folder at
start, so edits made to the working tree while the benchmark runs cannot mix versions;
--live runs the working tree in place instead. --compare REV also measures the engine of a
git revision (e.g. the commit before the speed work) in the same rounds. The last cold build
of each engine runs with --timings; its step table is printed.

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
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PEER_DIR = Path("/tmp/tianxin-bench/peers")
PEER_SETUP = BENCH / "peers" / "setup_mkdocs_withpdf.sh"
EDIT_FILE = Path("zh") / "03-act-fast.md"

TIME_GOALS = {"cold": 1.0, "noop_after_cold": 0.05, "noop": 0.05, "edit_pdf": 0.5,
              "cold_pages": 0.3}  # at most this × the peer's median (issue #13)
PDF_GOALS_KIB = {"zh": 350, "en": 250, "bilingual": 550}
HAN = re.compile(r"[\u4e00-\u9fff]")


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv if venv.exists() else sys.executable)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Run(NamedTuple):
    wall: float
    cpu: float  # user + system of the whole process tree
    load: float  # 1-minute load average when it ended
    output: str


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run `cmd`; its wall time, the CPU time of its process tree (every descendant is
    waited for by its parent, so RUSAGE_CHILDREN counts them) and its output."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    output = done.stderr + done.stdout
    if done.returncode != 0:
        tail = "\n".join(output.splitlines()[-15:])
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{tail}")
    return Run(wall, children_cpu() - cpu, os.getloadavg()[0], output)


def summary(runs: list[Run]) -> dict:
    walls, cpus = [r.wall for r in runs], [r.cpu for r in runs]
    return {"runs": walls, "median": statistics.median(walls), "min": min(walls),
            "max": max(walls), "cpu_runs": cpus, "cpu_median": statistics.median(cpus),
            "loads": [r.load for r in runs]}


# ---- our engine -------------------------------------------------------------------------

def snapshot_engine(target: Path, revision: str | None) -> Path:
    """src/tianxin_report, templates/ and static/ of the working tree or of a revision."""
    if revision is None:
        for part in ("templates", "static"):
            shutil.copytree(ROOT / part, target / part)
        shutil.copytree(ROOT / "src" / "tianxin_report", target / "src" / "tianxin_report",
                        ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", revision, "src", "templates", "static"],
                                 cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


class Engine:
    """How to run `tianxin_report build` on one copy of the content in the temporary folder."""

    def __init__(self, work: Path, theme: Path, env: dict, editions: str | None = None):
        self.work = work
        self.content, self.out, self.cache = work / "content", work / "site", work / "cache"
        shutil.copytree(ROOT / "content", self.content)
        if editions is not None:
            site = self.content / "site.yaml"
            site.write_text(site.read_text(encoding="utf-8")
                            + f"pdf:\n  editions: {editions}\n", encoding="utf-8")
        self.theme, self.env = theme, env
        self.original = (self.content / EDIT_FILE).read_text(encoding="utf-8")
        self.edits = 0

    def build(self, *flags: str) -> Run:
        cmd = [python(), "-m", "tianxin_report", "build", "--content", str(self.content),
               "--out", str(self.out), "--cache", str(self.cache), "--theme", str(self.theme),
               *flags]
        return timed(cmd, cwd=ROOT, env=self.env)

    def cold(self, *flags: str) -> Run:
        shutil.rmtree(self.out, ignore_errors=True)
        return self.build("--no-cache", *flags)

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


class Variant:
    """One engine (the working tree, or --compare REV) on its three content copies."""

    def __init__(self, name: str, work: Path, theme: Path, env: dict, editions: bool):
        self.name = name
        self.full = Engine(work / "full", theme, env)
        self.pages = Engine(work / "pages", theme, env)
        self.zh_en = Engine(work / "zh-en", theme, env, "[zh, en]") if editions else None
        self.runs: dict[str, list[Run]] = {}
        self.timings = ""
        # an engine from before `build --timings` (a --compare revision) is run without it
        cli = theme / "src" / "tianxin_report" / "cli.py"
        self.has_timings = "--timings" in cli.read_text(encoding="utf-8")

    def record(self, scenario: str, run: Run, expect_noop: bool | None = None) -> None:
        if expect_noop is not None and ("is up to date" in run.output) != expect_noop:
            log(f"WARNING: {self.name} {scenario}: "
                f"{'not a no-op' if expect_noop else 'unexpectedly up to date'}")
        self.runs.setdefault(scenario, []).append(run)
        log(f"{self.name} {scenario}: {run.wall:.2f} s (CPU {run.cpu:.2f} s, "
            f"load {run.load:.2f})")

    def warm_up(self) -> None:
        log(f"warm-up (untimed): {self.name}")
        self.full.build("--no-pdf", "--no-cache")
        self.full.build("--no-cache")

    def first_half(self, last: bool) -> None:
        """cold, the no-op after it, then an edit with PDFs and the no-op after that."""
        cold = self.full.cold(*(["--timings"] if last and self.has_timings else []))
        self.record("cold", cold, expect_noop=False)
        if last and self.has_timings:
            self.timings = cold.output[cold.output.find("timings ("):]
        self.record("noop_after_cold", self.full.build(), expect_noop=True)
        self.full.edit()
        self.record("edit_pdf", self.full.build(), expect_noop=False)
        self.record("noop", self.full.build(), expect_noop=True)

    def second_half(self) -> None:
        """a pages-only edit, a cold pages-only build, and the equal-work pair."""
        self.full.edit()
        self.record("edit_html", self.full.build("--no-pdf"), expect_noop=False)
        self.record("cold_pages", self.pages.cold("--no-pdf"), expect_noop=False)
        if self.zh_en:
            self.record("cold_zh_en", self.zh_en.cold(), expect_noop=False)
            self.zh_en.edit()
            self.record("edit_pdf_zh_en", self.zh_en.build(), expect_noop=False)

    def results(self) -> dict:
        return {scenario: summary(runs) for scenario, runs in self.runs.items()}


def measure(variants: list[Variant], runs: int, peer: Peer | None) -> None:
    """Rounds of: peer, every variant's first half, peer, every variant's second half."""
    for variant in variants:
        variant.warm_up()
    if peer:
        peer.warm_up()
    for i in range(runs):
        log(f"--- round {i + 1}/{runs}")
        for half in ("first", "second"):
            if peer:
                peer.run_once()
            for variant in variants:
                if half == "first":
                    variant.first_half(last=i == runs - 1)
                else:
                    variant.second_half()


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
        self.runs: list[Run] = []

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
        self.runs.append(timed(self.cmd, cwd=self.site, env=self.env))
        run = self.runs[-1]
        log(f"peer {len(self.runs)}: {run.wall:.2f} s (CPU {run.cpu:.2f} s, load {run.load:.2f})")

    def results(self) -> dict:
        pdfs = pdf_facts({"zh": self.out / "pdf" / "report.pdf",
                          "en": self.out / "en" / "pdf" / "report.pdf"})
        return {"build": summary(self.runs), "pdfs": pdfs,
                "command": f"cd {self.site} && {' '.join(self.cmd)}"}


# ---- report -----------------------------------------------------------------------------

def status(value: float | None, limit: float) -> str:
    if value is None:
        return "n/a"
    return "met" if value <= limit else "NOT met"


def ratio(value: float, base: float | None) -> str:
    return f"{value / base:.3f}" if base else "n/a"


def time_table(name: str, ours: dict, peer: dict | None) -> list[str]:
    base = peer["build"]["median"] if peer else None
    cpu_base = peer["build"]["cpu_median"] if peer else None
    rows = [f"| {name} | median s | min s | max s | runs | × peer median | goal | status "
            "| CPU s (median) | CPU × peer |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |"]
    for scenario, m in ours.items():
        goal = TIME_GOALS.get(scenario.removesuffix("_zh_en"))
        value = m["median"] / base if base else None
        rows.append(f"| {scenario} | {m['median']:.2f} | {m['min']:.2f} | {m['max']:.2f} | "
                    f"{len(m['runs'])} | {ratio(m['median'], base)} | "
                    f"{f'≤ {goal}×' if goal else '—'} | "
                    f"{status(value, goal) if goal else '—'} | {m['cpu_median']:.2f} | "
                    f"{ratio(m['cpu_median'], cpu_base)} |")
    if peer:
        b = peer["build"]
        rows.append(f"| peer: mkdocs build (HTML + zh/en PDF) | {b['median']:.2f} | "
                    f"{b['min']:.2f} | {b['max']:.2f} | {len(b['runs'])} | 1.000 | — | — | "
                    f"{b['cpu_median']:.2f} | 1.000 |")
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


def load_note(loads: list[float]) -> str:
    return (f"load average (1 min) at each run: median {statistics.median(loads):.2f}, "
            f"min {min(loads):.2f}, max {max(loads):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--skip-peer", action="store_true", help="do not build the peer")
    parser.add_argument("--live", action="store_true",
                        help="run the working tree's engine in place (no snapshot)")
    parser.add_argument("--compare", metavar="REV",
                        help="also measure the engine of this git revision")
    args = parser.parse_args()
    started = datetime.datetime.now().astimezone()
    load_before = os.getloadavg()
    peer = None if args.skip_peer else Peer.set_up()
    with tempfile.TemporaryDirectory(prefix="tianxin-bench-") as tmp:
        work = Path(tmp)
        theme = ROOT if args.live else snapshot_engine(work / "engine", None)
        env = dict(os.environ)
        if not args.live:
            env["PYTHONPATH"] = str(theme / "src")
        variants = [Variant("ours", work / "ours", theme, env, editions=True)]
        if args.compare:
            old = snapshot_engine(work / "baseline-engine", args.compare)
            variants.append(Variant(f"baseline {args.compare}", work / "baseline", old,
                                    dict(os.environ, PYTHONPATH=str(old / "src")),
                                    editions=False))
        try:
            measure(variants, args.runs, peer)
        except RuntimeError as error:
            log(f"benchmark aborted: {error}")
            return 1
        variants[0].full.cold()  # untimed: the last full build's PDFs, for sizes and pages
        pdfs = our_pdfs(variants[0].full.out)
    peer_results = peer.results() if peer else None
    results = {v.name: v.results() for v in variants}
    loads = [r.load for v in variants for runs in v.runs.values() for r in runs]
    loads += [r.load for r in (peer.runs if peer else [])]
    print(f"\n## Build times ({started:%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
          f"{args.runs} rounds; load average {load_before[0]:.2f} → {os.getloadavg()[0]:.2f}; "
          f"{load_note(loads)})\n")
    if peer_results is None:
        print("Peer not measured: ratios are n/a.\n")
    if max([*loads, load_before[0]]) > (os.cpu_count() or 1):
        print("Note: the load average exceeded the core count (other work was running), "
              "so wall times are noisy; compare the ratios (ours and the peer's were "
              "alternated), and CPU times.\n")
    for name, ours in results.items():
        print("\n".join(time_table(name, ours, peer_results)) + "\n")
    print("## PDFs (last full build)\n")
    print("\n".join(pdf_table(pdfs, peer_results)))
    for variant in variants:
        print(f"\n## --timings of the last cold build ({variant.name})\n\n```\n"
              f"{variant.timings.rstrip()}\n```")
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"started": started.isoformat(), "cores": os.cpu_count(), "runs": args.runs,
              "load_average": {"before": load_before, "after": os.getloadavg(),
                               "at_runs": loads},
              "engine": engine_state() | {"snapshot": not args.live, "compare": args.compare},
              "results": results, "pdfs": pdfs, "peer": peer_results,
              "timings": {v.name: v.timings for v in variants},
              "goals": {"time_ratio_max": TIME_GOALS, "pdf_kib_max": PDF_GOALS_KIB}}
    target = RESULTS / "build_times.json"
    target.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nraw numbers: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
