"""The three pages in real browsers: a facilitator creates a workshop in the console, the
board opens on a 1920x1080 "projector", three 360x640 phones join (one by the QR code the
board shows, decoded with zbarimg), vote, lose the server and resend their queued vote,
and the board shows exactly the means the phones' clicks add up to.

Needs Debian's chromium, chromium-driver and zbar-tools (scripts/test installs them).
"""

import json
import shutil
import subprocess
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

from conftest import OUTPUT

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_IDEA = "<b>Sidemandsoplæring</b> hver fredag <script>alert(2)</script>"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and shutil.which("zbarimg")),
    reason="needs chromium, chromium-driver and zbar-tools")


# MARK: helpers

def make_driver(width, height, phone=False):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=da-DK"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    if phone:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0},
            "userAgent": "Mozilla/5.0 (Linux; Android 9; SM-J530F) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/120.0 Mobile Safari/537.36"})
    else:
        options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    if not phone:
        # The viewport itself is width x height (a projector / a laptop screen), not the window.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.set_script_timeout(10)
    return driver


def wait(driver, condition, timeout=15, message=""):
    def safe(d):
        try:
            return condition(d)
        except StaleElementReferenceException:
            return False
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(safe, message)


def css(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector)


def all_css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def wait_css(driver, selector, timeout=15):
    return wait(driver, lambda d: (all_css(d, selector) or [None])[0], timeout, f"no {selector}")


