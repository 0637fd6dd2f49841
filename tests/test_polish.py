"""The pages' finish, on the web and in print: typographic quotes in English (titles and
site.yaml texts too), chart titles above their charts, a single rule between a pull quote
and the key-figures box. Built from a copy of the port report made to show each case."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from .browsing import QuietHandler
from .conftest import CHROMIUM, FIXTURES, Run, require_tool, run_cli
from .test_print import MARGINS, pdf_pages, squash

PDF_EN = "downloads/port-green-transition-en.pdf"
QUOTE_ZH, QUOTE_EN = ("我们算过账，绿色不是成本，而是竞争力。",
                      "We have done the sums: going green is not a cost, it is a competitive edge")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def polished(tmp_path_factory: pytest.TempPathFactory, font_cache: Path) -> tuple[Path, Run]:
    """The port report with straight quotes in English (a title, site.yaml, the text) and
    its lede ending in a pull quote, right before the key figures."""
    root = tmp_path_factory.mktemp("polish")
    content = root / "content"
    shutil.copytree(FIXTURES / "port-report", content)
    for lang, quote in (("zh", QUOTE_ZH), ("en", QUOTE_EN)):
        with (content / lang / "01-lede.md").open("a", encoding="utf-8") as lede:
            lede.write(f"\n:::{{pullquote}}\n{quote}\n:::\n")
    edit(content / "en" / "02-shore-power.md", "title: Plugged in, the smoke clears",
         'title: "\\"Plugged in\\": the port\'s smoke clears"')
    edit(content / "site.yaml", "en: Inside a river port’s green transition —",
         "en: Inside a river port's \"green\" transition —")
    edit(content / "en" / "01-lede.md", "“We have done the sums", '"We have done the sums')
    edit(content / "en" / "01-lede.md", "competitive edge,” says", 'competitive edge," says')
    out = root / "_site"
    result = run_cli("build", "--content", content, "--out", out, "--cache", font_cache)
    assert result.code == 0, result.stderr
    return out, result


def test_english_quotes_are_typographic_in_text_titles_and_site_texts(
        polished: tuple[Path, Run]) -> None:
    out, _ = polished
    page = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "<h2 id=\"shore-power\">“Plugged in”: the port’s smoke clears</h2>" in page
    assert '<p class="kicker">Inside a river port’s “green” transition —</p>' in page
    assert "“We have done the sums" in page and "competitive edge,” says" in page
    assert "<title>More boxes, less smoke: Qinglan Port’s green ledger</title>" in page
    article = page[page.index("<article"):page.index("</article>")]
    visible = re.sub(r"<[^>]+>", "", re.sub(r'<[^>]*"[^>]*>', "", article))
    assert '"' not in visible and "'" not in visible
    zh = (out / "zh" / "index.html").read_text(encoding="utf-8")
    assert "“我们算过账" in zh  # the Chinese text is as written
    pdf = "".join(w.text for p in pdf_pages(out / PDF_EN) for w in p.words)
    assert "“Pluggedin”:theport’ssmokeclears" in squash(pdf)
    assert "port’s“green”transition" in squash(pdf)


def test_a_charts_title_is_set_above_it(polished: tuple[Path, Run]) -> None:
    out, _ = polished
    page = (out / "en" / "index.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="chart".*?</figure>', page, re.S)[0]
    assert re.search(r'^<figure[^>]*>\s*<figcaption class="chart-title">Qinglan Port’s container '
                     r"throughput</figcaption>\s*<svg", figure)
    for page_words in pdf_pages(out / PDF_EN):
        text = squash(" ".join(w.text for w in page_words.words))
        if "Qinglan Port’s container throughput".replace(" ", "") in text:
            title = next(w for w in page_words.words if w.text == "throughput")
            first_bar = next(w for w in page_words.words if w.text == "2020")
            assert title.y1 < first_bar.y0
            break
    else:
        pytest.fail("no page of the PDF shows the chart's title")


def rule_bands(pdf: Path, page: int, top: float, bottom: float, tmp: Path) -> int:
    """How many horizontal rules cross the text area between two heights (pt) of a page:
    runs of rows darker than the page across most of the text area's width."""
    subprocess.run([require_tool("pdftoppm"), "-r", "144", "-gray", "-png", "-f", str(page),
                    "-l", str(page), "-singlefile", str(pdf), str(tmp / "rules")], check=True)
    with Image.open(tmp / "rules.png") as image:
        gray = image.convert("L")
    _, right, _, left = MARGINS
    x0, x1 = int(left * 2), int(gray.width - right * 2)
    rows = [sum(gray.getpixel((x, y)) < 235 for x in range(x0, x1, 2)) > 0.45 * (x1 - x0) / 2
            for y in range(int(top * 2), int(bottom * 2))]
    return sum(1 for i, dark in enumerate(rows) if dark and (i == 0 or not rows[i - 1]))


