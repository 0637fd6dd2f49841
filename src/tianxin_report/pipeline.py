"""The build, as one flat list of steps: read and check everything first, then write.

source (read and validate) → text (normalize, mark up) → checks → site (pages, PDFs'
HTML, data, in memory) → output (fonts, PDFs, search index, the site written at once).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tianxin_report.checks.figures import check_untagged_figures
from tianxin_report.checks.fonts import check_fonts
from tianxin_report.checks.translation import check_translations, dump_lock, record_translations
from tianxin_report.checks.typography import check_report_typography
from tianxin_report.checks.unpublished import note_unpublished
from tianxin_report.config import CHINESE_LANGS
from tianxin_report.errors import BuildFailed, Diagnostic, Problems, ReportError
from tianxin_report.model import BuildOptions, Change, Checked, OutputFile
from tianxin_report.output.fonts import preload_woff2, start_fonts
from tianxin_report.output.pdf import preload_weasyprint, start_pdfs
from tianxin_report.output.photos import encode_photos
from tianxin_report.output.search import Indexing
from tianxin_report.output.stamp import build_stamp
from tianxin_report.output.workers import Workers
from tianxin_report.output.write import Staging, previous_downloads, rewrite_source
from tianxin_report.site.assets import published_images
from tianxin_report.site.fontplan import (
    assign_fonts,
    drawing_fonts,
    font_requests,
    wanted_fonts,
    whole_fonts,
)
from tianxin_report.site.pages import facts_links
from tianxin_report.site.photos import plan_photos
from tianxin_report.site.printing import pdf_jobs, printed_editions
from tianxin_report.site.web import draws_share_images, site_address, site_files
from tianxin_report.source.load import LOCK_FILE, load_sources, read_text
from tianxin_report.source.theme import Theme, check_theme, load_theme
from tianxin_report.source.validate import validate_sources
from tianxin_report.text.charts import make_geometry
from tianxin_report.text.markup import render_edition, site_text_facts
from tianxin_report.text.normalize import keep_pattern, normalize_file, normalize_report
from tianxin_report.text.quotes import smarten_report
from tianxin_report.timings import NO_TIMINGS, Timings


def check_report(options: BuildOptions, problems: Problems,
                 translations: bool = True, timings: Timings = NO_TIMINGS) -> Checked:
    """Load, validate, normalize and render the article text; raise if anything fails."""
    with timings.step("load"):
        sources = load_sources(options.content, problems)
    with timings.step("validate"):
        report = validate_sources(sources, problems)
    if report is None:
        raise BuildFailed(problems.items)
    with timings.step("normalize"):
        report, changes = normalize_report(report)
    with timings.step("markup"):
        report = smarten_report(site_text_facts(report, problems))
        for change in changes:
            problems.add(Diagnostic("normalized", f"{change.old} → {change.new}",
                                    change.location, code="normalized"))
        charts = {c.id: make_geometry(c, report.facts, report.units)
                  for c in report.charts.values()}
        editions = {lang: render_edition(report, lang, problems, charts)
                    for lang in report.site.languages}
    with timings.step("checks"):
        check_untagged_figures(report, problems)
        if translations:
            check_translations(report, editions, problems)
        check_report_typography(report, problems)
        check_fonts(report, editions, problems)
        note_unpublished(report, editions, problems)
    problems.raise_if_failing(options.strict)
    return Checked(report, editions)


def build(options: BuildOptions, problems: Problems, keep_downloads: bool = False,
          timings: Timings = NO_TIMINGS,
          step: Callable[[str], None] | None = None) -> Checked | None:
    """The whole build: check, render pages and PDFs, then write the site at once.

    None when nothing changed since the last build into the same folder: the inputs'
    fingerprint matches the stamp that build left in the cache, and the output is intact.
    The slow jobs (WOFF2 compression, PDF layout) run in two worker processes while this
    one renders the pages and Pagefind indexes them; the site replaces `out` only when
    everything succeeded. `step(name)` is called before each step ("check", "fonts",
    "pages", "pdfs", "write"); it may raise BuildCancelled, and until "write" nothing has
    been written.
    """
    step = step or no_hook
    with timings.step("stamp"):
        stamp = build_stamp(options)
        replay = None if options.fresh else stamp.current()
    if replay is not None:  # the same warnings as the build that made this output
        problems.items.extend(replay)
        return None
    # PDFs or font subsets may be made: fork the workers now, so that they import
    # WeasyPrint (~0.35 s) and fontTools while this process checks the report
    with Workers(setup=preload_pdf if options.pdf else preload_woff2) as workers:
        if options.pdf or not options.preview:  # serve's previews use the whole fonts
            workers.start()
        step("check")
        with timings.step("check"):
            checked = check_report(options, problems, timings=timings)
        with timings.step("theme"):
            check_theme(options.theme, problems)
            problems.raise_if_failing(options.strict)
            theme = load_theme(options.theme, {"facts_links": facts_links})
        if not site_address(checked.report, options):
            problems.note("set base_url in site.yaml (or --base-url) to get canonical, "
                          "hreflang, sitemap and share images", code="base-url")
        with Staging(options.out) as staging:
            with timings.step("workers"):  # this step overlaps the workers' jobs
                make_outputs(checked, options, theme, workers, staging, problems,
                             keep_downloads, timings, step)
            problems.raise_if_failing(options.strict)
            step("write")
            with timings.step("swap"):
                staging.swap()
    with timings.step("stamp"):
        stamp.record(problems.items)
    return checked


def make_outputs(checked: Checked, options: BuildOptions, theme: Theme, workers: Workers,
                 staging: Staging, problems: Problems, keep_downloads: bool,
                 timings: Timings, step: Callable[[str], None]) -> None:
    """Every file of the site, staged: the workers compress the web fonts and lay out the
    PDFs while this process renders the pages and Pagefind indexes them."""
    printed = printed_editions(checked.report, options)
    step("fonts")
    with timings.step("fonts"):  # sfnt subsets now; WOFF2 later, by the workers
        web, paper = wanted_fonts(checked, printed)
        drawing = (drawing_fonts(checked, web) if draws_share_images(checked.report, options)
                   and not options.preview else {})
        fonts = start_fonts(font_requests(paper) + font_requests(drawing)
                            + ([] if options.preview else font_requests(web)),
                            options.cache, options.fresh)
    with timings.step("photos"):
        photos = plan_photos(checked.report, published_images(checked.editions))
        encoded = encode_photos(checked.report, photos, options.cache, workers, options.fresh)
    if printed:
        step("pdfs")
    with timings.step("pdf jobs"):  # print HTML now; layout to the workers, then WOFF2
        jobs = pdf_jobs(checked, options, theme, assign_fonts(paper, fonts.targets), photos,
                        encoded)
        pdfs = start_pdfs(jobs, options.cache, workers, options.fresh)
        fonts.compress(workers)  # after the PDFs: it fills the gaps their layout leaves
    step("pages")
    with timings.step("pages"):  # they name the WOFF2 files, which need not exist yet
        # serve's quick rebuilds use the whole fonts: no waiting for new subsets
        files = site_files(checked, options, theme,
                           whole_fonts(checked) if options.preview else
                           assign_fonts(web, fonts.targets), photos, encoded,
                           assign_fonts(drawing, fonts.targets) if drawing else None)
    with timings.step("stage pages, start search"):  # Pagefind reads only the pages
        staging.add(f for f in files if f.copy_from is None or fonts.is_made(f.copy_from))
        indexing = Indexing(staging.root)
    with indexing:
        with timings.step("waiting for WOFF2 and PDFs"):
            fonts.wait()
            staging.add(f for f in files if f.copy_from is not None
                        and not staging.has(f.path))
            if printed:
                staging.add(OutputFile(name, data)
                            for name, data in pdfs.wait(problems).items())
            elif keep_downloads:  # serve's pages-only rebuilds keep the PDFs they had
                staging.add(previous_downloads(options.out))
            workers.close()
        with timings.step("waiting for search"):
            indexing.finish()
    for name, wall, cpu in workers.times():
        timings.add(f"worker: {name}", wall, cpu)


def preload_pdf() -> None:
    """The workers' set-up when PDFs may be made: what PDF layout and WOFF2 import."""
    preload_weasyprint()
    preload_woff2()


def no_hook(step: str) -> None:
    """The default `step` hook of `build`: nothing to report, nothing to cancel."""


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
            new, found = normalize_file(text, section.body, section.path, section.body_line,
                                        keep, report.site.allow_html)
            changes += found
            if write and found:
                rewrite_source(path, new)
    return changes


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
