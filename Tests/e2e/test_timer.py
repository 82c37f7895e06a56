"""Round timers in real Chromium (issue 16): the facilitator starts a timer in the console;
the board, the console and two phones count down to the same moment (within 1 s of each
other), extend and stop change every screen; at zero every screen shows the round closed,
the phones take no more answers, and a late vote gets `round_closed`. Also the countdown's
pure logic (js/countdown.js, the console's typed length) and axe on the console and the
board while a timer runs.

Needs the server of issue 16 (startTimer, extendTimer, cancelTimer, `timer`, `serverTime`).
"""

import asyncio
import re
import threading
import time


from browser import css, make_driver, needs_chromium, shot, text_of, wait, wait_css
from test_a11y import BLOCKING, axe_violations, describe
from test_console import open_console, phase
from test_phone import join
from wsclient import Client, competence_ids, create_workshop

pytestmark = needs_chromium

# Each page's countdown: the element with data-deadline (this device's clock at zero) and
# the digits it shows.
COUNTDOWNS = {
    "board": ("[data-board-timer]", "[data-board-timer] [data-timer-digits]"),
    "console": ("[data-console-timer]", "[data-console-timer] [role=timer]"),
    "phone": ("[data-phone-timer]", "[data-phone-timer] [data-phone-timer-digits]"),
}
READ = """
const [box, digits] = arguments;
const el = document.querySelector(box), shown = document.querySelector(digits);
if (!el || el.hidden || !el.dataset.deadline || !shown) return null;
return {deadline: Number(el.dataset.deadline), text: shown.textContent, state: el.dataset.state, now: Date.now()};
"""

# A device whose clock is off by %d ms.
SKEW = "{ const real = Date.now; Date.now = () => real() + (%d); }"


