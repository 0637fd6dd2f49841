"""Decide whether a build can be skipped: a fingerprint of every input, kept in the cache."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import tianxin_report
from tianxin_report.errors import Diagnostic, Location

ENGINE = Path(tianxin_report.__file__).resolve().parent


def tree_digest(*roots: Path) -> str:
    """A digest of the names, sizes and modification times of every file under `roots`,
    and of every symbolic link's target (links to folders too: the build refuses them)."""
    digest = hashlib.sha256()
    for root in roots:
        if not root.exists():
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
            for name in sorted(files + links):
                digest.update(f"{folder}/{name}|{entry_id(os.path.join(folder, name))}\n"
                              .encode())
    return digest.hexdigest()


def entry_id(path: str) -> str:
    """Size and time of a file (through a link), and where a link points."""
    try:
        stat = os.stat(path)
    except OSError:  # a link to nothing: the build reports it, the stamp notes it
        stat = os.lstat(path)
    target = os.readlink(path) if os.path.islink(path) else ""
    return f"{stat.st_size}|{stat.st_mtime_ns}|{target}"


@dataclass
class BuildStamp:
    """The fingerprint of one build's inputs and of the output folder it wrote."""

    path: Path
    inputs: str
    out: Path

    def output_id(self) -> str:
        """Every output file's name, size and time: a deleted or edited file shows."""
        return tree_digest(self.out) if self.out.is_dir() else ""

    def current(self) -> list[Diagnostic] | None:
        """The diagnostics of the last build if it is still current, else None."""
        try:
            saved: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not (saved.get("inputs") == self.inputs and self.output_id()
                and saved.get("output") == self.output_id()):
            return None
        return [Diagnostic(d["severity"], d["message"],
                           Location(d["path"], d["line"] or 0, d["col"] or 0)
                           if d["path"] else None, d["hint"], d["code"])
                for d in saved.get("diagnostics", [])]

    def record(self, diagnostics: list[Diagnostic]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"inputs": self.inputs, "output": self.output_id(),
                "diagnostics": [d.as_dict() for d in diagnostics]}
        self.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def forget(self) -> None:
        """Remove the stamp (serve's temporary folder is gone: nothing can match it again)."""
        self.path.unlink(missing_ok=True)


def build_stamp(options: Any) -> BuildStamp:
    """The stamp for a build with these options (content, theme, engine, settings)."""
    # --no-cache (fresh) makes the same output: the next plain build is a no-op
    settings = json.dumps({k: str(v) for k, v in asdict(options).items() if k != "fresh"},
                          sort_keys=True)
    inputs = hashlib.sha256("|".join([
        settings,  # SOURCE_DATE_EPOCH among them
        tree_digest(options.content, options.theme / "templates", options.theme / "static",
                    ENGINE),
    ]).encode()).hexdigest()
    out = options.out.resolve()
    name = hashlib.sha256(str(out).encode()).hexdigest()[:16]
    return BuildStamp(options.cache / "stamps" / f"{name}.json", inputs, out)
