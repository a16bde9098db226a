"""The report site in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Checks what a reader sees: the network's nodes and edges, a month-precision
bar spanning its month, a click through to a meeting page whose highlighted
passages sit at the stored offsets, keyboard use, no console errors, and no
request leaving the site's origin. Every check runs twice: on the static site
from ``file://`` (``newsgraph report``) and on the pages ``newsgraph serve``
serves below ``/report/`` on a loopback port; a scoped report (``--actor``,
``--from``, ``--to``) too, asked for in the URL of the served one.

Every page a test opens goes through the ``opened`` fixture, which waits for the
page's scripts and, after the test, checks that the page logged no console error
and sent no request outside the site's origin.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from loader.cli import main
from loader.report.views import STATUSES, fact_href
from tests.servers import Server, free_port, oxigraph_binary

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


# One actor's report within a window: `newsgraph report` options, or the served URL's.
SCOPE = {"actor": "Lavrov", "from": "2025-08", "to": "2025-10"}


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
    query: str = ""  # a scope asked for in the URL (served pages only)

    def url(self, path: str) -> str:
        return self.base + path + (f"?{self.query}" if self.query else "")


class Reports:
    """Each corpus loaded, reported and served once per module, as the tests ask for it."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self.tmp = tmp
        self.built: dict[Path, tuple[Path, Path]] = {}
        self.servers: dict[Path, tuple[subprocess.Popen[str], str]] = {}

    def get(self, corpus: Path, mode: str, *, scoped: bool = False) -> Report:
        if corpus not in self.built:
            self.built[corpus] = build(self.tmp.mktemp(corpus.name), corpus)
        store, site = self.built[corpus]
        if mode == "file":
            if scoped:
                site = site.with_name("scoped")
                if not site.exists():
                    options = [a for k, v in SCOPE.items() for a in (f"--{k}", v)]
                    cli("--store", store, "report", site, "--texts", corpus, *options)
            return Report(store, site.as_uri() + "/", "file://")
        if corpus not in self.servers:
            self.servers[corpus] = serve(store, corpus)
        origin = self.servers[corpus][1]
        query = urllib.parse.urlencode(SCOPE) if scoped else ""
        return Report(store, origin + "report/", origin, query)

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
def scoped(request: pytest.FixtureRequest, reports: Reports) -> Report:
    """Sergei Lavrov's report from August to October 2025."""
    return reports.get(EXAMPLES, request.param, scoped=True)


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

    def problems(self) -> list[str]:
        """Console errors, and requests that left the site's origin."""
        outside = [u for u in self.requests if not u.startswith(self.origin)]
        return self.errors + [f"request outside {self.origin}: {u}" for u in outside]


NETWORK = "window.newsgraphNetwork !== undefined"
Open = Callable[[Report, str], Page]


@pytest.fixture
def opened(browser: Browser) -> Iterator[Open]:
    """Open a page of a report and wait for its scripts (the network page: until its graph
    is drawn); after the test, every page opened must have logged no console error and
    sent no request outside the site, across every click and navigation of the test."""
    seen: list[Watched] = []

    def open_(report: Report, path: str) -> Page:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        watched = Watched(page, report.origin)
        seen.append(watched)
        page.goto(report.url(path))
        page.wait_for_function("document.readyState === 'complete'")
        if path == "index.html" or path.endswith("/index.html"):
            page.wait_for_function(NETWORK)
        return page

    yield open_
    problems = {}
    for n, watched in enumerate(seen):
        problems[f"page {n + 1}: {watched.page.url}"] = watched.problems() or (
            [] if watched.requests else ["no request at all"])  # fmt: skip
        watched.page.close()
    assert {k: v for k, v in problems.items() if v} == {}


def test_network_has_one_node_per_actor_and_one_edge_per_meeting(
    examples: Report, opened: Open
) -> None:
    store = examples.store
    page = opened(examples, "index.html")
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


# An edge alone between its two actors, whose middle no node or label covers: its meeting
# and where its middle is on the screen.
FREE_EDGE = """() => {
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
}"""


def _settled(page: Page, script: str) -> Any:
    """What ``script`` returns once two evaluations 0.2 s apart agree (at most 10 s)."""
    found = page.evaluate(script)
    for _ in range(50):
        page.wait_for_timeout(200)
        again = page.evaluate(script)
        if again == found:
            return found
        found = again
    raise AssertionError(f"the page kept moving: {found}")


def test_click_an_edge_opens_the_meeting_with_passages_at_their_offsets(
    examples: Report, opened: Open
) -> None:
    store = examples.store
    page = opened(examples, "index.html")
    # an edge alone between its two actors, whose middle no node or label covers, so the
    # click cannot land on anything else; found again until the page stops moving (on a
    # busy machine the layout can still shift the graph after it is first drawn)
    target = _settled(page, FREE_EDGE)
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


def test_keyboard_reaches_a_meeting_page(examples: Report, opened: Open) -> None:
    page = opened(examples, "index.html")
    page.focus("#network")
    page.keyboard.press("ArrowRight")
    assert "Meeting 1 of" in page.inner_text("#network-status")
    page.keyboard.press("Enter")
    page.wait_for_url("**/facts/*.html")
    assert page.locator("h2", has_text="What each source claims").count() == 1


