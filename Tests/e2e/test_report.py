"""What the team takes home: the printable report, and the console around it.

- A workshop and its re-run are filled over the protocol (five phones rate importance and
  level, the facilitator reveals, dots, ideas, two actions). Headless Chromium prints the
  re-run's report to PDF (`--print-to-pdf`, as a person's "Save as PDF" would); pdftotext
  reads it back: the title, the ranking in the export's order with the report's numbers,
  the role profile and the change since the earlier run, each action's text and owner.
- The console (Selenium): "My workshops" lists the workshops this browser holds a token
  for; delete asks first and removes the workshop for good (the API then says 404); a
  re-run made from the console shows each competence's change and the role profile's
  expected level on the board; the exports download with the token; a phone shows the
  action plan once the board is on it.

Needs Debian's chromium, chromium-driver and poppler-utils (scripts/test installs them).
"""

import asyncio
import json
import re
import shutil
import subprocess
import time
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import OUTPUT
from test_browser import CHROMIUM, CHROMEDRIVER, all_css, css, make_driver, shot, text_of, wait, wait_css
from wsclient import Client

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="needs chromium, chromium-driver and poppler-utils")

# MARK: a workshop's answers

# Five participants' ratings per competence, in the wheel order of kl-base. 0 is "don't know".
IMPORTANCE = [
    [5, 4, 5, 4, 4], [4, 4, 3, 5, 4], [5, 5, 5, 4, 5], [3, 2, 4, 3, 3], [2, 3, 2, 1, 3], [4, 5, 4, 4, 3],
    [2, 1, 2, 3, 2], [4, 3, 4, 4, 5], [5, 4, 4, 5, 5], [3, 3, 2, 4, 3], [1, 5, 2, 5, 1], [3, 4, 3, 3, 0],
]
LEVEL = [
    [3, 2, 3, 3, 2], [2, 1, 2, 2, 3], [3, 3, 2, 4, 3], [3, 3, 3, 2, 4], [2, 2, 1, 2, 2], [3, 3, 3, 4, 3],
    [2, 2, 3, 2, 2], [4, 4, 3, 4, 4], [2, 3, 1, 2, 2], [2, 2, 3, 2, 2], [1, 2, 1, 2, 1], [3, 3, 2, 3, 3],
]
# The earlier run: the same team half a year before, less practised.
IMPORTANCE_BEFORE = [[max(1, v - (j + i) % 2) if v else 0 for i, v in enumerate(row)] for j, row in enumerate(IMPORTANCE)]
LEVEL_BEFORE = [[max(1, v - 1 + (j + i) % 2) for i, v in enumerate(row)] for j, row in enumerate(LEVEL)]
# Each phone's dots (5 each, at most 3 on one competence), by competence index.
DOTS = [{2: 3, 8: 2}, {8: 3, 0: 2}, {2: 2, 1: 2, 0: 1}, {1: 3, 8: 2}, {2: 2, 7: 1, 10: 2}]

TITLE = 'Hjemmeplejen Nord – "opfølgning" <2027>'  # quotes and brackets: text, never markup or CSS
ACTIONS = [
    ("Phishing-øvelse på teammødet <b>hver</b> måned", "Omar Haddad", "2027-01-15", "doing"),
    ("Superbrugernetværk for omsorgssystemet", "Lise Kjær", "2027-03-01", "planned"),
]


