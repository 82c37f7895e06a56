"""Trust in a small team (issue 12) in the browser: the minimum group size, groups and
"Ikke relevant for mit arbejde".

- A board and a phone with a withheld competence: minGroupSize 3, two people answer one
  competence; after the reveal both say "for få svar" in its slot and show no digit there,
  while a competence three answered shows its mean.
- "Ikke relevant": the phone's button sends -1 (the phone shows it chosen after a reload, the
  results count it), and the board shows the share and marks a competence most find not
  relevant.
- Groups: phones pick their group in the picker after joining (one skips, then changes it
  under the screen); the board's gap view shows each group's level beside the team's, a
  group under the minimum as "for få svar", and the report has a table per group and the
  anonymity report.
- The console's create form sends minGroupSize and groups (also from role profiles).
"""

import asyncio
import re
import threading

from selenium.webdriver.common.by import By

from browser import all_css, css, make_driver, needs_chromium, shot, text_of, wait, wait_css
from test_a11y import BLOCKING, axe_violations
from wsclient import Client, competence_ids, create_workshop

pytestmark = needs_chromium

TOO_FEW = "for få svar"


class Room:
    """The facilitator and protocol phones on an event loop of their own thread."""

    def __init__(self, server, created):
        self.server = server
        self.created = created
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.facilitator = Client(server, "facilitator")
        self.run(self.facilitator.connect(workshop=created["id"], token=created["facilitatorToken"]))
        self.phones = []

    def run(self, coroutine, timeout=30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def phone(self, name, **hello):
        client = Client(self.server, "participant")
        self.run(client.connect(code=self.created["joinCode"], token=re.sub(r"[^A-Za-z0-9]", "-", f"{name}-{self.created['id']}").ljust(24, "x"), name=name, **hello))
        self.phones.append(client)
        return client

    def ack(self, client, **message):
        reply = self.run(client.send(message))
        assert reply["type"] == "ack", (message, reply)
        return reply

    def say(self, **message):
        return self.ack(self.facilitator, **message)

    def wait_for(self, predicate):
        return self.run(self.facilitator.wait_for(predicate))

    def close(self):
        async def close_all():
            for client in (self.facilitator, *self.phones):
                await client.close()
        try:
            self.run(close_all())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)


def join(driver, server, created, name):
    driver.get(f"{server.url}/join.html?code={created['joinCode']}")
    css(driver, "[data-name-input]").send_keys(name)
    css(driver, "[data-join-submit]").click()
    wait(driver, lambda d: css(d, '[data-screen="app"]').is_displayed(), message="did not join")


def click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def rate_on_phone(driver, competence, value):
    field = wait_css(driver, f'fieldset[data-competence="{competence}"]')
    click(driver, field.find_element(By.CSS_SELECTOR, f'input[data-value="{value}"]').find_element(By.XPATH, ".."))
    wait(driver, lambda d: css(d, f'[data-item-status="rate:importance:{competence}"]').get_attribute("data-status") == "saved",
         message=f"rating {value} of {competence} not saved")


def row_of(results, competence):
    return next(r for r in results["competences"] if r["competence"] == competence)


