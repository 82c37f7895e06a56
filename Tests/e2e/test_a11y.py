"""Accessibility of every page in its states, in real Chromium, with kl-base + eldercare.

- axe-core 4 (the newest bundled in a PyPI package: axe-playwright-python's axe.min.js, run
  here through Selenium, not Playwright) on the landing page; the phone (code entry, joined,
  every round open, results revealed); the board (lobby, introduction screens, a round open,
  every result view, the action plan); the console (the create form, a running workshop with
  its panels); the report. No violation of impact serious or critical may remain.
- At 200 % text size and on a 320x568 phone, no page scrolls sideways in its main states.

A page walks through its states (the workshop is driven over the protocol by scenario.py);
each check runs at every state and the test reports every failure at once, naming the state.
"""

import importlib.util
from pathlib import Path

import pytest

from browser import css, horizontal_overflow, make_driver, needs_chromium, shot, wait, wait_css
from conftest import Server
from scenario import Workshop

pytestmark = needs_chromium

AXE = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js"
BLOCKING = ("serious", "critical")


# MARK: axe

def axe_violations(driver):
    """axe-core's violations on the page as it is now: [{id, impact, help, helpUrl, targets}]."""
    if not driver.execute_script("return Boolean(window.axe)"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(
          (r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                                                 targets: v.nodes.slice(0, 6).map((n) => n.target.join(' '))}))),
          (e) => done({error: String(e)}));""")
    assert not isinstance(result, dict), result
    return result


def describe(page, state, violation):
    return (f"{page} / {state}: {violation['id']} ({violation['impact']}) {violation['help']}\n"
            f"    targets: {', '.join(violation['targets'])}\n    {violation['helpUrl']}")


# MARK: the pages and their states

def wait_text(driver, selector, expected):
    wait(driver, lambda d: expected in (d.execute_script(
        "const el = document.querySelector(arguments[0]); return el ? el.textContent : ''", selector) or ""),
        message=f"{selector} never showed {expected!r}")


def board_ready(driver, screen, extra=""):
    wait_css(driver, f'[data-board-main][data-screen="{screen}"]{extra}')


def landing_states(ws, driver):
    driver.get(f"{ws.server.url}/")
    wait_css(driver, "[data-landing-join]")
    yield "landing"


def join_states(ws, driver):
    driver.get(f"{ws.server.url}/join.html")
    wait_css(driver, "[data-code-input]")
    yield "code entry"
    css(driver, "[data-code-input]").send_keys(ws.code)
    css(driver, "[data-name-input]").send_keys("Mette")
    css(driver, "[data-join-submit]").click()
    wait(driver, lambda d: css(d, '[data-screen="app"]').is_displayed(), message="the phone did not join")
    wait_css(driver, "[data-waiting]")
    yield "joined, waiting"
    for round_, ready in (("importance", '[data-scale="importance"]'), ("level", '[data-scale="level"]'),
                          ("dots", "[data-dots-plus]"), ("points", "[data-points-sum]"), ("ideas", "[data-idea-text]")):
        ws.open(round_)
        wait_css(driver, ready)
        yield f"{round_} open"
        if round_ in ("importance", "level"):
            ws.rate(round_)
        elif round_ == "dots":
            ws.dots()
        elif round_ == "points":
            ws.points()
        else:
            ws.ideas()
        ws.reveal(round_)
        wait_css(driver, "[data-content] .result" if round_ != "ideas" else "[data-content]")
        if round_ in ("importance", "dots", "ideas"):
            yield f"{round_} revealed"
    ws.save_action(1, "Superbrugernetværk for omsorgssystemet", "Lise Kjær", "2027-03-01", "doing")
    ws.focus(screen="actions")
    wait_css(driver, "[data-phone-plan], [data-plan-section]")
    yield "action plan"


def board_states(ws, driver):
    driver.get(ws.board_url())
    wait_text(driver, "[data-join-code]", ws.code)
    yield "lobby"
    ws.focus(screen="intro")
    board_ready(driver, "intro")
    wait_css(driver, '[data-screen="intro"] .wheel')
    yield "intro: the wheel"
    for dimension in (ws.dimensions[0], ws.dimensions[-1]):
        ws.focus(screen="intro", dimension=dimension)
        wait_css(driver, f'section[data-screen="intro"][data-dimension="{dimension}"]')
        yield f"intro: dimension {dimension}"
    competence = ws.competences[-1]
    ws.focus(screen="intro", dimension=ws.dimensions[-1], competence=competence)
    wait_css(driver, f'section[data-screen="intro"][data-competence="{competence}"]')
    yield f"intro: competence {competence}"
    cases = ws.wheel.get("cases") or []
    if cases:
        ws.focus(screen="intro", caseID=cases[-1]["id"])
        wait_css(driver, f'[data-case="{cases[-1]["id"]}"]')
        yield f"intro: case {cases[-1]['id']}"
    ws.open("importance")
    ws.rate("importance")
    board_ready(driver, "round")
    yield "importance open"
    ws.reveal("importance")
    board_ready(driver, "results")
    yield "importance revealed"
    ws.open("level")
    ws.rate("level")
    ws.reveal("level")
    ws.open("dots")
    board_ready(driver, "round")
    yield "dots open"
    ws.dots()
    ws.reveal("dots")
    ws.open("points")
    ws.points()
    ws.reveal("points")
    ws.open("ideas")
    ws.ideas()
    ws.back_ideas()
    board_ready(driver, "round")
    yield "ideas open"
    ws.reveal("ideas")
    for view in ("wheel", "ranking", "matrix", "dots", "points", "ideas", "priority"):
        if ws.try_focus(screen="results", view=view):
            board_ready(driver, "results", f'[data-view="{view}"]')
            yield f"results: {view}"
    ws.save_action(1, "Superbrugernetværk for omsorgssystemet", "Lise Kjær", "2027-03-01", "doing")
    ws.save_action(2, "Phishing-øvelse på teammødet hver måned", "Omar Haddad", "2027-01-15")
    ws.focus(screen="actions")
    board_ready(driver, "actions")
    wait_css(driver, '[data-screen="actions"] [data-action]')
    yield "actions"


def console_states(ws, driver):
    driver.get(f"{ws.server.url}/facilitator.html")
    wait_css(driver, '[data-plugin="eldercare"]')
    wait_css(driver, "[data-preview-wheel] svg")
    yield "create form"
    ws.open_console(driver)
    wait(driver, lambda d: css(d, '[data-round="importance"] [data-phase]').text != "", message="console not live")
    yield "running: lobby"
    ws.open("importance")
    ws.rate("importance")
    wait(driver, lambda d: css(d, '[data-round="importance"] [data-phase]').get_attribute("data-phase") == "open"
         or "Åben" in css(d, '[data-round="importance"] [data-phase]').text, message="console: round not open")
    yield "running: importance open"
    ws.reveal("importance")
    ws.open("ideas")
    ws.ideas()
    ws.submit_pending_idea()
    wait_css(driver, "[data-idea-queue] [data-approve]")
    yield "running: results, idea waiting"
    ws.save_action(1, "Superbrugernetværk for omsorgssystemet", "Lise Kjær", "2027-03-01", "doing")
    wait_css(driver, "[data-action-list] [data-action]")
    yield "running: action plan"


def report_states(ws, driver):
    ws.full_run()
    driver.get(ws.report_url())
    wait_css(driver, 'body[data-ready="yes"]', timeout=30)
    yield "report"


# page: (walk through its states, viewport for the axe run, phone emulation, owner of its files)
PAGES = {
    "landing": (landing_states, (360, 640), True, "a11y"),
    "join": (join_states, (360, 640), True, "phone"),
    "board": (board_states, (1920, 1080), False, "board"),
    "console": (console_states, (1440, 900), False, "console"),
    "report": (report_states, (1280, 900), False, "a11y"),
}
# Violations in files another part of issue 11 owns; the coordinator removes these marks
# after merging (strict=False: a fixed page passes).
KNOWN = {}


def case(page, check):
    mark = KNOWN.get((page, check))
    return pytest.param(page, check, marks=pytest.mark.xfail(strict=False, reason=mark)) if mark else pytest.param(page, check)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    instance = Server(tmp_path_factory.mktemp("a11y") / "data").start()
    yield instance
    instance.stop()


def settle(driver):
    """Waits for fonts, images and two frames: checks measure the laid-out page, not a page half-built."""
    driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const images = [...document.images].filter((i) => !i.complete).map((i) => new Promise((r) => { i.onload = i.onerror = r; }));
        Promise.all([document.fonts.ready, ...images]).then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));""")


