"""Honest connection state: a phone (360x640) and the console (1440x900) reach the server
through a proxy that can black-hole the traffic (blackhole.py: sockets stay open, nothing
gets through, like dead Wi-Fi). Both show their offline state within 6 s; a vote made on
the dead path is kept; when traffic flows again it is acknowledged and the server counts
it exactly once.
"""

import asyncio
import json
import time

from selenium.webdriver.common.by import By

from blackhole import BlackHole
from browser import css, make_driver, needs_chromium, shot, text_of, wait, wait_css
from wsclient import Client, competence_ids, create_workshop

pytestmark = needs_chromium
OFFLINE_WITHIN = 6.0


def facilitator_says(server, created, *messages):
    async def run():
        client = Client(server, "facilitator")
        await client.connect(workshop=created["id"], token=created["facilitatorToken"])
        for message in messages:
            reply = await client.send(message)
            assert reply["type"] == "ack", (message, reply)
        await client.close()
    asyncio.run(run())


def export_of(server, created):
    status, data = server.request("GET", f"/api/workshops/{created['id']}/export.json",
                                  headers={"Authorization": f"Bearer {created['facilitatorToken']}"})
    assert status == 200, data
    return data


def importance_of(export, competence):
    row = next(r for r in export["results"]["competences"] if r["competence"] == competence)
    return row["importance"]


def rate(driver, competence, value):
    field = css(driver, f'fieldset[data-competence="{competence}"]')
    option = field.find_element(By.CSS_SELECTOR, f'input[data-value="{value}"]').find_element(By.XPATH, "..")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", option)
    option.click()


def item_status(driver, slot):
    return driver.execute_script(
        "const el = document.querySelector(`[data-item-status=\"${arguments[0]}\"]`);"
        "return el ? {status: el.dataset.status, opId: el.dataset.opId} : null", slot)


def phone_offline(driver):
    return css(driver, "[data-offline-banner]").is_displayed()


def console_offline(driver):
    return css(driver, "[data-conn-chip]").get_attribute("data-status") == "offline"


def test_phone_and_console_notice_a_black_hole_and_lose_nothing(server):
    # One phone: the export's figures are read back, so the minimum group size is 1.
    created = create_workshop(server, minGroupSize=1)
    competences = competence_ids(server, created["id"])
    facilitator_says(server, created, {"type": "openRound", "round": "importance"})
    proxy = BlackHole(server.port).start()
    drivers = []
    try:
        phone = make_driver(360, 640, phone=True)
        drivers.append(phone)
        console = make_driver(1440, 900)
        drivers.append(console)

        # The console holds the token as if it had created the workshop in this browser.
        console.get(proxy.url + "/index.html")
        console.execute_script("localStorage.setItem('wheelhouse.facilitator', arguments[0])",
                               json.dumps({created["id"]: {"token": created["facilitatorToken"], "title": "x",
                                                           "code": created["joinCode"], "created": 0}}))
        console.get(f"{proxy.url}/facilitator.html?w={created['id']}")
        phone.get(f"{proxy.url}/join.html?code={created['joinCode']}")
        css(phone, "[data-name-input]").send_keys("Bente")
        css(phone, "[data-join-submit]").click()
        wait_css(phone, '[data-scale="importance"]')
        wait(console, lambda d: css(d, "[data-conn-chip]").get_attribute("data-status") == "saved", message="console not online")

        first, second, third = competences[:3]
        rate(phone, first, 4)
        wait(phone, lambda d: (item_status(d, f"rate:importance:{first}") or {}).get("status") == "saved")

        # --- Dead Wi-Fi: the sockets stay open, nothing gets through.
        proxy.stop_forwarding()
        started = time.monotonic()
        rate(phone, second, 5)          # sent into the dead path: never acked there
        seen = {}
        while len(seen) < 2 and time.monotonic() - started < 15:
            if "phone" not in seen and phone_offline(phone):
                seen["phone"] = time.monotonic() - started
            if "console" not in seen and console_offline(console):
                seen["console"] = time.monotonic() - started
            time.sleep(0.1)
        print(f"offline shown after: {seen}")
        shot(phone, "offline-phone.png")
        shot(console, "offline-console.png")
        assert seen.get("phone", 99) <= OFFLINE_WITHIN, f"phone showed offline after {seen.get('phone')} s"
        assert seen.get("console", 99) <= OFFLINE_WITHIN, f"console showed offline after {seen.get('console')} s"
        assert text_of(phone, "[data-save-status]") == "Ingen forbindelse"

        # A vote while offline is kept on the phone, as is the one that was lost on the wire.
        rate(phone, third, 2)
        for slot in (f"rate:importance:{second}", f"rate:importance:{third}"):
            assert item_status(phone, slot)["status"] == "queued", item_status(phone, slot)
        queue = phone.execute_script(f"return JSON.parse(localStorage.getItem('wheelhouse.queue.{created['joinCode']}'))")
        assert sorted(item["msg"]["competence"] for item in queue) == sorted([second, third])
        opids = {s: item_status(phone, f"rate:importance:{s}")["opId"] for s in (second, third)}

        # --- The path is back: the held bytes arrive too, and the phone resends its queue.
        proxy.resume()
        wait(phone, lambda d: all((item_status(d, f"rate:importance:{s}") or {}).get("status") == "saved"
                                  for s in (second, third)), timeout=30, message="queued votes were not acked")
        assert {s: item_status(phone, f"rate:importance:{s}")["opId"] for s in (second, third)} == opids, \
            "resent with the same opIds"
        wait(phone, lambda d: not phone_offline(d), message="phone banner stays")
        wait(console, lambda d: not console_offline(d), timeout=30, message="console stays offline")
        assert phone.execute_script(f"return localStorage.getItem('wheelhouse.queue.{created['joinCode']}')") is None

        # The export holds what the facilitator may see: a blind round once it is revealed.
        facilitator_says(server, created, {"type": "revealRound", "round": "importance"})
        export = export_of(server, created)
        for competence, value in ((first, 4), (second, 5), (third, 2)):
            stats = importance_of(export, competence)
            assert stats["count"] == 1 and abs(stats["mean"] - value) < 1e-9, (competence, stats)
    finally:
        for driver in drivers:
            driver.quit()
        proxy.close()
