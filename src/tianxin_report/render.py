"""Turn the checked report into HTML: markdown per section, then Jinja templates per page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from tianxin_report.charts import Geometry
from tianxin_report.config import lang_tag
from tianxin_report.errors import Location, Problems, ReportError, display_path
from tianxin_report.facts import facts_view, key_figures
from tianxin_report.markup import FACTS_LINK, MarkupContext, build_parser, render_section
from tianxin_report.model import Block, Edition, Localized, Report, Site
from tianxin_report.quantities import format_date


@cache
def load_strings(lang: str) -> dict[str, str]:
    """Interface words for a language (the engine's, not the article's)."""
    name = lang if resources.files(__package__).joinpath(f"strings/{lang}.yaml").is_file() else "en"
    text = resources.files(__package__).joinpath(f"strings/{name}.yaml").read_text("utf-8")
    return {k: str(v) for k, v in yaml.safe_load(text).items()}


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
    view["date_iso"] = site.date.isoformat()
    view["date_display"] = format_date(site.date, lang)
    view["slug"] = site.slug
    return view


def render_edition(report: Report, lang: str, problems: Problems,
                   charts: dict[str, Geometry], check_wording: bool = True) -> Edition:
    """Render every section of one language."""
    md = build_parser(report.site.allow_html)
    ctx = MarkupContext(lang=lang, facts=report.facts, glossary=report.glossary, charts=charts,
                        assets=report.assets, strings=load_strings(lang), problems=problems,
                        check_wording=check_wording, content_root=display_path(report.root),
                        units=report.units)
    sections = tuple(render_section(s, md, ctx) for s in report.sections[lang])
    return Edition(lang, sections, frozenset(ctx.images_used))


@dataclass(frozen=True)
class Templates:
    """A Jinja environment over the theme's templates folder."""

    env: jinja2.Environment
    folder: Path

    def render(self, name: str, **context: Any) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise ReportError(f"template error: {exc.message}",
                              Location(self.shown(exc.filename or name), exc.lineno or 0, 1),
                              code="template") from None
        except jinja2.UndefinedError as exc:
            raise ReportError(f"template error: {exc.message}", self.locate(exc, name),
                              hint="guard optional values with {% if … %}",
                              code="template") from None

    def shown(self, filename: str) -> str:
        path = Path(filename)
        return str(path if path.is_absolute() else self.folder / path)

    def locate(self, exc: BaseException, name: str) -> Location:
        """The template file and line that raised, from the traceback's template frames."""
        tb, found = exc.__traceback__, Location(self.shown(name))
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(str(self.folder)):
                found = Location(filename, tb.tb_lineno, 1)
            tb = tb.tb_next
        return found


def facts_links(fragment: str, place: str) -> str:
    """Point the figures' links at the facts table, wherever this output keeps it."""
    return fragment.replace(FACTS_LINK, f"{place}#fact-")


def make_templates(folder: Path) -> Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["facts_links"] = facts_links
    return Templates(env, folder)


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