class Phone:
    """A participant socket on a loop of its own (for the late vote)."""

    def __init__(self, server, created):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = Client(server, "participant")
        self.run(self.client.connect(code=created["joinCode"], token="late-voter-token".ljust(24, "x"), name="Sen"))

    def run(self, coroutine, timeout=30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def send(self, message):
        return self.run(self.client.send(message))

    def close(self):
        self.run(self.client.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def seconds_of(text):
    match = re.fullmatch(r"(\d+):(\d\d)", text.strip())
    assert match, f"not m:ss: {text!r}"
    return int(match.group(1)) * 60 + int(match.group(2))


def read(pages):
    """Every page's countdown, read one right after the other: {name: {deadline, text, state, now}}."""
    readings = {}
    for name, (driver, kind) in pages.items():
        readings[name] = driver.execute_script(READ, *COUNTDOWNS[kind])
    return readings


def wait_all(pages, condition, message, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        readings = read(pages)
        if all(r is not None and condition(r) for r in readings.values()):
            return readings
        assert time.monotonic() < deadline, f"{message}: {readings}"
        time.sleep(0.1)


def assert_agree(readings, around):
    """Every screen shows the same time left (within 1 s), whatever its own clock says."""
    left = [r["deadline"] - r["now"] for r in readings.values()]
    assert max(left) - min(left) < 1000, f"the screens count to different moments: {readings}"
    shown = {name: seconds_of(r["text"]) for name, r in readings.items()}
    assert max(shown.values()) - min(shown.values()) <= 1, f"the screens show different times: {shown}"
    for name, r in readings.items():
        left = (r["deadline"] - r["now"]) / 1000
        assert abs(shown[name] - left) <= 1.05, f"{name} shows {r['text']} with {left:.2f} s left"
        assert around - 8 <= shown[name] <= around, f"{name} shows {r['text']}, expected about {around} s"


def hidden_everywhere(pages):
    return all(driver.execute_script(
        "const el = document.querySelector(arguments[0]); return !el || el.hidden || !el.dataset.deadline", COUNTDOWNS[kind][0])
        for driver, kind in pages.values())


def click(driver, selector):
    element = css(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_a_timer_counts_down_alike_on_every_screen_and_closes_the_round(server, drivers):
    created = create_workshop(server)
    console = make_driver(1440, 900)
    board = make_driver(1280, 720)
    phones = [make_driver(360, 640, phone=True) for _ in range(2)]
    drivers.extend([console, board, *phones])
    open_console(console, server, created)
    board.get(f"{server.url}/board.html?w={created['id']}")
    wait_css(board, "[data-join-code]")
    # The phones' clocks are wrong (90 s fast, 45 s slow): they count by the server's.
    for phone, skew in zip(phones, (90000, -45000)):
        phone.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SKEW % skew})
    for i, phone in enumerate(phones):
        join(phone, server, created, name=f"Deltager {i + 1}")
    assert abs(phones[0].execute_script("return Date.now()") / 1000 - time.time() - 90) < 5, "the clock is not skewed"
    late = Phone(server, created)
    try:
        # No open round: the console offers no timer.
        assert css(console, '[data-timer-preset="60"]').get_attribute("disabled") is not None
        assert "Åbn en runde" in text_of(console, "[data-console-timer]")

        click(console, '[data-round="importance"] [data-action="open"]')
        wait(console, lambda d: phase(d, "importance") == "open", message="the round did not open")
        for phone in phones:
            wait_css(phone, '[data-scale="importance"]')
        wait(console, lambda d: d.execute_script("return !document.querySelector('[data-timer-preset=\"60\"]').disabled"),
             message="the presets stay disabled with the round open")

        # A 60-second timer from the console: every screen shows the same time left.
        click(console, '[data-timer-preset="60"]')
        pages = {"board": (board, "board"), "console": (console, "console"),
                 "phone 1": (phones[0], "phone"), "phone 2": (phones[1], "phone")}
        readings = wait_all(pages, lambda r: r["state"] == "running", "not every screen shows the countdown")
        assert_agree(readings, 60)
        time.sleep(1.5)  # and still after a tick or two
        assert_agree(read(pages), 59)
        shot(board, "timer-board.png")
        shot(phones[0], "timer-phone.png")

        # Nothing serious for axe on the console and the board while it runs.
        problems = [describe(name, "timer running", v) for name, driver in (("console", console), ("board", board))
                    for v in axe_violations(driver) if v["impact"] in BLOCKING]
        assert not problems, "\n".join(problems)

        # Extend by 30 s: the board's countdown moves on by 30 s, every screen with it.
        before = read(pages)
        click(console, '[data-timer-extend="30"]')
        readings = wait_all(pages, lambda r: r["deadline"] - r["now"] > 65000, "the extension did not reach every screen")
        assert all(abs(r["deadline"] - before[name]["deadline"] - 30000) < 1000 for name, r in readings.items()), (before, readings)
        assert_agree(readings, 89)

        # Stop: the countdown goes from every screen; the round stays open.
        click(console, "[data-timer-cancel]")
        wait(board, lambda d: hidden_everywhere(pages), message="the countdown stayed after the stop")
        assert phase(console, "importance") == "open"
        assert "Ingen nedtælling" in text_of(console, "[data-console-timer]")

        # A short timer of one's own length; at zero the phones take no more answers.
        css(console, "[data-timer-amount]").send_keys("8")
        css(console, "[data-timer-unit] option[value='sec']").click()
        click(console, "[data-timer-start]")
        wait_all(pages, lambda r: r["state"] in ("ending", "running"), "the short timer did not show")
        wait(phones[0], lambda d: d.execute_script(
            "return document.querySelector('[data-content]').disabled"), timeout=15, message="the phone took answers after zero")
        assert phones[0].execute_script(
            "return document.querySelector('[data-content] input[type=radio]').matches(':disabled')")
        assert "Tiden er gået" in text_of(phones[0], "[data-time-up]")
        shot(phones[0], "timer-phone-zero.png")

        # The round closes by itself (after the server's grace) on every screen.
        wait(console, lambda d: phase(d, "importance") == "closed", timeout=10, message="the round did not close at zero")
        wait(board, lambda d: d.execute_script(
            "return document.querySelector('[data-screen=\"round\"] [data-phase]')?.dataset.phase") == "closed",
            message="the board does not show the round closed")
        for phone in phones:
            wait_css(phone, '[data-waiting="closed"]')
            assert not phone.execute_script("return document.querySelector('[data-content]').disabled")
            assert text_of(phone, "[data-time-up]") == ""
        assert hidden_everywhere(pages)

        # A vote after the close is refused.
        competence = competence_ids(server, created["id"])[0]
        reply = late.send({"type": "rate", "round": "importance", "competence": competence, "value": 4})
        assert reply["type"] == "error" and reply["code"] == "round_closed", reply
    finally:
        late.close()
    for driver in drivers:
        severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert not severe, severe


def test_the_board_shows_zero_before_the_round_closes(server, drivers):
    created = create_workshop(server)
    console = make_driver(1440, 900)
    board = make_driver(1280, 720)
    drivers.extend([console, board])
    open_console(console, server, created)
    board.get(f"{server.url}/board.html?w={created['id']}")
    wait_css(board, "[data-join-code]")
    click(console, '[data-round="importance"] [data-action="open"]')
    wait(console, lambda d: phase(d, "importance") == "open", message="the round did not open")
    wait(console, lambda d: d.execute_script("return !document.querySelector('[data-timer-start]').disabled"),
         message="the timer stays disabled")
    css(console, "[data-timer-amount]").send_keys("5")
    css(console, "[data-timer-unit] option[value='sec']").click()
    click(console, "[data-timer-start]")
    # 0:00, red, with "Tiden er gået", for the server's grace of about 2 s; then gone.
    wait(board, lambda d: d.execute_script(READ, *COUNTDOWNS["board"]) and d.execute_script(READ, *COUNTDOWNS["board"])["state"] == "zero",
         timeout=12, message="the board never showed zero")
    zero = board.execute_script(READ, *COUNTDOWNS["board"])
    assert zero["text"] == "0:00", zero
    assert "Tiden er gået" in text_of(board, "[data-board-timer]")
    shot(board, "timer-board-zero.png")
    wait(board, lambda d: d.execute_script(READ, *COUNTDOWNS["board"]) is None, timeout=10, message="the countdown stayed after the close")
    wait(console, lambda d: phase(d, "importance") == "closed", message="the round did not close")


def test_a_typed_length_out_of_range_is_explained_and_not_sent(server, drivers):
    created = create_workshop(server)
    console = make_driver(360, 640)
    drivers.append(console)
    open_console(console, server, created)
    click(console, '[data-round="importance"] [data-action="open"]')
    wait(console, lambda d: phase(d, "importance") == "open", message="the round did not open")
    wait(console, lambda d: d.execute_script("return !document.querySelector('[data-timer-start]').disabled"),
         message="the timer stays disabled")
    css(console, "[data-timer-amount]").send_keys("61")
    click(console, "[data-timer-start]")
    error = wait_css(console, "[data-timer-panel] .field-error:not([hidden])")
    assert "5 sekunder og 60 minutter" in error.text
    assert console.execute_script("return document.activeElement.matches('[data-timer-amount]')")
    time.sleep(0.5)
    assert console.execute_script("return document.querySelector('[data-console-timer]').dataset.deadline") is None
    # The panel fits a 360 px console (the remote).
    assert console.execute_script(
        "const r = document.querySelector('[data-timer-panel]').getBoundingClientRect();"
        "return r.right <= document.documentElement.clientWidth && document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_countdowns_logic(server):
    driver = make_driver(800, 600)
    try:
        driver.get(server.url + "/index.html")
        result = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            Promise.all([import('/js/countdown.js'), import('/js/console/timer.js')]).then(([c, timer]) => done({
              clock: [60000, 59001, 59000, 1, 0, -500, 3600000, 61500].map(c.clock),
              remaining: [c.remainingMs({endsAt: 10000}, 0, 4000), c.remainingMs({endsAt: 10000}, 2000, 4000),
                          c.remainingMs({endsAt: 10000}, 0, 12000), c.remainingMs(null, 0, 0)],
              milestones: [[61000, 60000], [60500, 59000], [30000, 29000], [10200, 9900], [400, 0], [0, 0], [5000, 4000]]
                .map(([a, b]) => c.milestone(a, b)),
              next: [c.nextChangeIn(42300), c.nextChangeIn(42000), c.nextChangeIn(0)],
              change: [c.timerChange(null, {round: 'importance', endsAt: 70000, seconds: 60}),
                       c.timerChange({round: 'importance', endsAt: 70000, seconds: 60}, {round: 'importance', endsAt: 100000, seconds: 90}),
                       c.timerChange({round: 'importance', endsAt: 70000, seconds: 60}, {round: 'importance', endsAt: 80000, seconds: 60}),
                       c.timerChange({round: 'importance', endsAt: 70000, seconds: 60}, {round: 'importance', endsAt: 70000, seconds: 60})],
              typed: [['2', 'min'], ['1,5', 'min'], ['45', 'sec'], ['4', 'sec'], ['61', 'min'], ['', 'min'], ['abc', 'sec'], ['60', 'min']]
                .map(([v, u]) => timer.typedSeconds(v, u)),
            }), (e) => done({error: String(e)}));""")
    finally:
        driver.quit()
    assert "error" not in result, result
    assert result["clock"] == ["1:00", "1:00", "0:59", "0:01", "0:00", "0:00", "60:00", "1:02"]
    assert result["remaining"] == [6000, 4000, 0, 0]
    assert result["milestones"] == ["minute", "minute", None, "ten", "zero", None, None]
    assert result["next"] == [315, 1015, None]
    assert result["change"] == ["started", "extended", "started", None]
    assert result["typed"] == [{"seconds": 120}, {"seconds": 90}, {"seconds": 45}, {"error": "timer.range"},
                               {"error": "timer.range"}, {"error": "timer.range"}, {"error": "timer.range"}, {"seconds": 3600}]
