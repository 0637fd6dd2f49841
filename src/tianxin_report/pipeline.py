"""The build, as one flat list of steps: read and check everything first, then write."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tianxin_report import fonts, typography
from tianxin_report.charts import make_geometry
from tianxin_report.config import CHINESE_LANGS, lang_tag
from tianxin_report.discovery import news_article, robots_txt, sitemap_xml
from tianxin_report.errors import (
    BuildFailed,
    Diagnostic,
    Location,
    Problems,
    ReportError,
    display_path,
)
from tianxin_report.facts import facts_csv, facts_json, facts_view
from tianxin_report.load import LOCK_FILE, check_links, load_sources, read_text, walk_files
from tianxin_report.markup import site_text_facts
from tianxin_report.model import BuildOptions, Change, Edition, OutputFile, Report
from tianxin_report.normalize import keep_pattern, normalize_report, normalize_text
from tianxin_report.pdf import PdfJob, render_pdfs
from tianxin_report.render import (
    Templates,
    base_context,
    bilingual_view,
    glossary_view,
    load_strings,
    make_templates,
    render_edition,
    site_view,
)
from tianxin_report.search import index_site
from tianxin_report.share import share_image
from tianxin_report.stamp import build_stamp
from tianxin_report.translation import check_translations, dump_lock, record_translations
from tianxin_report.validate import validate_sources
from tianxin_report.write import rewrite_source, write_site


@dataclass
class Checked:
    """The report after every check, with its rendered editions."""

    report: Report
    editions: dict[str, Edition]


def check_report(options: BuildOptions, problems: Problems,
                 translations: bool = True) -> Checked:
    """Load, validate, normalize and render the article text; raise if anything fails."""
    sources = load_sources(options.content, problems)
    report = validate_sources(sources, problems)
    if report is None:
        raise BuildFailed(problems.items)
    report, changes = normalize_report(report)
    report = site_text_facts(report, problems)
    for change in changes:
        problems.add(Diagnostic("normalized", f"{change.old} → {change.new}", change.location,
                                code="normalized"))
    charts = {c.id: make_geometry(c, report.facts, report.units) for c in report.charts.values()}
    editions = {lang: render_edition(report, lang, problems, charts)
                for lang in report.site.languages}
    if translations:
        check_translations(report, editions, problems)
    check_chinese_typography(report, problems)
    check_fonts(report, editions, problems)
    note_unpublished(report, editions, problems)
    problems.raise_if_failing(options.strict)
    return Checked(report, editions)


def published_images(checked: Checked) -> list[str]:
    """The content images the site publishes: those a figure shows, in any language."""
    return sorted(set().union(*(e.images for e in checked.editions.values())))


def note_unpublished(report: Report, editions: dict[str, Edition], problems: Problems) -> None:
    """A note for each file of the content folder that the site leaves out, and why."""
    used = set().union(*(e.images for e in editions.values()))
    for path, asset in sorted(report.assets.items()):
        if path not in used:
            why = f"it {asset.problem}" if asset.problem else "no figure shows it"
            problems.note(f"'{path}' is not published: {why}",
                          Location(display_path(report.root / path)), code="unpublished")


def previous_downloads(out: Path) -> list[OutputFile]:
    folder = out / "downloads"
    return [OutputFile(f"downloads/{p.name}", copy_from=p) for p in sorted(folder.glob("*.pdf"))]


def check_chinese_typography(report: Report, problems: Problems) -> None:
    """The typography rules, on every Chinese section (rules switched in site.yaml)."""
    for lang in CHINESE_LANGS:
        for section in report.sections.get(lang, ()):
            for diagnostic in typography.check_section(
                    section.body, section.path, section.body_line, section.title,
                    section.title_location, report.site.typography):
                problems.add(diagnostic)


def check_fonts(report: Report, editions: dict[str, Edition], problems: Problems) -> None:
    """Every character must be in the body font: WeasyPrint would drop it silently."""
    for edition in editions.values():
        for section in edition.sections:
            source = next(s for s in report.sections[edition.lang] if s.id == section.id)
            for char in fonts.missing_chars(fonts.SERIF, section.title_text or ""):
                problems.error(f"character '{char}' (U+{ord(char):04X}) is not in the "
                               f"font {fonts.FONT_NAMES[fonts.SERIF]}",
                               source.title_location, "replace it", code="font")
            for block in section.blocks:
                for char in fonts.missing_chars(fonts.SERIF, block.text):
                    problems.error(f"character '{char}' (U+{ord(char):04X}) is not in the "
                                   f"font {fonts.FONT_NAMES[fonts.SERIF]}", block.location,
                                   "replace it, or choose a font that has it", code="font")


def build(options: BuildOptions, problems: Problems,
          keep_downloads: bool = False) -> Checked | None:
    """The whole build: check, render pages and PDFs, then write the site at once.

    None when nothing changed since the last build into the same folder: the inputs'
    fingerprint matches the stamp that build left in the cache, and the output is intact.
    """
    stamp = build_stamp(options)
    replay = stamp.current()
    if replay is not None:  # the same warnings as the build that made this output
        problems.items.extend(replay)
        return None
    checked = check_report(options, problems)
    check_theme(options.theme, problems)
    problems.raise_if_failing(options.strict)
    templates = make_templates(options.theme / "templates")
    font_files = plan_fonts(checked, options)
    files = site_files(checked, options, templates, font_files)
    if options.pdf:
        files += pdf_files(checked, options, templates, font_files, problems)
    elif keep_downloads:  # a pages-only rebuild (serve) keeps the PDFs it did not remake
        files += previous_downloads(options.out)
    problems.raise_if_failing(options.strict)
    write_site(files, options.out, finish=index_site)
    stamp.record(problems.items)
    return checked


def check_theme(theme: Path, problems: Problems) -> None:
    """The theme follows the content folder's rule: no link may lead out of templates/ or
    static/ (a template is read and rendered, a static file published as it is)."""
    for folder in ("templates", "static"):
        for diagnostic in check_links(theme / folder, f"the theme's {folder}/ folder",
                                      hidden=True):
            problems.add(diagnostic)


# --- the pages -------------------------------------------------------------------------


def fingerprint(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{suffix}"


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


FontFiles = dict[fonts.FontFace, Path]


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


def plan_fonts(checked: Checked, options: BuildOptions) -> dict[str, FontFiles]:
    """Every font subset the build needs, made at once (in parallel) or found in the cache."""
    groups = text_groups(checked)
    if options.preview:  # subsetting takes seconds when new characters appear: not now
        whole = {face: fonts.font_path(face) for face in (fonts.SERIF, fonts.SANS_BOLD)}
        return {group: dict(whole) for group in groups}
    printed = set(checked.report.site.languages) | {"bilingual"} if options.pdf else set()
    # pages and PDFs share the WOFF2 subsets; the regular sans (running heads, captions)
    # is only in the PDFs, which read a plain sfnt as well and skip its compression
    wanted = {group: {fonts.SERIF: (serif, "woff2"), fonts.SANS_BOLD: (sans, "woff2"),
                      **({fonts.SANS: (sans + serif, None)} if group in printed else {})}
              for group, (serif, sans) in groups.items()}
    made = fonts.prepare_fonts([(face, *spec) for faces in wanted.values()
                                for face, spec in faces.items()], options.cache)
    return {group: {face: made[(face, *spec)] for face, spec in faces.items()}
            for group, faces in wanted.items()}


def web_fonts(files: FontFiles) -> tuple[list[dict[str, Any]], list[OutputFile]]:
    """A page's WOFF2 subsets (body and headings), with their fingerprinted asset paths."""
    faces, outputs = [], []
    for face in (fonts.SERIF, fonts.SANS_BOLD):
        name = f"assets/fonts/{files[face].name}"  # the file name is its content hash
        outputs.append(OutputFile(name, copy_from=files[face]))
        kind = {".woff2": "woff2", ".otf": "opentype"}.get(files[face].suffix, "truetype")
        faces.append({"family": face.family, "weight": face.weight, "name": name,
                      "format": kind})
    return faces, outputs


