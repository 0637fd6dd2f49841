"""What search engines and link previews read: sitemap, robots.txt, JSON-LD, Open Graph."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr


def sitemap_xml(base: str, pages: list[str], alternates: dict[str, str]) -> str:
    """sitemap.xml: every page, each edition listing the others as xhtml:link alternates."""
    links = "".join(f'    <xhtml:link rel="alternate" hreflang={quoteattr(tag)} '
                    f"href={quoteattr(base + path)}/>\n" for tag, path in alternates.items())
    entries = "".join(f"  <url>\n    <loc>{escape(base + page)}</loc>\n"
                      f"{links if page in alternates.values() else ''}  </url>\n"
                      for page in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + entries + "</urlset>\n")


def robots_txt(base: str | None) -> str:
    return "User-agent: *\nAllow: /\n" + (f"Sitemap: {base}sitemap.xml\n" if base else "")


def news_article(site: dict[str, Any], tag: str, url: str | None,
                 image: str | None) -> str:
    """JSON-LD NewsArticle for an edition page (no publisher unless site.yaml names one)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": site["title"], "inLanguage": tag,
        "author": [{"@type": "Person", "name": name} for name in site["authors"]],
    }
    if site["date_iso"]:
        data["datePublished"] = site["date_iso"]
    if site.get("description"):
        data["description"] = site["description"]
    if site.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": site["publisher"]}
    if url:
        data["url"] = data["mainEntityOfPage"] = url
    if image:
        data["image"] = [image]
    # "</" cannot appear inside a <script> element
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
