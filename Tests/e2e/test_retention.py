"""Retention: workshops older than --retention-days are deleted for good (every table, the
WAL too), unless their facilitator kept them longer; the console is told two weeks before.
The server's clock is moved with WHEELHOUSE_TEST_CLOCK_OFFSET_DAYS (for tests only)."""

import asyncio
import sqlite3
import time
from datetime import datetime, timedelta, timezone

from conftest import Server
from wsclient import Client, create_workshop

NAME = "Karen Sletmig"
IDEA = "idé-der-skal-væk-efter-tredive-dage"


class RetainingServer(Server):
    def __init__(self, data, days=None):
        super().__init__(data)
        self.days = days

    def command(self):
        return super().command() + (["--retention-days", str(self.days)] if self.days is not None else [])


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def retention(server, created, token=None):
    headers = {"Authorization": f"Bearer {token or created['facilitatorToken']}"}
    return server.request("GET", f"/api/workshops/{created['id']}/retention", headers=headers)


def keep(server, created, days):
    headers = {"Authorization": f"Bearer {created['facilitatorToken']}"}
    return server.request("POST", f"/api/workshops/{created['id']}/retention", {"days": days}, headers=headers)


def test_the_facilitator_sees_when_and_can_keep_it_longer(tmp_path, monkeypatch):
    server = Server(tmp_path / "data").start()
    try:
        created = create_workshop(server)
        status, body = retention(server, created)
        assert status == 200, body
        assert body["retentionDays"] == 180 and body["warning"] is False
        expected = datetime.now(timezone.utc) + timedelta(days=180)
        assert abs((when(body["deleteAfter"]) - expected).total_seconds()) < 120
        assert retention(server, created, token="wrong-token-wrong-token")[0] == 401
        for days in (0, 366, -5):
            status, refused = keep(server, created, days)
            assert status == 400 and refused["error"]["code"] == "invalid_value", refused
        status, kept = keep(server, created, 365)
        assert status == 200
        assert abs((when(kept["deleteAfter"]) - (datetime.now(timezone.utc) + timedelta(days=365))).total_seconds()) < 120
        # Asking for less never shortens it.
        assert keep(server, created, 10)[1]["deleteAfter"] == kept["deleteAfter"]
        other = create_workshop(server)
    finally:
        server.stop()
    # Ten days before the end the console is warned.
    monkeypatch.setenv("WHEELHOUSE_TEST_CLOCK_OFFSET_DAYS", "170")
    later = Server(tmp_path / "data").start()
    try:
        assert retention(later, other)[1]["warning"] is True
        assert retention(later, created)[1]["warning"] is False
    finally:
        later.stop()


async def fill(server, created):
    console = Client(server, "facilitator")
    await console.connect(workshop=created["id"], token=created["facilitatorToken"])
    assert (await console.send({"type": "openRound", "round": "ideas"}))["type"] == "ack"
    phone = Client(server, "participant")
    await phone.connect(code=created["joinCode"], name=NAME)
    assert (await phone.send({"type": "submitIdea", "text": IDEA}))["type"] == "ack"
    await phone.close()
    await console.close()


def test_expired_workshops_leave_the_file_and_kept_ones_stay(tmp_path, monkeypatch):
    data = tmp_path / "data"
    server = RetainingServer(data, days=30).start()
    try:
        expired = create_workshop(server)
        kept = create_workshop(server)
        asyncio.run(fill(server, expired))
        asyncio.run(fill(server, kept))
        assert keep(server, kept, 60)[0] == 200
    finally:
        server.stop()

    monkeypatch.setenv("WHEELHOUSE_TEST_CLOCK_OFFSET_DAYS", "31")
    later = RetainingServer(data, days=30).start()
    try:
        deadline = time.monotonic() + 20
        while later.request("GET", f"/api/workshops/{expired['id']}")[0] != 404:
            assert time.monotonic() < deadline, "the expired workshop was not deleted"
            time.sleep(0.2)
        assert later.request("GET", f"/api/workshops/{kept['id']}")[0] == 200
    finally:
        later.stop()

    database = data / "wheelhouse.sqlite"
    with sqlite3.connect(database) as db:
        for table, column in (("workshops", "id"), ("events", "workshop_id"), ("operations", "workshop_id")):
            assert db.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (expired["id"],)).fetchone()[0] == 0, table
        assert db.execute("SELECT count(*) FROM events WHERE workshop_id = ?", (kept["id"],)).fetchone()[0] > 0
        log = db.execute("SELECT * FROM deletions").fetchall()
        columns = [row[1] for row in db.execute("PRAGMA table_info(deletions)")]
    assert columns == ["created_at", "deleted_at", "reason"]  # not which, not what
    assert [row[2] for row in log] == ["retention"]
    assert expired["id"].encode() not in b"".join(path.read_bytes() for path in data.glob("wheelhouse.sqlite*"))
    # Gone from the bytes of the file and its WAL, not only from the tables: the kept
    # workshop's copy of the same texts is the only one left.
    raw = b"".join(path.read_bytes() for path in data.glob("wheelhouse.sqlite*"))
    assert raw.count(IDEA.encode()) == 1 and raw.count(NAME.encode()) == 1
    assert expired["joinCode"].encode() not in raw


def test_the_console_shows_the_date_warns_and_keeps_it_longer(tmp_path, monkeypatch):
    import pytest
    from test_no_other_origin import CHROMEDRIVER, CHROMIUM, browser
    from pathlib import Path
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("needs chromium and chromium-driver")
    monkeypatch.setenv("WHEELHOUSE_TEST_CLOCK_OFFSET_DAYS", "170")  # ten days left
    server = Server(tmp_path / "data").start()
    driver = browser()
    try:
        created = create_workshop(server)
        driver.get(f"{server.url}/facilitator.html?w={created['id']}")
        # A browser that does not keep the token yet: type it, as a facilitator on another laptop.
        WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-token-input]").is_displayed())
        driver.find_element(By.CSS_SELECTOR, "[data-token-input]").send_keys(created["facilitatorToken"])
        driver.find_element(By.CSS_SELECTOR, "[data-token-form]").submit()
        notice = WebDriverWait(driver, 15).until(
            lambda d: (d.find_elements(By.CSS_SELECTOR, "[data-retention]") or [None])[0]
            if d.execute_script("const e = document.querySelector('[data-retention]'); return e && e.textContent") else None)
        assert "slettes automatisk" in notice.text and "Eksportér" in notice.text, notice.text
        before = retention(server, created)[1]["deleteAfter"]
        button = driver.find_element(By.CSS_SELECTOR, "[data-keep-longer]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        WebDriverWait(driver, 15).until(lambda d: "Eksportér" not in d.find_element(By.CSS_SELECTOR, "[data-retention]").text)
        after = retention(server, created)[1]
        assert after["deleteAfter"] > before and after["warning"] is False
    finally:
        driver.quit()
        server.stop()


def test_retention_zero_keeps_workshops_for_ever(tmp_path):
    server = RetainingServer(tmp_path / "data", days=0).start()
    try:
        created = create_workshop(server)
        time.sleep(1.5)  # past the moment a sweep would run
        status, body = retention(server, created)
        assert status == 200 and body == {"retentionDays": 0, "warning": False}
        assert server.process.poll() is None
    finally:
        server.stop()
