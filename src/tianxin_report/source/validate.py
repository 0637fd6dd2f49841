"""Check what was read against the schema and turn it into the typed report model."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from tianxin_report import config
from tianxin_report.errors import Location, Problems, suggest
from tianxin_report.model import (
    Chart,
    Fact,
    Localized,
    MarkdownFile,
    Report,
    Section,
    Site,
    Sources,
    Term,
    YamlDocument,
)
from tianxin_report.units import (
    BUILTIN_IDS,
    BUILTIN_TABLE,
    QUALIFIERS,
    UnitTable,
    report_unit,
)


def check_keys(doc: YamlDocument, keys: tuple[str | int, ...], mapping: dict[str, Any],
               allowed: tuple[str, ...], required: tuple[str, ...], what: str,
               problems: Problems) -> None:
    """Report unknown keys (with the nearest known one) and missing required keys."""
    for key in mapping:
        if key not in allowed:
            hint = suggest(str(key), allowed) or f"known keys: {', '.join(allowed)}"
            problems.error(f"unknown key '{key}' in {what}",
                           doc.where(*keys, key, "<key>"), hint, code="schema")
    for key in required:
        if key not in mapping:
            problems.error(f"missing required key '{key}' in {what}", doc.where(*keys),
                           f"add '{key}:' to {what}", code="schema")


def read_localized(doc: YamlDocument, keys: tuple[str | int, ...], value: Any,
                   languages: tuple[str, ...], problems: Problems) -> Localized | None:
    """A mapping by language with string values; a plain string counts for every language."""
    name = ".".join(str(k) for k in keys)
    if isinstance(value, str):
        return {lang: value for lang in languages}
    if not isinstance(value, dict) or not value:
        problems.error(f"'{name}' must be a mapping by language, e.g. {{zh: …, en: …}}",
                       doc.where(*keys), code="schema")
        return None
    result: Localized = {}
    for lang, text in value.items():
        if lang in config.KNOWN_LANGS and lang not in languages:
            # a language still being translated (languages: [zh] while en values exist):
            # left out, and said once for the whole report (see unused_languages)
            problems.note(f"'{name}' has a value for '{lang}'", doc.where(*keys, lang, "<key>"),
                          code=UNUSED)
        elif lang not in languages:
            problems.error(f"'{name}' has a value for '{lang}', which is not in languages",
                           doc.where(*keys, lang, "<key>"),
                           suggest(str(lang), languages), code="schema")
        elif not isinstance(text, str) or not text.strip():
            problems.error(f"'{name}.{lang}' must be non-empty text", doc.where(*keys, lang),
                           code="schema")
        else:
            result[lang] = text.strip()
    return result


UNUSED = "language-unused"


def unused_languages(problems: Problems, languages: tuple[str, ...]) -> None:
    """One warning for all the values of languages the report does not publish (yet)."""
    unused = [d for d in problems.items if d.code == UNUSED]
    if not unused:
        return
    problems.items[:] = [d for d in problems.items if d.code != UNUSED]
    langs = sorted({d.message.rsplit("'", 2)[-2] for d in unused})
    files = sorted({d.location.path for d in unused if d.location})
    problems.warning(f"{len(unused)} value(s) for {', '.join(langs)} are not used: "
                     f"languages is [{', '.join(languages)}] (in {', '.join(files)})",
                     unused[0].location, f"add {', '.join(langs)} to languages in site.yaml "
                     "(with its sections) to publish them", code=UNUSED)


def declared_languages(value: Any) -> tuple[str, ...]:
    """The languages site.yaml declares, even when other keys are wrong (so that one typo
    there does not make every English label elsewhere an error too)."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ("zh",)


def read_languages(doc: YamlDocument, problems: Problems) -> tuple[str, ...]:
    value = doc.data.get("languages")
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}", v) for v in value)):
        problems.error("'languages' must be a list of language codes, the source first, "
                       "e.g. [zh, en]", doc.where("languages"), code="schema")
        return ("zh",)
    return tuple(value)


