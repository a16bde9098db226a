"""The report site in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Checks what a reader sees: the network's nodes and edges, a month-precision
bar spanning its month, a click through to a meeting page whose highlighted
passages sit at the stored offsets, keyboard use, no console errors, and no
request leaving the site's origin. Every check runs twice: on the static site
from ``file://`` (``newsgraph report``) and on the pages ``newsgraph serve``
serves below ``/report/`` on a loopback port.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from loader.cli import main
from loader.report.views import STATUSES, fact_href
from tests.servers import free_port, oxigraph_binary

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
QUERY_FIXTURES = ROOT / "tests" / "fixtures" / "queries"
EXE = Path(sys.executable).parent / "newsgraph"
MODES = ["file", pytest.param("served", marks=pytest.mark.servers)]


def chromium() -> str:
    found = os.environ.get("NEWSGRAPH_CHROMIUM") or shutil.which("chromium")
    assert found, "Chromium is missing: run .ci/install-system.sh (Debian package chromium)"
    return found


def cli(*args: str | Path) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def build(tmp: Path, corpus: Path) -> tuple[Path, Path]:
    store, site = tmp / "store", tmp / "site"
    cli("--store", store, "load", corpus, "-q")
    cli("--store", store, "report", site, "--texts", corpus)
    return store, site


def rows(store: Path, name: str, **params: str) -> list[dict[str, Any]]:
    args: list[str | Path] = ["--store", store, "query", name, "--format", "json"]
    for key, value in params.items():
        args += ["-p", f"{key}={value}"]
    found = json.loads(cli(*args))
    assert isinstance(found, list)
    return found


@dataclass(frozen=True)
class Report:
    """One report as a reader opens it: its store, and the URL of the site's root."""

    store: Path
    base: str  # ends with "/"
    origin: str  # every request must start with this

    def url(self, path: str) -> str:
        return self.base + path


class Reports:
    """Each corpus loaded, reported and served once per module, as the tests ask for it."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self.tmp = tmp
        self.built: dict[Path, tuple[Path, Path]] = {}
        self.servers: dict[Path, tuple[subprocess.Popen[str], str]] = {}

    def get(self, corpus: Path, mode: str) -> Report:
        if corpus not in self.built:
            self.built[corpus] = build(self.tmp.mktemp(corpus.name), corpus)
        store, site = self.built[corpus]
        if mode == "file":
            return Report(store, site.as_uri() + "/", "file://")
        if corpus not in self.servers:
            self.servers[corpus] = serve(store, corpus)
        origin = self.servers[corpus][1]
        return Report(store, origin + "report/", origin)

    def close(self) -> None:
        for proc, _ in self.servers.values():
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=20) == 0


def serve(store: Path, corpus: Path) -> tuple[subprocess.Popen[str], str]:
    """``newsgraph serve`` over the store on a free loopback port; its origin URL."""
    assert oxigraph_binary(), "the oxigraph server binary is missing: pip install oxigraph"
    port = free_port()
    args = ["--store", store, "serve", "--port", port, "--texts", corpus]
    proc = subprocess.Popen([str(EXE), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    lines = [proc.stdout.readline() for _ in range(4)]
    assert lines[3].startswith("report: "), (lines, proc.stderr.read() if proc.stderr else "")
    return proc, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reports]:
    found = Reports(tmp_path_factory)
    yield found
    found.close()


@pytest.fixture(params=MODES)
def examples(request: pytest.FixtureRequest, reports: Reports) -> Report:
    return reports.get(EXAMPLES, request.param)


@pytest.fixture(params=MODES)
def fixtures_report(request: pytest.FixtureRequest, reports: Reports) -> Report:
    """The query fixtures' corpus: month-precision and conflicting dates."""
    return reports.get(QUERY_FIXTURES, request.param)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