def test_month_precision_meeting_spans_its_month(fixtures_report: Report, opened: Open) -> None:
    store = fixtures_report.store
    month = [r for r in rows(store, "who-met-whom") if r["date_precision"] == "month"]
    assert month
    meeting, first = month[0]["meeting"], month[0]["date_earliest"]
    page = opened(fixtures_report, "timeline.html")
    bar = page.locator(f'rect.bar[data-fact="{meeting}"]')
    assert bar.count() == 1
    x, width = (float(bar.get_attribute(a) or "nan") for a in ("x", "width"))
    year, mon = int(first[:4]), int(first[5:7])
    after = f"{year + mon // 12}-{mon % 12 + 1:02d}"
    lines = {key: float(page.locator(f'line[data-month="{key}"]').get_attribute("x1") or "nan")
             for key in (first[:7], after)}  # fmt: skip
    assert x == pytest.approx(lines[first[:7]], abs=0.01)
    assert x + width == pytest.approx(lines[after], abs=0.01)


def test_conflicting_dates_draw_one_bar_per_source(fixtures_report: Report, opened: Open) -> None:
    store = fixtures_report.store
    conflicts = [r for r in rows(store, "who-met-whom") if r["date_precision"] == "conflict"]
    assert conflicts
    meeting = conflicts[0]["meeting"]
    claims = {r["claimed_date"] for r in rows(store, "sources-of", fact=meeting)
              if r["claimed_date"]}  # fmt: skip
    page = opened(fixtures_report, "timeline.html")
    bars = page.locator(f'rect.claim-bar[data-fact="{meeting}"]')
    drawn = {f"{b.get_attribute('data-earliest')}/{b.get_attribute('data-latest')}"
             for b in bars.all()}  # fmt: skip
    assert {c if "/" in c else f"{c}/{c}" for c in claims} == drawn and len(drawn) > 1
    colours = {b.get_attribute("fill") for b in bars.all()}
    assert len(colours) == len(drawn)


def test_timeline_and_actor_pages_load_cleanly(examples: Report, opened: Open) -> None:
    opened(examples, "actors/actor--vladimir-putin.html")
    timeline = opened(examples, "timeline.html")
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
    examples: Report, opened: Open
) -> None:
    pairs = rows(examples.store, "who-met-whom")
    meeting = fact_href(pairs[0]["meeting"])
    for path in ("index.html", "timeline.html", meeting, "actors/actor--vladimir-putin.html"):
        page = opened(examples, path)
        assert unnamed(page) == [], path
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.title()


def tab_until(page: Page, condition: str, *, limit: int = 400) -> None:
    """Press Tab until the focused element meets the JavaScript ``condition`` (on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def test_keyboard_alone_reaches_actor_and_fact_pages(examples: Report, opened: Open) -> None:
    page = opened(examples, "index.html")
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


def legend_styles(page: Page) -> dict[str, str]:
    """The legend's line style per status; distinct statuses have distinct styles."""
    styles: dict[str, str] = (
        page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
      '.legend line')].map(l => [l.getAttribute('class'),
      getComputedStyle(l).strokeDasharray + ' ' + getComputedStyle(l).strokeLinecap]))""")
    )
    assert len(set(styles.values())) == len(styles), styles
    return styles


def test_status_is_drawn_by_line_style_not_colour_alone(examples: Report, opened: Open) -> None:
    page = opened(examples, "index.html")
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
    timeline = opened(examples, "timeline.html")
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


def test_a_scoped_report_shows_one_actor_within_its_window(scoped: Report, opened: Open) -> None:
    """``report --actor --from --to``, or the same scope in the served report's URL: the
    network holds that query's meetings, and every link keeps the scope."""
    page = opened(scoped, "index.html")
    want = rows(scoped.store, "who-met-whom", **SCOPE)
    assert want and len(want) < len(rows(scoped.store, "who-met-whom"))
    edges = page.evaluate("window.newsgraphNetwork.edges().map(e => e.data('meeting'))")
    assert sorted(edges) == sorted(r["meeting"] for r in want)
    assert "Only meetings of Sergei Lavrov." in page.inner_text(".lead")
    root = page.url.removesuffix("index.html")
    if scoped.query:  # served: the scope moved from the query string into the path
        assert root == scoped.base + urllib.parse.urlencode(SCOPE) + "/"
    page.click("nav >> text=Timeline")
    page.wait_for_url(root + "timeline.html")
    bars = page.locator("#timeline [data-earliest]").all()
    assert bars
    for bar in bars:
        earliest, latest = bar.get_attribute("data-earliest"), bar.get_attribute("data-latest")
        assert (latest or "") >= "2025-08-01" and (earliest or "") <= "2025-10-31"
    page.go_back()
    page.locator("table a[href^='facts/']").first.click()
    page.wait_for_url(root + "facts/*.html")
    assert page.locator("h2", has_text="What each source claims").count() == 1


@pytest.mark.servers
def test_the_query_editor_of_a_served_remote_store_runs_a_query(
    tmp_path: Path, oxigraph_server: Server, opened: Open
) -> None:
    """Over a remote store, `newsgraph serve` shows YASGUI from itself and answers its
    queries from the remote store."""
    oxigraph_server.clean()
    remote = ["--endpoint", oxigraph_server.base_url, "--server", "oxigraph"]
    cli(*remote, "load", EXAMPLES, "-q")
    port = free_port()
    proc = subprocess.Popen([str(EXE), *remote, "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None
        assert "serving the remote store" in proc.stdout.readline()
        origin = f"http://127.0.0.1:{port}/"
        page = opened(Report(tmp_path, origin, origin), "")
        page.wait_for_function("document.querySelector('.yasqe .CodeMirror') !== null")
        query = "SELECT (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }"
        page.evaluate("q => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(q)",
                      query)  # fmt: skip
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table td", timeout=60_000)
        found = json.loads(cli(*remote, "query", "--sparql", query, "--format", "json"))
        assert found[0]["quads"] > 1000
        assert f'"{found[0]["quads"]}"' in page.inner_text(".yasr table")
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
