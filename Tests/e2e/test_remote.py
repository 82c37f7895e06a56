"""The remote (issue 16): the console at 360x640 runs a whole workshop without sideways
scrolling and with touch-sized controls, reached by the QR code of the facilitator link
shown after creation; two consoles on one workshop agree after actions from either.

Needs Debian's chromium and chromium-driver, and a server with issue 16's messages
(startTimer, focus.blank).
"""

import asyncio

from selenium.webdriver.common.action_chains import ActionChains

from browser import all_css, css, make_driver, needs_chromium, shot, text_of, wait, wait_css
from scenario import Workshop
from test_a11y import BLOCKING, axe_violations
from wsclient import Client, competence_ids

pytestmark = needs_chromium


# MARK: helpers (test_shortcuts.py uses them too)

def facilitator_state(server, workshop_id, token):
    status, snapshot = server.request("GET", f"/api/workshops/{workshop_id}", headers={"Authorization": f"Bearer {token}"})
    assert status == 200, snapshot
    return snapshot["state"]


def vote(server, code, round_, phones=2):
    """`phones` participants rate every competence of the workshop with `code` in `round_`."""
    async def run():
        clients = []
        try:
            for i in range(phones):
                client = Client(server, "participant")
                welcome = await client.connect(code=code, token=f"remote-phone-{code}-{i}".ljust(24, "x"), name=f"Telefon {i + 1}")
                clients.append((client, welcome))
            workshop_id = clients[0][1]["workshop"]["id"]
            for client, _ in clients:
                for competence in competence_ids(server, workshop_id):
                    reply = await client.send({"type": "rate", "round": round_, "competence": competence, "value": 4})
                    assert reply["type"] == "ack", reply
        finally:
            for client, _ in clients:
                await client.close()
    asyncio.run(run())


def press(driver, *keys):
    """Keys typed where the focus is now (the page's body when nothing has it)."""
    ActionChains(driver).send_keys(*keys).perform()


def press_on_page(driver, *keys):
    """Keys typed with nothing focused: what a facilitator does after a click on the page."""
    driver.execute_script("document.activeElement && document.activeElement !== document.body && document.activeElement.blur()")
    press(driver, *keys)


def no_sideways_scroll(driver, step):
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{step}: the page is {width[0]} px wide in a {width[1]} px window"


def remote_view(driver):
    """What a console's remote says: its round, the round's phase, what the board shows, blank, the next step."""
    return driver.execute_script("""
        const q = (s) => document.querySelector(s);
        return {round: q('[data-remote-round]')?.dataset.remoteRound, phase: q('[data-remote-phase]')?.dataset.phase,
                now: q('[data-remote-now]')?.textContent, blank: q('[data-remote-blank]')?.getAttribute('aria-pressed'),
                next: q('[data-remote-next]')?.dataset.remoteNext};""")


def wait_remote(driver):
    wait(driver, lambda d: text_of(d, "[data-conn-chip]") == "Forbundet", message="console not connected")
    wait(driver, lambda d: (remote_view(d) or {}).get("phase"), message="remote not live")


