"""The phone as people hold it: kl-base + eldercare (18 competences) at 320x568 and at
360x640 with the browser's text at 200 %. In every round (importance, level, dots, points,
ideas) and its results the page never scrolls sideways and the (i) and language buttons
stay on screen; each result screen draws the board's wheel without overlapping texts; the
scale legend stays in view down the whole list; "Du er færdig" follows the last answer;
the page reloads without network (service worker + the kept copy); approved ideas can be
backed, and a fourth backing is refused kindly.
"""

import asyncio
import threading

import pytest
from selenium.webdriver.common.by import By

from browser import css, all_css, horizontal_overflow, make_driver, needs_chromium, shot, text_of, wait, wait_css
from test_wheel_layout import check_wheel, wait_for_wheel
from wsclient import Client, competence_ids, create_workshop

pytestmark = needs_chromium
PLUGINS = ("kl-base", "eldercare")


class Facilitator:
    """A facilitator socket on a loop of its own, so the synchronous test can drive it."""

    def __init__(self, server, created):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = Client(server, "facilitator")
        self.run(self.client.connect(workshop=created["id"], token=created["facilitatorToken"]))

    def run(self, coroutine, timeout=30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def say(self, **message):
        reply = self.run(self.client.send(message))
        assert reply["type"] == "ack", (message, reply)
        return reply

    def wait_for(self, predicate):
        return self.run(self.client.wait_for(predicate))

    def close(self):
        self.run(self.client.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def participant(server, created, name):
    """Another phone, over the protocol: (loop owner, client)."""
    owner = Facilitator.__new__(Facilitator)
    owner.loop = asyncio.new_event_loop()
    owner.thread = threading.Thread(target=owner.loop.run_forever, daemon=True)
    owner.thread.start()
    owner.client = Client(server, "participant")
    owner.run(owner.client.connect(code=created["joinCode"], token=f"{name}-token".ljust(24, "x"), name=name))
    return owner


def join(driver, server, created, name="Karin"):
    driver.get(f"{server.url}/join.html?code={created['joinCode']}")
    css(driver, "[data-name-input]").send_keys(name)
    css(driver, "[data-join-submit]").click()
    wait(driver, lambda d: css(d, '[data-screen="app"]').is_displayed(), message="did not join")


def click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


GEOMETRY = """
const vw = document.documentElement.clientWidth;
const out = [];
const inside = (el, what) => {
  const r = el.getBoundingClientRect();
  if (r.width === 0) return;
  if (r.left < -0.5 || r.right > vw + 0.5) out.push(`${what} runs off the side: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
};
window.scrollTo(0, 0);
const lang = document.querySelector('[data-lang-toggle]');
inside(lang, 'the language button');
const lr = lang.getBoundingClientRect();
if (lr.top < 0 || lr.bottom > innerHeight) out.push('the language button is not on screen');
if (lang.scrollWidth > lang.clientWidth + 1) out.push('the language button text overflows it');
for (const el of document.querySelectorAll('.item-title .more')) inside(el, `(i) of ${el.closest('[data-competence]')?.dataset.competence}`);
for (const el of document.querySelectorAll('.statusbar-title, .item-title > span:first-child, .round-head h1, .dim-title, .result-title, .idea p')) {
  if (el.scrollWidth > el.clientWidth + 1) out.push(`clipped: ${el.textContent.slice(0, 40)}`);
  inside(el, `"${el.textContent.slice(0, 30)}"`);
}
return out;
"""


def assert_fits(driver, what):
    assert horizontal_overflow(driver) == 0, f"{what}: the page scrolls sideways by {horizontal_overflow(driver)} px"
    problems = driver.execute_script(GEOMETRY)
    assert not problems, f"{what}: {problems}"


def assert_wheel(driver, round_, what):
    """The result screen's wheel (the board's component): every competence with its figure, no
    two texts meeting, none off the screen once it is scrolled into view."""
    wait_for_wheel(driver, f'[data-phone-wheel="{round_}"]', 18)
    selector = f'[data-phone-wheel="{round_}"] svg.wheel'
    driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'end'})", selector)
    check_wheel(driver, selector, what, sizes=False)
    driver.execute_script("window.scrollTo(0, 0)")


def focused_heading(driver):
    return driver.execute_script(
        "const el = document.activeElement; return el.tagName === 'H1' && el.closest('[data-content]') ? el.textContent : null")