class Watched:
    """A page that records console errors, page errors and every request's URL."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page, self.origin = page, origin
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def check_clean(self) -> None:
        assert self.errors == []
        assert self.requests and all(u.startswith(self.origin) for u in self.requests), [
            u for u in self.requests if not u.startswith(self.origin)
        ]


@pytest.fixture
def watched(browser: Browser) -> Iterator[Callable[[Report, str], Watched]]:
    pages: list[Page] = []

    def open_(report: Report, path: str) -> Watched:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        pages.append(page)
        seen = Watched(page, report.origin)
        url = report.url(path)
        page.goto(url)
        page.wait_for_function("document.readyState === 'complete'")
        return seen

    yield open_
    for page in pages:
        page.close()


def test_network_has_one_node_per_actor_and_one_edge_per_meeting(
    examples: Report, watched: Callable[[Report, str], Watched]
) -> None:
    store = examples.store
    seen = watched(examples, "index.html")
    page = seen.page
    page.wait_for_function("window.newsgraphNetwork !== undefined")
    nodes = page.evaluate("window.newsgraphNetwork.nodes().map(n => n.data('label'))")
    edges = page.evaluate(
        "window.newsgraphNetwork.edges().map(e => [e.data('meeting'),"
        " e.source().data('label'), e.target().data('label')])"
    )
    pairs = rows(store, "who-met-whom")
    assert sorted(nodes) == sorted({r[s] for r in pairs for s in ("actor_a", "actor_b")})
    assert sorted(map(tuple, edges)) == sorted((r["meeting"], r["actor_a"], r["actor_b"])
                                               for r in pairs)  # fmt: skip
    # a meeting of two actors is exactly one edge
    two = [m for m in {r["meeting"] for r in pairs}
           if sum(r["meeting"] == m for r in pairs) == 1]  # fmt: skip
    assert two and all(sum(e[0] == m for e in edges) == 1 for m in two)
    # filters: unticking "held" hides exactly the held meetings
    page.uncheck("input[name=status][value=held]")
    visible = page.evaluate("window.newsgraphNetwork.edges(':visible').length")
    assert visible == sum(r["status"] != "held" for r in pairs)
    seen.check_clean()


def test_click_an_edge_opens_the_meeting_with_passages_at_their_offsets(
    examples: Report, watched: Callable[[Report, str], Watched]
) -> None:
    store = examples.store
    seen = watched(examples, "index.html")
    page = seen.page
    page.wait_for_function("window.newsgraphNetwork !== undefined")
    # an edge alone between its two actors, so the click cannot land on a parallel one
    # an edge alone between its two actors, whose middle no node or label covers, so the
    # click cannot land on anything else
    target = page.evaluate("""() => {
      const cy = window.newsgraphNetwork;
      const box = cy.container().getBoundingClientRect();
      const free = p => cy.nodes().every(n => {
        const b = n.renderedBoundingBox({includeLabels: true});
        return p.x < b.x1 - 4 || p.x > b.x2 + 4 || p.y < b.y1 - 4 || p.y > b.y2 + 4;
      });
      const e = cy.edges().filter(e => e.parallelEdges().length === 1
                                       && free(e.renderedMidpoint()))[0];
      if (!e) { throw new Error("no edge with a free middle to click"); }
      const p = e.renderedMidpoint();
      return {meeting: e.data('meeting'), x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.move(target["x"], target["y"])
    assert page.evaluate("window.newsgraphNetwork.edges(':visible').length") > 0
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url("**/facts/*.html")
    assert page.url == examples.url(fact_href(target["meeting"]))
    page.wait_for_function("document.readyState === 'complete'")
    marks = page.evaluate("""() => [...document.querySelectorAll('.article-text')].flatMap(div =>
      [...div.querySelectorAll('mark')].map(m => {
        const before = document.createRange();
        before.setStart(div, 0); before.setEndBefore(m);
        return {article: div.dataset.article, at: [...before.toString()].length,
                start: +m.dataset.start, end: +m.dataset.end, text: m.textContent};
      }))""")
    sources = rows(store, "sources-of", fact=target["meeting"])
    assert sources
    assert sorted(
        (m["article"], m["at"], m["at"] + len(m["text"]), m["text"]) for m in marks
    ) == sorted({(r["article"], r["start"], r["end"], r["exact"]) for r in sources})
    assert all(m["at"] == m["start"] for m in marks)
    assert page.locator("mark").count() == len(marks)
    seen.check_clean()  # the watcher stays on the page across the click: both pages count


def test_keyboard_reaches_a_meeting_page(
    examples: Report, watched: Callable[[Report, str], Watched]
) -> None:
    seen = watched(examples, "index.html")
    page = seen.page
    page.wait_for_function("window.newsgraphNetwork !== undefined")
    page.focus("#network")
    page.keyboard.press("ArrowRight")
    assert "Meeting 1 of" in page.inner_text("#network-status")
    page.keyboard.press("Enter")
    page.wait_for_url("**/facts/*.html")
    assert page.locator("h2", has_text="What each source claims").count() == 1


def test_month_precision_meeting_spans_its_month(
    fixtures_report: Report, watched: Callable[[Report, str], Watched]
) -> None:
    store = fixtures_report.store
    month = [r for r in rows(store, "who-met-whom") if r["date_precision"] == "month"]
    assert month
    meeting, first = month[0]["meeting"], month[0]["date_earliest"]
    seen = watched(fixtures_report, "timeline.html")
    page = seen.page
    bar = page.locator(f'rect.bar[data-fact="{meeting}"]')
    assert bar.count() == 1
    x, width = (float(bar.get_attribute(a) or "nan") for a in ("x", "width"))
    year, mon = int(first[:4]), int(first[5:7])
    after = f"{year + mon // 12}-{mon % 12 + 1:02d}"
    lines = {key: float(page.locator(f'line[data-month="{key}"]').get_attribute("x1") or "nan")
             for key in (first[:7], after)}  # fmt: skip
    assert x == pytest.approx(lines[first[:7]], abs=0.01)
    assert x + width == pytest.approx(lines[after], abs=0.01)
    seen.check_clean()


def test_conflicting_dates_draw_one_bar_per_source(
    fixtures_report: Report, watched: Callable[[Report, str], Watched]
) -> None:
    store = fixtures_report.store
    conflicts = [r for r in rows(store, "who-met-whom") if r["date_precision"] == "conflict"]
    assert conflicts
    meeting = conflicts[0]["meeting"]
    claims = {r["claimed_date"] for r in rows(store, "sources-of", fact=meeting)
              if r["claimed_date"]}  # fmt: skip
    seen = watched(fixtures_report, "timeline.html")
    bars = seen.page.locator(f'rect.claim-bar[data-fact="{meeting}"]')
    drawn = {f"{b.get_attribute('data-earliest')}/{b.get_attribute('data-latest')}"
             for b in bars.all()}  # fmt: skip
    assert {c if "/" in c else f"{c}/{c}" for c in claims} == drawn and len(drawn) > 1
    colours = {b.get_attribute("fill") for b in bars.all()}
    assert len(colours) == len(drawn)
    seen.check_clean()


def test_timeline_and_actor_pages_load_cleanly(
    examples: Report, watched: Callable[[Report, str], Watched]
) -> None:
    for path in ("timeline.html", "actors/actor--vladimir-putin.html"):
        seen = watched(examples, path)
        seen.check_clean()
    timeline = watched(examples, "timeline.html").page
    assert timeline.locator("rect.bar").count() > 0 and timeline.locator("circle.point").count() > 0
    timeline.check("input[name=group][value=actor]")
    labels = timeline.locator("text.lane-label").all_text_contents()
    assert "Vladimir Putin" in labels


INTERACTIVE = {"link", "checkbox", "radio", "button", "textbox", "application", "img", "image",
               "combobox", "spinbutton", "figure"}  # fmt: skip


def unnamed(page: Page) -> list[str]:
    """Interactive nodes and images of the page's accessibility tree that have no name."""
    session = page.context.new_cdp_session(page)
    tree = session.send("Accessibility.getFullAXTree")
    missing = []
    for node in tree["nodes"]:
        role = node.get("role", {}).get("value")
        if node.get("ignored") or role not in INTERACTIVE:
            continue
        if not str(node.get("name", {}).get("value", "")).strip():
            missing.append(f"{role} {node.get('backendDOMNodeId')}")
    session.detach()
    return missing


def test_every_link_control_and_picture_has_a_text_alternative(
    examples: Report, watched: Callable[[Report, str], Watched]
) -> None:
    pairs = rows(examples.store, "who-met-whom")
    meeting = fact_href(pairs[0]["meeting"])
    for path in ("index.html", "timeline.html", meeting, "actors/actor--vladimir-putin.html"):
        seen = watched(examples, path)
        if path == "index.html":
            seen.page.wait_for_function("window.newsgraphNetwork !== undefined")
        assert unnamed(seen.page) == [], path
        assert seen.page.locator("html").get_attribute("lang") == "en"
        assert seen.page.title()
        seen.check_clean()


def tab_until(page: Page, condition: str, *, limit: int = 400) -> None:
    """Press Tab until the focused element meets the JavaScript ``condition`` (on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def test_keyboard_alone_reaches_actor_and_fact_pages(
    examples: Report, watched: Callable[[Report, str], Watched]
) -> None:
    seen = watched(examples, "index.html")
    page = seen.page
    page.wait_for_function("window.newsgraphNetwork !== undefined")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # the meetings table names each participant with a link to the actor's page
    tab_until(page, "el.closest('table') && el.href && el.href.includes('/actors/')")
    name = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url("**/actors/*.html")
    assert page.locator("h1").inner_text() == name
    # the timeline's bars are links, in the tab order
    page.goto(examples.url("timeline.html"))
    page.wait_for_function("document.readyState === 'complete'")
    tab_until(page, "el.closest('#timeline') !== null && el.tagName === 'a'")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label and " — " in label
    page.keyboard.press("Enter")
    page.wait_for_url("**/facts/*.html")
    seen.check_clean()


def legend_styles(page: Page) -> dict[str, str]:
    """The legend's line style per status; distinct statuses have distinct styles."""
    styles: dict[str, str] = (
        page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
      '.legend line')].map(l => [l.getAttribute('class'),
      getComputedStyle(l).strokeDasharray + ' ' + getComputedStyle(l).strokeLinecap]))""")
    )
    assert len(set(styles.values())) == len(styles), styles
    return styles


def test_status_is_drawn_by_line_style_not_colour_alone(
    examples: Report, watched: Callable[[Report, str], Watched]
) -> None:
    seen = watched(examples, "index.html")
    page = seen.page
    page.wait_for_function("window.newsgraphNetwork !== undefined")
    styles = page.evaluate("""() => {
      const out = {};
      window.newsgraphNetwork.edges().forEach(e => {
        out[e.data('status')] = e.style('line-style') + ' ' + e.style('line-dash-pattern');
      });
      return out;
    }""")
    assert len(styles) > 2
    assert len(set(styles.values())) == len(styles), styles
    assert len(legend_styles(page)) == len(STATUSES[:5])  # meetings' statuses
    timeline = watched(examples, "timeline.html").page
    assert len(legend_styles(timeline)) == len(STATUSES)  # and sanctions packages'
    bars = timeline.evaluate("""() => {
      const out = {};
      document.querySelectorAll('rect.bar').forEach(r => {
        const s = getComputedStyle(r);
        out[r.getAttribute('class')] = [s.strokeDasharray, parseFloat(s.strokeWidth)];
      });
      return out;
    }""")
    assert len(bars) > 2
    assert len({dash for dash, _ in bars.values()}) == len(bars), bars
    assert all(width >= 2 for _, width in bars.values()), bars
    seen.check_clean()
