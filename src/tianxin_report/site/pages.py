"""Turn the checked report into HTML: markdown per section, then Jinja templates per page."""

from __future__ import annotations

import re
from typing import Any

from tianxin_report.config import lang_tag
from tianxin_report.model import Block, Edition, Localized, Report, Site
from tianxin_report.site.facts import facts_view, key_figures
from tianxin_report.source.theme import load_strings
from tianxin_report.text.markup import FACTS_LINK
from tianxin_report.text.quantities import format_date


def pick(value: Localized | None, lang: str, fallback: str) -> str | None:
    """The value in `lang`, else in the source language, else None."""
    if not value:
        return None
    return value.get(lang) or value.get(fallback)


def join_names(names: list[str], lang: str) -> str:
    """Authors as a byline: 张三 李四 in Chinese; A, B and C in English."""
    if lang == "zh" or len(names) < 2:
        return " ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def site_view(site: Site, lang: str) -> dict[str, Any]:
    """site.yaml as one language sees it; absent optional values are None."""
    src = site.source_language
    view: dict[str, Any] = {key: pick(getattr(site, key), lang, src)
                            for key in ("title", "kicker", "column", "series", "description",
                                        "credit", "key_figures", "keywords", "publisher")}
    view["authors"] = [pick(a, lang, src) for a in site.authors]
    view["byline"] = join_names([str(a) for a in view["authors"]], lang)
    view["date_iso"] = site.date.isoformat() if site.date else None
    view["date_display"] = format_date(site.date, lang) if site.date else None
    view["slug"] = site.slug
    return view


def facts_links(fragment: str, place: str) -> str:
    """Point the figures' links at the facts table, wherever this output keeps it."""
    return fragment.replace(FACTS_LINK, f"{place}#fact-")


def glossary_view(report: Report, lang: str) -> list[dict[str, str]]:
    """Glossary entries as one language shows them, in the order of glossary.yaml."""
    chinese = lang_tag("zh")
    return [{"id": t.id, "term": t.en if lang == "en" else t.zh,
             "original": t.zh if lang != "zh" else "", "original_lang": chinese,
             "note": t.note.get(lang) or t.note.get("en", ""),
             "note_source": t.note.get("zh", "") if lang != "zh" else ""}
            for t in report.glossary.values()]


def base_context(report: Report, lang: str) -> dict[str, Any]:
    return {"lang": lang, "tag": lang_tag(lang), "s": load_strings(lang),
            "site": site_view(report.site, lang), "glossary": glossary_view(report, lang),
            "facts": facts_view(report, lang), "key_figures": key_figures(report, lang),
            "source_tag": lang_tag(report.site.source_language)}


ANCHOR = re.compile(r'\sid="([^"]*)"')
IDS = re.compile(r'\s(?:id|data-block)="[^"]*"')
LIST_WRAPPER = re.compile(r"^<(?:ul|ol)[^>]*>\s*|\s*</(?:ul|ol)>\s*$")


def pair_fragment(block: Block) -> str:
    """A block's HTML for the parallel page: no ids (the pair has one), lists self-contained."""
    fragment = IDS.sub("", block.html)
    if block.kind == "item":
        fragment = "<ul>" + LIST_WRAPPER.sub("", fragment) + "</ul>"
    return fragment


def bilingual_view(editions: dict[str, Edition],
                   languages: tuple[str, ...]) -> list[dict[str, Any]]:
    """Sections as aligned pairs of blocks: the n-th block of each language side by side."""
    first, second = (editions[lang] for lang in languages[:2])
    sections = []
    for left, right in zip(first.sections, second.sections, strict=True):
        pairs = []
        for a, b in zip(left.blocks, right.blocks, strict=False):
            anchor = ANCHOR.search(a.html)
            pairs.append({"id": anchor.group(1) if anchor else a.id, "kind": a.kind,
                          "sides": [pair_fragment(a), pair_fragment(b)]})
        sections.append({"id": left.id, "titles": [left.title_html, right.title_html],
                         "pairs": pairs})
    return sections


def facts_pairs(report: Report, first: str, second: str) -> list[dict[str, Any]]:
    """The facts table of the parallel PDF: each fact's label and value in both languages."""
    return [{"id": a["id"], "labels": [a["label"], b["label"]], "amounts": [a["value"], b["value"]],
             "when": a["when"]}
            for a, b in zip(facts_view(report, first), facts_view(report, second), strict=True)]


def bilingual_context(report: Report, editions: dict[str, Edition]) -> dict[str, Any]:
    """What the parallel page adds: both languages' masthead, paired sections, and back
    matter in both (glossary entries with both terms and notes, the facts' labels)."""
    first, second = report.site.languages[:2]
    glossary = glossary_view(report, second)
    return {"bilingual_page": True, "tags": [lang_tag(first), lang_tag(second)],
            "other": site_view(report.site, second), "other_strings": load_strings(second),
            "sections": bilingual_view(editions, report.site.languages),
            "glossary": glossary, "facts_pairs": facts_pairs(report, first, second)}