def test_a_withheld_competence_and_not_relevant_on_board_and_phone(server):
    created = create_workshop(server, minGroupSize=3)
    c = competence_ids(server, created["id"])
    room = Room(server, created)
    phone = make_driver(360, 640, phone=True)
    board = make_driver(1920, 1080)
    try:
        join(phone, server, created, "Karin")
        others = [room.phone(f"Deltager {i}") for i in range(3)]
        board.get(f"{server.url}/board.html?w={created['id']}")
        room.say(type="openRound", round="importance")
        room.say(type="focus", focus={"screen": "round"})

        # c0: two answers (withheld); c1: three answers (shown); c2: three of four "Ikke relevant".
        rate_on_phone(phone, c[0], 4)
        room.ack(others[0], type="rate", round="importance", competence=c[0], value=2)
        rate_on_phone(phone, c[1], 5)
        for other in others[:2]:
            room.ack(other, type="rate", round="importance", competence=c[1], value=3)
        rate_on_phone(phone, c[2], -1)
        room.ack(others[0], type="rate", round="importance", competence=c[2], value=-1)
        room.ack(others[1], type="rate", round="importance", competence=c[2], value=-1)
        room.ack(others[2], type="rate", round="importance", competence=c[2], value=4)

        # The phone's own -1 comes back from the server as chosen (a reload reads the snapshot).
        phone.refresh()
        chosen = wait_css(phone, f'fieldset[data-competence="{c[2]}"] input[data-value="-1"]')
        wait(phone, lambda d: chosen.is_selected(), message="'Ikke relevant' is not shown as chosen after a reload")
        assert "Ikke relevant for mit arbejde" in chosen.find_element(By.XPATH, "..").text
        assert not css(phone, f'fieldset[data-competence="{c[2]}"] input[data-value="0"]').is_selected()

        room.say(type="revealRound", round="importance")
        state = room.wait_for(lambda s: "importance" in (s.get("results") or {}).get("answered", {}))
        results = state["results"]
        assert results["minGroupSize"] == 3
        assert row_of(results, c[0])["importance"] == {"suppressed": True}
        nr = row_of(results, c[2])
        assert nr["importance"]["notRelevant"] == 3 and nr["importance"].get("valuesSuppressed"), nr
        assert nr.get("mostlyNotRelevant") is True, nr

        # The phone: "for få svar" and no digit in the withheld slot; the shown one has its mean.
        withheld = wait_css(phone, f'.result[data-competence="{c[0]}"]')
        value = withheld.find_element(By.CSS_SELECTOR, ".result-value").text
        assert TOO_FEW in value and not re.search(r"\d", value), value
        assert withheld.get_attribute("data-mean") == ""
        shown = css(phone, f'.result[data-competence="{c[1]}"]')
        assert shown.get_attribute("data-mean") == "3.67", shown.get_attribute("data-mean")
        nr_phone = css(phone, f'.result[data-competence="{c[2]}"]')
        assert TOO_FEW in nr_phone.text and "3 ikke relevant" in nr_phone.text, nr_phone.text
        assert nr_phone.find_elements(By.CSS_SELECTOR, "[data-mostly-not-relevant]")
        shot(phone, "small-team-phone-withheld.png")

        # The board's wheel: the withheld competence draws no bar and says so.
        room.say(type="focus", focus={"screen": "results", "view": "wheel"})
        segment = wait_css(board, f'.wheel-segment[data-competence="{c[0]}"]')
        wait(board, lambda d: segment.get_attribute("data-withheld") == "all", message="the wheel does not mark the withheld competence")
        assert segment.get_attribute("data-fill") == "0.000"
        assert segment.get_attribute("data-importance") is None
        label = css(board, f'.wheel-value[data-competence="{c[0]}"]').text
        assert label == TOO_FEW, label
        assert css(board, f'.wheel-segment[data-competence="{c[1]}"]').get_attribute("data-importance") == "3.67"
        shot(board, "small-team-board-wheel.png")

        # The gap view: "for få svar" without digits, the share of "Ikke relevant" and the mark.
        room.say(type="focus", focus={"screen": "results", "view": "ranking"})
        row = wait_css(board, f'[data-rank-row][data-competence="{c[0]}"]')
        nums = row.find_element(By.CSS_SELECTOR, ".rank-nums").text
        assert TOO_FEW in nums and not re.search(r"\d", nums), nums
        assert row.get_attribute("data-importance") == ""
        nr_row = css(board, f'[data-rank-row][data-competence="{c[2]}"]')
        assert nr_row.get_attribute("data-mostly-not-relevant") == "yes"
        assert "Ikke relevant for de fleste" in nr_row.text
        assert "Ikke relevant: 75 %" in nr_row.find_element(By.CSS_SELECTOR, "[data-shares]").text
        shot(board, "small-team-board-ranking.png")

        # The priority view lists the withheld competence last, without a number.
        room.say(type="focus", focus={"screen": "results", "view": "priority"})
        wait_css(board, "[data-priority-row]")
        rows = all_css(board, "[data-priority-row]")
        last = [r for r in rows if r.get_attribute("data-withheld") == "yes"]
        assert last and rows[-len(last):] == last, "withheld competences are not listed last"
        assert any(r.get_attribute("data-competence") == c[0] for r in last)
        assert TOO_FEW in last[0].text
    finally:
        phone.quit()
        board.quit()
        room.close()


GROUPS = [
    {"id": "sosu-hjaelper", "name": {"da": "SOSU-hjælper", "en": "Care helper"}},
    {"id": "sygeplejerske", "name": {"da": "Sygeplejerske", "en": "Nurse"}},
    {"roleProfile": "medarbejder-borgernaer"},  # named by kl-base's role profile
]


