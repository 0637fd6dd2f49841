"""The command line: build, check and normalize, with errors as `path:line:col: message`."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from tianxin_report.config import default_cache, default_theme
from tianxin_report.errors import BuildFailed, Diagnostic, Problems, ReportError
from tianxin_report.model import BuildOptions
from tianxin_report.output.stamp import build_stamp
from tianxin_report.timings import NO_TIMINGS, Timings


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="the content folder (default: content/)")
    parser.add_argument("--theme", type=Path, default=None,
                        help="folder holding templates/ and static/ (default: the engine's)")
    parser.add_argument("--strict", action="store_true", help="warnings become errors")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tianxin-report",
                                     description="Build a bilingual report as a site and PDFs.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site and PDFs")
    add_common(build_cmd)
    build_cmd.add_argument("--out", type=Path, default=Path("_site"),
                           help="output folder (default: _site/)")
    build_cmd.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    build_cmd.add_argument("--cache", type=Path, default=None,
                           help="cache folder (default: ~/.cache/tianxin-report, or "
                                "$XDG_CACHE_HOME/tianxin-report)")
    build_cmd.add_argument("--base-url", help="the address the site is served from "
                           "(absolute URLs, sitemap); overrides site.yaml's base_url")
    build_cmd.add_argument("--no-cache", action="store_true",
                           help="a cold build: make every font subset and PDF anew (they "
                                "replace the cached ones, so the next build is a no-op)")
    build_cmd.add_argument("--timings", action="store_true",
                           help="print each step's wall and CPU time to stderr")
    check_cmd = commands.add_parser("check", help="run every check without writing")
    add_common(check_cmd)
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    norm = commands.add_parser("normalize", help="show (or --write) the OpenCC changes")
    add_common(norm)
    norm.add_argument("--write", action="store_true", help="rewrite the Chinese sources")
    live = commands.add_parser("serve", help="build, serve on loopback, rebuild on change")
    add_common(live)
    live.add_argument("--out", type=Path, default=None,
                      help="output folder (default: a temporary one, removed on exit)")
    live.add_argument("--cache", type=Path, default=None,
                      help="cache folder (default: as for build)")
    live.add_argument("--no-pdf", action="store_true", help="do not rebuild PDFs")
    live.add_argument("--host", default="127.0.0.1",
                      help="address to listen on (default: 127.0.0.1, this machine only)")
    live.add_argument("--port", type=int, default=8000)
    done = commands.add_parser("translated",
                               help="record translated sections as up to date with the source")
    add_common(done)
    done.add_argument("sections", nargs="*", help="files (content/en/02-x.md) or section ids")
    done.add_argument("--all", action="store_true", help="every translated section")
    return parser


def print_diagnostics(items: Sequence[Diagnostic], strict: bool = False,
                      always: bool = False) -> None:
    """Each diagnostic, then the summary line; under --strict warnings count as errors."""
    for item in items:
        print(item.format(), file=sys.stderr, flush=True)
    errors = sum(d.severity == "error" for d in items)
    warnings = sum(d.severity == "warning" for d in items)
    if strict:
        errors, warnings = errors + warnings, 0
    if errors or warnings or always:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr, flush=True)


def options_from(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(content=args.content, out=getattr(args, "out", None) or Path("_site"),
                        theme=args.theme or default_theme(),
                        cache=getattr(args, "cache", None) or default_cache(),
                        pdf=not getattr(args, "no_pdf", False), strict=args.strict,
                        base_url=normal_base(getattr(args, "base_url", None)),
                        source_date_epoch=source_date_epoch())


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible builds: the PDFs' date), read once for the build."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else None


def normal_base(url: str | None) -> str | None:
    return url.rstrip("/") + "/" if url else None


def run_build(args: argparse.Namespace, problems: Problems) -> int:
    options = options_from(args)
    timings = Timings() if args.timings else NO_TIMINGS
    with timings.step("stamp"):
        replay = None if args.no_cache else build_stamp(options).current()
    if replay is not None:  # nothing changed: answer before importing the whole engine
        print_diagnostics(replay)
        print(f"{options.out}/ is up to date", file=sys.stderr, flush=True)
        print_timings(timings)
        return 0
    with timings.step("import engine"):
        from tianxin_report.pipeline import build

    done = build(dataclasses.replace(options, fresh=args.no_cache), problems, timings=timings)
    print_diagnostics(problems.items)
    print(f"built {options.out}/" if done else f"{options.out}/ is up to date",
          file=sys.stderr, flush=True)
    print_timings(timings)
    return 0


def print_timings(timings: Timings) -> None:
    """The steps' times (only with --timings), after the diagnostics."""
    if timings.enabled:
        print(timings.table(), file=sys.stderr, flush=True)


