"""The engine's fixed vocabulary: schema keys, file names, language tags.

Units and qualifiers are the figure reader's vocabulary: see quantities/units.py."""

from __future__ import annotations

SITE_REQUIRED = ("slug", "languages", "title", "authors", "date")
SITE_LOCALIZED = ("title", "kicker", "column", "series", "description", "credit",
                  "key_figures", "keywords", "publisher")
SITE_OPTIONAL = ("kicker", "column", "series", "description", "credit", "key_figures",
                 "keywords", "publisher",
                 "base_url",
                 "normalize", "markdown", "pdf", "typography")
SITE_SECTIONS = {
    "normalize": ("keep",),
    "markdown": ("allow_html",),
    "pdf": ("paper", "editions"),
    "typography": (),  # rules are switched per rule name; checked by the typography stage
}
PAPER_SIZES = ("A4", "Letter")
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