def static_assets(static: Path) -> tuple[dict[str, str], list[OutputFile]]:
    """CSS and JS under fingerprinted names; everything else in static/ copied as it is
    (hidden files left out)."""
    names, files = {}, []
    for path in walk_files(static):
        if not path.is_file():
            continue
        relative = path.relative_to(static).as_posix()
        if path.suffix in (".css", ".js"):
            data = path.read_bytes()
            names[relative] = fingerprint(f"assets/{relative}", data)
            files.append(OutputFile(names[relative], data))
        else:
            files.append(OutputFile(relative, copy_from=path))
    return names, files


def site_files(checked: Checked, options: BuildOptions, templates: Templates,
               font_files: dict[str, FontFiles]) -> list[OutputFile]:
    """Every web page and asset of the site."""
    report, langs = checked.report, checked.report.site.languages
    assets, files = static_assets(options.theme / "static")
    files += [OutputFile("assets/fonts/OFL.txt", fonts.licence_text(fonts.SANS).encode()),
              OutputFile("data/facts.json", facts_json(report)),
              OutputFile("data/facts.csv", facts_csv(report))]
    files += [OutputFile(path, report.assets[path].data) for path in published_images(checked)]
    shares = {}
    for lang in langs:
        image = share_image(site_view(report.site, lang), load_strings(lang)["by"],
                            font_files[lang][fonts.SANS_BOLD], font_files[lang][fonts.SERIF])
        shares[lang] = fingerprint(f"assets/share-{lang}.png", image)
        files.append(OutputFile(shares[lang], image))
    fonts_used: dict[str, OutputFile] = {}

    def render(template: str, page: Page, group: str, **extra: Any) -> OutputFile:
        faces, outputs = web_fonts(font_files[group])
        fonts_used.update({o.path: o for o in outputs})
        context = page_context(report, page, options, assets, faces, shares)
        context.update(extra)
        name = page.path + "index.html" if not page.path.endswith(".html") else page.path
        return OutputFile(name, templates.render(template, **context).encode())

    for lang in langs:
        files.append(render("edition.html", Page(f"{lang}/", lang, "../", "article"), lang,
                            edition=checked.editions[lang], facts_page="facts/"))
        files.append(render("facts_page.html", Page(f"{lang}/facts/", lang, "../../"),
                            f"facts-{lang}", facts_page=""))
    if len(langs) > 1:
        files.append(render("bilingual.html", Page("bilingual/", langs[0], "../"), "bilingual",
                            facts_pages=[f"../{lang}/facts/" for lang in langs[:2]],
                            facts_page=f"../{langs[0]}/facts/",
                            **bilingual_context(report, checked.editions)))
    files.append(render("landing.html", Page("", langs[0], ""), "landing"))
    root = urlsplit(options.base_url or report.site.base_url or "/").path or "/"
    files.append(render("not_found.html", Page("404.html", langs[0], root), "landing",
                        other_strings=load_strings(langs[-1])))
    return files + list(fonts_used.values()) + discovery_files(report, options)


