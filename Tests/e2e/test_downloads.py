"""Results that travel (issue 16): the console's downloads, clicked in headless Chromium with
its downloads going to a temporary folder (CDP Browser.setDownloadBehavior).

- Each board result view downloads as SVG and PNG, drawn by the board's own modules: the
  wheel's file has the board's segments (importance, level), value texts and overlay values
  for the same workshop and overlays; the matrix's file the board's points; the list views'
  files the board's rows in the board's order. The SVG stands alone (no class needs a
  stylesheet: fills, strokes and fonts are attributes). The PNG decodes with Pillow, has a
  sensible size and is not blank.
- The slide pack is a zip that Python's zipfile opens and checks (CRC-32), with an SVG and a
  PNG of every view. The zip writer itself is checked against zipfile and zlib with names in
  UTF-8, an empty file and binary data.
- The action plan downloads as .ics (with the token): one all-day event per dated action.
"""

import base64
import io
import time
import xml.etree.ElementTree as ET
import zipfile
import zlib
from datetime import date

import pytest

from browser import all_css, css, make_driver, needs_chromium, wait
from test_overlays import THIN, choose, open_console, rerun_workshop, show

pytestmark = needs_chromium

SVG = "{http://www.w3.org/2000/svg}"
VIEWS = ["wheel", "ranking", "matrix", "dots", "points", "priority", "ideas"]
ACTIONS = [
    ("Phishing-øvelse på teammødet", "Omar Haddad", "2027-01-15"),
    ("Superbrugernetværk for omsorgssystemet", "Lise Kjær", "2027-03-01"),
    ("Tal om skærmtid", "Mette", None),  # no date: no event
]
IDEAS = ["Makkerpar på nye medarbejdere", "Fast tid til øvelse hver fredag"]


def downloads_to(driver, folder):
    folder.mkdir(exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder), "eventsEnabled": True})
    return folder


