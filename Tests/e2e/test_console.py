"""The facilitator console in real Chromium (issue 11): the facilitator link (shown after
creation with copy, print and a QR code; working in a fresh browser profile), commands that
show pending, done and failed, the new board views, backing counts and merging ideas, Danish
date entry in an English browser, the keyboard focus after Enter, and a 360 px console.

Needs Debian's chromium, chromium-driver and zbar-tools (scripts/test installs them).
"""

import asyncio
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.keys import Keys

from browser import (CHROMEDRIVER, CHROMIUM, all_css, css, horizontal_overflow, make_driver, needs_chromium,
                     shot, text_of, wait, wait_css)
from conftest import OUTPUT, free_port
from wsclient import Client, create_workshop

pytestmark = [needs_chromium, pytest.mark.skipif(not shutil.which("zbarimg"), reason="needs zbar-tools")]

LINK = re.compile(r"^https?://[^/]+/facilitator\.html\?w=([A-Za-z0-9]+)#token=([A-Za-z0-9]+)$")


def driver_with_lang(lang, width=1440, height=900):
    """A Chromium whose locale (and so its native date fields) is `lang`."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--lang={lang}",
                     f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_script_timeout(20)
    return driver


def local(server, url):
    """A link naming the machine's LAN address, pointed at the test server on 127.0.0.1."""
    return urlunsplit(urlsplit(url)._replace(netloc=f"127.0.0.1:{server.port}"))


def facilitator_link(server, created):
    _, snapshot = server.request("GET", f"/api/workshops/{created['id']}")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(snapshot["joinUrl"]))
    return f"{origin}/facilitator.html?w={created['id']}#token={created['facilitatorToken']}"


def open_console(driver, server, created):
    driver.get(local(server, facilitator_link(server, created)))
    wait_live(driver)


def wait_live(driver):
    wait(driver, lambda d: text_of(d, "[data-conn-chip]") == "Forbundet", message="console not connected")
    wait(driver, lambda d: text_of(d, '[data-round="importance"] [data-phase]'), message="console not live")


def phase(driver, round_):
    return driver.execute_script(f"return document.querySelector('[data-round=\"{round_}\"] [data-phase]').dataset.phase")


def state(server, created):
    status, snapshot = server.request("GET", f"/api/workshops/{created['id']}",
                                      headers={"Authorization": f"Bearer {created['facilitatorToken']}"})
    assert status == 200
    return snapshot["state"]


def decode_qr(element, name):
    OUTPUT.mkdir(exist_ok=True)
    element.screenshot(str(OUTPUT / name))
    return subprocess.run(["zbarimg", "-q", "--raw", str(OUTPUT / name)], capture_output=True, text=True, timeout=30).stdout.strip()


# MARK: the facilitator link

