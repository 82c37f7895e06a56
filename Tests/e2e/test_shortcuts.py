"""Keyboard shortcuts (issue 16) on the console and the board: next and previous screen,
reveal, timer, blank and full screen change what the server says; nothing fires while a
text field, a select or something contenteditable has the focus, or with Alt held; "?"
opens a labelled dialog that keeps the focus and closes on Esc. The board's shortcuts that
change the workshop need the facilitator key in that browser.

Needs Debian's chromium and chromium-driver, and a server with issue 16's messages.
"""

import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from browser import css, make_driver, needs_chromium, shot, text_of, wait, wait_css
from scenario import Workshop
from test_remote import blocking_axe, facilitator_state, press, press_on_page, remote_view, wait_remote

pytestmark = needs_chromium

# Every frame a page sends over its sockets (pings aside), for "nothing was sent".
RECORD_SENT = """
window.sentFrames = [];
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  try { const m = JSON.parse(data); if (m.type !== 'ping') window.sentFrames.push(m.type); } catch { /* not ours */ }
  return send.call(this, data);
};"""


def dialog_open(driver):
    return driver.execute_script("return Boolean(document.querySelector('dialog[data-keys-dialog]')?.open)")


def check_overlay(driver, opener):
    """`opener()` opens the overlay: a modal dialog named by its heading, focus inside and kept
    there, closed by Esc with the focus back where it was. Returns axe's findings on it."""
    opener()
    wait(driver, dialog_open, message="the shortcuts' overlay did not open")
    named = driver.execute_script("""
        const d = document.querySelector('dialog[data-keys-dialog]');
        return [d.matches(':modal'), document.getElementById(d.getAttribute('aria-labelledby'))?.textContent,
                d.contains(document.activeElement)];""")
    assert named[0] and named[2], named
    assert named[1] == "Tastaturgenveje"
    rows = driver.execute_script("return [...document.querySelectorAll('[data-keys-dialog] tr[data-shortcut]')].map((r) => r.dataset.shortcut)")
    assert {"next", "prev", "reveal", "timer", "blank", "help"} <= set(rows), rows
    for key in (Keys.TAB, Keys.TAB, Keys.TAB, Keys.SHIFT + Keys.TAB):
        press(driver, key)
        assert driver.execute_script("return document.querySelector('dialog[data-keys-dialog]').contains(document.activeElement)"), \
            "Tab left the dialog"
    # The shortcuts sleep while it is open: "n" changes nothing, then Esc closes it.
    problems = blocking_axe(driver, "shortcuts overlay")
    shot(driver, "shortcuts-overlay.png")
    press(driver, Keys.ESCAPE)
    wait(driver, lambda d: not dialog_open(d), message="Esc did not close the overlay")
    return problems


def typing_changes_nothing(driver, target, server, ws, keys="nbrtp.f?"):
    """Types the shortcut letters (and arrows) into `target` (a CSS selector): no frame is sent,
    the state stays and no dialog opens."""
    driver.execute_script(RECORD_SENT)
    before = facilitator_state(server, ws.id, ws.token)
    element = css(driver, target)
    driver.execute_script("arguments[0].focus()", element)
    ActionChains(driver).send_keys(keys, Keys.ARROW_RIGHT, Keys.PAGE_DOWN, Keys.ARROW_LEFT).perform()
    time.sleep(1)
    after = facilitator_state(server, ws.id, ws.token)
    assert driver.execute_script("return window.sentFrames") == [], f"typing in {target} sent something"
    for key in ("focus", "rounds", "timer"):
        assert after.get(key) == before.get(key), f"typing in {target} changed {key}"
    assert not dialog_open(driver)


# MARK: the console