def test_groups_on_phone_board_and_report(server):
    created = create_workshop(server, minGroupSize=3, groups=GROUPS)
    c = competence_ids(server, created["id"])
    room = Room(server, created)
    anna = make_driver(360, 640, phone=True)
    bo = make_driver(360, 640, phone=True)
    board = make_driver(1920, 1080)
    try:
        # Anna picks her group in the picker; Bo skips it, then changes it under the screen.
        join(anna, server, created, "Anna")
        wait_css(anna, "[data-group-picker]")
        assert [b.text for b in all_css(anna, "[data-group-option]")] == ["SOSU-hjælper", "Sygeplejerske", "Borgernær medarbejder"]
        shot(anna, "small-team-phone-picker.png")
        serious = [v for v in axe_violations(anna) if v["impact"] in BLOCKING]
        assert not serious, serious
        click(anna, css(anna, '[data-group-option="sosu-hjaelper"]'))
        wait_css(anna, "[data-waiting]")
        wait(anna, lambda d: "Gruppe: SOSU-hjælper" in text_of(d, "[data-whoami]"), message="Anna's group is not shown")

        join(bo, server, created, "Bo")
        click(bo, wait_css(bo, "[data-group-skip]"))
        wait_css(bo, "[data-waiting]")
        assert "Gruppe" not in text_of(bo, "[data-whoami]")
        change = css(bo, "[data-change-group]")
        assert change.is_displayed()
        click(bo, change)
        click(bo, wait_css(bo, '[data-group-option="sygeplejerske"]'))
        wait(bo, lambda d: "Gruppe: Sygeplejerske" in text_of(d, "[data-whoami]"), message="Bo's group is not shown")
        # The picker does not come back by itself after a reload.
        bo.refresh()
        wait_css(bo, "[data-waiting]")
        assert not all_css(bo, "[data-group-picker]")
        wait(bo, lambda d: "Gruppe: Sygeplejerske" in text_of(d, "[data-whoami]"), message="Bo's group is lost after a reload")

        # Two more SOSU-hjælpere over the protocol: that group has 3, the nurses 1.
        others = [room.phone(f"Hjælper {i}", group="sosu-hjaelper") for i in range(2)]
        board.get(f"{server.url}/board.html?w={created['id']}")
        for round_ in ("importance", "level"):
            room.say(type="openRound", round=round_)
            for client, value in zip(others, (4, 3)):
                room.ack(client, type="rate", round=round_, competence=c[0], value=value)
            for driver, value in ((anna, 2), (bo, 5)):
                field = wait_css(driver, f'fieldset[data-competence="{c[0]}"][data-competence] .scale[data-scale="{round_}"]')
                click(driver, field.find_element(By.CSS_SELECTOR, f'input[data-value="{value}"]').find_element(By.XPATH, ".."))
                wait(driver, lambda d: css(d, f'[data-item-status="rate:{round_}:{c[0]}"]').get_attribute("data-status") == "saved")
            room.say(type="revealRound", round=round_)

        # Later updates keep each phone's group under its screen.
        assert "Gruppe: SOSU-hjælper" in text_of(anna, "[data-whoami]")
        assert "Gruppe: Sygeplejerske" in text_of(bo, "[data-whoami]")
        state = room.wait_for(lambda s: "level" in (s.get("results") or {}).get("answered", {}))
        groups = {g["group"]: g for g in state["results"]["groups"]}
        assert groups["sosu-hjaelper"]["participants"] == 3 and groups["sygeplejerske"]["participants"] == 1, groups
        sosu_level = row_of(groups["sosu-hjaelper"], c[0])["level"]["mean"]

        room.say(type="focus", focus={"screen": "results", "view": "ranking"})
        row = wait_css(board, f'[data-rank-row][data-competence="{c[0]}"]')
        sosu = row.find_element(By.CSS_SELECTOR, '[data-group="sosu-hjaelper"]')
        nurse = row.find_element(By.CSS_SELECTOR, '[data-group="sygeplejerske"]')
        assert sosu.get_attribute("data-group-level") == f"{sosu_level:.2f}"
        assert nurse.get_attribute("data-withheld") == "yes" and nurse.text == TOO_FEW, nurse.text
        # The role profile's group: nobody in it, its expected level beside the empty slot.
        profiled = row.find_element(By.CSS_SELECTOR, '[data-group="medarbejder-borgernaer"]')
        expected = row_of(groups["medarbejder-borgernaer"], c[0])["expectedLevel"]
        assert profiled.find_element(By.CSS_SELECTOR, "[data-expected]").text == f"◇{expected}"
        head = css(board, ".rank-head").text
        assert "SOSU-hjælper" in head and "Sygeplejerske" in head, head
        assert "færre end 3 svar" in text_of(board, "[data-results-note]")
        shot(board, "small-team-board-groups.png")

        report = make_driver(1280, 900)
        try:
            report.get(f"{server.url}/report.html?w={created['id']}#token={created['facilitatorToken']}")
            wait(report, lambda d: d.execute_script("return document.body.dataset.ready") == "yes", message="report not ready")
            nurses = css(report, '[data-group-table="sygeplejerske"]')
            assert nurses.get_attribute("data-withheld") == "yes"
            cells = nurses.find_elements(By.CSS_SELECTOR, "tbody td")
            assert cells and all(not re.search(r"\d", td.text) for td in cells), [td.text for td in cells]
            assert TOO_FEW in nurses.text
            helpers = css(report, '[data-group-table="sosu-hjaelper"]')
            assert helpers.get_attribute("data-withheld") is None
            first = helpers.find_element(By.CSS_SELECTOR, f'tr[data-competence="{c[0]}"]').text
            assert re.search(r"\d,\d", first), first
            anonymity = css(report, '[data-section="anonymity"]').text
            assert "Mindste gruppestørrelse: 3" in anonymity, anonymity
            assert text_of(report, "[data-anonymity-rule]"), "the rule from the export is missing"
            shot(report, "small-team-report.png")
        finally:
            report.quit()
    finally:
        for driver in (anna, bo, board):
            driver.quit()
        room.close()