def legend_in_view(driver):
    return driver.execute_script("""
      const legend = document.querySelector('[data-scale-legend]');
      const bar = document.querySelector('.statusbar').getBoundingClientRect();
      const r = legend.getBoundingClientRect();
      return r.height > 0 && r.top >= bar.bottom - 1 && r.bottom <= innerHeight;""")


DEVICES = [pytest.param(dict(width=320, height=568, text_scale=1.0), id="320x568"),
           pytest.param(dict(width=360, height=640, text_scale=2.0), id="360x640-200pct")]


@pytest.mark.parametrize("device", DEVICES)
def test_every_round_fits_the_phone(server, device):
    created = create_workshop(server, plugins=PLUGINS)
    competences = competence_ids(server, created["id"])
    assert len(competences) == 18
    fac = Facilitator(server, created)
    driver = make_driver(device["width"], device["height"], phone=True, text_scale=device["text_scale"])
    label = f"{device['width']}x{device['height']}@{device['text_scale']}"
    try:
        join(driver, server, created)
        wait_css(driver, "[data-waiting]")
        assert_fits(driver, f"{label} waiting")
        assert focused_heading(driver), "after joining the focus is not on the screen's heading"

        # Importance: every competence answered on the phone, the legend along the way.
        fac.say(type="openRound", round="importance")
        wait_css(driver, '[data-scale="importance"]')
        assert_fits(driver, f"{label} importance")
        assert focused_heading(driver) == "Hvor vigtig er kompetencen for jeres arbejde?", "the new round's heading has no focus"

        assert text_of(driver, "[data-done]") == ""
        for i, competence in enumerate(competences):
            field = css(driver, f'fieldset[data-competence="{competence}"]')
            click(driver, field.find_element(By.CSS_SELECTOR, f'input[data-value="{i % 5 + 1}"]').find_element(By.XPATH, ".."))
        driver.execute_script("document.querySelector('fieldset[data-competence=\"%s\"]').scrollIntoView({block: 'end'})" % competences[-1])
        assert legend_in_view(driver), "the scale legend is out of view at the last competence"
        done = wait(driver, lambda d: (t := text_of(d, "[data-done]")) and "Du er færdig" in t and t, message="no 'Du er færdig'")
        assert "18" in done
        shot(driver, f"phone-done-{label}.png")
        wait(driver, lambda d: css(d, "[data-save-status]").text == "Gemt", message="answers not saved")
        fac.say(type="revealRound", round="importance")
        wait_css(driver, f'.result[data-competence="{competences[0]}"]')
        assert_wheel(driver, "importance", f"{label} importance results")
        assert_fits(driver, f"{label} importance results")

        fac.say(type="openRound", round="level")
        wait_css(driver, '[data-scale="level"]')
        assert_fits(driver, f"{label} level")
        shot(driver, f"phone-level-{label}.png")
        fac.say(type="closeRound", round="level")

        fac.say(type="openRound", round="dots")
        plus = wait_css(driver, f'[data-dots-plus="{competences[0]}"]')
        click(driver, plus)
        assert_fits(driver, f"{label} dots")
        fac.say(type="revealRound", round="dots")
        wait_css(driver, ".result-list")
        assert_wheel(driver, "dots", f"{label} dots results")
        assert_fits(driver, f"{label} dots results")

        fac.say(type="openRound", round="points")
        wait_css(driver, f'[data-points="{competences[0]}"]')
        assert_fits(driver, f"{label} points")
        shot(driver, f"phone-points-{label}.png")
        fac.say(type="revealRound", round="points")
        wait_css(driver, ".result-list")
        assert_wheel(driver, "points", f"{label} points results")
        assert_fits(driver, f"{label} points results")

        fac.say(type="openRound", round="ideas")
        area = wait_css(driver, "[data-idea-text]")
        area.send_keys("Sidemandsoplæring i velfærdsteknologi hver fredag formiddag")
        click(driver, css(driver, "[data-idea-send]"))
        wait(driver, lambda d: d.execute_script(
            "return [...document.querySelectorAll('[data-my-ideas] .idea')].some(e => e.dataset.state === 'saved')"))
        assert_fits(driver, f"{label} ideas")
        state = fac.wait_for(lambda s: any(i.get("status") == "pending" for i in s.get("ideas", [])))
        for idea in state["ideas"]:
            fac.say(type="moderateIdea", idea=idea["id"], approve=True)
        fac.say(type="revealRound", round="ideas")
        wait(driver, lambda d: "Sidemandsoplæring" in (text_of(d, "[data-content]") or ""))
        assert_fits(driver, f"{label} ideas results")
        shot(driver, f"phone-ideas-{label}.png")
    finally:
        driver.quit()
        fac.close()


