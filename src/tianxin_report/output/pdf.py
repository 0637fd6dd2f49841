"""Render print documents to PDF with WeasyPrint: cached by input, in the worker processes."""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import mimetypes
import os
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from tianxin_report.errors import Problems, ReportError
from tianxin_report.model import PdfJob
from tianxin_report.output.workers import Workers

PDF_VARIANT = "pdf/ua-1"  # tagged PDF with document language and title


def local_path(url: str) -> str | None:
    """The file a file: URL names, normalized; None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return None
    return os.path.normpath(url2pathname(parts.path))


def fetch_for(job: PdfJob, url: str, fetch: Callable[[str], Any],
              respond: Callable[..., Any]) -> Any:
    """What WeasyPrint gets for a URL: the report's checked images (from memory), the
    stylesheet and fonts, inline data; nothing else, so neither the content (raw HTML: an
    image or attachment naming /etc/passwd) nor a link can put a file of the machine, or
    of the network, into a PDF. A refusal is logged by WeasyPrint as a warning."""
    if url.startswith("data:"):
        return fetch(url)
    path = local_path(url)
    if path is None:
        raise ValueError(f"refused {url}: the PDFs read nothing from the network")
    if path in job.images:
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return respond(url, job.images[path], {"Content-Type": kind})
    if path in job.files:
        return fetch(url)
    raise ValueError(f"refused {url}: not an image of the report, its stylesheet or a font")


def guarded_fetcher(job: PdfJob) -> Any:
    """A WeasyPrint URL fetcher that reads only what `fetch_for` allows."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Guarded(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return fetch_for(job, url, lambda u: super(Guarded, self).fetch(u, headers),
                             URLFetcherResponse)

    return Guarded()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def job_key(job: PdfJob) -> str:
    """Everything the PDF depends on: the document (font URLs name their content hashes),
    the stylesheet, the images' bytes and the WeasyPrint version."""
    digest = hashlib.sha256()
    images = [f"{path}={hashlib.sha256(data).hexdigest()}"  # the document names only paths
              for path, data in sorted(job.images.items())]
    for part in (job.document, job.stylesheet.read_text(encoding="utf-8"), job.base_url,
                 importlib.metadata.version("weasyprint"), PDF_VARIANT, *images):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:24]


def render_job(job: PdfJob) -> tuple[bytes, list[str]]:
    """The PDF bytes and WeasyPrint's warnings (it logs problems instead of raising)."""
    from weasyprint import HTML

    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        data = HTML(string=job.document, base_url=job.base_url,
                    url_fetcher=guarded_fetcher(job)).write_pdf(
            pdf_variant=PDF_VARIANT, pdf_identifier=b"tianxin-report")
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if data is None:  # write_pdf() returns bytes when given no target
        raise ReportError(f"WeasyPrint made no PDF for {job.name}", code="pdf")
    return data, handler.messages


def preload_weasyprint() -> None:
    """Import WeasyPrint (~0.35 s): the workers' initializer, run while the build's own
    process checks the report (which never needs WeasyPrint)."""
    import weasyprint  # noqa: F401


def start_jobs(jobs: list[PdfJob], workers: Workers) -> list[Future[Any]]:
    """Hand the jobs to the workers, the longest document first (the critical path)."""
    futures: dict[int, Future[Any]] = {}
    for i in sorted(range(len(jobs)), key=lambda i: -len(jobs[i].document)):
        futures[i] = workers.submit(f"pdf {jobs[i].name}", render_job, jobs[i])
    return [futures[i] for i in range(len(jobs))]


@dataclass
class PdfWork:
    """The PDFs of a build: cached ones found, missing ones being rendered by the workers."""

    jobs: list[PdfJob]
    cached: dict[str, Path]  # job name -> its file in the cache (made if missing)
    todo: list[PdfJob]
    futures: list[Future[Any]]

    def wait(self, problems: Problems) -> dict[str, bytes]:
        """Every job's PDF; the rendered ones are saved in the cache with their warnings,
        which are reported (a reused PDF reports the warnings it was made with)."""
        for job, future in zip(self.todo, self.futures, strict=True):
            data, messages = future.result()[0]
            target = self.cached[job.name]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.with_suffix(".warnings").write_text("\n".join(messages), encoding="utf-8")
            partial = target.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(target)
        self.todo, self.futures = [], []
        for job in self.jobs:
            notes = self.cached[job.name].with_suffix(".warnings")
            for message in filter(None, notes.read_text(encoding="utf-8").split("\n")
                                  if notes.is_file() else []):
                problems.warning(f"WeasyPrint: {message}", None, f"while rendering {job.name}",
                                 code="pdf")
        return {job.name: self.cached[job.name].read_bytes() for job in self.jobs}


def start_pdfs(jobs: list[PdfJob], cache: Path, workers: Workers,
               fresh: bool = False) -> PdfWork:
    """Start rendering every PDF the cache does not have (all of them when `fresh`)."""
    cached = {job.name: cache / "pdf" / f"{job_key(job)}.pdf" for job in jobs}
    todo = [job for job in jobs if fresh or not cached[job.name].is_file()]
    return PdfWork(jobs, cached, todo, start_jobs(todo, workers) if todo else [])