async def fill(server, created, importance, level, dots=DOTS, ideas=(), actions=(), competences=None):
    """Five phones answer; the facilitator reveals each round, approves ideas, saves actions."""
    competences = competences or wheel_ids(server, created["id"])
    facilitator = Client(server, "facilitator")
    await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
    phones = []
    for i in range(5):
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"], token=f"report-{created['id']}-{i}".ljust(24, "x"), name=f"Deltager {i + 1}")
        phones.append(phone)

    async def ack(client, message):
        reply = await client.send(message)
        assert reply["type"] == "ack", (message, reply)
        return reply

    async def phase(round_, answer):
        await ack(facilitator, {"type": "openRound", "round": round_})
        await asyncio.gather(*(answer(i, phone) for i, phone in enumerate(phones)))
        await ack(facilitator, {"type": "revealRound", "round": round_})

    for round_, table in (("importance", importance), ("level", level)):
        async def rate(i, phone, table=table, round_=round_):
            for j, competence in enumerate(competences):
                await ack(phone, {"type": "rate", "round": round_, "competence": competence, "value": table[j][i]})
        await phase(round_, rate)

    async def vote(i, phone):
        for j, count in dots[i].items():
            await ack(phone, {"type": "setDots", "competence": competences[j], "count": count})
    await phase("dots", vote)

    if ideas:
        await ack(facilitator, {"type": "openRound", "round": "ideas"})
        for i, (text, competence) in enumerate(ideas):
            reply = await ack(phones[i % 5], {"type": "submitIdea", "text": text, **({"competence": competence} if competence else {})})
            await ack(facilitator, {"type": "moderateIdea", "idea": reply["idea"], "approve": True})
        await ack(facilitator, {"type": "revealRound", "round": "ideas"})
    for k, (what, owner, due, status) in enumerate(actions):
        await ack(facilitator, {"type": "saveAction", "action": {
            "id": f"a{k + 1}", "competence": competences[[2, 0][k % 2]], "what": what, "owner": owner, "due": due, "status": status}})
    for client in (facilitator, *phones):
        await client.close()


def wheel_ids(server, workshop_id):
    status, wheel = server.request("GET", f"/api/workshops/{workshop_id}/wheel")
    assert status == 200
    return [c["id"] for d in wheel["dimensions"] for c in d["competences"]]


def create(server, **body):
    status, created = server.request("POST", "/api/workshops", body)
    assert status == 201, created
    return created


def export_of(server, created):
    status, data = server.request("GET", f"/api/workshops/{created['id']}/export.json",
                                  headers={"Authorization": f"Bearer {created['facilitatorToken']}"})
    assert status == 200 and data["format"] == "wheelhouse-export" and data["version"] == 1, data
    return data


# MARK: numbers as the report prints them (js/i18n.js in Danish)

def num(value, digits=1):
    """Intl.NumberFormat('da-DK'): halves of the exact value round up, decimal comma."""
    if value is None:
        return "–"
    text = str(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    return text.replace("-", "").replace(".", ",") if digits else text.replace("-", "")


def signed(value, digits=1):
    if value is None:
        return "–"
    text = num(abs(value), digits)
    if text == num(0, digits):
        return text
    return ("+" if value > 0 else "−") + text


def change(value, digits=1):
    if value is None:
        return ""
    text = signed(value, digits)
    if text == num(0, digits):
        return f"± {text}"
    return ("▲ " if value > 0 else "▼ ") + text


def rank_change(value):
    return "=" if value == 0 else ("▲ " if value < 0 else "▼ ") + str(abs(value))


MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]


def danish_date(moment):
    """toLocaleDateString('da-DK', {day: 'numeric', month: 'long', year: 'numeric'}), local time."""
    local = moment.astimezone()
    return f"{local.day}. {MONTHS[local.month - 1]} {local.year}"


def section(text, start, end):
    """The lines of the PDF text between two headings."""
    begin = text.index(start)
    return text[begin:text.index(end, begin)].splitlines()


def tokens_line(tokens):
    """A regex for one table row: the tokens in order, separated by spaces only. Inside a
    token a space may vanish: pdftotext drops narrow ones ("▲ 1" comes out as "▲1")."""
    token = lambda text: r"\s*".join(re.escape(part) for part in text.split(" "))
    return re.compile(r"^\s*" + r"\s+".join(token(t) for t in tokens if t != "") + r"\s*$")


# MARK: the report, printed