def discovery_files(report: Report, options: BuildOptions) -> list[OutputFile]:
    """robots.txt always; sitemap.xml when the site knows its address (base_url)."""
    base = options.base_url or report.site.base_url
    files = [OutputFile("robots.txt", robots_txt(base).encode())]
    if base:
        langs = report.site.languages
        alternates = {lang_tag(lang): f"{lang}/" for lang in langs} | {"x-default": ""}
        pages = ([f"{lang}/" for lang in langs] + (["bilingual/"] if len(langs) > 1 else [])
                 + [f"{lang}/facts/" for lang in langs])
        files.append(OutputFile("sitemap.xml", sitemap_xml(base, ["", *pages],
                                                           alternates).encode()))
    return files


def bilingual_context(report: Report, editions: dict[str, Edition]) -> dict[str, Any]:
    """What the parallel page adds: both languages' masthead, paired sections."""
    first, second = report.site.languages[:2]
    glossary = glossary_view(report, second)
    return {"bilingual_page": True, "tags": [lang_tag(first), lang_tag(second)],
            "other": site_view(report.site, second), "other_strings": load_strings(second),
            "sections": bilingual_view(editions, report.site.languages),
            "glossary": glossary}


def pdf_name(report: Report, lang: str) -> str:
    return f"downloads/{report.site.slug}-{lang}.pdf"


