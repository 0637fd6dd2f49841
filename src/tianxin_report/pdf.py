"""Render a print HTML document to PDF bytes with WeasyPrint, keeping its warnings."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from tianxin_report.errors import Problems

PDF_VARIANT = "pdf/ua-1"  # tagged PDF with document language and title


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_warnings(problems: Problems, where: str) -> Iterator[None]:
    """WeasyPrint logs problems (bad CSS, missing fonts) instead of raising: collect them."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for message in handler.messages:
            problems.warning(f"WeasyPrint: {message}", None, code="pdf",
                             hint=f"while rendering {where}")


def render_pdf(document: str, base_url: str, problems: Problems, where: str) -> bytes:
    """The PDF of an HTML document; relative URLs resolve against `base_url`."""
    from weasyprint import HTML  # imported here: it is slow to import and only PDFs need it

    with weasyprint_warnings(problems, where):
        data = HTML(string=document, base_url=base_url).write_pdf(
            pdf_variant=PDF_VARIANT, pdf_identifier=b"tianxin-report", uncompressed_pdf=False)
    assert data is not None
    return data