def test_report_prints_to_pdf_with_ranking_and_action_plan(server):
    earlier = create(server, title="Hjemmeplejen Nord – workshop 1", plugins=["kl-base"],
                     settings={"roleProfile": "medarbejder-borgernaer"})
    asyncio.run(fill(server, earlier, IMPORTANCE_BEFORE, LEVEL_BEFORE))
    rerun = create(server, title=TITLE, rerunOf=earlier["id"])
    ideas = [("Makkerpar til det nye omsorgssystem", "brugerkompetencer"), ("Fast IT-café hver torsdag", None)]
    asyncio.run(fill(server, rerun, IMPORTANCE, LEVEL, ideas=ideas, actions=ACTIONS))
    data = export_of(server, rerun)
    assert data["rerunOf"] == earlier["id"] and data["workshop"]["settings"]["roleProfile"] == "medarbejder-borgernaer"
    titles = {c["id"]: c["title"]["da"] for d in data["framework"]["dimensions"] for c in d["competences"]}

    OUTPUT.mkdir(exist_ok=True)
    pdf = OUTPUT / "report.pdf"
    pdf.unlink(missing_ok=True)
    token = rerun["facilitatorToken"]
    url = f"{server.url}/report.html?w={rerun['id']}#token={token}"
    started = time.monotonic()
    printed = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--run-all-compositor-stages-before-draw",
         "--virtual-time-budget=10000", f"--print-to-pdf={pdf}", url],
        capture_output=True, text=True, timeout=120)
    assert pdf.exists() and pdf.stat().st_size > 10_000, f"no PDF ({printed.returncode}): {printed.stderr[-2000:]}"
    print(f"printed in {time.monotonic() - started:.1f} s")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    (OUTPUT / "report.txt").write_text(text)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-r", "110", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(OUTPUT / "report-page1")], check=True)
    subprocess.run(["pdftoppm", "-r", "110", "-f", "2", "-l", "2", "-png", "-singlefile", str(pdf), str(OUTPUT / "report-page2")], check=True)

    # A4, titled after the workshop; the title is text (quotes and brackets included), in the footer too.
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert f"Title:           {TITLE} – Rapport" in info
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[:2] == ["DIGITALE KOMPETENCER · RAPPORT FRA WORKSHOPPEN", TITLE], lines[:3]
    assert f"{TITLE} · Wheelhouse-rapport" in text and "Side 1 af" in text
    # The token was in the address only: it is printed nowhere (no browser header or footer with the URL).
    assert token not in text and token.encode() not in pdf.read_bytes()
    head = "\n".join(section(text, TITLE, "Kort fortalt"))
    created = datetime.fromisoformat(data["createdAt"].replace("Z", "+00:00"))
    for label, fact in (("Dato", danish_date(created)), ("Deltagere", "5 deltagere"),
                        ("Hjul og plugins", f"Kompetencehjulet – KL's basishjul {data['workshop']['plugins'][0]['version']}"),
                        ("Rolleprofil", "Borgernær medarbejder"), ("Sammenlignet med", "Hjemmeplejen Nord – workshop 1"),
                        ("Deltagerkode", rerun["joinCode"])):
        assert re.search(rf"(^|\s{{2}}){re.escape(label)}\s+{re.escape(fact)}(\s{{2}}|\s*$)", head, re.M), (label, fact, head)

    # The ranking: every competence in the export's order, with the numbers as printed.
    rows = sorted(data["results"]["competences"], key=lambda r: r["rank"])
    ranking = section(text, "Prioriteret rækkefølge", "Gab = betydning − niveau")
    found = []
    for line in ranking:
        match = re.match(r"^\s*(\d+)\s+(\S.*?)\s{2,}", line)
        if match and match.group(2).strip() in titles.values():
            found.append((int(match.group(1)), match.group(2).strip(), line))
    assert [(rank, name) for rank, name, _ in found] == [(r["rank"], titles[r["competence"]]) for r in rows], \
        "\n".join(line for *_, line in found)
    for row, (_, _, line) in zip(rows, found):
        expected = [str(row["rank"]), titles[row["competence"]], num(row["importance"].get("mean")), num(row["level"].get("mean")),
                    signed(row.get("gap")), str(row["dots"]), num(row["priority"], 0), "Ja" if row["disagreement"] else ""]
        assert tokens_line(expected).match(line), f"ranking row {row['competence']}: {line!r}, expected {expected}"
    assert any(r["disagreement"] for r in rows), "the data has a split team somewhere"

    # The role profile beside the team's level, and the change since the earlier run.
    profile = section(text, "Sammenlignet med rolleprofilen", "Forskel = teamets niveau")
    levels = {r["competence"]: r for r in data["results"]["competences"]}
    for competence in ("brugerkompetencer", "digital-vejledning"):
        row = levels[competence]
        expected = [titles[competence], str(row["expectedLevel"]), num(row["level"]["mean"]), signed(row["level"]["mean"] - row["expectedLevel"])]
        assert any(tokens_line(expected).match(line) for line in profile), (expected, profile)
    changes = section(text, "Udviklingen siden sidst", "▲ steget, ▼ faldet")
    for row in rows[:4]:
        ch = row["change"]
        expected = [titles[row["competence"]], num(row["importance"]["mean"]), change(ch.get("importance")),
                    num(row["level"]["mean"]), change(ch.get("level")), signed(row.get("gap")), change(ch.get("gap")),
                    str(row["rank"]), rank_change(ch["rank"])]
        assert any(tokens_line(expected).match(line) for line in changes), (expected, changes)

    # The action plan: each action's text, owner, date and status as one row, in reading
    # order (a long text wraps in its cell), and as text: the <b> is not markup.
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    plan = " ".join(" ".join(section(raw, "Handlingsplan", "Teamets idéer")).split())
    statuses = {"planned": "Planlagt", "doing": "I gang", "done": "Færdig"}
    for what, owner, due, status in ACTIONS:
        year, month, day = map(int, due.split("-"))
        row = f"{what} {owner} {day}. {MONTHS[month - 1]} {year} {statuses[status]}"
        assert row in plan, (row, plan)
    ideas_text = " ".join(" ".join(section(raw, "Teamets idéer", "Lavet med Wheelhouse")).split())
    for idea, _ in ideas:
        assert idea in ideas_text, (idea, ideas_text)