def test_console_shortcuts_change_the_board_and_the_round_but_not_while_typing(server, drivers):
    ws = Workshop(server, plugins=("kl-base",), phones=1)
    driver = make_driver(1280, 800)
    drivers.append(driver)
    ws.open_console(driver)
    wait_remote(driver)
    state = lambda: facilitator_state(server, ws.id, ws.token)

    press_on_page(driver, Keys.ARROW_RIGHT)
    wait(driver, lambda d: state()["focus"] == {"screen": "intro"}, message="→ did not move the board on")
    press_on_page(driver, Keys.PAGE_DOWN)
    wait(driver, lambda d: state()["focus"] == {"screen": "intro", "dimension": ws.dimensions[0]}, message="Page Down")
    press_on_page(driver, "p")
    wait(driver, lambda d: state()["focus"] == {"screen": "intro"}, message="P did not move the board back")
    press_on_page(driver, Keys.ARROW_LEFT)
    wait(driver, lambda d: state()["focus"] == {"screen": "lobby"}, message="← did not move the board back")
    wait(driver, lambda d: css(d, '[data-remote-screen="prev"]').get_attribute("disabled") is not None)

    # Blank (B) and back (.); the rest of the focus stays.
    press_on_page(driver, "b")
    wait(driver, lambda d: state()["focus"] == {"screen": "lobby", "blank": True}, message="B did not blank the board")
    wait(driver, lambda d: remote_view(d)["blank"] == "true")
    press_on_page(driver, ".")
    wait(driver, lambda d: not state()["focus"].get("blank"), message=". did not show the board again")

    # Reveal and timer need a round: with none they say so and send nothing.
    driver.execute_script(RECORD_SENT)
    press_on_page(driver, "r")
    wait(driver, lambda d: "Ingen åben" in (text_of(d, "[data-toast]") or ""), message="R without a round says nothing")
    press_on_page(driver, "t")
    wait(driver, lambda d: "Åbn en runde" in (text_of(d, "[data-toast]") or ""))
    assert driver.execute_script("return window.sentFrames") == []

    ws.open("importance")
    wait(driver, lambda d: remote_view(d)["phase"] == "open")
    press_on_page(driver, "t")
    wait(driver, lambda d: (state().get("timer") or {}).get("round") == "importance", message="T did not start the timer")
    assert state()["timer"]["seconds"] == 120

    # While typing nothing fires: a text field, a select, a text area, contenteditable.
    typing_changes_nothing(driver, "[data-action-owner]", server, ws)
    typing_changes_nothing(driver, "[data-action-what]", server, ws)
    typing_changes_nothing(driver, "[data-competence-select]", server, ws, keys="nbrt")
    driver.execute_script("""
        const edit = document.createElement('div'); edit.id = 'probe-edit'; edit.contentEditable = 'true'; edit.setAttribute('aria-label', 'probe');
        document.querySelector('main').append(edit);""")
    typing_changes_nothing(driver, "#probe-edit", server, ws)
    driver.execute_script("document.getElementById('probe-edit').remove()")
    # Nor with Alt held.
    driver.execute_script(RECORD_SENT)
    driver.execute_script("document.activeElement.blur()")
    ActionChains(driver).key_down(Keys.ALT).send_keys("r").key_up(Keys.ALT).perform()
    time.sleep(0.5)
    assert driver.execute_script("return window.sentFrames") == [] and state()["rounds"]["importance"] == "open"

    press_on_page(driver, "r")
    wait(driver, lambda d: state()["rounds"]["importance"] == "revealed", message="R did not reveal the active round")

    # "?" opens the overlay, and so does the remote's button.
    problems = check_overlay(driver, lambda: press_on_page(driver, "?"))
    button = css(driver, "[data-shortcuts-open]")
    problems += check_overlay(driver, lambda: button.click())
    assert driver.execute_script("return document.activeElement === arguments[0]", button), "the focus returns to the button"
    assert not problems, "\n".join(problems)