def test_link_after_creation_and_a_fresh_profile_takes_control(server, drivers):
    first = make_driver(1440, 900)
    drivers.append(first)
    first.get(server.url + "/facilitator.html")
    wait_css(first, '[data-plugin="kl-base"]')
    css(first, "[data-title-input]").send_keys("Hjemmeplejen Nord – workshop 1")
    css(first, "[data-create-submit]").click()

    # The link, once, prominently: a modal dialog with copy, print and a QR code.
    dialog = wait_css(first, "dialog[data-link-dialog]")
    wait(first, lambda d: d.execute_script("return arguments[0].open && arguments[0].matches(':modal')", dialog), message="no link dialog")
    workshop = first.execute_script("return new URLSearchParams(location.search).get('w')")
    token = first.execute_script("return JSON.parse(localStorage.getItem('wheelhouse.facilitator'))[arguments[0]].token", workshop)
    link = css(first, "[data-facilitator-link]").get_attribute("value")
    match = LINK.match(link)
    assert match and match.groups() == (workshop, token), link
    assert "denne browser" in text_of(first, "[data-link-dialog] [data-key-kept]")
    shot(first, "console-link.png")

    assert decode_qr(css(first, "[data-link-qr]"), "console-link-qr.png") == link, "the QR code is the facilitator link"

    first.execute_cdp_cmd("Browser.grantPermissions", {"origin": server.url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    css(first, "[data-link-copy]").click()
    wait(first, lambda d: text_of(d, "[data-link-said]") == "Linket er kopieret.", message="copy not confirmed")
    assert first.execute_async_script("navigator.clipboard.readText().then(arguments[0], () => arguments[0](null))") == link

    first.execute_script("window.print = () => { window.printed = document.body.classList.contains('print-link'); }")
    css(first, "[data-link-print]").click()
    assert first.execute_script("return window.printed") is True, "Print prints the link sheet"

    css(first, "[data-link-close]").click()
    wait(first, lambda d: not d.execute_script("return document.querySelector('dialog[data-link-dialog]').open"))
    assert first.execute_script("return document.activeElement.matches('[data-show-link]')"), "the focus goes to where the link is shown again"
    # Once: a reload does not show it again; the console shows it on request.
    first.refresh()
    wait_live(first)
    time.sleep(0.5)
    assert not first.execute_script("return document.querySelector('dialog[data-link-dialog]')?.open ?? false")
    assert "denne browser" in text_of(first, ".console-head [data-key-kept]")
    css(first, "[data-show-link]").click()
    wait(first, lambda d: d.execute_script("return document.querySelector('dialog[data-link-dialog]').open"))
    assert css(first, "[data-facilitator-link]").get_attribute("value") == link
    css(first, "[data-link-close]").click()

    # A fresh browser profile with the link controls the workshop.
    second = make_driver(1280, 800)
    drivers.append(second)
    second.get(local(server, link))
    wait_live(second)
    assert second.execute_script("return location.hash") == "", "the token leaves the address bar"
    assert token not in second.current_url
    kept = second.execute_script("return JSON.parse(localStorage.getItem('wheelhouse.facilitator'))")
    assert kept[workshop]["token"] == token, "the token is kept in the new browser"
    assert not second.execute_script("return document.querySelector('dialog[data-link-dialog]')?.open ?? false")
    css(second, '[data-round="importance"] [data-action="open"]').click()
    wait(first, lambda d: phase(d, "importance") == "open", message="the first console does not see the round opened by the second")
    # A reload of the second one needs no link any more.
    second.refresh()
    wait_live(second)
    assert phase(second, "importance") == "open"

    assert token not in server.log_path.read_text(errors="replace"), "the token is never in the server's log"


def test_a_pasted_link_opens_the_console(server, drivers):
    created = create_workshop(server)
    driver = make_driver(1280, 800)
    drivers.append(driver)
    driver.get(f"{server.url}/facilitator.html?w={created['id']}")
    field = wait_css(driver, "[data-token-input]")
    field.send_keys(facilitator_link(server, created))
    field.send_keys(Keys.ENTER)
    wait_live(driver)


# MARK: commands

RECORD = """
const button = document.querySelector(arguments[0]);
window.seen = [];
const note = () => window.seen.push([button.dataset.command || '', button.getAttribute('aria-busy'), button.textContent]);
new MutationObserver(note).observe(button, {attributes: true, childList: true, characterData: true, subtree: true});
"""


def test_command_shows_pending_then_done_and_fails_when_the_server_is_gone(server, drivers):
    created = create_workshop(server)
    driver = make_driver(1440, 900)
    drivers.append(driver)
    open_console(driver, server, created)
    opener = '[data-round="importance"] [data-action="open"]'
    driver.execute_script(RECORD, opener)
    css(driver, opener).click()
    wait(driver, lambda d: phase(d, "importance") == "open")
    seen = wait(driver, lambda d: (s := d.execute_script("return window.seen")) and any(x[0] == "done" for x in s) and s)
    states = [x[0] for x in seen]
    assert "pending" in states and states.index("pending") < states.index("done"), seen
    assert ["pending", "true", "Sender …"] in seen, seen
    # Done, then the button reads as before.
    wait(driver, lambda d: css(d, opener).get_attribute("data-command") == "" and css(d, opener).text == "Åbn")

    # A double click sends the command once.
    board = '[data-focus-view="points"]'
    driver.execute_script("const b = document.querySelector(arguments[0]); b.click(); b.click();", board)
    wait(driver, lambda d: css(d, board).get_attribute("aria-pressed") == "true", message="points view not shown")
    assert state(server, created)["focus"] == {"screen": "results", "view": "points"}
    css(driver, '[data-focus-view="priority"]').click()
    wait(driver, lambda d: state(server, created)["focus"].get("view") == "priority", message="priority view not set")

    # The server goes away: the next command fails within about 6 s, and the chip says so.
    server.stop()
    revealer = '[data-round="importance"] [data-action="reveal"]'
    started = time.monotonic()
    css(driver, revealer).click()
    wait(driver, lambda d: css(d, revealer).get_attribute("data-command") == "failed", timeout=6.5, message="no failure within 6 s")
    assert time.monotonic() - started < 6.5
    assert text_of(driver, "[data-conn-chip]") != "Forbundet"
    assert "forbindelse" in text_of(driver, "[data-toast]").lower() or "serveren" in text_of(driver, "[data-toast]").lower()
    shot(driver, "console-failed.png")

    # The failed command is not carried out unseen when the server is back.
    server.start()
    wait_live(driver)
    time.sleep(1)
    assert phase(driver, "importance") == "open"
    assert state(server, created)["rounds"]["importance"] == "open"


class BlackHole:
    """A TCP proxy to the server that can stop forwarding while keeping every connection
    open: the path a stalled Wi-Fi leaves, where nothing fails and nothing arrives."""

    def __init__(self, server):
        self.target = ("127.0.0.1", server.port)
        self.port = free_port()
        self.holding = False
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                if not self.holding:
                    sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.listener.close()
        for sock in self.sockets:
            sock.close()


def test_a_stalled_path_shows_failed_and_offline_within_6_s(server, drivers):
    created = create_workshop(server)
    hole = BlackHole(server)
    try:
        driver = make_driver(1440, 900)
        drivers.append(driver)
        link = facilitator_link(server, created)
        driver.get(urlunsplit(urlsplit(link)._replace(netloc=f"127.0.0.1:{hole.port}")))
        wait_live(driver)
        hole.holding = True
        opener = '[data-round="importance"] [data-action="open"]'
        started = time.monotonic()
        css(driver, opener).click()
        wait(driver, lambda d: css(d, opener).get_attribute("data-command") == "failed"
             and text_of(d, "[data-conn-chip]") != "Forbundet", timeout=6.5, message="still Forbundet after 6 s")
        assert time.monotonic() - started < 6.5
        # Traffic resumes: the console is back, the failed command was not carried out, a new click works.
        hole.holding = False
        wait(driver, lambda d: text_of(d, "[data-conn-chip]") == "Forbundet", timeout=30, message="not back")
        assert state(server, created)["rounds"]["importance"] == "idle"
        wait(driver, lambda d: css(d, opener).get_attribute("data-command") == "")
        css(driver, opener).click()
        wait(driver, lambda d: phase(d, "importance") == "open")
    finally:
        hole.close()


def test_views_include_points_and_priority(server, drivers):
    created = create_workshop(server)
    driver = make_driver(1440, 900)
    drivers.append(driver)
    open_console(driver, server, created)
    views = driver.execute_script("return [...document.querySelectorAll('[data-focus-view]')].map(b => b.dataset.focusView)")
    assert {"wheel", "ranking", "matrix", "dots", "points", "ideas", "priority"} <= set(views)
    assert all(not text.startswith(("view.", "fac.")) for text in driver.execute_script(
        "return [...document.querySelectorAll('[data-focus-view]')].map(b => b.textContent)"))


# MARK: ideas

def run(coroutine):
    return asyncio.run(coroutine)


def test_ideas_show_backing_and_merge(server, drivers):
    created = create_workshop(server)
    driver = make_driver(1440, 900)
    drivers.append(driver)
    open_console(driver, server, created)
    css(driver, '[data-round="ideas"] [data-action="open"]').click()
    wait(driver, lambda d: phase(d, "ideas") == "open")

    async def submit():
        tokens = []
        for index, text in enumerate(("Sidemandsoplæring hver fredag", "Sidemandsoplæring om fredagen", "Superbrugere i hver gruppe",
                                      "Kaffemøde om nye apps")):
            phone = Client(server, "participant")
            welcome = await phone.connect(code=created["joinCode"], name=f"Deltager {index}", token=f"console-test-token-{index:02d}")
            reply = await phone.send({"type": "submitIdea", "text": text})
            assert reply["type"] == "ack", reply
            tokens.append(welcome["you"]["token"])
            await phone.close()
        return tokens

    tokens = run(submit())
    wait(driver, lambda d: len(all_css(d, "[data-idea-queue] [data-approve]")) == 4, message="ideas not waiting")
    for left in (3, 2, 1, 0):
        # Enter approves; the focus moves to the next waiting idea, never to <body>.
        css(driver, "[data-idea-queue] [data-approve]").send_keys(Keys.ENTER)
        wait(driver, lambda d, n=left: len(all_css(d, "[data-idea-queue] [data-approve]")) == n)
        time.sleep(0.3)
        assert driver.execute_script("return document.activeElement !== document.body")
    wait(driver, lambda d: len(all_css(d, "[data-ideas-approved] [data-idea]")) == 4)
    ideas = {i["text"]: i["id"] for i in state(server, created)["ideas"]}
    a, b, c = ideas["Sidemandsoplæring om fredagen"], ideas["Sidemandsoplæring hver fredag"], ideas["Superbrugere i hver gruppe"]

    async def back():
        # Participant 2 backs a and b, participant 3 backs a; nobody backs c.
        for index, backed in ((2, [a, b]), (3, [a])):
            phone = Client(server, "participant")
            await phone.connect(code=created["joinCode"], token=tokens[index])
            for idea in backed:
                reply = await phone.send({"type": "backIdea", "idea": idea, "backed": True})
                assert reply["type"] == "ack", reply
            await phone.close()

    run(back())
    wait(driver, lambda d: text_of(d, f'[data-backing-count="{a}"]') == "Bakket op af 2", message="backing count not shown")
    assert text_of(driver, f'[data-backing-count="{b}"]') == "Bakket op af 1"
    assert text_of(driver, f'[data-backing-count="{c}"]') == "Bakket op af 0"
    order = driver.execute_script("return [...document.querySelectorAll('[data-ideas-approved] [data-idea]')].map(e => e.dataset.idea)")
    assert order[0] == a, "the most backed idea first"

    # Merge a into b: a leaves the approved list, b counts a's backers (participant 2, who
    # backs both, once: 2 and 3).
    driver.execute_script("const s = document.querySelector(`[data-merge-target=\"${arguments[0]}\"]`); s.value = arguments[1]; s.dispatchEvent(new Event('change'));", a, b)
    css(driver, f'[data-merge="{a}"]').click()
    wait(driver, lambda d: not all_css(d, f'[data-ideas-approved] [data-idea="{a}"]'), message="merged idea still listed")
    merged = next(i for i in state(server, created)["ideas"] if i["id"] == a)
    assert merged["status"] == "merged" and merged["mergedInto"] == b
    wait(driver, lambda d: text_of(d, f'[data-backing-count="{b}"]') == "Bakket op af 2", message="merged backers not counted")
    assert driver.execute_script(f"return document.querySelector('[data-ideas-done] [data-idea=\"{a}\"] [data-merged-into]').dataset.mergedInto") == b


# MARK: dates

@pytest.mark.parametrize("lang", ["en-US", "da-DK"])
def test_danish_date_whatever_the_browser_locale(server, drivers, lang):
    created = create_workshop(server)
    driver = driver_with_lang(lang)
    drivers.append(driver)
    assert driver.execute_script("return navigator.language") == lang
    open_console(driver, server, created)
    due = css(driver, "[data-action-due]")
    assert due.get_attribute("placeholder") == "dd-mm-åååå"

    # Not a date: said, and nothing sent.
    css(driver, "[data-action-what]").send_keys("Superbrugernetværk")
    due.send_keys("31-02-2027")
    css(driver, "[data-action-add]").click()
    assert due.get_attribute("aria-invalid") == "true"
    assert driver.execute_script("return document.activeElement.matches('[data-action-due]')"), driver.execute_script("return document.activeElement.outerHTML")
    time.sleep(0.5)
    assert state(server, created)["actions"] == []

    due.clear()
    due.send_keys("01-03-2027")
    css(driver, "[data-action-owner]").click()  # leaving the field writes it back the Danish way
    assert due.get_attribute("value") == "01-03-2027"
    css(driver, "[data-action-add]").click()
    wait_css(driver, "[data-action-list] [data-action]")
    assert [a["due"] for a in state(server, created)["actions"]] == ["2027-03-01"]
    assert "1. marts 2027" in text_of(driver, "[data-action-list]")

    css(driver, "[data-action-what]").send_keys("Makkerordning")
    css(driver, "[data-action-due]").send_keys("5.11.2027")
    css(driver, "[data-action-add]").click()
    wait(driver, lambda d: len(state(server, created)["actions"]) == 2)
    assert state(server, created)["actions"][1]["due"] == "2027-11-05"


# MARK: keyboard focus and the narrow console

def test_focus_stays_on_a_control_after_enter_on_open_and_reveal(server, drivers):
    created = create_workshop(server)
    driver = make_driver(1440, 900)
    drivers.append(driver)
    open_console(driver, server, created)
    active = lambda: driver.execute_script(
        "const a = document.activeElement; return a === document.body || !a ? 'body' : (a.dataset.action || a.tagName) + '@' + (a.closest('[data-round]')?.dataset.round || '')")
    css(driver, '[data-round="importance"] [data-action="open"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: phase(d, "importance") == "open")
    time.sleep(0.5)
    assert active() == "reveal@importance", "after Åbn the focus moves to the round's next step"

    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(driver, lambda d: phase(d, "importance") == "revealed")
    time.sleep(0.5)
    assert active() != "body"
    assert active() == "open@level", "after Vis resultat the focus moves to the next round"
    # The toast's live region stays in the page, so the messages are announced.
    assert driver.execute_script("const t = document.querySelector('[data-toast]'); return !t.hidden && t.getAttribute('aria-live')") == "polite"


def axe_problems(driver):
    """axe-core 4's serious and critical violations on the page as it is now."""
    import axe_playwright_python
    source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    driver.execute_script(source)
    result = driver.execute_async_script("axe.run(document).then((r) => arguments[0](r.violations), (e) => arguments[0](String(e)))")
    assert isinstance(result, list), result
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result if v["impact"] in ("serious", "critical")]


def test_axe_finds_nothing_serious_in_the_console_and_its_link_dialog(server, drivers):
    created = create_workshop(server)
    driver = make_driver(1440, 900)
    drivers.append(driver)
    open_console(driver, server, created)
    assert axe_problems(driver) == []
    css(driver, "[data-show-link]").click()
    wait(driver, lambda d: d.execute_script("return document.querySelector('dialog[data-link-dialog]').open"))
    assert axe_problems(driver) == []


def test_console_at_360_has_no_horizontal_overflow(server, drivers):
    created = create_workshop(server)
    driver = make_driver(360, 640, phone=True)
    drivers.append(driver)
    open_console(driver, server, created)
    assert horizontal_overflow(driver) == 0
    css(driver, "[data-show-link]").click()
    wait(driver, lambda d: d.execute_script("return document.querySelector('dialog[data-link-dialog]').open"))
    assert horizontal_overflow(driver) == 0
    width = driver.execute_script("return document.querySelector('dialog[data-link-dialog]').getBoundingClientRect().right")
    assert width <= 360
    shot(driver, "console-360-link.png")
