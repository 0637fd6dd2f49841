"""The engine's fixed vocabulary: schema keys, file names, language tags.

Units and qualifiers are the figure reader's vocabulary: see quantities/units.py."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

SITE_REQUIRED = ("slug", "languages", "title", "authors")
SITE_LOCALIZED = ("title", "kicker", "column", "series", "description", "credit",
                  "key_figures", "keywords", "publisher")
SITE_OPTIONAL = ("kicker", "column", "series", "description", "credit", "key_figures",
                 "keywords", "publisher", "date",
                 "base_url",
                 "normalize", "markdown", "pdf", "typography")
SITE_SECTIONS = {
    "normalize": ("keep",),
    "markdown": ("allow_html",),
    "pdf": ("paper", "editions"),
    "typography": (),  # rules are switched per rule name; checked by the typography stage
}
PAPER_SIZES = ("A4", "Letter")
# The print layout pdf.css sets, which the photos are sized for (tests/test_photos.py keeps
# the two in step): the paper's width, its side margins, a figure's share of the text width.
PAPER_WIDTH_MM = {"A4": 210.0, "Letter": 215.9}
PRINT_SIDE_MARGIN_MM = 20.0
PRINT_FIGURE_SHARE = 0.72
PRINT_DPI = 300  # the print version's resolution at its printed width
PRINT_SHARP_DPI = 200  # below this, a photo prints visibly soft: the build warns
BILINGUAL = "bilingual"  # the PDF edition that sets the first two languages side by side

FACT_KEYS = ("value", "unit", "label", "qualifier", "year", "as_of", "note", "source",
             "highlight")
FACT_REQUIRED = ("value", "unit", "label")
UNIT_ID = r"^[A-Za-z][A-Za-z0-9_]*$"  # a report-defined unit in units.yaml
UNIT_KEYS = ("zh", "en")

GLOSSARY_KEYS = ("zh", "en", "note")
CHART_KEYS = ("kind", "title", "facts", "labels")
CHART_KINDS = ("bars", "timeline")

FRONT_MATTER_KEYS = ("title",)
SECTION_FILE = r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FACT_ID = r"^[a-z][a-z0-9_]*$"

# BCP 47 tags for <html lang>: Chinese in this engine is written in Simplified script.
LANG_TAGS = {"zh": "zh-Hans", "en": "en"}
CHINESE_LANGS = ("zh",)
KNOWN_LANGS = ("zh", "en")  # the languages the engine can publish


def lang_tag(lang: str) -> str:
    """The BCP 47 tag for a language folder name."""
    return LANG_TAGS.get(lang, lang)

# The typography checks' rules (checks/typography.py), switched per rule in site.yaml.
TYPOGRAPHY_RULES: dict[str, str] = {
    "unbalanced-quotes": "“ ”, ‘ ’, 「 」 or 『 』 that do not pair up within a paragraph",
    "unbalanced-brackets": "（ ）, 《 》, 〈 〉, 【 】 or ( ) unpaired within a paragraph",
    "mixed-quotes": "a file that uses both “…” and 「…」 as its primary quotation marks",
    "halfwidth-punctuation": "half-width , . ; : ? ! ( ) between Chinese characters",
    "repeated-punctuation": "a punctuation mark repeated (。。 ！！ ！？ ………); …… and —— are fine",
    "space-between-chinese": "a space between Chinese characters or Chinese punctuation",
    "cjk-latin-spacing": "spacing between Chinese and Latin letters or digits (house rule: none)",
}


def default_theme() -> Path:
    """The theme that comes with the engine: a `theme/` folder inside the installed package,
    or, for the editable install `make` creates, the project's own templates/ and static/."""
    bundled = Path(str(resources.files("tianxin_report"))) / "theme"
    project = Path(__file__).resolve().parents[2]
    return next((folder for folder in (bundled, project)
                 if (folder / "templates").is_dir()), project)


def default_cache() -> Path:
    """The build cache when --cache is not given: $XDG_CACHE_HOME/tianxin-report (by
    default ~/.cache/tianxin-report), never the working folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tianxin-report"


def print_figure_width_mm(paper: str) -> float:
    """How wide a figure is printed in the single-language PDFs."""
    return (PAPER_WIDTH_MM[paper] - 2 * PRINT_SIDE_MARGIN_MM) * PRINT_FIGURE_SHARE