def test_arrows_scroll_a_sideways_box_instead_of_moving_the_board(server, drivers):
    ws = Workshop(server, plugins=("kl-base",), phones=1)
    driver = make_driver(360, 640, phone=True)
    drivers.append(driver)
    ws.open_console(driver)
    wait_remote(driver)
    box = css(driver, ".table-scroll")
    assert driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", box), "the table fits: nothing to check"
    driver.execute_script(RECORD_SENT)
    driver.execute_script("arguments[0].focus()", box)
    press(driver, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    wait(driver, lambda d: d.execute_script("return arguments[0].scrollLeft", box) > 0, message="→ did not scroll the table")
    time.sleep(0.5)
    assert driver.execute_script("return window.sentFrames") == []
    assert facilitator_state(server, ws.id, ws.token)["focus"] == {"screen": "lobby"}
    # Page Down is still the board's: the focused table does not take it.
    press(driver, Keys.PAGE_DOWN)
    wait(driver, lambda d: facilitator_state(server, ws.id, ws.token)["focus"] == {"screen": "intro"})


# MARK: the board

def board_blank(driver):
    return driver.execute_script("""
        const b = document.querySelector('[data-board-blank]');
        return !b.hidden && getComputedStyle(b).backgroundColor === 'rgb(0, 0, 0)' && b.getBoundingClientRect().width >= innerWidth;""")


def test_board_shortcuts_need_the_facilitator_key_and_agree_with_the_console(server, drivers):
    ws = Workshop(server, plugins=("kl-base",), phones=1)
    state = lambda: facilitator_state(server, ws.id, ws.token)

    # A board without the key: nothing that changes the workshop; full screen and "?" work.
    stranger = make_driver(1280, 720)
    drivers.append(stranger)
    stranger.get(ws.board_url())
    wait_css(stranger, '[data-board-main][data-screen="lobby"]')
    stranger.execute_script(RECORD_SENT)
    press_on_page(stranger, "n")
    wait(stranger, lambda d: "facilitator-nøglen" in (text_of(d, "[data-key-note]") or ""), message="the board does not say why")
    press_on_page(stranger, "b")
    time.sleep(1)
    assert state()["focus"] == {"screen": "lobby"} and stranger.execute_script("return window.sentFrames") == []
    press_on_page(stranger, "f")
    wait(stranger, lambda d: d.execute_script("return document.fullscreenElement === document.documentElement"), message="F: no full screen")
    press_on_page(stranger, "f")
    wait(stranger, lambda d: d.execute_script("return document.fullscreenElement === null"), message="F again: still full screen")
    problems = check_overlay(stranger, lambda: css(stranger, "[data-shortcuts-open]").click())
    press_on_page(stranger, "?")
    wait(stranger, dialog_open)
    assert "facilitator-nøglen" in text_of(stranger, "[data-keys-intro]")
    assert "kræver facilitator-nøglen" in text_of(stranger, '[data-keys-dialog] tr[data-shortcut="next"]')
    press(stranger, Keys.ESCAPE)

    # The facilitator's laptop: the console and the board in one browser (the key is kept there).
    laptop = make_driver(1280, 720)
    drivers.append(laptop)
    ws.open_console(laptop)
    wait_remote(laptop)
    console = laptop.current_window_handle
    laptop.switch_to.new_window("window")
    laptop.get(ws.board_url())
    wait_css(laptop, '[data-board-main][data-screen="lobby"]')
    board = laptop.current_window_handle

    press_on_page(laptop, "n")
    wait(laptop, lambda d: state()["focus"] == {"screen": "intro"}, message="N on the board did not move it")
    wait_css(laptop, '[data-board-main][data-screen="intro"]')
    press_on_page(laptop, Keys.PAGE_UP)
    wait(laptop, lambda d: state()["focus"] == {"screen": "lobby"})

    # Blank: the same server-side focus.blank, so the console agrees.
    press_on_page(laptop, "b")
    wait(laptop, board_blank, message="B did not blank the board")
    assert state()["focus"] == {"screen": "lobby", "blank": True}
    shot(laptop, "board-blank.png")
    laptop.switch_to.window(console)
    wait(laptop, lambda d: remote_view(d)["blank"] == "true", message="the console does not see the blank board")
    css(laptop, "[data-remote-blank]").click()
    laptop.switch_to.window(board)
    wait(laptop, lambda d: not board_blank(d), message="the console's unblank did not reach the board")

    # Reveal and timer from the board's keys.
    ws.open("importance")
    wait_css(laptop, '[data-board-main][data-screen="round"]')
    press_on_page(laptop, "t")
    wait(laptop, lambda d: (state().get("timer") or {}).get("round") == "importance", message="T on the board")
    press_on_page(laptop, "r")
    wait(laptop, lambda d: state()["rounds"]["importance"] == "revealed", message="R on the board")

    # Typing on the board's page changes nothing either.
    laptop.execute_script("""
        const input = document.createElement('input'); input.id = 'probe-input'; input.setAttribute('aria-label', 'probe');
        document.body.append(input);""")
    typing_changes_nothing(laptop, "#probe-input", server, ws)
    laptop.execute_script("document.getElementById('probe-input').remove()")
    problems += check_overlay(laptop, lambda: press_on_page(laptop, "?"))
    assert not problems, "\n".join(problems)