def click(driver, selector):
    element = wait_css(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def blocking_axe(driver, where):
    return [f"{where}: {v['id']} ({v['impact']}) {v['help']} {v['targets']}" for v in axe_violations(driver) if v["impact"] in BLOCKING]


# MARK: the remote at 360 x 640

def test_a_console_at_360_runs_a_whole_workshop(server, drivers):
    driver = make_driver(360, 640, phone=True)
    drivers.append(driver)
    driver.get(server.url + "/facilitator.html")
    wait_css(driver, '[data-plugin="kl-base"]')
    css(driver, "[data-title-input]").send_keys("Hjemmeplejen Nord – fjernbetjening")
    click(driver, "[data-create-submit]")

    # After creating: "Åbn på din telefon" with a QR code of the console link (test_console.py
    # reads it with zbarimg), whoever scans it controls the workshop, and the link to copy.
    wait_css(driver, "dialog[data-link-dialog]")
    qr = wait_css(driver, '[data-link-dialog] figure[aria-labelledby="link-phone-title"] svg[data-link-qr]')
    assert driver.execute_script("const r = arguments[0].getBoundingClientRect(); return r.width >= 150 && r.right <= innerWidth", qr)
    assert qr.get_attribute("role") == "img" and qr.get_attribute("aria-label")
    assert text_of(driver, "#link-phone-title") == "Åbn på din telefon"
    assert "styrer workshoppen" in text_of(driver, "[data-link-warning]")
    link = css(driver, "[data-facilitator-link]").get_attribute("value")
    workshop = driver.execute_script("return new URLSearchParams(location.search).get('w')")
    token = driver.execute_script("return JSON.parse(localStorage.getItem('wheelhouse.facilitator'))[arguments[0]].token", workshop)
    assert link.endswith(f"/facilitator.html?w={workshop}#token={token}")
    no_sideways_scroll(driver, "the link dialog")
    shot(driver, "remote-360-link.png")
    click(driver, "[data-link-close]")
    wait_remote(driver)
    code = driver.execute_script("return document.querySelector('[data-join-code]').textContent")
    state = lambda: facilitator_state(server, workshop, token)

    no_sideways_scroll(driver, "the lobby")
    # Touch targets: every control of the remote is at least 44 x 44 px.
    small = driver.execute_script("""
        return [...document.querySelectorAll('[data-remote] button')].filter((b) => b.getClientRects().length)
          .map((b) => [b.textContent.trim(), b.getBoundingClientRect()]).filter(([, r]) => r.width < 44 || r.height < 44)
          .map(([text, r]) => `${text}: ${Math.round(r.width)} x ${Math.round(r.height)}`);""")
    assert small == [], small
    shot(driver, "remote-360.png")
    problems = blocking_axe(driver, "remote at 360")

    # Next step before anything: the wheel on the board, then the first round.
    assert remote_view(driver)["next"] == "focus:next-step"
    click(driver, "[data-remote-next]")
    wait(driver, lambda d: state()["focus"]["screen"] == "intro", message="the next step did not show the wheel")
    wait(driver, lambda d: remote_view(d)["next"] == "round:importance:open")
    no_sideways_scroll(driver, "intro")
    click(driver, "[data-remote-next]")
    wait(driver, lambda d: state()["rounds"]["importance"] == "open", message="the next step did not open the round")
    wait(driver, lambda d: remote_view(d)["phase"] == "open" and remote_view(d)["round"] == "importance")
    wait(driver, lambda d: state()["focus"]["screen"] == "round", message="the board does not follow the opened round")

    # Phones vote: the live count follows.
    vote(server, code, "importance", phones=2)
    wait(driver, lambda d: css(d, "[data-remote-count]").get_attribute("data-answered") == "2"
         and css(d, "[data-remote-count]").get_attribute("data-participants") == "2", message="the count did not follow")
    assert "2 af 2" in text_of(driver, "[data-remote-count]")
    no_sideways_scroll(driver, "importance open, answered")

    # The timer: the shortcut (a phone with a keyboard), or the timer panel's own button.
    press_on_page(driver, "t")
    wait(driver, lambda d: (state().get("timer") or {}).get("round") == "importance", message="the timer did not start")
    assert state()["timer"]["seconds"] == 120
    no_sideways_scroll(driver, "timer running")

    # Close, then reveal (the next step).
    click(driver, '[data-remote-action="close"]')
    wait(driver, lambda d: state()["rounds"]["importance"] == "closed")
    wait(driver, lambda d: remote_view(d)["phase"] == "closed" and remote_view(d)["next"] == "round:importance:reveal")
    no_sideways_scroll(driver, "closed")
    click(driver, "[data-remote-next]")
    wait(driver, lambda d: state()["rounds"]["importance"] == "revealed")
    wait(driver, lambda d: state()["focus"] == {"screen": "results", "view": "wheel"}, message="the board did not show the result")
    wait(driver, lambda d: remote_view(d)["next"] == "round:level:open", message="the next step is not the next round")
    no_sideways_scroll(driver, "revealed")

    # Move the board: next and previous screen, blank and back.
    click(driver, '[data-remote-screen="next"]')
    wait(driver, lambda d: state()["focus"] == {"screen": "results", "view": "ranking"}, message="next screen")
    wait(driver, lambda d: remote_view(d)["now"] == "Nu: Resultater: Gab", message="the remote does not say what the board shows")
    click(driver, '[data-remote-screen="prev"]')
    wait(driver, lambda d: state()["focus"] == {"screen": "results", "view": "wheel"}, message="previous screen")
    click(driver, "[data-remote-blank]")
    wait(driver, lambda d: state()["focus"].get("blank") is True, message="blank")
    wait(driver, lambda d: remote_view(d)["blank"] == "true")
    assert state()["focus"]["view"] == "wheel", "blanking keeps the rest of the focus"
    no_sideways_scroll(driver, "blank")
    shot(driver, "remote-360-blank.png")
    click(driver, "[data-remote-blank]")
    wait(driver, lambda d: not state()["focus"].get("blank") and remote_view(d)["blank"] == "false", message="unblank")
    assert state()["focus"] == {"screen": "results", "view": "wheel"}

    # The next round from the remote, as the first.
    click(driver, "[data-remote-next]")
    wait(driver, lambda d: state()["rounds"]["level"] == "open" and remote_view(d)["round"] == "level")
    no_sideways_scroll(driver, "level open")

    # The shortcuts' overlay, at 360 px too.
    click(driver, "[data-shortcuts-open]")
    wait(driver, lambda d: d.execute_script("return document.querySelector('dialog[data-keys-dialog]')?.open"))
    no_sideways_scroll(driver, "shortcuts overlay")
    problems += blocking_axe(driver, "shortcuts overlay at 360")
    assert not problems, "\n".join(problems)


# MARK: two consoles

def test_two_consoles_on_one_workshop_agree(server, drivers):
    ws = Workshop(server, plugins=("kl-base",), phones=2)
    laptop = make_driver(1280, 800)
    phone = make_driver(360, 640, phone=True)
    drivers.extend([laptop, phone])
    for driver in (laptop, phone):
        ws.open_console(driver)
        wait_remote(driver)
    state = lambda: facilitator_state(server, ws.id, ws.token)

    def agree(message):
        def same(_):
            a, b = remote_view(laptop), remote_view(phone)
            return a == b and a
        views = wait(laptop, same, message=f"the consoles disagree: {message}")
        return views

    agree("at the start")
    # From the laptop: open the first round (its rounds panel); both remotes show it open.
    click(laptop, '[data-round="importance"] [data-action="open"]')
    wait(laptop, lambda d: agree("open")["phase"] == "open")
    assert agree("open")["round"] == "importance"
    # From the phone: the next screen; the laptop's focus panel follows too.
    before = state()["focus"]
    click(phone, '[data-remote-screen="next"]')
    wait(phone, lambda d: state()["focus"] != before, message="the phone's next screen did nothing")
    wait(laptop, lambda d: agree("next screen")["now"] == remote_view(phone)["now"])
    assert text_of(laptop, "[data-focus-now]").split(": ", 1)[1] in agree("next")["now"]
    # From the phone: blank; the laptop's button says so.
    click(phone, "[data-remote-blank]")
    wait(laptop, lambda d: remote_view(d)["blank"] == "true", message="the laptop does not see the blank board")
    agree("blank")
    # From the laptop, by keyboard: reveal; the board shows the result (auto focus), no longer blank.
    press_on_page(laptop, "r")
    wait(phone, lambda d: remote_view(d)["phase"] == "revealed", message="the phone does not see the reveal")
    wait(phone, lambda d: remote_view(d)["blank"] == "false" and state()["focus"] == {"screen": "results", "view": "wheel"})
    agree("after the laptop's reveal")
    press_on_page(laptop, "b")
    wait(phone, lambda d: remote_view(d)["blank"] == "true", message="the phone does not see the laptop's blank")
    press_on_page(phone, "b")
    wait(laptop, lambda d: remote_view(d)["blank"] == "false", message="the laptop does not see the phone's unblank")
    # The next step is the same on both: open the next round; taken from the phone.
    assert agree("next step")["next"] == "round:level:open"
    click(phone, "[data-remote-next]")
    wait(laptop, lambda d: remote_view(d)["round"] == "level" and remote_view(d)["phase"] == "open")
    final = agree("after the phone opened level")
    assert state()["activeRound"] == "level" and state()["rounds"]["level"] == "open"
    # A reload of one console shows the same as the other (nothing kept apart from the server).
    laptop.refresh()
    wait_remote(laptop)
    assert agree("after a reload") == final