def run_check(args: argparse.Namespace, problems: Problems) -> int:
    from tianxin_report.pipeline import check_report

    try:
        check_report(options_from(args), problems)
    except BuildFailed:
        pass
    except ReportError as exc:  # a file that cannot be read at all
        problems.add(exc.diagnostic)
    failing = problems.failing(args.strict)
    if args.format == "json":
        print(json.dumps({"ok": not failing,
                          "diagnostics": [d.as_dict() for d in problems.items]},
                         ensure_ascii=False, indent=2))
    else:
        print_diagnostics(problems.items, args.strict, always=True)
    return 1 if failing else 0


def run_normalize(args: argparse.Namespace, problems: Problems) -> int:
    from tianxin_report.pipeline import normalize_sources

    changes = normalize_sources(args.content, write=args.write)
    for change in changes:
        print(f"{change.location}: {change.old} → {change.new}", file=sys.stderr, flush=True)
    verb = "rewrote" if args.write else "would change (run with --write to apply)"
    print(f"{len(changes)} change(s); {verb}", file=sys.stderr, flush=True)
    return 0


def run_serve(args: argparse.Namespace, problems: Problems) -> int:
    from tianxin_report.serve import serve

    return serve(options_from(args), args.host, args.port, temporary=args.out is None)


def run_translated(args: argparse.Namespace, problems: Problems) -> int:
    from tianxin_report.pipeline import mark_translated

    for path in mark_translated(args.content, args.sections, args.all):
        print(f"recorded {path} as translated from the current source", file=sys.stderr)
    return 0


FAILED = {"build": "build failed: nothing was written", "check": "check failed",
          "normalize": "normalize failed: nothing was written",
          "translated": "translated failed: nothing was written",
          "serve": "serve failed"}
COMMANDS: dict[str, Callable[[argparse.Namespace, Problems], int]] = {
    "build": run_build, "check": run_check, "normalize": run_normalize,
    "translated": run_translated, "serve": run_serve}


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    problems = Problems()
    try:
        return COMMANDS[args.command](args, problems)
    except BuildFailed as exc:
        print_diagnostics(exc.diagnostics, args.strict)
        print(FAILED[args.command], file=sys.stderr, flush=True)
        return 1
    except ReportError as exc:
        print_diagnostics([*problems.items, exc.diagnostic])
        print(FAILED[args.command], file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # an engine bug, not a content problem
        if args.debug:
            traceback.print_exc()
        else:
            print(f"internal error: {type(exc).__name__}: {exc}\n"
                  "  hint: run again with --debug for a traceback, and report it",
                  file=sys.stderr)
        return 2


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The program: `main`, then exit at once. Tearing down the interpreter (every module
    and object the build made: Jinja, markdown-it, Babel's data, HarfBuzz faces) takes
    ~0.1 s after the work is done and written; nothing is left to clean up by then (the
    output is swapped, the workers and Pagefind are waited for, serve has stopped), so the
    process skips it. `main` itself returns normally, for callers in the same process."""
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: --help, a usage error
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe
            stream.flush()
    os._exit(code)