def read_site(doc: YamlDocument, problems: Problems) -> Site | None:
    """Validate site.yaml and build the Site."""
    data = doc.data
    if not isinstance(data, dict):
        problems.error("site.yaml must be a mapping of keys to values",
                       Location(doc.path, 1, 1), code="schema")
        return None
    check_keys(doc, (), data, config.SITE_REQUIRED + config.SITE_OPTIONAL,
               config.SITE_REQUIRED, "site.yaml", problems)
    languages = read_languages(doc, problems) if "languages" in data else ("zh",)
    slug = data.get("slug")
    if "slug" in data and not (isinstance(slug, str) and re.fullmatch(config.SLUG, slug)):
        problems.error("'slug' must be lowercase ASCII words joined by hyphens, "
                       "e.g. my-report", doc.where("slug"), code="schema")
    localized = {key: read_localized(doc, (key,), data[key], languages, problems)
                 for key in config.SITE_LOCALIZED if key in data}
    for key, value in localized.items():
        if value is not None and languages[0] not in value:
            problems.error(f"'{key}' has no value for the source language '{languages[0]}'",
                           doc.where(key), code="schema")
    authors = read_authors(doc, data.get("authors"), languages, problems)
    date = read_date(doc, data.get("date"), problems) if "date" in data else None
    options = read_site_options(doc, data, problems)
    options["pdf_editions"] = read_pdf_editions(doc, data.get("pdf"), languages, problems)
    if problems.failing(strict=False) or not isinstance(slug, str):
        return None
    return Site(slug=slug, languages=languages, title=localized.get("title") or {},
                authors=authors, date=date, kicker=localized.get("kicker"),
                column=localized.get("column"), series=localized.get("series"),
                description=localized.get("description"), credit=localized.get("credit"),
                key_figures=localized.get("key_figures"), keywords=localized.get("keywords"),
                publisher=localized.get("publisher"),
                role_locations={f"{key}.{lang}": tuple(doc.find("{fact}", key, lang))
                                for key, texts in localized.items() for lang in texts or {}},
                **options)