@dataclass(frozen=True)
class Page:
    """Where a web page sits: its path in the site, its language, the way back to the root."""

    path: str  # "zh/", "" for the landing page, "404.html"
    lang: str
    prefix: str  # "../" from zh/, "" from the root, the base path for 404.html
    og_type: str = "website"


def page_context(report: Report, page: Page, options: BuildOptions, assets: dict[str, str],
                 faces: list[dict[str, Any]], shares: dict[str, str]) -> dict[str, Any]:
    """Template variables shared by every web page."""
    site, prefix, lang = report.site, page.prefix, page.lang
    base = options.base_url or site.base_url
    editions = [{"lang": other, "hreflang": lang_tag(other),
                 "name": load_strings(other)["language_name"],
                 "href": f"{prefix}{other}/", "site": site_view(site, other),
                 "strings": load_strings(other),
                 "pdf": f"{prefix}{pdf_name(report, other)}" if options.pdf else None}
                for other in site.languages]
    alternates = [{"hreflang": e["hreflang"], "href": f"{base}{e['lang']}/" if base else e["href"]}
                  for e in editions]
    alternates.append({"hreflang": "x-default", "href": base or (prefix or "./")})
    context = base_context(report, lang)
    canonical = f"{base}{page.path}" if base and page.path != "404.html" else None
    image = shares.get(lang)
    image_url = (f"{base}{image}" if base else f"{prefix}{image}") if image else None
    context.update(
        css=f"{prefix}{assets['css/site.css']}", js=f"{prefix}{assets['js/switch.js']}",
        search_js=f"{prefix}{assets['js/search.js']}",
        editions=editions, alternates=alternates, root=prefix, bilingual_page=False,
        bilingual=f"{prefix}bilingual/" if len(site.languages) > 1 else None,
        data={"json": f"{prefix}data/facts.json", "csv": f"{prefix}data/facts.csv"},
        fonts=[{**f, "href": f"{prefix}{f['name']}"} for f in faces],
        pdf=f"{prefix}{pdf_name(report, lang)}" if options.pdf else None,
        meta={"canonical": canonical, "image": image_url, "og_type": page.og_type,
              "og_locale": lang_tag(lang).replace("-Hans", "_CN").replace("en", "en_GB"),
              "json_ld": news_article(context["site"], lang_tag(lang), canonical, image_url)
              if page.og_type == "article" else None},
    )
    return context


# --- the PDFs --------------------------------------------------------------------------