def test_report_page_needs_the_token_and_drops_it_from_the_address(server):
    created = create(server, title="Rapport uden nøgle", plugins=["kl-base"])
    driver = make_driver(1280, 900)
    try:
        driver.get(f"{server.url}/report.html?w={created['id']}")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.ready") == "error", message="no error shown")
        assert all_css(driver, '[data-report-error="report.noToken"]'), "asks for the console without a token"
        driver.get("about:blank")  # a new fragment alone would not load the page again
        driver.get(f"{server.url}/report.html?w={created['id']}#token={'x' * 32}")
        wait_css(driver, '[data-report-error="report.tokenWrong"]')
        driver.get("about:blank")
        driver.get(f"{server.url}/report.html?w={created['id']}#token={created['facilitatorToken']}")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.ready") == "yes", message="report not drawn")
        assert driver.execute_script("return location.hash") == "", "the token left the address bar"
        assert text_of(driver, "[data-report-title]") == "Rapport uden nøgle"
        driver.refresh()  # the tab keeps the token (sessionStorage), so a reload works
        wait(driver, lambda d: d.execute_script("return document.body.dataset.ready") == "yes", message="reload lost the token")
        # No rounds yet: the report still reads, and says so.
        assert "Ingen handlinger aftalt endnu." in text_of(driver, '[data-section="actions"]')
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "401" not in e["message"]]
        assert not errors, errors
    finally:
        driver.quit()


# MARK: the console: my workshops, delete, re-run, exports; the board and a phone

