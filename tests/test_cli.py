"""cli: exit codes, `path:line:col` messages, no tracebacks, nothing written on failure."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .conftest import FIXTURES, copy_fixture, run_cli


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_build_and_python_build_py_are_the_same_command(tmp_path: Path, font_cache: Path) -> None:
    import subprocess
    import sys

    from .conftest import FIXTURES, REPO

    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "build.py", "--content", str(FIXTURES / "minimal"),
                           "--out", str(out), "--cache", str(font_cache), "--no-pdf"],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (out / "zh" / "index.html").is_file()
    assert proc.stdout == ""  # diagnostics go to stderr


def test_malformed_yaml_fails_with_location_and_keeps_the_old_site(
        tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("minimal", tmp_path)
    out = tmp_path / "_site"
    assert run_cli("build", "--content", content, "--out", out, "--cache", font_cache,
                   "--no-pdf").code == 0
    before = tree_digest(out)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("title:\n  zh: 港口笔记",
                                                             "title: {zh: 港口笔记"),
                    encoding="utf-8")
    result = run_cli("build", "--content", content, "--out", out, "--cache", font_cache,
                     "--no-pdf")
    assert result.code == 1
    assert (f"{content}/site.yaml:5:8: error: malformed YAML: expected ',' or '}}', but got "
            "':' (while parsing a flow mapping that starts at line 4, column 8)") in result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was written" in result.stderr
    assert tree_digest(out) == before


def test_unknown_fact_is_reported_by_build_and_check(tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("minimal", tmp_path)
    (content / "zh" / "03-facts.md").write_text("收入{fact}`5亿元 <revenu>`。\n", encoding="utf-8")
    for args in (["build", "--no-pdf", "--out", tmp_path / "o", "--cache", font_cache],
                 ["check"]):
        result = run_cli(*args, "--content", content)
        assert result.code == 1
        assert f"{content}/zh/03-facts.md:1:3: error: unknown fact 'revenu'" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_check_writes_nothing_and_json_goes_to_stdout(tmp_path: Path) -> None:
    content = copy_fixture("minimal", tmp_path)
    before = tree_digest(content)
    result = run_cli("check", "--content", content, "--format", "json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    import json

    report = json.loads(result.stdout)
    assert report == {"ok": True, "diagnostics": []}
    assert tree_digest(content) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal"]


def test_strict_turns_warnings_into_errors(tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("minimal", tmp_path)
    (content / "zh" / "03-photo.md").write_text(
        ":::{figure} images/none.jpg\n:alt: 照片\n图注。\n:::\n", encoding="utf-8")
    common = ["--content", content, "--out", tmp_path / "o", "--cache", font_cache, "--no-pdf"]
    relaxed = run_cli("build", *common)
    assert relaxed.code == 0 and "warning: image not found" in relaxed.stderr
    strict = run_cli("build", "--strict", *common)
    assert strict.code == 1 and "warning: image not found" in strict.stderr


def test_normalize_reports_and_writes_only_when_asked(tmp_path: Path) -> None:
    content = copy_fixture("minimal", tmp_path)
    section = content / "zh" / "02-lighthouse.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n他說。\n", encoding="utf-8")
    dry = run_cli("normalize", "--content", content)
    assert dry.code == 0
    assert f"{section}:10:2: 說 → 说" in dry.stderr
    assert "說" in section.read_text(encoding="utf-8")
    wrote = run_cli("normalize", "--content", content, "--write")
    assert wrote.code == 0 and "他说。" in section.read_text(encoding="utf-8")
    assert "說" not in section.read_text(encoding="utf-8")


def test_an_engine_bug_is_reported_without_a_traceback(tmp_path: Path) -> None:
    result = run_cli("build", "--content", tmp_path / "missing", "--out", tmp_path / "o")
    assert result.code == 1
    assert "content folder not found" in result.stderr and "Traceback" not in result.stderr


def test_check_json_reports_an_unreadable_file(tmp_path: Path) -> None:
    content = copy_fixture("minimal", tmp_path)
    (content / "site.yaml").write_text("slug: [\n", encoding="utf-8")
    result = run_cli("check", "--content", content, "--format", "json")
    assert result.code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["diagnostics"][0]["path"].endswith("site.yaml")
    assert report["diagnostics"][0]["line"] == 2


def test_a_deleted_output_file_is_rebuilt(tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("minimal", tmp_path)
    args = ["build", "--content", content, "--out", tmp_path / "o", "--cache", font_cache,
            "--no-pdf"]
    assert run_cli(*args).code == 0
    again = run_cli(*args)
    assert "is up to date" in again.stderr
    (tmp_path / "o" / "zh" / "index.html").unlink()
    rebuilt = run_cli(*args)
    assert "built" in rebuilt.stderr and (tmp_path / "o" / "zh" / "index.html").is_file()


TIMING_ROW = re.compile(r"^  (\s*)(\S.*?)\s+(\d+\.\d\d)\s+(\d+\.\d\d|—)$")


def timing_rows(stderr: str) -> list[tuple[int, str]]:
    """(depth, step) of each row of the --timings table, which ends the output."""
    lines = stderr.splitlines()
    start = lines.index("timings (s; CPU includes the worker processes each step waited for):")
    assert lines[start + 1].split() == ["step", "wall", "cpu"]
    rows = [TIMING_ROW.match(line) for line in lines[start + 2:]]
    assert all(rows), lines[start:]
    return [(len(m.group(1)) // 2, m.group(2)) for m in rows if m]


def test_timings_show_each_step_with_wall_and_cpu_time(tmp_path: Path) -> None:
    content = copy_fixture("minimal", tmp_path)
    args = ["build", "--content", content, "--out", tmp_path / "o", "--cache",
            tmp_path / "cache", "--no-pdf", "--timings"]
    result = run_cli(*args, "--no-cache")  # the fonts are made: their jobs are listed
    assert result.code == 0, result.stderr
    rows = timing_rows(result.stderr)
    steps = [name for _, name in rows]
    for step in ("import engine", "check", "theme", "workers", "swap", "stamp"):
        assert (0, step) in rows, rows
    for step in ("load", "validate", "normalize", "markup", "checks",  # inside "check"
                 "fonts", "pdf jobs", "pages", "stage pages, start search",
                 "waiting for WOFF2 and PDFs", "waiting for search"):  # inside "workers"
        assert (1, step) in rows, rows
    assert steps.index("check") < steps.index("load") < steps.index("fonts")
    assert any(name.startswith("worker: woff2 Report Serif 400") for _, name in rows)
    assert not any(name.startswith("worker: pdf") for _, name in rows)  # --no-pdf
    assert rows[-1] == (0, "total (whole process)")
    noop = run_cli(*args)
    assert "is up to date" in noop.stderr
    assert timing_rows(noop.stderr) == [(0, "stamp"), (0, "total (whole process)")]
    assert "timings (s;" not in run_cli(*args[:-1]).stderr  # only when asked


def test_a_build_after_a_no_cache_build_is_a_no_op(tmp_path: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    args = ["build", "--content", content, "--out", tmp_path / "o", "--cache",
            tmp_path / "cache"]
    cold = run_cli(*args, "--no-cache")
    assert cold.code == 0, cold.stderr
    pdfs = {p.name: p.read_bytes() for p in (tmp_path / "o" / "downloads").iterdir()}
    assert len(pdfs) == 3
    again = run_cli(*args)
    assert again.code == 0, again.stderr
    assert f"{tmp_path / 'o'}/ is up to date" in again.stderr
    cold_warnings = [line for line in cold.stderr.splitlines() if "warning" in line]
    assert [line for line in again.stderr.splitlines() if "warning" in line] == cold_warnings
    # a later --no-cache build remakes everything from nothing, to the same bytes
    remade = run_cli(*args, "--no-cache", "--timings")
    assert "built" in remade.stderr
    assert sum("worker: pdf" in line for line in remade.stderr.splitlines()) == 3
    assert pdfs == {p.name: p.read_bytes() for p in (tmp_path / "o" / "downloads").iterdir()}


def test_a_clean_check_ends_with_its_summary(tmp_path: Path) -> None:
    result = run_cli("check", "--content", copy_fixture("port-report", tmp_path))
    assert result.code == 0
    assert result.stderr.strip().splitlines()[-1] == "0 error(s), 0 warning(s)"


def test_strict_summary_counts_failing_warnings_as_errors_and_hints_paste(tmp_path: Path
                                                                         ) -> None:
    report = copy_fixture("port-report", tmp_path)
    (report / "translations.lock").unlink()
    result = run_cli("check", "--strict", "--content", report)
    assert result.code == 1
    assert result.stderr.strip().splitlines()[-1] == "3 error(s), 0 warning(s)"
    hint = next(line for line in result.stderr.splitlines() if "run: tianxin-report" in line)
    command = hint.split("run: ", 1)[1].split()
    assert command[:4] == ["tianxin-report", "translated", "--content", str(report)]
    pasted = run_cli(*command[1:])
    assert pasted.code == 0, pasted.stderr
    assert run_cli("check", "--content", report).code == 0


def test_the_program_exits_with_mains_code_and_all_its_output() -> None:
    """`run` skips the interpreter's teardown (os._exit): what main printed must still be
    there in full, and argparse's exits keep their codes."""
    assert run_cli("--help").code == 0
    usage = run_cli("build", "--no-such-option")
    assert usage.code == 2 and "unrecognized arguments" in usage.stderr
    listing = run_cli("check", "--content", FIXTURES / "minimal", "--format", "json")
    assert listing.code == 0 and json.loads(listing.stdout)["ok"] is True
    missing = run_cli("check", "--content", "/nonexistent-report")
    assert missing.code == 1 and missing.stderr.strip()
