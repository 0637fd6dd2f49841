"""Which characters each page group (and its PDF) sets in which face: the font subsets
the build asks for."""

from __future__ import annotations

import re
from pathlib import Path

from tianxin_report.model import Checked, Edition, Report
from tianxin_report.site.assets import FontFiles
from tianxin_report.site.facts import facts_view
from tianxin_report.site.pages import glossary_view, site_view
from tianxin_report.source.fonts import SANS, SANS_BOLD, SERIF, FontFace, font_path
from tianxin_report.source.theme import load_strings

FontRequest = tuple[FontFace, str, str | None]  # face, characters, flavor (None or "woff2")
Wanted = dict[str, dict[FontFace, tuple[str, str | None]]]


def edition_text(report: Report, edition: Edition) -> tuple[str, str]:
    """The characters a page sets in the body face and in the heading face."""
    view = site_view(report.site, edition.lang)
    chrome = " ".join(str(v) for v in view.values() if v) + " ".join(
        load_strings(edition.lang).values()) + " ".join(  # the language switch names them all
        load_strings(lang)["language_name"] for lang in report.site.languages)
    titles = " ".join(s.title_text or "" for s in edition.sections)
    body = " ".join(b.text for s in edition.sections for b in s.blocks)
    glossary = glossary_view(report, edition.lang)
    terms = " ".join(e["term"] + e["original"] for e in glossary)
    notes = " ".join(e["note"] for e in glossary)  # the other language's notes: bilingual only
    facts = facts_view(report, edition.lang)
    # the PDF's facts table shows label, value and date (its sources are on the web page)
    table = " ".join(f"{row['label']} {row['value']} {row['when']}" for row in facts)
    key_values = " ".join(row["value"] for row in facts)
    # text set in the heading face inside the article: charts, pull quotes, elision notes
    headed = " ".join(b.text for s in edition.sections for b in s.blocks
                      if b.kind in ("chart", "pullquote"))
    notes_in_text = " ".join(re.findall(r'class="elision-note">(.*?)</span>',
                                        " ".join(s.html for s in edition.sections)))
    return (chrome + titles + body + terms + notes + table,
            chrome + titles + terms + key_values + headed + notes_in_text)


def text_groups(checked: Checked) -> dict[str, tuple[str, str]]:
    """The characters each page (and its PDF) sets in the body face and the heading face."""
    report, langs = checked.report, checked.report.site.languages
    groups = {lang: edition_text(report, checked.editions[lang]) for lang in langs}
    if len(langs) > 1:
        groups["bilingual"] = (groups[langs[0]][0] + groups[langs[1]][0],
                               groups[langs[0]][1] + groups[langs[1]][1])
    landing = " ".join(str(v) for lang in langs for v in site_view(report.site, lang).values()
                       if v) + " ".join(" ".join(load_strings(lang).values()) for lang in langs)
    groups["landing"] = (landing, landing)
    for lang in langs:  # the facts page quotes the source sentences: its own subsets
        table = " ".join(" ".join(str(v) for v in row.values())
                         for row in facts_view(report, lang))
        chrome = landing + " ".join(load_strings(lang).values())
        groups[f"facts-{lang}"] = (chrome + table, chrome)
    return groups


def wanted_fonts(checked: Checked, printed: tuple[str, ...]) -> tuple[Wanted, Wanted]:
    """For each web page group, and for each PDF in `printed`, each face with its
    characters and flavour.

    The pages get WOFF2; the PDFs get plain sfnt subsets of the same characters, so that
    they neither wait for the WOFF2 compression nor make WeasyPrint undo it. The regular
    sans (running heads, captions) is only in the PDFs.
    """
    groups = text_groups(checked)
    web: Wanted = {group: {SERIF: (serif, "woff2"), SANS_BOLD: (sans, "woff2")}
                   for group, (serif, sans) in groups.items()}
    if "bilingual" in web:  # its characters are the source page's and a few more (~3 %):
        # one pair of files serves both pages (compressed once, and cached by the browser)
        web[checked.report.site.languages[0]] = web["bilingual"]
    paper: Wanted = {group: {SERIF: (serif, None), SANS_BOLD: (sans, None),
                             SANS: (sans + serif, None)}
                     for group, (serif, sans) in groups.items() if group in printed}
    return web, paper


def drawing_fonts(checked: Checked, web: Wanted) -> Wanted:
    """Plain sfnt twins of each language page's fonts, for drawing its share image: made
    in milliseconds, so the pages need not wait for the WOFF2 compression."""
    return {lang: {face: (web[lang][face][0], None) for face in (SERIF, SANS_BOLD)}
            for lang in checked.report.site.languages}


def font_requests(wanted: Wanted) -> list[FontRequest]:
    return [(face, *spec) for faces in wanted.values() for face, spec in faces.items()]


def assign_fonts(wanted: Wanted, made: dict[FontRequest, Path]) -> dict[str, FontFiles]:
    """Each group's faces, as the files made (or found in the cache) for them."""
    return {group: {face: made[(face, *spec)] for face, spec in faces.items()}
            for group, faces in wanted.items()}


def whole_fonts(checked: Checked) -> dict[str, FontFiles]:
    """serve's quick rebuilds: the whole fonts (subsetting takes seconds on new characters)."""
    whole = {face: font_path(face) for face in (SERIF, SANS_BOLD)}
    return {group: dict(whole) for group in text_groups(checked)}