def fetch(driver, folder, selector, name, timeout=30):
    """Clicks the real button `selector` and waits for the file `name` to be complete."""
    target = folder / name
    if target.exists():
        target.unlink()
    button = css(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    wait(driver, lambda d: target.exists() and not list(folder.glob("*.crdownload")) and target.stat().st_size > 0,
         timeout=timeout, message=f"{name} not downloaded")
    time.sleep(0.2)
    return target.read_bytes()


def board_wheel(board):
    return board.execute_script(
        "return [...document.querySelectorAll('.wheel-segment')].map(g => ({id: g.dataset.competence, importance: g.dataset.importance || null,"
        " level: g.dataset.level || null, withheld: g.dataset.withheld || null,"
        " value: document.querySelector(`.wheel-value[data-competence='${g.dataset.competence}']`).textContent,"
        " label: [...document.querySelectorAll(`.wheel-label[data-competence='${g.dataset.competence}'] tspan`)].map(t => t.textContent).join(' ')}))")


def board_layers(board):
    return board.execute_script(
        "return [...document.querySelectorAll('.wheel-layer')].map(e => [e.dataset.layer, e.dataset.competence, e.getAttribute('display') === 'none' ? null : e.dataset.value])")


def text(el):
    return "".join(el.itertext())


def by_class(root, cls):
    return [e for e in root.iter() if cls in (e.get("class") or "").split()]


def file_wheel(root):
    values = {e.get("data-competence"): text(e) for e in by_class(root, "wheel-value")}
    # Names are in lines (tspans) laid out for the drawing's size: compared as words.
    labels = {e.get("data-competence"): " ".join(text(t) for t in e) for e in by_class(root, "wheel-label")}
    return [{"id": g.get("data-competence"), "importance": g.get("data-importance"), "level": g.get("data-level"),
             "withheld": g.get("data-withheld"), "value": values[g.get("data-competence")], "label": labels[g.get("data-competence")]}
            for g in by_class(root, "wheel-segment")]


def file_layers(root):
    return [[g.get("data-layer"), g.get("data-competence"), None if g.get("display") == "none" else g.get("data-value")]
            for g in by_class(root, "wheel-layer")]


def check_png(data, min_width):
    from PIL import Image  # Pillow (Tests/e2e/requirements.txt)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    width, height = image.size
    assert width >= min_width and 300 <= height <= 6000, image.size
    colours = image.convert("RGB").resize((200, max(1, int(200 * height / width)))).getcolors(maxcolors=100000)
    assert colours and len(colours) > 20, "the PNG is blank or nearly so"
    # Mostly white paper, but a good part drawn.
    white = sum(n for n, c in colours if min(c) > 245)
    assert white < 0.97 * sum(n for n, _ in colours), "the PNG is nearly all white"


def test_result_views_download_as_the_board_draws_them(server, tmp_path):
    rerun, data, competences = rerun_workshop(server, actions=ACTIONS, ideas=IDEAS)
    console = open_console(server, rerun)
    board = make_driver(1920, 1080)
    folder = downloads_to(console, tmp_path / "downloads")
    wid = rerun["id"]
    try:
        board.get(f"{server.url}/board.html?w={wid}")
        choose(console, ["roleProfile", "earlier", "group:sosu"])
        show(console, "wheel")
        wait(board, lambda d: len({layer for layer, _, _ in board_layers(d)}) == 3, message="board has no overlays")
        wait(board, lambda d: all(s["value"] for s in board_wheel(d)), message="board wheel has no values")

        # --- The wheel: the same segments, texts and overlays as the board's.
        svg = fetch(console, folder, '[data-download="wheel:svg"]', f"wheelhouse-{wid}-wheel.svg")
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg" and root.get("width") and root.get("height")
        assert file_wheel(root) == board_wheel(board)
        assert sorted(file_layers(root)) == sorted(board_layers(board))
        withheld = [s for s in file_wheel(root) if s["id"] == competences[THIN]][0]
        assert withheld["level"] is None and "for få svar" in withheld["value"], withheld
        # It stands alone: no stylesheet needed, fills and fonts are attributes.
        assert b"<style" not in svg and b" style=" not in svg
        fills = [e for e in by_class(root, "wheel-fill")]
        assert fills and all(e.get("fill", "").startswith(("#", "rgb")) and "scale(" in (e.get("transform") or "") for e in fills)
        assert "sans-serif" in root.get("font-family", "")
        keys = [e.get("data-export-key") for e in root.iter() if e.get("data-export-key")]
        assert any("Borgernær medarbejder" in k for k in keys) and any("SOSU-hjælper" in k for k in keys) and "Sidste workshop" in keys, keys

        check_png(fetch(console, folder, '[data-download="wheel:png"]', f"wheelhouse-{wid}-wheel.png"), 1280)

        # --- The matrix: the board's points.
        show(console, "matrix")
        wait(board, lambda d: all_css(d, "[data-matrix-point]"), message="no matrix on the board")
        on_board = board.execute_script("return [...document.querySelectorAll('[data-matrix-point]')].map(e => [e.dataset.competence, e.dataset.importance, e.dataset.level]).sort()")
        root = ET.fromstring(fetch(console, folder, '[data-download="matrix:svg"]', f"wheelhouse-{wid}-matrix.svg"))
        in_file = sorted([e.get("data-competence"), e.get("data-importance"), e.get("data-level")] for e in root.iter() if e.get("data-matrix-point") is not None)
        assert in_file == on_board and len(in_file) == 11
        assert {e.get("data-layer") for e in root.iter() if e.get("data-layer")} == {"roleProfile", "earlier", "group:sosu"}
        check_png(fetch(console, folder, '[data-download="matrix:png"]', f"wheelhouse-{wid}-matrix.png"), 1640)

        # --- The list views: the board's rows, in the board's order, withheld as on the board.
        lists = {"ranking": ("[data-rank-row]", "gap"), "dots": ("[data-dots-row]", "dots"), "points": ("[data-tally-row]", "value"),
                 "priority": ("[data-priority-row]", "priority"), "ideas": ("[data-idea-ranking] [data-idea]", "backing")}
        for view, (selector, attribute) in lists.items():
            show(console, view)
            wait(board, lambda d: d.execute_script("return document.querySelector('[data-screen=results]')?.dataset.view") == view
                 and (view == "points" or all_css(d, selector)), message=f"board does not show {view}")
            time.sleep(0.3)
            rows = board.execute_script("return [...document.querySelectorAll(arguments[0])].map(e => [e.dataset.competence || e.dataset.idea, e.dataset[arguments[1]] ?? null, e.dataset.withheld || null])",
                                        selector, attribute)
            root = ET.fromstring(fetch(console, folder, f'[data-download="{view}:svg"]', f"wheelhouse-{wid}-{view}.svg"))
            found = [[e.get("data-competence") or e.get("data-idea"), e.get("data-gap", e.get("data-value")), e.get("data-withheld")]
                     for e in root.iter() if e.get("data-export-row") is not None]
            assert [r[0] for r in found] == [r[0] for r in rows], (view, found, rows)
            for (cid, value, held), (_, board_value, board_held) in zip(found, rows):
                assert bool(held) == bool(board_held), (view, cid)
                if board_value not in (None, "") and value not in (None, ""):
                    assert float(value) == pytest.approx(float(board_value), abs=0.006), (view, cid, value, board_value)
                else:
                    assert value in (None, "") and board_value in (None, "", "0") or view == "points", (view, cid, value, board_value)
            if view == "ideas":
                assert [text(e) for e in by_class(root, "export-label")][:1] and IDEAS[0] in "".join(text(e) for e in by_class(root, "export-label"))

        # --- The slide pack: every view, SVG and PNG, in a zip Python opens and checks.
        pack = fetch(console, folder, "[data-download-zip]", f"wheelhouse-{wid}-slides.zip", timeout=90)
        archive = zipfile.ZipFile(io.BytesIO(pack))
        assert archive.testzip() is None, "a CRC-32 does not match"
        names = archive.namelist()
        assert names == [f"{i + 1:02d}-{view}.{ext}" for i, view in enumerate(VIEWS) for ext in ("svg", "png")], names
        for name in names:
            body = archive.read(name)
            if name.endswith(".svg"):
                ET.fromstring(body)
            else:
                check_png(body, 1280)
        assert file_wheel(ET.fromstring(archive.read("01-wheel.svg"))) == file_wheel(ET.fromstring(svg))

        # --- The action plan as a calendar: one all-day event per dated action.
        import icalendar
        calendar = icalendar.Calendar.from_ical(fetch(console, folder, '[data-export="ics"]', f"wheelhouse-{wid}-actions.ics"))
        events = [e for e in calendar.walk("VEVENT")]
        dated = [a for a in ACTIONS if a[2]]
        assert len(events) == len(dated)
        for (what, owner, due), event in zip(sorted(dated), sorted(events, key=lambda e: str(e.get("SUMMARY")))):
            assert str(event.get("SUMMARY")).startswith(what), event.get("SUMMARY")
            start = event.decoded("DTSTART")
            assert start == date.fromisoformat(due) and not hasattr(start, "hour"), start
            assert owner in str(event.get("DESCRIPTION", "")) + str(event.get("SUMMARY"))
        assert not [e for e in console.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        console.quit()
        board.quit()


def test_the_zip_writer_makes_archives_zipfile_reads(server):
    driver = make_driver(800, 600)
    try:
        driver.get(server.url + "/facilitator.html")
        payload = bytes(range(256)) * 40 + b"\x00\xff" * 7
        out = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
            import('/js/export/zip.js').then(({ zipFiles, crc32 }) => {
              const zip = zipFiles([
                { name: 'hjul-æøå.svg', data: '<svg>Æbleø</svg>' },
                { name: 'tom.txt', data: new Uint8Array(0) },
                { name: 'mappe/data.bin', data: bytes },
              ], new Date(2027, 0, 15, 10, 30, 4));
              let binary = '';
              for (const b of zip) binary += String.fromCharCode(b);
              const crcs = ['', 'a', 'The quick brown fox jumps over the lazy dog'].map((s) => crc32(new TextEncoder().encode(s)));
              done({ zip: btoa(binary), crcs, crcBytes: crc32(bytes) });
            }, (e) => done({ error: String(e) }));
        """, base64.b64encode(payload).decode())
        assert "error" not in out, out
        assert out["crcs"] == [zlib.crc32(s) for s in (b"", b"a", b"The quick brown fox jumps over the lazy dog")]
        assert out["crcBytes"] == zlib.crc32(payload)
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(out["zip"])))
        assert archive.testzip() is None
        assert archive.namelist() == ["hjul-æøå.svg", "tom.txt", "mappe/data.bin"]
        assert archive.read("hjul-æøå.svg").decode() == "<svg>Æbleø</svg>"
        assert archive.read("tom.txt") == b""
        assert archive.read("mappe/data.bin") == payload
        info = archive.getinfo("mappe/data.bin")
        assert info.compress_type == zipfile.ZIP_STORED and info.date_time == (2027, 1, 15, 10, 30, 4)
    finally:
        driver.quit()
