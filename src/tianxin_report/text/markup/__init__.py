"""Markdown to HTML: markdown-it-py with our roles, directives and stable block ids.

parser (the markdown-it set-up, links and images), roles ({fact} {nofact} {term}
{elision}), directives ({figure} {chart} {pullquote}), blocks (a section as blocks with
ids and locations), context (what a language's rendering shares).
"""

from __future__ import annotations

from tianxin_report.text.markup.blocks import render_edition, render_section, split_blocks
from tianxin_report.text.markup.context import FACTS_LINK, ROLE_TARGET, MarkupContext, plain_text
from tianxin_report.text.markup.parser import build_parser
from tianxin_report.text.markup.roles import site_text_facts

__all__ = ["FACTS_LINK", "ROLE_TARGET", "MarkupContext", "build_parser", "plain_text",
           "render_edition", "render_section", "site_text_facts", "split_blocks"]
