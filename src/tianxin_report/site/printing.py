"""The print documents: one per language and the parallel one, as HTML with their
stylesheet, fonts and images, ready for WeasyPrint."""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from tianxin_report.model import BuildOptions, Checked, Edition, PdfJob, Report
from tianxin_report.site.assets import FontFiles
from tianxin_report.site.pages import base_context, bilingual_context
from tianxin_report.site.photos import PHOTO_PREFIX, Photo, with_photos
from tianxin_report.source.fonts import FONT_NAMES, SANS, SERIF
from tianxin_report.source.theme import Theme
from tianxin_report.text.quantities import format_date

# What the web's markup carries that print never shows (the markup of text.markup.roles,
# text.markup.blocks and text.charts). WeasyPrint parses, styles and tags every element,
# hidden ones included, so the print documents leave these out (issue #13: ~7 % fewer
# function calls per PDF). Kept: ids (fact links, glossary links, the TOC's
# target-counter), the charts' SVG <title> (their alt text in the tagged PDF).
WEB_ONLY = re.compile(
    r' data-block="[^"]*"'  # the web's block anchors (switch.js, :target)
    r'|<span class="gloss-paren">[^<]*</span>'  # a term's note is a footnote in print
    r'|\n?<div class="visually-hidden"><table>.*?</table></div>',  # a chart's data table
    re.S)
# a figure's machine-readable <data value title> inside its link: the PDF keeps its text
FACT_DATA = re.compile(r'<data value="[^"]*" data-fact="[^"]*" title="[^"]*">(.*?)</data>',
                       re.S)
# a term's first use: its link and footnote, without the two spans the web styles them by
TERM_FIRST = re.compile(r'<span class="term-first">(<a class="term"[^>]*>[^<]*</a>)'
                        r'<span class="term-gloss">(<span class="gloss-note.*?</span>)'
                        r"</span></span>", re.S)


def print_markup(fragment: str) -> str:
    """A fragment of the web's HTML with what print never shows left out."""
    return FACT_DATA.sub(r"\1", TERM_FIRST.sub(r"\1\2", WEB_ONLY.sub("", fragment)))


def print_edition(edition: Edition) -> Edition:
    """The edition as the print documents use it (see `print_markup`)."""
    return replace(edition, sections=tuple(
        replace(section, title_html=section.title_html and print_markup(section.title_html),
                blocks=tuple(replace(block, html=print_markup(block.html))
                             for block in section.blocks))
        for section in edition.sections))


def printed_editions(report: Report, options: BuildOptions) -> tuple[str, ...]:
    """The PDFs this build makes: site.yaml's pdf.editions, none with --no-pdf."""
    return report.site.pdf_editions if options.pdf else ()


def pdf_name(report: Report, lang: str) -> str:
    return f"downloads/{report.site.slug}-{lang}.pdf"


def pdf_date(site_date: str | None, epoch: int | None) -> str | None:
    """The PDFs' metadata date: SOURCE_DATE_EPOCH when set (reproducible builds), else the
    publication date, else none (no date is invented)."""
    if epoch is not None:
        stamp = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return site_date


def build_date(epoch: int | None, lang: str) -> str | None:
    """The colophon's build date: only from SOURCE_DATE_EPOCH, labelled as a build date."""
    if epoch is None:
        return None
    return format_date(datetime.datetime.fromtimestamp(epoch, datetime.UTC).date(), lang)


def print_context(report: Report, lang: str, options: BuildOptions, stylesheet: Path,
                  files: FontFiles) -> dict[str, Any]:
    """Template variables of a print document; fonts as file URLs of the same WOFF2 subsets
    the web pages use."""
    context = base_context(report, lang)
    context.update(
        css=stylesheet.resolve().as_uri(),
        fonts=[{"family": face.family, "weight": face.weight,
                "href": path.resolve().as_uri()} for face, path in files.items()],
        data=None, printed=True, paper=report.site.paper,
        pdf_date=pdf_date(context["site"]["date_iso"], options.source_date_epoch),
        build_date=build_date(options.source_date_epoch, lang),
        font_names=[FONT_NAMES[SERIF], FONT_NAMES[SANS]])
    return context


def pdf_jobs(checked: Checked, options: BuildOptions, theme: Theme,
             font_files: dict[str, FontFiles], photos: dict[str, Photo],
             encoded: dict[str, bytes]) -> list[PdfJob]:
    """The print documents this build makes (`printed_editions`): one per language, and
    the parallel one; each photo in its print version (about 300 dpi at its printed
    width). `font_files` holds the faces of those editions."""
    printed = printed_editions(checked.report, options)
    report, jobs = checked.report, []
    stylesheet = theme.print_stylesheet
    langs = report.site.languages
    root = report.root.resolve()
    images = {os.path.normpath(root / p.print.name): encoded[p.print.name]
              for p in photos.values()}  # where the documents' img URLs lead
    editions = {lang: print_edition(with_photos(e, photos, PHOTO_PREFIX, None))
                for lang, e in checked.editions.items()}

    def readable(group: str) -> frozenset[str]:
        return frozenset(str(p.resolve()) for p in (stylesheet, *font_files[group].values()))

    for lang in (lang for lang in langs if lang in printed):
        context = print_context(report, lang, options, stylesheet, font_files[lang])
        edition = editions[lang]
        context.update(edition=edition, facts_page="", toc=[{"id": s.id, "title": s.title_html}
                                             for s in edition.sections if s.title_html])
        jobs.append(PdfJob(pdf_name(report, lang), theme.templates.render("print.html", **context),
                           (root / lang).as_uri() + "/", stylesheet, readable(lang), images))
    if "bilingual" in printed:  # validate allows it only with two languages
        context = print_context(report, langs[0], options, stylesheet, font_files["bilingual"])
        context.update(bilingual_context(report, editions), facts_page="")
        context["toc"] = [{"id": s["id"], "title": s["titles"][0]} for s in context["sections"]
                          if s["titles"][0]]
        jobs.append(PdfJob(f"downloads/{report.site.slug}-bilingual.pdf",
                           theme.templates.render("print_bilingual.html", **context),
                           (root / langs[0]).as_uri() + "/", stylesheet, readable("bilingual"),
                           images))
    return jobs