def test_results_wait_for_their_module_and_come_when_it_does(server):
    """The result screens load after the first screen (phone/later-screens.js). A phone that
    joins a revealed round while that module cannot be fetched shows the waiting screen (no
    answers to tap) and says the page is incomplete; once the module can be fetched, the
    retry brings the results."""
    created = create_workshop(server, plugins=("kl-base",))
    competences = competence_ids(server, created["id"])
    fac = Facilitator(server, created)
    fac.say(type="openRound", round="importance")
    fac.say(type="revealRound", round="importance")
    driver = make_driver(360, 640, phone=True)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*later-screens.js*"]})
        join(driver, server, created)
        wait_css(driver, "[data-waiting] [data-incomplete]")
        assert not all_css(driver, "[data-content] input"), "answers to tap while the results are not in"
        assert not all_css(driver, ".result")
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        wait_css(driver, f'.result[data-competence="{competences[0]}"]', timeout=20)
        assert not all_css(driver, "[data-incomplete]")
    finally:
        driver.quit()
        fac.close()


def test_the_page_reloads_without_network(server):
    """The service worker keeps the page; the phone's copy shows its screen and queued answer."""
    created = create_workshop(server)
    competences = competence_ids(server, created["id"])
    fac = Facilitator(server, created)
    fac.say(type="openRound", round="importance")
    driver = make_driver(360, 640, phone=True)
    try:
        join(driver, server, created)
        wait_css(driver, '[data-scale="importance"]')
        wait(driver, lambda d: d.execute_script(
            "return navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller || 'ready')"),
            message="no service worker")
        set_offline(driver, True)
        wait(driver, lambda d: css(d, "[data-offline-banner]").is_displayed(), message="no offline banner")
        field = css(driver, f'fieldset[data-competence="{competences[0]}"]')
        click(driver, field.find_element(By.CSS_SELECTOR, 'input[data-value="4"]').find_element(By.XPATH, ".."))
        driver.refresh()
        wait_css(driver, '[data-scale="importance"]', timeout=20)
        wait(driver, lambda d: css(d, "[data-offline-banner]").is_displayed(), message="no offline banner after the reload")
        checked = driver.execute_script(
            "return document.querySelector(`fieldset[data-competence=\"${arguments[0]}\"] input:checked`)?.dataset.value", competences[0])
        assert checked == "4", "the answer kept on the phone shows after the reload"
        assert css(driver, f'[data-item-status="rate:importance:{competences[0]}"]').get_attribute("data-status") == "queued"
        shot(driver, "phone-offline-reload.png")
        set_offline(driver, False)
        wait(driver, lambda d: css(d, f'[data-item-status="rate:importance:{competences[0]}"]').get_attribute("data-status") == "saved",
             timeout=30, message="the kept answer was not sent once the network was back")
    finally:
        driver.quit()
        fac.close()


def set_offline(driver, offline):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def pressed(driver, idea_id):
    return css(driver, f'[data-back-toggle="{idea_id}"]').get_attribute("aria-pressed")