def pdf_date(site_date: str) -> str:
    """The PDFs' date: SOURCE_DATE_EPOCH when set (reproducible builds), else site.yaml's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        stamp = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return site_date


def print_context(report: Report, lang: str, options: BuildOptions,
                  files: FontFiles) -> dict[str, Any]:
    """Template variables of a print document; fonts as file URLs of the same WOFF2 subsets
    the web pages use."""
    context = base_context(report, lang)
    context.update(
        css=(options.theme / "static" / "css" / "pdf.css").resolve().as_uri(),
        fonts=[{"family": face.family, "weight": face.weight,
                "href": path.resolve().as_uri()} for face, path in files.items()],
        data=None, paper=report.site.paper,
        pdf_date=pdf_date(context["site"]["date_iso"]),
        font_names=[fonts.FONT_NAMES[fonts.SERIF], fonts.FONT_NAMES[fonts.SANS]])
    return context


def pdf_jobs(checked: Checked, options: BuildOptions, templates: Templates,
             font_files: dict[str, FontFiles]) -> list[PdfJob]:
    """The print documents: one per language, and the parallel one."""
    report, jobs = checked.report, []
    stylesheet = options.theme / "static" / "css" / "pdf.css"
    langs = report.site.languages
    root = report.root.resolve()
    images = {os.path.normpath(root / path): report.assets[path].data or b""
              for path in published_images(checked)}  # where the documents' img URLs lead

    def readable(group: str) -> frozenset[str]:
        return frozenset(str(p.resolve()) for p in (stylesheet, *font_files[group].values()))

    for lang in langs:
        context = print_context(report, lang, options, font_files[lang])
        edition = checked.editions[lang]
        context.update(edition=edition, facts_page="", toc=[{"id": s.id, "title": s.title_html}
                                             for s in edition.sections if s.title_html])
        jobs.append(PdfJob(pdf_name(report, lang), templates.render("print.html", **context),
                           (root / lang).as_uri() + "/", stylesheet, readable(lang), images))
    if len(langs) > 1:
        context = print_context(report, langs[0], options, font_files["bilingual"])
        context.update(bilingual_context(report, checked.editions), facts_page="")
        context["toc"] = [{"id": s["id"], "title": s["titles"][0]} for s in context["sections"]
                          if s["titles"][0]]
        jobs.append(PdfJob(f"downloads/{report.site.slug}-bilingual.pdf",
                           templates.render("print_bilingual.html", **context),
                           (root / langs[0]).as_uri() + "/", stylesheet, readable("bilingual"),
                           images))
    return jobs


def pdf_files(checked: Checked, options: BuildOptions, templates: Templates,
              font_files: dict[str, FontFiles], problems: Problems) -> list[OutputFile]:
    """Every PDF, rendered (or reused from the cache)."""
    rendered = render_pdfs(pdf_jobs(checked, options, templates, font_files), options.cache,
                           problems)
    return [OutputFile(name, data) for name, data in rendered.items()]


# --- normalize --write -----------------------------------------------------------------


def normalize_sources(content: Path, write: bool) -> list[Change]:
    """The OpenCC changes the Chinese sources need; rewrite those files only when asked."""
    problems = Problems()
    sources = load_sources(content, problems)
    report = validate_sources(sources, problems)
    if report is None:
        raise BuildFailed(problems.items)
    keep, changes = keep_pattern(report.site.keep), []
    for lang in CHINESE_LANGS:
        for section in report.sections.get(lang, ()):
            path = Path(section.path)
            text = read_text(path, section.path)
            new, found = normalize_text(text, section.path, 1, keep)
            changes += found
            if write and found:
                rewrite_source(path, new)
    return changes


# --- translated ------------------------------------------------------------------------


def mark_translated(content: Path, names: list[str], everything: bool) -> list[str]:
    """Record the named translated sections (or all) as made from today's source blocks."""
    problems = Problems()
    checked_ok = check_report(BuildOptions(content=content, pdf=False), problems,
                              translations=False)
    report = checked_ok.report
    wanted = set(names) | {str(Path(n).resolve()) for n in names}
    targets = [s for lang in report.site.languages[1:] for s in report.sections[lang]
               if everything or wanted & {s.path, s.id, Path(s.path).name, Path(s.path).stem,
                                          str(Path(s.path).resolve())}]
    if not targets:
        raise ReportError("no translated section matches " + ", ".join(names or ["(none)"]),
                          hint="name a file such as content/en/02-why.md, a section id, "
                               "or use --all")
    lock = record_translations(report, checked_ok.editions, targets, problems)
    problems.raise_if_failing(strict=False)
    rewrite_source(content / LOCK_FILE, dump_lock(lock))
    return [t.path for t in targets]