def test_the_create_form_sends_the_minimum_and_the_groups(server):
    console = make_driver(1280, 900)
    try:
        console.get(server.url + "/facilitator.html")
        wait_css(console, '[data-plugin="kl-base"]')
        css(console, "[data-title-input]").send_keys("Hjemmeplejen Syd")
        wait_css(console, "[data-preview-wheel] svg")
        minimum = css(console, "[data-min-group-input]")
        assert minimum.get_attribute("value") == "3"
        assert "ingen kan aflæse" in text_of(console, "#ws-min-group-help")
        minimum.clear()
        minimum.send_keys("4")

        css(console, "[data-group-name-da]").send_keys("SOSU-hjælper")
        css(console, "[data-group-name-en]").send_keys("Care helper")
        css(console, "[data-group-add]").click()
        css(console, "[data-group-name-da]").send_keys("Sygeplejerske")
        css(console, "[data-group-add]").click()
        css(console, "[data-group-name-da]").send_keys("Til fjernelse")
        css(console, "[data-group-name-da]").send_keys("\n")  # Enter adds, it does not submit
        assert [g.get_attribute("data-group") for g in all_css(console, "[data-group-list] [data-group]")] == \
            ["sosu-hjaelper", "sygeplejerske", "til-fjernelse"]
        css(console, '[data-group-remove="til-fjernelse"]').click()
        profiles = wait_css(console, "[data-groups-from-profiles]")
        wait(console, lambda d: profiles.is_displayed(), message="no role profiles offered")
        profiles.click()
        listed = [g.get_attribute("data-group") for g in all_css(console, "[data-group-list] [data-group]")]
        console.execute_script("document.querySelector('[data-groups-editor]').scrollIntoView()")
        shot(console, "small-team-create-form.png")
        serious = [v for v in axe_violations(console) if v["impact"] in BLOCKING]
        assert not serious, serious
        assert listed[:2] == ["sosu-hjaelper", "sygeplejerske"] and len(listed) > 2, listed
        css(console, "[data-create-submit]").click()
        wait_css(console, "[data-link-close]").click()
        workshop = console.execute_script("return new URLSearchParams(location.search).get('w')")
        token = console.execute_script("return JSON.parse(localStorage.getItem('wheelhouse.facilitator'))")[workshop]["token"]
    finally:
        console.quit()
    status, snapshot = server.request("GET", f"/api/workshops/{workshop}", headers={"Authorization": f"Bearer {token}"})
    assert status == 200, snapshot
    settings = snapshot["workshop"]["settings"]
    assert settings["minGroupSize"] == 4
    ids = [g["id"] for g in settings["groups"]]
    assert ids[:2] == ["sosu-hjaelper", "sygeplejerske"] and len(ids) == len(listed), ids
    assert settings["groups"][0]["name"] == {"da": "SOSU-hjælper", "en": "Care helper"}
    assert all(g.get("roleProfile") for g in settings["groups"][2:]), settings["groups"]