def test_backing_ideas_on_the_phone(server):
    """Three backings at most (the default), never one's own; the fourth is refused kindly,
    focus stays on the toggle used, and the server counts what the phone shows."""
    created = create_workshop(server)
    fac = Facilitator(server, created)
    others = [participant(server, created, f"Kollega{i}") for i in range(2)]
    driver = make_driver(360, 640, phone=True)
    try:
        fac.say(type="openRound", round="ideas")
        texts = ["Sidemandsoplæring hver fredag", "Superbrugernetværk", "Fast tid til nye apps på teammødet",
                 "Vejledning i MitID til borgerne", "Faste makkerpar ved nye systemer"]
        ids = []
        for k, text in enumerate(texts):
            reply = others[k % 2].run(others[k % 2].client.send({"type": "submitIdea", "text": text}))
            assert reply["type"] == "ack", reply
            ids.append(reply["idea"])
            fac.say(type="moderateIdea", idea=reply["idea"], approve=True)
        join(driver, server, created)
        area = wait_css(driver, "[data-idea-text]")
        area.send_keys("Min egen idé om tablets")
        click(driver, css(driver, "[data-idea-send]"))
        state = fac.wait_for(lambda s: any(i.get("status") == "pending" for i in s.get("ideas", [])))
        own = next(i["id"] for i in state["ideas"] if i.get("status") == "pending")
        fac.say(type="moderateIdea", idea=own, approve=True)

        # Approved ideas are listed while the round is open; one's own has no toggle.
        wait(driver, lambda d: len(all_css(d, "[data-back-list] [data-back-idea]")) == 6, message="approved ideas not listed")
        assert not all_css(driver, f'[data-back-idea="{own}"] [data-back-toggle]'), "one's own idea cannot be backed"
        assert text_of(driver, f'[data-back-idea="{own}"]').endswith("Din egen idé")
        for idea in ids[:3]:
            button = css(driver, f'[data-back-toggle="{idea}"]')
            click(driver, button)
            wait(driver, lambda d: pressed(d, idea) == "true" and
                 css(d, f'[data-item-status="back:{idea}"]').get_attribute("data-status") == "saved", message="backing not acked")
            assert driver.execute_script("return document.activeElement.dataset.backToggle") == idea, "focus left the toggle"
            assert text_of(driver, "[data-back-said]") == "Du støtter idéen."
        assert css(driver, "[data-back-left]").get_attribute("data-left") == "0"

        # A fourth: refused kindly, nothing sent, nothing pressed.
        click(driver, css(driver, f'[data-back-toggle="{ids[3]}"]'))
        assert pressed(driver, ids[3]) == "false"
        assert "Du støtter allerede 3 idéer" in text_of(driver, "[data-back-said]")
        shot(driver, "phone-backing-refused.png")
        state = fac.wait_for(lambda s: sum(i.get("backing", 0) for i in s.get("ideas", [])) == 3)
        assert {i["id"]: i.get("backing", 0) for i in state["ideas"]} == {**{i: 0 for i in ids + [own]}, ids[0]: 1, ids[1]: 1, ids[2]: 1}

        # Withdraw one, back the fourth; after the reveal the phone still knows its backings.
        click(driver, css(driver, f'[data-back-toggle="{ids[0]}"]'))
        wait(driver, lambda d: pressed(d, ids[0]) == "false" and text_of(d, "[data-back-said]") == "Du støtter ikke længere idéen.")
        click(driver, css(driver, f'[data-back-toggle="{ids[3]}"]'))
        wait(driver, lambda d: pressed(d, ids[3]) == "true" and
             css(d, f'[data-item-status="back:{ids[3]}"]').get_attribute("data-status") == "saved")

        # Offline: move a backing from ids[2] to ids[4]; meanwhile the facilitator rejects
        # ids[4]. Back online, the server refuses that one and the phone says why.
        set_offline(driver, True)
        wait(driver, lambda d: css(d, "[data-offline-banner]").is_displayed(), message="no offline banner")
        click(driver, css(driver, f'[data-back-toggle="{ids[2]}"]'))
        click(driver, css(driver, f'[data-back-toggle="{ids[4]}"]'))
        assert pressed(driver, ids[4]) == "true"
        assert css(driver, f'[data-item-status="back:{ids[4]}"]').get_attribute("data-status") == "queued"
        fac.say(type="moderateIdea", idea=ids[4], approve=False)
        set_offline(driver, False)
        wait(driver, lambda d: "ikke længere på listen" in (text_of(d, "[data-back-said]") or ""), timeout=30,
             message="the server's refusal is not explained")
        wait(driver, lambda d: not all_css(d, f'[data-back-toggle="{ids[4]}"]'), message="a rejected idea stays listed")
        wait(driver, lambda d: pressed(d, ids[2]) == "false" and
             css(d, f'[data-item-status="back:{ids[2]}"]').get_attribute("data-status") == "saved")
        assert text_of(driver, "[data-save-status]") != "Ikke gemt", "an explained refusal leaves no 'not saved' behind"
        shot(driver, "phone-backing-gone.png")

        fac.say(type="revealRound", round="ideas")
        wait(driver, lambda d: "Teamets resultat" in (text_of(d, "[data-content]") or ""), message="no results after the reveal")
        wait_css(driver, f'[data-back-toggle="{ids[1]}"]')
        assert [pressed(driver, i) for i in ids[:4]] == ["false", "true", "false", "true"]
        state = fac.wait_for(lambda s: next(i for i in s["ideas"] if i["id"] == ids[3]).get("backing") == 1)
        assert next(i for i in state["ideas"] if i["id"] == ids[0]).get("backing", 0) == 0
    finally:
        driver.quit()
        for other in others:
            other.close()
        fac.close()
