"""The web pages: each page's template context, and every file of the site in memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tianxin_report.config import lang_tag
from tianxin_report.model import BuildOptions, Checked, OutputFile, Report
from tianxin_report.site.assets import (
    FontFiles,
    fingerprint,
    static_assets,
    web_fonts,
)
from tianxin_report.site.discovery import news_article, robots_txt, sitemap_xml
from tianxin_report.site.facts import facts_csv, facts_json
from tianxin_report.site.pages import base_context, bilingual_context, site_view
from tianxin_report.site.photos import (
    EDITION_SIZES,
    PARALLEL_SIZES,
    PHOTO_PREFIX,
    Photo,
    with_photos,
)
from tianxin_report.site.printing import pdf_name, printed_editions
from tianxin_report.site.share import share_image
from tianxin_report.source.fonts import SANS, SANS_BOLD, SERIF, licence_text
from tianxin_report.source.theme import Theme, load_strings


@dataclass(frozen=True)
class Page:
    """Where a web page sits: its path in the site, its language, the way back to the root."""

    path: str  # "zh/", "" for the landing page, "404.html"
    lang: str
    prefix: str  # "../" from zh/, "" from the root, the base path for 404.html
    og_type: str = "website"


def site_files(checked: Checked, options: BuildOptions, theme: Theme,
               font_files: dict[str, FontFiles], photos: dict[str, Photo],
               encoded: dict[str, bytes],
               drawing: dict[str, FontFiles] | None = None) -> list[OutputFile]:
    """Every web page and asset of the site; the photos in the versions made for the web;
    the share images drawn with `drawing` (plain sfnt twins of the pages' fonts) when
    given: the WOFF2 ones may not be made yet."""
    report, langs = checked.report, checked.report.site.languages
    assets, files = static_assets(theme.static)
    files += [OutputFile("assets/fonts/OFL.txt", licence_text(SANS).encode()),
              OutputFile("data/facts.json", facts_json(report)),
              OutputFile("data/facts.csv", facts_csv(report))]
    files += [OutputFile(v.name, encoded[v.name])
              for photo in photos.values() for v in (*photo.modern, *photo.fallback)]
    editions = {lang: with_photos(e, photos, PHOTO_PREFIX, EDITION_SIZES)
                for lang, e in checked.editions.items()}
    shares = {}
    for lang in langs if draws_share_images(report, options) else ():
        faces = (drawing or font_files)[lang]
        image = share_image(site_view(report.site, lang), load_strings(lang)["by"],
                            faces[SANS_BOLD], faces[SERIF])
        shares[lang] = fingerprint(f"assets/share-{lang}.png", image)
        files.append(OutputFile(shares[lang], image))
    fonts_used: dict[str, OutputFile] = {}

    def render(template: str, page: Page, group: str, **extra: Any) -> OutputFile:
        faces, outputs = web_fonts(font_files[group])
        fonts_used.update({o.path: o for o in outputs})
        context = page_context(report, page, options, assets, faces, shares)
        context.update(extra)
        name = page.path + "index.html" if not page.path.endswith(".html") else page.path
        return OutputFile(name, theme.templates.render(template, **context).encode())

    for lang in langs:
        files.append(render("edition.html", Page(f"{lang}/", lang, "../", "article"), lang,
                            edition=editions[lang], facts_page="facts/"))
        files.append(render("facts_page.html", Page(f"{lang}/facts/", lang, "../../"),
                            f"facts-{lang}", facts_page=""))
    if len(langs) > 1:
        files.append(render("bilingual.html", Page("bilingual/", langs[0], "../"), "bilingual",
                            facts_pages=[f"../{lang}/facts/" for lang in langs[:2]],
                            facts_page=f"../{langs[0]}/facts/",
                            **bilingual_context(report, {
                                lang: with_photos(e, photos, PHOTO_PREFIX, PARALLEL_SIZES)
                                for lang, e in checked.editions.items()})))
    files.append(render("landing.html", Page("", langs[0], ""), "landing"))
    root = urlsplit(site_address(report, options) or "/").path or "/"
    files.append(render("not_found.html", Page("404.html", langs[0], root), "landing",
                        other_strings=load_strings(langs[-1])))
    return files + list(fonts_used.values()) + discovery_files(report, options)


def discovery_files(report: Report, options: BuildOptions) -> list[OutputFile]:
    """robots.txt always; sitemap.xml when the site knows its address (base_url)."""
    base = site_address(report, options)
    files = [OutputFile("robots.txt", robots_txt(base).encode())]
    if base:
        langs = report.site.languages
        alternates = {lang_tag(lang): f"{lang}/" for lang in langs} | {"x-default": ""}
        pages = ([f"{lang}/" for lang in langs] + (["bilingual/"] if len(langs) > 1 else [])
                 + [f"{lang}/facts/" for lang in langs])
        files.append(OutputFile("sitemap.xml", sitemap_xml(base, ["", *pages],
                                                           alternates).encode()))
    return files


def site_address(report: Report, options: BuildOptions) -> str | None:
    """Where the site will be served (--base-url, else site.yaml's base_url), if known:
    canonical links, hreflang, the sitemap and share images need it."""
    return options.base_url or report.site.base_url


def draws_share_images(report: Report, options: BuildOptions) -> bool:
    """Whether the pages get share images: og:image needs an absolute address."""
    return bool(site_address(report, options))


def page_context(report: Report, page: Page, options: BuildOptions, assets: dict[str, str],
                 faces: list[dict[str, Any]], shares: dict[str, str]) -> dict[str, Any]:
    """Template variables shared by every web page."""
    site, prefix, lang = report.site, page.prefix, page.lang
    base, pdfs = site_address(report, options), printed_editions(report, options)
    editions = [{"lang": other, "hreflang": lang_tag(other),
                 "name": load_strings(other)["language_name"],
                 "href": f"{prefix}{other}/", "site": site_view(site, other),
                 "strings": load_strings(other),
                 "pdf": f"{prefix}{pdf_name(report, other)}" if other in pdfs else None}
                for other in site.languages]
    # hreflang, canonical and share images mean something only as absolute addresses:
    # without base_url there are none (relative ones fail SEO audits and share nowhere)
    alternates = [{"hreflang": e["hreflang"], "href": f"{base}{e['lang']}/"}
                  for e in editions] + [{"hreflang": "x-default", "href": base}] if base else []
    context = base_context(report, lang)
    canonical = f"{base}{page.path}" if base and page.path != "404.html" else None
    image = shares.get(lang)
    image_url = f"{base}{image}" if base and image else None
    context.update(
        css=f"{prefix}{assets['css/site.css']}", js=f"{prefix}{assets['js/switch.js']}",
        search_js=f"{prefix}{assets['js/search.js']}",
        editions=editions, alternates=alternates, root=prefix, bilingual_page=False,
        bilingual=f"{prefix}bilingual/" if len(site.languages) > 1 else None,
        data={"json": f"{prefix}data/facts.json", "csv": f"{prefix}data/facts.csv"},
        fonts=[{**f, "href": f"{prefix}{f['name']}"} for f in faces],
        pdf=f"{prefix}{pdf_name(report, lang)}" if lang in pdfs else None,
        meta={"canonical": canonical, "image": image_url, "og_type": page.og_type,
              "og_locale": lang_tag(lang).replace("-Hans", "_CN").replace("en", "en_GB"),
              "json_ld": news_article(context["site"], lang_tag(lang), canonical, image_url)
              if page.og_type == "article" else None},
    )
    return context