def click(driver, element):
    """Clicks like a finger: scrolled to the middle, away from the sticky bars."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def text_of(driver, selector):
    return driver.execute_script("const el = document.querySelector(arguments[0]); return el ? el.textContent : null", selector)


def shot(driver, name):
    OUTPUT.mkdir(exist_ok=True)
    driver.save_screenshot(str(OUTPUT / name))


def no_injected_markup(driver):
    assert driver.execute_script("return document.querySelectorAll('img[src=\"x\"], b, script:not([src]):not([type=module])').length") == 0
    try:
        driver.switch_to.alert
        pytest.fail("an alert opened: user text was run as markup")
    except NoAlertPresentException:
        pass


def mean(values):
    scores = [v for v in values if v > 0]
    return sum(scores) / len(scores) if scores else None


def assert_close(attribute, expected, what):
    assert attribute not in (None, ""), f"{what}: no value shown"
    assert abs(float(attribute) - expected) < 0.006, f"{what}: shows {attribute}, expected {expected:.2f}"


def stop_server(server):
    """SIGTERM; if the server does not stop within the fixture's 15 s, kill it (the phones
    must cope with a crash just the same) and say so: the hang is a server bug to look at."""
    started = time.monotonic()
    try:
        server.stop()
    except subprocess.TimeoutExpired:
        server.kill()
        warnings.warn(f"wheelhouse did not exit within 15 s of SIGTERM with browsers connected "
                      f"(killed after {time.monotonic() - started:.1f} s); see {server.log_path}")


# MARK: the phone

class Phone:
    def __init__(self, driver, name):
        self.driver = driver
        self.name = name

    def no_horizontal_scroll(self):
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, f"{self.name}: page is {width}px wide at 360px"

    def wait_joined(self):
        wait(self.driver, lambda d: css(d, '[data-screen="app"]').is_displayed(), message=f"{self.name} did not join")

    def rate(self, round_, competence, value):
        field = wait_css(self.driver, f'[data-scale="{round_}"]') and css(self.driver, f'fieldset[data-competence="{competence}"]')
        option = field.find_element(By.CSS_SELECTOR, f'input[data-value="{value}"]').find_element(By.XPATH, "..")
        click(self.driver, option)

    def status(self, slot):
        return self.driver.execute_script(
            "const el = document.querySelector(`[data-item-status=\"${arguments[0]}\"]`);"
            "return el ? {status: el.dataset.status, opId: el.dataset.opId, text: el.textContent} : null", slot)

    def wait_saved(self, slots, timeout=15):
        wait(self.driver, lambda d: all((self.status(s) or {}).get("status") == "saved" for s in slots), timeout,
             f"{self.name}: not every answer was acknowledged")


# MARK: the test

def test_workshop_in_three_browsers(server):
    drivers = []
    try:
        run_workshop(server, drivers)
    finally:
        for driver in drivers:
            driver.quit()


def run_workshop(server, drivers):
    # --- The facilitator creates a workshop in the console.
    console = make_driver(1440, 900)
    drivers.append(console)
    console.get(server.url + "/facilitator.html")
    wait_css(console, '[data-plugin="kl-base"]')
    assert css(console, '[data-plugin="kl-base"]').is_selected(), "the base wheel is chosen by default"
    css(console, "[data-title-input]").send_keys("Hjemmeplejen Nord – workshop 1")
    wait_css(console, "[data-preview-wheel] svg")
    assert "12" in text_of(console, "[data-preview-summary]"), "the preview counts the base wheel's 12 competences"
    # Three phones, one "don't know": every mean is checked, so the minimum group size is 1.
    minimum = css(console, "[data-min-group-input]")
    minimum.clear()
    minimum.send_keys("1")
    css(console, "[data-create-submit]").click()
    code = wait(console, lambda d: (t := text_of(d, "[data-join-code]")) and len(t) == 6 and t, message="no join code")
    wait_css(console, "[data-link-close]").click()  # the facilitator link, shown once after creation
    workshop = console.execute_script("return new URLSearchParams(location.search).get('w')")
    stored = console.execute_script("return JSON.parse(localStorage.getItem('wheelhouse.facilitator'))")
    assert stored[workshop]["token"], "the facilitator token is kept to resume the console"
    assert css(console, "[data-open-board]").get_attribute("href").endswith(f"/board.html?w={workshop}")
    wait(console, lambda d: css(d, '[data-round="importance"] [data-phase]').text != "", message="console not live")

    status, wheel = server.request("GET", f"/api/workshops/{workshop}/wheel")
    assert status == 200
    competences = [c["id"] for d in wheel["dimensions"] for c in d["competences"]]
    assert len(competences) == 12
    status, snapshot = server.request("GET", f"/api/workshops/{workshop}")
    join_url = snapshot["joinUrl"]

    # --- The board opens on the projector: code, QR and link.
    board = make_driver(1920, 1080)
    drivers.append(board)
    board.get(f"{server.url}/board.html?w={workshop}")
    wait(board, lambda d: text_of(d, "[data-join-code]") == code, message="board shows no join code")
    assert text_of(board, "[data-join-url-full]") == join_url
    qr = wait_css(board, "img[data-qr]")
    wait(board, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", qr), message="QR not loaded")
    OUTPUT.mkdir(exist_ok=True)
    qr.screenshot(str(OUTPUT / "board-qr.png"))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(OUTPUT / "board-qr.png")],
                             capture_output=True, text=True, timeout=30).stdout.strip()
    assert decoded == join_url, f"the QR code says {decoded!r}"
    # The QR names the machine's LAN address; the test browser reaches the server on 127.0.0.1.
    parts = urlsplit(decoded)
    assert parts.path == "/join.html" and parts.query == f"code={code}"
    qr_url = urlunsplit(parts._replace(netloc=f"127.0.0.1:{server.port}"))

    # --- Three phones join: by the QR link, by typing the code, and from the landing page.
    phones = []
    for name in ("qr", "typed", "landing"):
        driver = make_driver(360, 640, phone=True)
        drivers.append(driver)
        phones.append(Phone(driver, name))
    anna, xss, anon = phones

    anna.driver.get(qr_url)
    wait(anna.driver, lambda d: css(d, "[data-code-input]").get_attribute("value") == code, message="code not prefilled from ?code=")
    anna.no_horizontal_scroll()
    shot(anna.driver, "phone-join.png")
    css(anna.driver, "[data-name-input]").send_keys("Anna")
    css(anna.driver, "[data-join-submit]").click()

    xss.driver.get(server.url + "/join.html")
    css(xss.driver, "[data-code-input]").send_keys(f"{code[:3].lower()}-{code[3:].lower()}")  # forgiving input
    css(xss.driver, "[data-name-input]").send_keys(XSS_NAME)
    css(xss.driver, "[data-join-submit]").click()

    anon.driver.get(server.url + "/")
    css(anon.driver, "[data-code-input]").send_keys(code)
    css(anon.driver, "[data-landing-join] button[type=submit]").click()
    wait(anon.driver, lambda d: "/join.html" in d.current_url and css(d, "[data-code-input]").get_attribute("value") == code)
    css(anon.driver, "[data-join-submit]").click()

    for phone in phones:
        phone.wait_joined()
        wait_css(phone.driver, "[data-waiting]")
        token = phone.driver.execute_script(f"return JSON.parse(localStorage.getItem('wheelhouse.token.{code}'))")
        assert len(token) == 32 and token.isalnum(), "the phone makes its own 32-character token"
        phone.no_horizontal_scroll()

    # --- Names appear as text, never as markup, on the board and in the console.
    wait(board, lambda d: text_of(d, "[data-participant-count]") == "3", message="board does not count 3 participants")
    for driver in (board, console):
        names = wait(driver, lambda d: (n := d.execute_script(
            "return [...document.querySelectorAll('[data-people] [data-person]')].map(e => e.textContent)")) and len(n) >= 2 and n)
        assert "Anna" in names and any(XSS_NAME in name for name in names), names
        no_injected_markup(driver)
    shot(board, "board-lobby.png")

    # A reload resumes the same participant (same token, no new join).
    anna.driver.refresh()
    anna.wait_joined()
    wait(anna.driver, lambda d: "Anna" in (text_of(d, "[data-whoami]") or ""))
    time.sleep(0.3)
    assert text_of(board, "[data-participant-count]") == "3"

    # --- Introduction: the facilitator steps through the wheel and shows a case.
    css(console, '[data-focus="intro"]').click()
    wait(board, lambda d: all_css(d, '[data-screen="intro"] .wheel'), message="board intro overview")
    css(console, '[data-intro-step="next"]').click()
    first = wheel["dimensions"][0]
    wait(board, lambda d: all_css(d, f'[data-screen="intro"][data-dimension="{first["id"]}"]'), message="intro of dimension 1")
    cards = board.execute_script("return [...document.querySelectorAll('.comp-card')].map(e => e.dataset.competence)")
    assert cards == [c["id"] for c in first["competences"]]
    assert first["competences"][0]["description"]["da"] in board.execute_script("return document.body.textContent")
    shot(board, "board-intro.png")
    css(console, '[data-intro-step="next"]').click()
    wait(board, lambda d: all_css(d, f'[data-screen="intro"][data-dimension="{wheel["dimensions"][1]["id"]}"]'), message="next dimension")
    case = wheel["cases"][0]
    Select(css(console, "[data-case-select]")).select_by_value(case["id"])
    css(console, "[data-show-case]").click()
    wait(board, lambda d: case["title"]["da"] in (text_of(d, f'[data-case="{case["id"]}"]') or ""), message="case on the board")
    assert case["story"]["da"] in text_of(board, f'[data-case="{case["id"]}"]')
    wait(xss.driver, lambda d: case["title"]["da"] in (text_of(d, "[data-next]") or ""), message="phone says what is next")
    shot(board, "board-case.png")

    # --- Importance round: blind until revealed.
    importance = {
        "qr": [(j % 5) + 1 for j in range(12)],
        "typed": [((j + 2) % 5) + 1 for j in range(12)],
        "landing": [0 if j == 0 else ((j * 3) % 5) + 1 for j in range(12)],  # one "don't know"
    }
    css(console, '[data-round="importance"] [data-action="open"]').click()
    wait(board, lambda d: css(d, '[data-screen="round"][data-round="importance"]'), message="board did not follow to the round")
    for phone in phones:
        wait_css(phone.driver, '[data-scale="importance"]')
        for j, competence in enumerate(competences):
            phone.rate("importance", competence, importance[phone.name][j])
        phone.wait_saved([f"rate:importance:{c}" for c in competences])
        assert css(phone.driver, "[data-save-status]").text == "Gemt"
        assert text_of(phone.driver, "[data-round-meta]") == "12 af 12 besvaret"
        phone.no_horizontal_scroll()
    anna.driver.execute_script("window.scrollTo(0, 0)")
    shot(anna.driver, "phone-round.png")
    wait(board, lambda d: "3 af 3" in (text_of(d, '[data-answered="importance"]') or ""), message="board answered count")
    segments = board.execute_script(
        "return [...document.querySelectorAll('.wheel-segment')].map(g => ({...g.dataset}))")
    assert len(segments) == 12 and all(s.get("answered") == "3" for s in segments), "the wheel fills by who answered"
    assert not any(s.get("value") for s in segments), "blind voting: no means on the board before the reveal"
    shot(board, "board-round.png")

    css(console, '[data-round="importance"] [data-action="reveal"]').click()
    wait(board, lambda d: all_css(d, '[data-screen="results"][data-view="wheel"]'), message="board did not show results")
    for j, competence in enumerate(competences):
        expected = mean([importance[p][j] for p in importance])
        value = wait(board, lambda d: d.execute_script(
            "return document.querySelector(`.wheel-segment[data-competence=\"${arguments[0]}\"]`).dataset.importance", competence))
        assert_close(value, expected, f"board importance of {competence}")
    # The phones show the team's result of the revealed round.
    for phone in phones:
        wait_css(phone.driver, f'.result[data-competence="{competences[0]}"]')
        for j, competence in enumerate(competences):
            shown = phone.driver.execute_script(
                "return document.querySelector(`.result[data-competence=\"${arguments[0]}\"]`).dataset.mean", competence)
            assert_close(shown, mean([importance[p][j] for p in importance]), f"{phone.name} result {competence}")
        phone.no_horizontal_scroll()
    shot(xss.driver, "phone-results.png")

    # --- Level round, with the server going away in the middle.
    level = {
        "qr": [((j + 1) % 4) + 1 for j in range(12)],
        "typed": [(j % 3) + 1 for j in range(12)],
        "landing": [((j * 2) % 5) + 1 for j in range(12)],
    }
    css(console, '[data-round="level"] [data-action="open"]').click()
    for phone in phones:
        wait_css(phone.driver, '[data-scale="level"]')
    for j, competence in enumerate(competences[:-1]):
        anna.rate("level", competence, level["qr"][j])
    anna.wait_saved([f"rate:level:{c}" for c in competences[:-1]])

    stop_server(server)
    wait(anna.driver, lambda d: css(d, "[data-offline-banner]").is_displayed(), timeout=20, message="no offline banner")
    last = competences[-1]
    anna.rate("level", last, level["qr"][-1])
    queued = anna.status(f"rate:level:{last}")
    assert queued["status"] == "queued", queued
    stored_queue = anna.driver.execute_script(f"return JSON.parse(localStorage.getItem('wheelhouse.queue.{code}'))")
    assert [item["msg"]["opId"] for item in stored_queue] == [queued["opId"]], "the unsent vote waits in localStorage"
    assert stored_queue[0]["msg"] == {"type": "rate", "round": "level", "competence": last, "value": level["qr"][-1], "opId": queued["opId"]}
    assert css(anna.driver, "[data-save-status]").text == "Ingen forbindelse"
    shot(anna.driver, "phone-offline.png")

    server.start()
    anna.wait_saved([f"rate:level:{last}"], timeout=30)
    assert anna.status(f"rate:level:{last}")["opId"] == queued["opId"], "re-sent with the same opId, then acknowledged"
    wait(anna.driver, lambda d: not css(d, "[data-offline-banner]").is_displayed(), message="banner stays")
    assert anna.driver.execute_script(f"return localStorage.getItem('wheelhouse.queue.{code}')") is None
    wait(board, lambda d: not css(d, "[data-conn-status]").is_displayed(), timeout=30, message="board did not reconnect")
    wait(console, lambda d: css(d, "[data-conn-chip]").get_attribute("data-status") == "saved", timeout=30, message="console did not reconnect")

    for phone in (xss, anon):
        wait(phone.driver, lambda d: not css(d, "[data-offline-banner]").is_displayed(), timeout=30, message=f"{phone.name} did not reconnect")
        for j, competence in enumerate(competences):
            phone.rate("level", competence, level[phone.name][j])
        phone.wait_saved([f"rate:level:{c}" for c in competences])
    wait(console, lambda d: "3 af 3" in css(d, '[data-round="level"] [data-answered]').text, message="console answered count")

    css(console, '[data-round="level"] [data-action="reveal"]').click()
    wait(board, lambda d: d.execute_script(
        "return document.querySelector(`.wheel-segment[data-competence=\"${arguments[0]}\"]`)?.dataset.level", competences[0]),
        message="board shows no level means")
    time.sleep(1.2)  # let the fills finish their transition for the screenshot
    shot(board, "board-results-wheel.png")
    for j, competence in enumerate(competences):
        values = board.execute_script(
            "return {...document.querySelector(`.wheel-segment[data-competence=\"${arguments[0]}\"]`).dataset}", competence)
        assert_close(values["importance"], mean([importance[p][j] for p in importance]), f"wheel importance {competence}")
        assert_close(values["level"], mean([level[p][j] for p in level]), f"wheel level {competence}")

    # Gap ranking: every competence with its numbers, sorted by importance − level.
    css(console, '[data-focus-view="ranking"]').click()
    rows = wait(board, lambda d: (r := d.execute_script(
        "return [...document.querySelectorAll('[data-rank-row]')].map(e => ({...e.dataset}))")) and len(r) == 12 and r,
        message="no ranking")
    gaps = [float(r["gap"]) for r in rows]
    assert gaps == sorted(gaps, reverse=True), "ranked by gap"
    for row in rows:
        j = competences.index(row["competence"])
        imp, lev = mean([importance[p][j] for p in importance]), mean([level[p][j] for p in level])
        assert_close(row["importance"], imp, f"ranking importance {row['competence']}")
        assert_close(row["level"], lev, f"ranking level {row['competence']}")
        assert_close(row["gap"], imp - lev, f"ranking gap {row['competence']}")
    shot(board, "board-ranking.png")

    css(console, '[data-focus-view="matrix"]').click()
    wait(board, lambda d: len(all_css(d, "[data-matrix-point]")) == 12, message="matrix points")
    shot(board, "board-matrix.png")

    # --- Dots: stackable, within the budget (5 per person, at most 3 on one competence).
    css(console, '[data-round="dots"] [data-action="open"]').click()
    plan = {"qr": {competences[0]: 3, competences[1]: 2}, "typed": {competences[0]: 1, competences[4]: 2}, "landing": {competences[4]: 1}}
    # Someone without a phone: the facilitator adds a proxy and enters their dots.
    css(console, "[data-proxy-name]").send_keys("Kirsten (telefon)")
    css(console, "[data-add-proxy]").click()
    proxy_input = wait_css(console, f'[data-proxy-dots="{competences[5]}"]')
    proxy_input.clear()
    proxy_input.send_keys("2", Keys.TAB)
    plan_proxy = {competences[5]: 2}
    wait(board, lambda d: text_of(d, "[data-participant-count]") == "4", message="proxy not counted")
    for phone in phones:
        wait_css(phone.driver, f'[data-dots-plus="{competences[0]}"]')
        for competence, count in plan[phone.name].items():
            for _ in range(count):
                click(phone.driver, css(phone.driver, f'[data-dots-plus="{competence}"]'))
        phone.wait_saved([f"dots:{c}" for c in plan[phone.name]])
        left = 5 - sum(plan[phone.name].values())
        assert css(phone.driver, "[data-round-meta]").get_attribute("data-dots-left") == str(left)
    assert not css(anna.driver, f'[data-dots-plus="{competences[2]}"]').is_enabled(), "no dots left: + is disabled"
    anna.no_horizontal_scroll()
    css(console, '[data-round="dots"] [data-action="reveal"]').click()
    wait(board, lambda d: all_css(d, '[data-screen="results"][data-view="dots"]'), message="dots view")
    totals = {c: sum(p.get(c, 0) for p in [*plan.values(), plan_proxy]) for c in competences}
    for competence, total in totals.items():
        shown = wait(board, lambda d: d.execute_script(
            "return document.querySelector(`[data-dots-row][data-competence=\"${arguments[0]}\"]`)?.dataset.dots", competence))
        assert int(shown) == total, f"dots on {competence}: {shown} != {total}"
    shot(board, "board-dots.png")

    # --- The action plan: agreed in the console, shown on the board.
    top = css(console, "[data-action-competence]").get_attribute("value")
    assert top == css(console, "[data-mini-results] tbody tr").get_attribute("data-competence"), "top priority preselected"
    css(console, "[data-action-what]").send_keys("Superbrugernetværk for omsorgssystemet")
    css(console, "[data-action-owner]").send_keys("Lise")
    console.execute_script("document.querySelector('[data-action-due]').value = '2027-03-01'")
    click(console, css(console, "[data-action-add]"))
    action = wait_css(console, "[data-action-list] [data-action]")
    assert "Superbrugernetværk" in action.text and "Lise" in action.text
    css(console, '[data-focus="actions"]').click()
    card = wait_css(board, f'[data-screen="actions"] [data-action][data-competence="{top}"]')
    assert "Superbrugernetværk for omsorgssystemet" in card.text and "Lise" in card.text and "2027" in card.text
    Select(css(console, "[data-action-status]")).select_by_value("doing")
    wait(board, lambda d: all_css(d, '[data-action-status="doing"]'), message="status change not on the board")
    shot(board, "board-actions.png")

    # --- Ideas: moderated, and shown as text only.
    css(console, '[data-round="ideas"] [data-action="open"]').click()
    area = wait_css(xss.driver, "[data-idea-text]")
    area.send_keys(XSS_IDEA)
    assert text_of(xss.driver, "[data-idea-count]").startswith(f"{len(XSS_IDEA)} af 280")
    click(xss.driver, css(xss.driver, "[data-idea-send]"))
    wait(xss.driver, lambda d: d.execute_script(
        "return [...document.querySelectorAll('[data-my-ideas] .idea')].some(e => e.dataset.state === 'saved')"), message="idea not acked")
    approve = wait_css(console, "[data-idea-queue] [data-approve]")
    assert XSS_IDEA in text_of(console, "[data-idea-queue]")
    no_injected_markup(console)
    approve.click()
    css(console, '[data-round="ideas"] [data-action="reveal"]').click()
    wait(board, lambda d: XSS_IDEA in (text_of(d, "[data-idea-wall]") or ""), message="approved idea not on the board")
    no_injected_markup(board)
    wait(xss.driver, lambda d: XSS_IDEA in (d.execute_script("return document.body.textContent") or ""), message="idea not on the phone after reveal")
    no_injected_markup(xss.driver)

    # --- English on the phone, remembered across a reload.
    click(anon.driver, css(anon.driver, "[data-lang-toggle]"))
    wait(anon.driver, lambda d: d.execute_script("return document.documentElement.lang") == "en")
    wait(anon.driver, lambda d: "The team’s result" in d.execute_script("return document.body.textContent"))
    assert css(anon.driver, "[data-lang-toggle]").text == "Dansk"
    anon.driver.refresh()
    anon.wait_joined()
    wait(anon.driver, lambda d: "Approved ideas." in d.execute_script("return document.body.textContent"))
    # The console, for the docs (before the two-step reset below changes a button).
    css(console, '[data-focus-view="ranking"]').click()
    console.execute_script("window.scrollTo(0, 0)")
    shot(console, "console.png")
    css(console, '[data-round="level"] [data-action="reset"]').click()  # two steps: nothing happens yet
    assert css(console, '[data-round="level"] [data-phase]').text == "Vist"
    anon.no_horizontal_scroll()
    shot(anon.driver, "phone-english.png")

    # The same tables for both languages: every UI string exists in Danish and English.
    keys = anon.driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.all([import('/js/strings/da.js'), import('/js/strings/en.js')])
          .then(([da, en]) => done([Object.keys(da.default).sort(), Object.keys(en.default).sort()]));""")
    assert keys[0] == keys[1], set(keys[0]) ^ set(keys[1])

    # No script errors anywhere (failed reconnects while the server was down are expected).
    for driver in (board, console, *(p.driver for p in phones)):
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "WebSocket" not in e["message"]
                  and "ERR_CONNECTION_REFUSED" not in e["message"]]
        assert not errors, errors