def walk(page, server, size, phone, text_scale=1.0, check=None):
    """Opens `page` in a fresh browser and workshop and runs `check(driver, state)` at every state."""
    states, _, _, _ = PAGES[page]
    driver = make_driver(*size, phone=phone, text_scale=text_scale)
    driver.set_script_timeout(90)
    problems = []
    try:
        ws = Workshop(server)
        for state in states(ws, driver):
            settle(driver)
            problems += check(driver, state)
    except Exception:
        shot(driver, f"a11y-{page}-failed.png")
        raise
    finally:
        driver.quit()
    return problems


@pytest.mark.parametrize("page,check", [case(p, "axe") for p in PAGES])
def test_axe_finds_nothing_serious(page, check, shared_server):
    _, size, phone, _ = PAGES[page]

    def check(driver, state):
        return [describe(page, state, v) for v in axe_violations(driver) if v["impact"] in BLOCKING]
    problems = walk(page, shared_server, size, phone, check=check)
    assert not problems, "axe-core 4 found:\n" + "\n".join(problems)


def test_axe_runs_and_reports(shared_server):
    """The harness itself: a button without a name and grey-on-grey text are found and rated serious."""
    driver = make_driver(800, 600)
    try:
        driver.get(f"{shared_server.url}/")
        wait_css(driver, "[data-landing-join]")
        driver.execute_script("""
            const b = document.createElement('button'); b.className = 'probe-button'; document.querySelector('main').append(b);
            const p = document.createElement('p'); p.textContent = 'Næsten usynlig'; p.style.cssText = 'color:#bbb;background:#ccc';
            document.querySelector('main').append(p);""")
        found = {v["id"]: v for v in axe_violations(driver)}
    finally:
        driver.quit()
    assert found.get("button-name", {}).get("impact") == "critical", found
    assert found.get("color-contrast", {}).get("impact") == "serious", found
    assert any(".probe-button" in t for t in found["button-name"]["targets"])


