"""English typographic quotes in the report's YAML texts: site.yaml's, the glossary's, the
facts' labels, the charts' titles ("it's" → "it’s"). The Markdown gets them from the parser."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from markdown_it import MarkdownIt

from tianxin_report import config
from tianxin_report.model import Localized, Report

ENGLISH_QUOTES = "“”‘’"  # markdown-it's `quotes` option: double open/close, single open/close
# markdown-it with its smartquotes rule alone: no other syntax is read from a plain text
_QUOTES = MarkdownIt("zero", {"typographer": True, "quotes": ENGLISH_QUOTES}).enable(
    "smartquotes")


def smart_quotes(text: str) -> str:
    """A plain English text with “” ‘’ and ’ for straight quotes and apostrophes."""
    if "'" not in text and '"' not in text:
        return text
    [inline] = _QUOTES.parseInline(text)
    return "".join(c.content if c.type == "text" else "\n"
                   for c in inline.children or ()).replace("'", "’")


def english(texts: Localized | None) -> Localized | None:
    """The same texts, the non-Chinese ones with typographic quotes."""
    if not texts:
        return texts
    return {lang: text if lang in config.CHINESE_LANGS or not isinstance(text, str)
            else smart_quotes(text) for lang, text in texts.items()}


def smarten_report(report: Report) -> Report:
    """The report with typographic quotes in every English text an editor wrote in YAML."""
    site = report.site
    texts: dict[str, Any] = {key: english(getattr(site, key)) for key in config.SITE_LOCALIZED}
    site = replace(site, authors=tuple(english(a) or a for a in site.authors), **texts)
    facts = {i: replace(f, label=english(f.label) or f.label, note=english(f.note))
             for i, f in report.facts.items()}
    glossary = {i: replace(t, en=smart_quotes(t.en), note=english(t.note) or t.note)
                for i, t in report.glossary.items()}
    charts = {i: replace(c, title=english(c.title) or c.title,
                         labels={k: english(v) or v for k, v in c.labels.items()})
              for i, c in report.charts.items()}
    return replace(report, site=site, facts=facts, glossary=glossary, charts=charts)