def test_connection_resyncs_on_a_gap_and_resends_queued_changes(server):
    """js/connection.js against a scripted socket: seq gaps, overtaking frames, the queue."""
    driver = make_driver(800, 600)
    try:
        driver.get(server.url + "/index.html")
        result = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            (async () => {
              const sent = [];
              class FakeSocket {
                constructor(url) { this.url = url; this.readyState = 0; FakeSocket.last = this;
                  setTimeout(() => { this.readyState = 1; this.onopen?.(); }, 0); }
                send(data) { sent.push(JSON.parse(data)); }
                close() { this.readyState = 3; this.onclose?.(); }
              }
              FakeSocket.OPEN = 1;
              window.WebSocket = FakeSocket;
              const { Connection } = await import('/js/connection.js');
              localStorage.removeItem('test.queue');
              const c = new Connection({ role: 'participant', hello: () => ({ code: 'ABCDEF', token: 't'.repeat(32) }), queueKey: 'test.queue' });
              // A change made before the socket is up waits in localStorage.
              const opId = c.submit({ type: 'rate', round: 'importance', competence: 'x', value: 3 }, 'rate:importance:x');
              const queued = JSON.parse(localStorage.getItem('test.queue'));
              c.start();
              await new Promise((r) => setTimeout(r, 20));
              const socket = FakeSocket.last;
              const deliver = (m) => socket.onmessage({ data: JSON.stringify(m) });
              const welcome = (seq, participants) => ({ type: 'welcome', seq, role: 'participant', workshop: { id: 'w' }, you: null, state: { participants } });
              deliver({ type: 'update', seq: 4, state: { participants: 2 } });   // overtakes the snapshot
              deliver(welcome(3, 1));
              const afterWelcome = c.store.state.participants;
              deliver({ type: 'update', seq: 6, state: { participants: 9 } });   // 5 was dropped
              deliver({ type: 'update', seq: 7, state: { participants: 10 } });
              const duringResync = c.store.state.participants;
              deliver(welcome(6, 8));                                            // the resync answer
              const afterResync = c.store.state.participants;
              deliver({ type: 'ack', opId, ok: true });
              const queueAfter = localStorage.getItem('test.queue');
              c.stop();
              return { sent, opId, queued, afterWelcome, duringResync, afterResync, queueAfter, pending: c.pending.size };
            })().then(done, (e) => done({ error: String(e) }));""")
    finally:
        driver.quit()
    assert "error" not in result, result
    types = [m["type"] for m in result["sent"]]
    assert types[0] == "hello" and result["sent"][0]["code"] == "ABCDEF"
    resent = [m for m in result["sent"] if m["type"] == "rate"]
    assert [m["opId"] for m in resent] == [result["opId"]], "the queued change is sent once, with its opId"
    assert result["queued"][0]["msg"]["opId"] == result["opId"]
    assert result["afterWelcome"] == 2, "an update that overtook the snapshot is applied after it"
    assert types.count("resync") == 1, types
    assert result["duringResync"] == 2, "nothing is applied across a gap"
    assert result["afterResync"] == 10, "the snapshot, then the newer buffered update"
    assert result["queueAfter"] is None and result["pending"] == 0, "acknowledged changes leave the queue"