def read_authors(doc: YamlDocument, value: Any, languages: tuple[str, ...],
                 problems: Problems) -> tuple[Localized, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        problems.error("'authors' must be a list, e.g. - {zh: 张三, en: Zhang San}",
                       doc.where("authors"), code="schema")
        return ()
    authors = [read_localized(doc, ("authors", i), v, languages, problems)
               for i, v in enumerate(value)]
    return tuple(a for a in authors if a)


def read_date(doc: YamlDocument, value: Any, problems: Problems) -> datetime.date | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    problems.error("'date' must be a date written YYYY-MM-DD", doc.where("date"),
                   code="schema")
    return None


def read_site_options(doc: YamlDocument, data: dict[str, Any],
                      problems: Problems) -> dict[str, Any]:
    """Optional settings: base_url, normalize.keep, markdown.allow_html, pdf.paper (and
    pdf.editions, read by read_pdf_editions)."""
    for name, allowed in config.SITE_SECTIONS.items():
        section = data.get(name)
        if section is None or name == "typography":
            continue
        if not isinstance(section, dict):
            problems.error(f"'{name}' must be a mapping", doc.where(name), code="schema")
            continue
        check_keys(doc, (name,), section, allowed, (), f"'{name}'", problems)
    keep = (data.get("normalize") or {}).get("keep") or []
    if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
        problems.error("'normalize.keep' must be a list of terms", doc.where("normalize"),
                       code="schema")
        keep = []
    paper = (data.get("pdf") or {}).get("paper", "A4")
    if paper not in config.PAPER_SIZES:
        problems.error(f"'pdf.paper' must be one of {', '.join(config.PAPER_SIZES)}",
                       doc.where("pdf", "paper"), suggest(str(paper), config.PAPER_SIZES))
    base_url = data.get("base_url")
    if base_url is not None and not (isinstance(base_url, str)
                                     and re.match(r"https?://", base_url)):
        problems.error("'base_url' must be an absolute http(s) URL", doc.where("base_url"))
        base_url = None
    typography, rules = data.get("typography") or {}, config.TYPOGRAPHY_RULES
    if isinstance(typography, dict):
        for rule, value in typography.items():
            if rule not in rules:
                problems.error(f"unknown typography rule '{rule}'",
                               doc.where("typography", rule, "<key>"),
                               suggest(str(rule), rules) or f"rules: {', '.join(rules)}",
                               code="schema")
            elif not isinstance(value, bool):
                problems.error(f"typography rule '{rule}' is switched with true or false",
                               doc.where("typography", rule), code="schema")
    else:
        problems.error("'typography' must map rule names to true or false",
                       doc.where("typography"), code="schema")
        typography = {}
    return {"base_url": base_url.rstrip("/") + "/" if base_url else None,
            "typography": {str(k): v for k, v in typography.items() if isinstance(v, bool)},
            "keep": tuple(keep),
            "allow_html": bool((data.get("markdown") or {}).get("allow_html", False)),
            "paper": paper if paper in config.PAPER_SIZES else "A4"}


def read_pdf_editions(doc: YamlDocument, pdf: Any, languages: tuple[str, ...],
                      problems: Problems) -> tuple[str, ...]:
    """pdf.editions: which PDFs to make (a language's, the bilingual one); all by default."""
    known = languages + ((config.BILINGUAL,) if len(languages) > 1 else ())
    value = pdf.get("editions", list(known)) if isinstance(pdf, dict) else list(known)
    if not isinstance(value, list):
        problems.error("'pdf.editions' must be a list of the PDFs to make, e.g. "
                       f"[{', '.join(known)}]", doc.where("pdf", "editions"),
                       f"editions: {', '.join(known)} (or [] for none)", code="schema")
        return known
    editions: list[str] = []
    for i, edition in enumerate(value):
        where = doc.where("pdf", "editions", i)
        if edition in editions:
            problems.error(f"PDF edition '{edition}' is listed twice in 'pdf.editions'",
                           where, "list each edition once", code="schema")
        elif edition == config.BILINGUAL and len(languages) < 2:
            problems.error("the bilingual PDF needs two languages in 'languages'", where,
                           f"remove '{edition}', or add a second language", code="schema")
        elif edition not in known:
            problems.error(f"unknown PDF edition '{edition}' in 'pdf.editions'", where,
                           suggest(str(edition), known) or f"editions: {', '.join(known)}",
                           code="schema")
        else:
            editions.append(edition)
    return tuple(e for e in known if e in editions)  # one order, whatever the list's


def valid_iso_date(value: str) -> bool:
    """YYYY-MM or YYYY-MM-DD, and a real month and day."""
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return False
    try:
        datetime.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return False
    return True


def unknown_unit_hint(unit: str, units: UnitTable) -> str:
    """Which units exist, and how a report defines its own."""
    near = suggest(unit, list(units.by_id))
    listed = ", ".join(BUILTIN_IDS)
    own = [u for u in units.by_id if u not in BUILTIN_IDS]
    return ((f"{near}; " if near else "") + f"built-in units: {listed}"
            + (f"; this report's: {', '.join(own)}" if own else "")
            + f". To define one, add it to units.yaml: {unit}: {{zh: [词], en: [word]}}")


def read_fact(doc: YamlDocument, fact_id: str, entry: Any, languages: tuple[str, ...],
              problems: Problems, units: UnitTable = BUILTIN_TABLE) -> Fact | None:
    """Validate one facts.yaml entry."""
    where = doc.where(fact_id, "<key>")
    if not re.fullmatch(config.FACT_ID, str(fact_id)):
        problems.error(f"fact id '{fact_id}' must be lowercase ASCII with underscores",
                       where, code="facts")
    if not isinstance(entry, dict):
        problems.error(f"fact '{fact_id}' must be a mapping with value, unit and label",
                       where, code="facts")
        return None
    before = len(problems.failing(strict=False))
    check_keys(doc, (fact_id,), entry, config.FACT_KEYS, config.FACT_REQUIRED,
               f"fact '{fact_id}'", problems)
    value = entry.get("value")
    if entry.get("unit") == "date":
        if not (isinstance(value, str) and valid_iso_date(value)):
            problems.error(f"fact '{fact_id}': a date's value is written 'YYYY-MM-DD' or "
                           "'YYYY-MM'", doc.where(fact_id, "value"), code="facts")
    elif isinstance(value, bool) or not isinstance(value, int | float):
        problems.error(f"fact '{fact_id}': 'value' must be a plain number in base units "
                       "(667亿元 is 66700000000)", doc.where(fact_id, "value"), code="facts")
    if "unit" in entry and entry["unit"] not in units:
        problems.error(f"fact '{fact_id}': unknown unit '{entry['unit']}'",
                       doc.where(fact_id, "unit"), unknown_unit_hint(str(entry["unit"]), units),
                       code="facts")
    if "qualifier" in entry and entry["qualifier"] not in QUALIFIERS:
        problems.error(f"fact '{fact_id}': unknown qualifier '{entry['qualifier']}'",
                       doc.where(fact_id, "qualifier"),
                       suggest(str(entry["qualifier"]), QUALIFIERS)
                       or f"one of {', '.join(QUALIFIERS)}", code="facts")
    label = read_localized(doc, (fact_id, "label"), entry.get("label", {}), languages,
                           problems) if "label" in entry else None
    note = (read_localized(doc, (fact_id, "note"), entry["note"], languages, problems)
            if "note" in entry else None)
    if len(problems.failing(strict=False)) > before or label is None:
        return None
    number = str(value) if entry["unit"] == "date" else Decimal(str(value))
    return Fact(id=fact_id, value=number, unit=entry["unit"], label=label,
                location=where, qualifier=entry.get("qualifier"), year=entry.get("year"),
                as_of=str(entry["as_of"]) if "as_of" in entry else None, note=note,
                source=entry.get("source"), highlight=bool(entry.get("highlight", False)))


def entries(doc: YamlDocument | None, what: str, problems: Problems, code: str,
            hint: str | None = None) -> Iterator[tuple[YamlDocument, Any, Any]]:
    """(doc, id, entry) for each entry of a data file's top-level mapping: none when the
    file is missing or empty, or not a mapping (an error at its start says what it holds)."""
    if doc is None or doc.data is None:
        return
    if not isinstance(doc.data, dict):
        problems.error(f"{Path(doc.path).name} must be a mapping of {what}",
                       Location(doc.path, 1, 1), hint, code=code)
        return
    for key, entry in doc.data.items():
        yield doc, key, entry


def read_facts(doc: YamlDocument | None, languages: tuple[str, ...],
               problems: Problems, units: UnitTable = BUILTIN_TABLE) -> dict[str, Fact]:
    facts = (read_fact(doc, str(k), v, languages, problems, units)
             for doc, k, v in entries(doc, "fact ids to facts", problems, "facts"))
    return {f.id: f for f in facts if f is not None}


def read_unit_words(doc: YamlDocument, unit_id: str, lang: str, value: Any,
                    taken: dict[str, str], problems: Problems) -> bool:
    """One language's word list of a report-defined unit; False when it is wrong."""
    where = doc.where(unit_id, lang)
    if not (isinstance(value, list) and value
            and all(isinstance(w, str) and w.strip() for w in value)):
        problems.error(f"unit '{unit_id}': '{lang}' must be a list of words, "
                       f"e.g. {lang}: [{'标准箱' if lang == 'zh' else 'TEU'}]", where,
                       "the first word is the one the engine writes", code="units")
        return False
    for word in value:
        key = f"{lang}:{word.strip().lower()}"
        if key in taken:
            problems.error(f"unit '{unit_id}': the word “{word}” already writes unit "
                           f"'{taken[key]}'", where, "give each unit words of its own",
                           code="units")
            return False
        taken[key] = unit_id
    return True


def read_units(doc: YamlDocument | None, problems: Problems) -> UnitTable:
    """units.yaml: a report's own units, `ID: {zh: [words…], en: [words…]}`."""
    found = list(entries(doc, "unit ids to their words", problems, "units",
                         "e.g. TEU: {zh: [标准箱], en: [TEU]}"))
    if not found:
        return BUILTIN_TABLE
    taken = {f"{lang}:{word.lower()}": unit.id for unit in BUILTIN_TABLE.by_id.values()
             for lang, words in (("zh", unit.zh), ("en", unit.en)) for word in words}
    defined = []
    for doc, unit_id, entry in found:
        where = doc.where(unit_id, "<key>")
        if unit_id in BUILTIN_IDS:
            problems.error(f"unit '{unit_id}' is built in", where,
                           "use it in facts.yaml as it is, or choose another id", code="units")
        elif not re.fullmatch(config.UNIT_ID, str(unit_id)):
            problems.error(f"unit id '{unit_id}' must be ASCII letters, digits or _", where,
                           code="units")
        elif not isinstance(entry, dict):
            problems.error(f"unit '{unit_id}' must be a mapping: {{zh: [词], en: [word]}}",
                           where, code="units")
        else:
            check_keys(doc, (unit_id,), entry, config.UNIT_KEYS, (), f"unit '{unit_id}'",
                       problems)
            if not any(lang in entry for lang in config.UNIT_KEYS):
                problems.error(f"unit '{unit_id}' needs its words: {{zh: [词], en: [word]}}",
                               where, code="units")
            elif all(read_unit_words(doc, str(unit_id), lang, entry.get(lang), taken, problems)
                   for lang in config.UNIT_KEYS if lang in entry):
                defined.append(report_unit(str(unit_id), entry))
    return BUILTIN_TABLE.with_units(defined)


def read_glossary(file: YamlDocument | None, problems: Problems) -> dict[str, Term]:
    """Validate glossary.yaml: id -> {zh, en, note: {zh, en}}."""
    terms: dict[str, Term] = {}
    for doc, term_id, entry in entries(file, "term ids to terms", problems, "glossary"):
        where = doc.where(term_id, "<key>")
        if not isinstance(entry, dict):
            problems.error(f"glossary term '{term_id}' must be a mapping", where,
                           code="glossary")
            continue
        check_keys(doc, (term_id,), entry, config.GLOSSARY_KEYS, config.GLOSSARY_KEYS,
                   f"glossary term '{term_id}'", problems)
        note = read_localized(doc, (term_id, "note"), entry.get("note"), ("zh", "en"),
                              problems)
        if all(isinstance(entry.get(k), str) for k in ("zh", "en")) and note:
            terms[str(term_id)] = Term(str(term_id), entry["zh"], entry["en"], note, where)
    return terms


def read_section(source: MarkdownFile, problems: Problems) -> Section | None:
    """Check a section file's name and front matter."""
    match = re.fullmatch(config.SECTION_FILE, source.name)
    if not match:
        problems.error(f"section file name '{source.name}' must look like NN-slug.md "
                       "(two digits, a hyphen, lowercase ASCII words)",
                       Location(source.path), code="section-name")
        return None
    title, title_location = None, None
    front = source.front_matter
    if front is not None and front.data is not None:
        if not isinstance(front.data, dict):
            problems.error("front matter must be a mapping, e.g. title: …",
                           front.where(), code="front-matter")
            return None
        check_keys(front, (), front.data, config.FRONT_MATTER_KEYS, (), "front matter",
                   problems)
        title = front.data.get("title")
        title_location = front.where("title")
        if title is not None and not (isinstance(title, str) and title.strip()):
            problems.error("'title' must be non-empty text", title_location,
                           code="front-matter")
            title = None
    return Section(path=source.path, lang=source.lang, number=int(match["number"]),
                   id=match["slug"], title=title.strip() if title else None,
                   title_location=title_location, body=source.body,
                   body_line=source.body_line)


def read_sections(files: tuple[MarkdownFile, ...], problems: Problems) -> tuple[Section, ...]:
    sections = [s for s in (read_section(f, problems) for f in files) if s]
    seen: dict[int, Section] = {}
    for section in sections:
        if section.number in seen:
            problems.error(f"duplicate section number {section.number:02d}: also used by "
                           f"{seen[section.number].path}", Location(section.path),
                           "give each section its own number", code="section-number")
        seen.setdefault(section.number, section)
    return tuple(sorted(sections, key=lambda s: s.number))


def validate_sources(sources: Sources, problems: Problems) -> Report | None:
    """Check every source, collecting all problems; the Report when nothing is wrong."""
    site = read_site(sources.site, problems)
    data = sources.site.data if isinstance(sources.site.data, dict) else {}
    languages = site.languages if site else declared_languages(data.get("languages"))
    for lang in languages:
        if lang not in sources.sections:
            problems.error(f"no sections for language '{lang}': "
                           f"{sources.root / lang}/ has no .md files",
                           Location(sources.site.path), code="language-missing",
                           hint="add the folder, or remove the language from 'languages'")
    sections = {lang: read_sections(sources.sections.get(lang, ()), problems)
                for lang in languages}
    units = read_units(sources.units, problems)
    facts = read_facts(sources.facts, languages, problems, units)
    glossary = read_glossary(sources.glossary, problems)
    lock = read_lock(sources.lock, problems)
    charts = read_charts(sources.charts, facts, languages, problems)
    unused_languages(problems, languages)
    if site is None or problems.failing(strict=False):
        return None
    return Report(root=sources.root, site=site, facts=facts, glossary=glossary,
                  sections=sections, charts=charts, assets=sources.assets, lock=lock,
                  units=units)


def read_chart(doc: YamlDocument, chart_id: str, entry: Any, facts: dict[str, Fact],
               languages: tuple[str, ...], problems: Problems) -> Chart | None:
    """Validate one charts.yaml entry against the facts it draws."""
    where = doc.where(chart_id, "<key>")
    if not isinstance(entry, dict):
        problems.error(f"chart '{chart_id}' must be a mapping", where, code="chart")
        return None
    before = len(problems.failing(strict=False))
    check_keys(doc, (chart_id,), entry, config.CHART_KEYS, ("kind", "title", "facts"),
               f"chart '{chart_id}'", problems)
    kind, ids = entry.get("kind"), entry.get("facts") or []
    if kind not in config.CHART_KINDS:
        problems.error(f"chart '{chart_id}': unknown kind '{kind}'", doc.where(chart_id, "kind"),
                       suggest(str(kind), config.CHART_KINDS), code="chart")
    for index, fact_id in enumerate(ids):
        if fact_id not in facts:
            problems.error(f"chart '{chart_id}': unknown fact '{fact_id}'",
                           doc.where(chart_id, "facts", index), suggest(str(fact_id), facts),
                           code="chart")
    units = {facts[i].unit for i in ids if i in facts}
    if kind == "bars" and len(units) > 1:
        problems.error(f"chart '{chart_id}': bars must share one unit, not {sorted(units)}",
                       doc.where(chart_id, "facts"), code="chart")
    if kind == "timeline" and units - {"date", "year"}:
        problems.error(f"chart '{chart_id}': a timeline draws date or year facts only",
                       doc.where(chart_id, "facts"), code="chart")
    title = read_localized(doc, (chart_id, "title"), entry.get("title"), languages, problems)
    labels = {str(k): read_localized(doc, (chart_id, "labels", k), v, languages, problems) or {}
              for k, v in (entry.get("labels") or {}).items()}
    if len(problems.failing(strict=False)) > before or not title or not ids:
        return None
    return Chart(chart_id, str(kind), title, tuple(ids), where, labels)


def read_charts(doc: YamlDocument | None, facts: dict[str, Fact], languages: tuple[str, ...],
                problems: Problems) -> dict[str, Chart]:
    charts = (read_chart(doc, str(k), v, facts, languages, problems)
              for doc, k, v in entries(doc, "chart ids to charts", problems, "chart"))
    return {c.id: c for c in charts if c is not None}


def read_lock(doc: YamlDocument | None, problems: Problems) -> dict[str, list[dict[str, str]]]:
    """translations.lock: 'lang/file.md' -> [{hash, source}, …] (written by the tool)."""
    if doc is None or doc.data is None:
        return {}
    data = doc.data
    if not (isinstance(data, dict) and all(
            isinstance(v, list) and all(isinstance(e, dict) and "hash" in e for e in v)
            for v in data.values())):
        problems.error("translations.lock is not in the expected form", doc.where(),
                       "delete it and run: tianxin-report translated --all", code="lock")
        return {}
    return {str(k): [{str(a): str(b) for a, b in e.items()} for e in v] for k, v in data.items()}