def test_one_rule_between_a_pull_quote_and_the_key_figures_in_print(
        polished: tuple[Path, Run], tmp_path: Path) -> None:
    out, _ = polished
    pdf = out / PDF_EN
    for number, page in enumerate(pdf_pages(pdf), start=1):
        words = [w.text for w in page.words]
        if "edge" in words and "numbers" in words:
            quote_end = max(w.y1 for w in page.words if w.text == "edge")
            panel = min(w.y0 for w in page.words if w.text == "numbers")
            assert rule_bands(pdf, number, quote_end, panel, tmp_path) == 1
            break
    else:
        pytest.fail("the pull quote and the key figures are not on one page")


@pytest.fixture(scope="module")
def polished_server(polished: tuple[Path, Run]) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(polished[0]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


RULES_BETWEEN = """([from, to]) => {
  const top = document.querySelector(from).getBoundingClientRect().bottom;
  const bottom = document.querySelector(to).getBoundingClientRect().top;
  const edges = new Set();
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (box.width < 100) continue;
    for (const [side, y] of [["Top", box.top], ["Bottom", box.bottom]]) {
      if (style[`border${side}Style`] !== "none" && parseFloat(style[`border${side}Width`]) > 0
          && y >= top && y <= bottom) edges.add(Math.round(y));
    }
  }
  return [...edges];
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_rule_between_a_pull_quote_and_the_key_figures_on_the_web(
        polished_server: str, lang: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{polished_server}/{lang}/", wait_until="networkidle")
        rules = page.evaluate(RULES_BETWEEN, [".lede .pullquote p", ".key-figures-title"])
        browser.close()
    assert len(rules) == 1, rules  # the key figures' own top border


CLAUSE = "。！？；，、："


@pytest.mark.browser
def test_chinese_search_snippets_begin_and_end_at_clause_marks(polished_server: str) -> None:
    """Pagefind's excerpts cut Chinese wherever its segmenter split words ("年6月" out of
    "2021年6月"): a snippet starts at the start of a clause and ends at its end, or says
    "…" where a long clause was cut."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{polished_server}/zh/", wait_until="networkidle")
        lines = [squash(line) for line in page.inner_text("main").split("\n") if line.strip()]
        snippets = []
        for query in ("岸电", "码头", "6月"):
            page.fill("#search-input", query)
            page.wait_for_selector(".search-results li mark", timeout=10000)
            snippets += page.locator(".search-results li span").all_inner_texts()
        browser.close()
    assert len(snippets) >= 6
    for snippet in snippets:
        pieces = [p for p in re.split(rf"[{CLAUSE}\s]|\. ", snippet) if p]
        head, tail = squash(pieces[0]), squash(pieces[-1])
        if not head.startswith("…"):
            assert head[0] not in CLAUSE and any(
                line.startswith(head) or re.search(f"[{CLAUSE}]{re.escape(head)}", line)
                for line in lines), snippet
        if not tail.endswith("…") and snippet.rstrip()[-1] not in CLAUSE + "”":
            assert any(line.endswith(tail) for line in lines), snippet