# The looks a page must survive without sideways scrolling: 200 % text (on a 360x640 phone;
# the board on a 1280x720 projector, the console on a 1280x720 laptop) and a small phone.
TEXT_200 = {"board": ((1280, 720), False), "console": ((1280, 720), False)}
LOOKS = {
    "text-200": lambda page: (*TEXT_200.get(page, ((360, 640), True)), 2.0),
    "320x568": lambda page: ((320, 568), True, 1.0),
}


@pytest.mark.parametrize("page,look", [case(p, look) for p in PAGES for look in LOOKS])
def test_no_sideways_scrolling(page, look, shared_server):
    size, phone, scale = LOOKS[look](page)

    def check(driver, state):
        extra = horizontal_overflow(driver)
        if extra:
            shot(driver, f"a11y-overflow-{page}-{look}-{state.replace(' ', '-').replace(':', '')}.png")
            return [f"{page} / {state} / {look}: {extra} px wider than the viewport"]
        return []
    problems = walk(page, shared_server, size, phone, scale, check=check)
    assert not problems, "\n".join(problems)


# MARK: the skip link

SKIP_PAGES = {
    "landing": lambda ws: f"{ws.server.url}/",
    "join": lambda ws: f"{ws.server.url}/join.html",
    "board": lambda ws: ws.board_url(),
    "console": lambda ws: f"{ws.server.url}/facilitator.html",
    "report": lambda ws: ws.report_url(),
}
SKIP_LINE = '<a class="skip-link" href="#main" data-i18n="skip.toContent">Gå til indhold</a>'


@pytest.mark.parametrize("page", SKIP_PAGES)
def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, shared_server):
    from selenium.webdriver.common.keys import Keys
    ws = Workshop(shared_server, phones=0)
    driver = make_driver(1280, 800)
    try:
        driver.get(SKIP_PAGES[page](ws))
        wait(driver, lambda d: d.execute_script("return document.documentElement.lang") == "da"
             and d.execute_script("return document.querySelector('.skip-link')?.dataset.wired === 'yes'"),
             timeout=10, message="no wired skip link")
        css(driver, "body").send_keys(Keys.TAB)
        focused = driver.execute_script("return [document.activeElement.className, document.activeElement.textContent]")
        assert focused == ["skip-link", "Gå til indhold"], f"the first Tab stop is {focused}"
        box = driver.execute_script("const r = document.activeElement.getBoundingClientRect(); return [r.width, r.height]")
        assert box[0] > 40 and box[1] > 20, f"the focused skip link is not visible: {box}"
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        wait(driver, lambda d: d.execute_script("return document.activeElement.tagName") == "MAIN", timeout=5,
             message="Enter on the skip link did not move focus to <main>")
    finally:
        driver.quit()