def test_console_lists_deletes_and_reruns_workshops(server, tmp_path):
    earlier = create(server, title="Hjemmeplejen Nord – workshop 1", plugins=["kl-base"],
                     settings={"roleProfile": "medarbejder-borgernaer"})
    asyncio.run(fill(server, earlier, IMPORTANCE_BEFORE, LEVEL_BEFORE))
    doomed = create(server, title="Prøveworkshop der skal slettes", plugins=["kl-base"])
    drivers = []
    try:
        console = make_driver(1440, 900)
        drivers.append(console)
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        console.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        console.get(server.url + "/facilitator.html")
        now = int(time.time() * 1000)
        known = {w["id"]: {"token": w["facilitatorToken"], "title": title, "code": w["joinCode"], "created": now - age}
                 for w, title, age in ((earlier, "Hjemmeplejen Nord – workshop 1", 86_400_000), (doomed, "Prøveworkshop der skal slettes", 0))}
        console.execute_script("localStorage.setItem('wheelhouse.facilitator', arguments[0])", json.dumps(known))
        console.refresh()

        # --- My workshops: both, newest first, with title, code, date and what happened.
        wait(console, lambda d: len(all_css(d, "[data-mine-list] [data-workshop]")) == 2, message="list of my workshops")
        wait(console, lambda d: all(e.get_attribute("data-status") == "ok" for e in all_css(d, "[data-mine-list] [data-workshop]")),
             message="workshops not loaded with their tokens")
        items = console.execute_script("return [...document.querySelectorAll('[data-mine-list] [data-workshop]')].map(e => e.dataset.workshop)")
        assert items == [doomed["id"], earlier["id"]]
        meta = text_of(console, f'[data-workshop="{earlier["id"]}"] [data-mine-meta]')
        day = danish_date(datetime.fromtimestamp((now - 86_400_000) / 1000, timezone.utc))
        assert meta == f"Kode {earlier['joinCode']} · {day} · 5 deltagere", meta
        assert text_of(console, f'[data-workshop="{earlier["id"]}"] [data-mine-title]') == "Hjemmeplejen Nord – workshop 1"
        report = css(console, f'[data-mine-report="{earlier["id"]}"]').get_attribute("href")
        assert report.endswith(f"/report.html?w={earlier['id']}#token={earlier['facilitatorToken']}")

        # --- Delete asks first, then removes the workshop for good.
        css(console, f'[data-mine-delete="{doomed["id"]}"]').click()
        panel = wait_css(console, f'[data-delete-panel="{doomed["id"]}"]')
        assert "Prøveworkshop der skal slettes" in panel.text and "kan ikke fortrydes" in panel.text
        assert server.request("GET", f"/api/workshops/{doomed['id']}")[0] == 200, "nothing happens before the confirmation"
        css(console, f'[data-delete-cancel="{doomed["id"]}"]').click()
        assert not all_css(console, f'[data-delete-panel="{doomed["id"]}"]')
        css(console, f'[data-mine-delete="{doomed["id"]}"]').click()
        css(console, f'[data-delete-confirm="{doomed["id"]}"]').click()
        wait(console, lambda d: not all_css(d, f'[data-workshop="{doomed["id"]}"]'), message="deleted workshop still listed")
        assert server.request("GET", f"/api/workshops/{doomed['id']}")[0] == 404
        stored = console.execute_script("return JSON.parse(localStorage.getItem('wheelhouse.facilitator'))")
        assert doomed["id"] not in stored and earlier["id"] in stored
        console.execute_script("window.scrollTo(0, 0)")
        shot(console, "console-mine.png")

        # --- Run it again: a new workshop compared with the earlier one, same plugins and settings.
        css(console, f'[data-mine-rerun="{earlier["id"]}"]').click()
        title_input = wait_css(console, f'[data-rerun-title="{earlier["id"]}"]')
        assert title_input.get_attribute("value") == "Hjemmeplejen Nord – workshop 1 – opfølgning"
        title_input.clear()
        title_input.send_keys("Hjemmeplejen Nord – workshop 2")
        shot(console, "console-rerun.png")
        css(console, f'[data-rerun-submit="{earlier["id"]}"]').click()
        wait(console, lambda d: "w=" in d.current_url and earlier["id"] not in d.current_url, message="console of the re-run")
        new_id = console.execute_script("return new URLSearchParams(location.search).get('w')")
        wait(console, lambda d: "Hjemmeplejen Nord – workshop 1" in (text_of(d, f'[data-rerun-of="{earlier["id"]}"]') or ""),
             message="the console does not name the earlier run")
        status, snapshot = server.request("GET", f"/api/workshops/{new_id}")
        assert status == 200 and snapshot["workshop"]["rerunOf"] == earlier["id"]
        assert snapshot["workshop"]["settings"].get("roleProfile") == "medarbejder-borgernaer"
        assert [p["id"] for p in snapshot["workshop"]["plugins"]] == ["kl-base"]
        stored = console.execute_script("return JSON.parse(localStorage.getItem('wheelhouse.facilitator'))")
        rerun = {"id": new_id, "facilitatorToken": stored[new_id]["token"], "joinCode": snapshot["workshop"]["joinCode"]}
        assert stored[new_id]["rerunOf"] == earlier["id"]
        wait(console, lambda d: css(d, "[data-conn-chip]").get_attribute("data-status") == "saved", message="console not live")
        css(console, "[data-link-close]").click()  # the new workshop's facilitator link, shown once

        # --- The re-run is played; the board shows each competence's change and the expected level.
        asyncio.run(fill(server, rerun, IMPORTANCE, LEVEL))
        data = export_of(server, rerun)
        rows = {r["competence"]: r for r in data["results"]["competences"]}
        board = make_driver(1920, 1080)
        drivers.append(board)
        board.get(f"{server.url}/board.html?w={new_id}")
        css(console, '[data-focus-view="ranking"]').click()
        ranked = wait(board, lambda d: (r := d.execute_script(
            "return [...document.querySelectorAll('[data-rank-row]')].map(e => ({...e.dataset, text: e.textContent}))")) and len(r) == 12 and r,
            message="no ranking on the board")
        for row in ranked:
            tally = rows[row["competence"]]
            ch = tally["change"]
            for key, attribute in (("importance", "changeImportance"), ("level", "changeLevel"), ("gap", "changeGap")):
                assert abs(float(row[attribute]) - ch[key]) < 0.006, (row["competence"], key, row[attribute], ch[key])
            assert change(ch["importance"]) in row["text"] and change(ch["level"]) in row["text"], row["text"]
            assert row["expected"] == str(tally["expectedLevel"]), row
        assert "ændringen siden sidste workshop" in text_of(board, "[data-results-note]")
        time.sleep(0.3)
        shot(board, "board-ranking-rerun.png")
        css(console, '[data-focus-view="wheel"]').click()
        segments = wait(board, lambda d: (s := d.execute_script(
            "return [...document.querySelectorAll('.wheel-segment')].map(g => ({...g.dataset}))")) and s[0].get("changeLevel") and s,
            message="no changes on the wheel")
        for segment in segments:
            assert segment["expected"] == str(rows[segment["competence"]]["expectedLevel"])
        subs = board.execute_script("return [...document.querySelectorAll('.wheel-sub')].map(e => e.textContent)")
        assert len(subs) == 12 and all("·" in sub for sub in subs), subs
        time.sleep(1.2)
        shot(board, "board-wheel-rerun.png")
        css(console, '[data-focus-view="matrix"]').click()
        wait(board, lambda d: len(all_css(d, "[data-trail]")) >= 1, message="no trails from the earlier run on the matrix")
        shot(board, "board-matrix-rerun.png")

        # --- Exports from the console: with the token, as files.
        css(console, '[data-export="csv-semicolon"]').click()
        css(console, '[data-export="json"]').click()
        excel = downloads / f"wheelhouse-{new_id}-excel.csv"
        exported = downloads / f"wheelhouse-{new_id}.json"
        wait(console, lambda d: excel.exists() and exported.exists(), message="exports not downloaded")
        wait(console, lambda d: not list(downloads.glob("*.crdownload")))
        content = excel.read_bytes()
        lines = content.splitlines()
        assert content.startswith(b"\xef\xbb\xbf# anonymity: ") and b";" not in lines[0], content[:80]
        assert b";" in lines[1], lines[1][:80]  # the header, for Danish Excel
        assert json.loads(exported.read_text())["format"] == "wheelhouse-export"
        report_href = css(console, '[data-export="report"]').get_attribute("href")
        assert report_href.endswith(f"/report.html?w={new_id}#token={rerun['facilitatorToken']}")

        # --- A phone shows the action plan: below its screen once there is one, and as the
        # screen when the board shows the plan.
        phone = make_driver(360, 640, phone=True)
        drivers.append(phone)
        phone.get(f"{server.url}/join.html?code={rerun['joinCode']}")
        css(phone, "[data-join-submit]").click()
        wait(phone, lambda d: css(d, '[data-screen="app"]').is_displayed(), message="phone did not join")
        css(console, "[data-action-what]").send_keys("Makkerordning for nye kolleger")
        css(console, "[data-action-owner]").send_keys("Karin")
        console.execute_script("arguments[0].scrollIntoView({block: 'center'})", css(console, "[data-action-add]"))
        css(console, "[data-action-add]").click()
        wait(phone, lambda d: "Makkerordning for nye kolleger" in (text_of(d, "[data-plan-section]") or ""), message="no plan below the phone's screen")
        css(console, '[data-focus="actions"]').click()
        wait(phone, lambda d: "Makkerordning for nye kolleger" in (text_of(d, "[data-phone-plan]") or "")
             and "Handlingsplan" in (text_of(d, "[data-round-title]") or ""), message="phone does not show the plan")
        assert "Ansvarlig: Karin" in text_of(phone, "[data-phone-plan]")
        width = phone.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, f"phone page is {width}px wide"
        shot(phone, "phone-plan.png")

        for driver in drivers:
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert not errors, errors
    finally:
        for driver in drivers:
            driver.quit()
