"""Facilitator notes and the board preview in the console (issue 16), in real Chromium.

A plugin of the test's own (a temporary plugins folder) carries `facilitatorNotes` for a
dimension, two competences (one Danish only) and a case. The console shows the note for
what the board shows as the focus moves; meanwhile a raw board socket and a raw phone socket
keep every frame, and a board page records every DOM it draws: no note text may reach any
of them, nor `/wheel` or the public snapshot; `/notes` without the token is 401. The
preview is the board page in a frame: it follows the focus, holds no note, and the console
passes axe with the preview and a note shown.
"""

import asyncio
import json
import threading

import pytest
from selenium.webdriver.support.ui import Select

from browser import css, make_driver, needs_chromium, shot, text_of, wait, wait_css
from scenario import Workshop
from test_a11y import AXE, BLOCKING, axe_violations, describe
from wsclient import Client

pytestmark = needs_chromium

NOTE_DIMENSION = {"da": "Spørg først, hvem der deler viden i dag (note D7)", "en": "Ask first who shares knowledge today (note D7)"}
NOTE_COMPETENCE = {"da": "Lad teamet nævne et konkret eksempel på videndeling (note K3)",
                   "en": "Let the team name a real example of sharing knowledge (note K3)"}
NOTE_DANISH_ONLY = {"da": "Kodeord er et ømt punkt: hold det på holdningsniveau (note K9)"}
NOTE_CASE = {"da": "Casen virker bedst, når I læser den højt (note C5)", "en": "The case works best read out loud (note C5)"}
MARKERS = [text for note in (NOTE_DIMENSION, NOTE_COMPETENCE, NOTE_DANISH_ONLY, NOTE_CASE) for text in note.values()]


def quoted(text):
    return json.dumps(text, ensure_ascii=False)


def note_yaml(note):
    return "{" + ", ".join(f"{lang}: {quoted(text)}" for lang, text in note.items()) + "}"


PLUGIN = f"""\
id: noteprov
version: 1.0.0
coreApi: 1
name: {{da: Noteprøve, en: Note trial}}
dimensions:
  - id: np-samarbejde
    color: "#2E6DB4"
    title: {{da: Samarbejde, en: Collaboration}}
    competences:
      - id: np-deling
        title: {{da: Videndeling, en: Sharing knowledge}}
      - id: np-moeder
        title: {{da: Onlinemøder, en: Online meetings}}
  - id: np-sikkerhed
    color: "#8A4FD8"
    title: {{da: Sikkerhed, en: Security}}
    competences:
      - id: np-kodeord
        title: {{da: Kodeord, en: Passwords}}
cases:
  - id: np-case-printer
    title: {{da: Den fælles printer, en: The shared printer}}
    story: {{da: "Printeren på kontoret kræver nu et kort. Hvad gør I?", en: "The office printer now needs a card. What do you do?"}}
    competences: [np-deling]
facilitatorNotes:
  dimensions:
    np-samarbejde: {note_yaml(NOTE_DIMENSION)}
  competences:
    np-deling: {note_yaml(NOTE_COMPETENCE)}
    np-kodeord: {note_yaml(NOTE_DANISH_ONLY)}
  cases:
    np-case-printer: {note_yaml(NOTE_CASE)}
"""


@pytest.fixture
def noted(tmp_path, make_server):
    """A server whose only plugin carries facilitator notes, and a workshop with it."""
    folder = tmp_path / "plugins"
    (folder / "noteprov").mkdir(parents=True)
    (folder / "noteprov" / "plugin.yaml").write_text(PLUGIN, encoding="utf-8")
    server = make_server(plugins=folder).start()
    _, plugins = server.request("GET", "/api/plugins")
    state = {p["id"]: p for p in plugins["plugins"]}.get("noteprov", {})
    assert state.get("state") == "loaded", state
    return Workshop(server, plugins=("noteprov",), phones=0, title="Noteprøven")


class Listeners:
    """A raw board socket and a raw phone socket in a thread of their own, keeping every frame."""

    def __init__(self, ws):
        self.ws = ws
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="listeners", daemon=True)
        self.clients = []

    def __enter__(self):
        self.thread.start()

        async def connect():
            board = Client(self.ws.server, "board")
            await board.connect(workshop=self.ws.id)
            phone = Client(self.ws.server, "participant")
            await phone.connect(code=self.ws.code, token="notes-phone-0001-abcdefgh")
            self.clients = [board, phone]
        asyncio.run_coroutine_threadsafe(connect(), self.loop).result(30)
        return self

    def __exit__(self, *_):
        async def close():
            for client in self.clients:
                await client.close()
        asyncio.run_coroutine_threadsafe(close(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def frames(self):
        return {client.role: list(client.frames) for client in self.clients}

    def focuses(self, role):
        return [frame["state"]["focus"] for frame in self.frames()[role]
                if frame["type"] in ("welcome", "update") and "focus" in frame.get("state", {})]


# Records every DOM a page draws (a MutationObserver) and any marker text that ever shows up.
WATCH = """
const markers = arguments[0];
window.__noteLeaks = window.__noteLeaks || [];
window.__drawn = 0;
const look = () => {
  window.__drawn += 1;
  const html = document.documentElement.outerHTML;
  for (const m of markers) if (html.includes(m) && !window.__noteLeaks.includes(m)) window.__noteLeaks.push(m);
};
look();
new MutationObserver(look).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true});
"""


def open_console(ws, driver):
    ws.open_console(driver)
    wait(driver, lambda d: text_of(d, "[data-conn-chip]") in ("Forbundet", "Connected"), message="console not connected")
    wait_css(driver, "[data-focus-dimension]")


def note_shown(driver, key, text):
    """Waits until the notes panel shows `text` for `key` ('competences:np-deling')."""
    def shown(d):
        panel = d.execute_script("""
            const el = document.querySelector('[data-notes]');
            return el && {hidden: el.hidden, key: el.dataset.notesFor,
                          texts: [...el.querySelectorAll('[data-note-text]')].map((n) => n.textContent),
                          plugins: [...el.querySelectorAll('[data-note-plugin]')].map((n) => n.dataset.notePlugin)}""")
        return panel if panel and not panel["hidden"] and panel["key"] == key and panel["texts"] == [text] else False
    panel = wait(driver, shown, message=f"the console never showed the note for {key}")
    assert panel["plugins"] == ["noteprov"]
    return panel


def no_note_shown(driver):
    wait(driver, lambda d: d.execute_script(
        "const el = document.querySelector('[data-notes]'); return Boolean(el && el.hidden && !el.querySelector('[data-note-text]'))"),
        message="a note is shown where there is none")


def switch_language(driver, lang):
    """The console's language button; waits until the page (and so every panel) is redrawn in `lang`."""
    css(driver, "[data-lang-toggle]").click()
    wait(driver, lambda d: d.execute_script("return document.documentElement.lang") == lang, message=f"no {lang}")


def show_competence(driver, competence):
    Select(css(driver, "[data-competence-select]")).select_by_value(competence)
    css(driver, "[data-show-competence]").click()


def show_case(driver, case):
    Select(css(driver, "[data-case-select]")).select_by_value(case)
    css(driver, "[data-show-case]").click()


def test_notes_need_the_token_and_stay_out_of_every_public_read(noted):
    ws = noted
    status, body = ws.server.request("GET", f"/api/workshops/{ws.id}/notes")
    assert status == 401 and body["error"]["code"] == "not_facilitator", body
    status, body = ws.server.request("GET", f"/api/workshops/{ws.id}/notes", headers={"Authorization": "Bearer not-the-token"})
    assert status == 401, body

    status, notes = ws.server.request("GET", f"/api/workshops/{ws.id}/notes", headers={"Authorization": f"Bearer {ws.token}"})
    assert status == 200, notes
    assert notes["dimensions"]["np-samarbejde"] == [{"plugin": "noteprov", "text": NOTE_DIMENSION}]
    assert notes["competences"]["np-deling"] == [{"plugin": "noteprov", "text": NOTE_COMPETENCE}]
    assert notes["competences"]["np-kodeord"][0]["text"]["da"] == NOTE_DANISH_ONLY["da"]
    assert notes["cases"]["np-case-printer"] == [{"plugin": "noteprov", "text": NOTE_CASE}]
    assert "np-sikkerhed" not in notes.get("dimensions", {}) and "np-moeder" not in notes["competences"]

    for path in (f"/api/workshops/{ws.id}/wheel", f"/api/workshops/{ws.id}"):
        status, body = ws.server.request("GET", path)
        assert status == 200, (path, body)
        text = json.dumps(body, ensure_ascii=False)
        assert not [m for m in MARKERS if m in text], path
        assert "facilitatorNotes" not in text, path


def test_the_console_shows_the_note_for_the_focus_and_no_board_or_phone_gets_it(noted, drivers):
    ws = noted
    driver = make_driver(1440, 1000)
    drivers.append(driver)
    with Listeners(ws) as listeners:
        # A board page of its own (another window) that records every DOM it draws.
        driver.get(ws.board_url())
        wait_css(driver, '[data-board-main][data-screen="lobby"]')
        driver.execute_script(WATCH, MARKERS)
        board_window = driver.current_window_handle
        driver.switch_to.new_window("window")
        open_console(ws, driver)
        no_note_shown(driver)

        css(driver, '[data-focus-dimension="np-samarbejde"]').click()
        note_shown(driver, "dimensions:np-samarbejde", NOTE_DIMENSION["da"])
        assert text_of(driver, "[data-notes-subject]") == "Dimensionen Samarbejde"
        assert "Noteprøve" in text_of(driver, ".note-plugin")

        show_competence(driver, "np-deling")
        note_shown(driver, "competences:np-deling", NOTE_COMPETENCE["da"])
        assert text_of(driver, "[data-notes-subject]") == "Kompetencen Videndeling"

        show_case(driver, "np-case-printer")
        note_shown(driver, "cases:np-case-printer", NOTE_CASE["da"])

        css(driver, '[data-focus-dimension="np-sikkerhed"]').click()  # no note for this dimension
        no_note_shown(driver)
        show_competence(driver, "np-moeder")
        no_note_shown(driver)
        show_competence(driver, "np-kodeord")
        note_shown(driver, "competences:np-kodeord", NOTE_DANISH_ONLY["da"])

        # English: the English text, and Danish where the plugin has no English.
        switch_language(driver, "en")
        note_shown(driver, "competences:np-kodeord", NOTE_DANISH_ONLY["da"])
        show_competence(driver, "np-deling")
        note_shown(driver, "competences:np-deling", NOTE_COMPETENCE["en"])
        assert text_of(driver, "[data-notes-subject]") == "The competence Sharing knowledge"
        css(driver, '[data-focus-dimension="np-samarbejde"]').click()
        note_shown(driver, "dimensions:np-samarbejde", NOTE_DIMENSION["en"])
        switch_language(driver, "da")
        note_shown(driver, "dimensions:np-samarbejde", NOTE_DIMENSION["da"])

        # A round on the board with a competence in focus: that competence's note.
        ws.facilitate({"type": "openRound", "round": "importance"},
                      {"type": "focus", "focus": {"screen": "round", "competence": "np-deling"}})
        note_shown(driver, "competences:np-deling", NOTE_COMPETENCE["da"])
        # The introduction with a dimension and a case: the board draws the case, so its note.
        ws.focus(screen="intro", dimension="np-samarbejde", caseID="np-case-printer")
        note_shown(driver, "cases:np-case-printer", NOTE_CASE["da"])
        css(driver, '[data-focus="lobby"]').click()
        no_note_shown(driver)
        shot(driver, "notes-console.png")

        # The raw sockets saw every move (they were listening) and no note at all.
        async def settle():
            for client in listeners.clients:
                await client.wait_for(lambda s: s.get("focus", {}).get("screen") == "lobby")
        asyncio.run_coroutine_threadsafe(settle(), listeners.loop).result(30)
        for role in ("board", "participant"):
            seen = listeners.focuses(role)
            assert {"screen": "intro", "caseID": "np-case-printer"} in seen, (role, seen)
            assert any(f.get("competence") == "np-kodeord" for f in seen), (role, seen)
            assert any(f.get("screen") == "round" and f.get("competence") == "np-deling" for f in seen), (role, seen)
        for role, frames in listeners.frames().items():
            assert len(frames) > 5, role
            for frame in frames:
                text = json.dumps(frame, ensure_ascii=False)
                leaked = [m for m in MARKERS if m in text]
                assert not leaked, f"{role} got a note: {leaked} in {text[:300]}"
                assert "facilitatorNotes" not in text, (role, text[:300])

    # The board page drew every screen (it followed the focus) and never a note.
    driver.switch_to.window(board_window)
    assert driver.execute_script("return window.__drawn") > 5
    assert driver.execute_script("return window.__noteLeaks") == []
    wait_css(driver, '[data-board-main][data-screen="lobby"]')


def frame_state(driver):
    """The preview frame's board: its screen, what it focuses, and whether the page holds a note."""
    frame = css(driver, "[data-preview-frame]")
    driver.switch_to.frame(frame)
    try:
        return driver.execute_script("""
            const main = document.querySelector('[data-board-main]');
            const section = main && main.querySelector('section[data-screen]');
            return {screen: main && main.dataset.screen, view: main && main.dataset.view,
                    dimension: section && section.dataset.dimension || null,
                    competence: section && section.dataset.competence || null,
                    case: (main && main.querySelector('[data-case]') || {dataset: {}}).dataset.case || null,
                    preview: document.documentElement.hasAttribute('data-preview'),
                    leaks: window.__noteLeaks || null, drawn: window.__drawn || 0}""")
    finally:
        driver.switch_to.default_content()


def wait_frame(driver, message, **expected):
    return wait(driver, lambda d: (lambda s: s if all(s.get(k) == v for k, v in expected.items()) else False)(frame_state(d)),
                message=message)


def test_the_preview_is_the_board_following_the_focus_and_holds_no_note(noted, drivers):
    ws = noted
    driver = make_driver(1440, 1000)
    drivers.append(driver)
    open_console(ws, driver)

    # Off until asked for: no frame, no second board socket.
    toggle = css(driver, "[data-preview-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert not driver.find_elements("css selector", "[data-preview-frame]")
    region = css(driver, "[data-preview-toggle]").find_element("xpath", "ancestor::section[1]")
    assert text_of(driver, "#" + region.get_attribute("aria-labelledby")) == "Forhåndsvisning af skærmen"
    toggle.click()
    frame = wait_css(driver, "[data-preview-frame]")
    assert frame.get_attribute("aria-hidden") == "true" and frame.get_attribute("inert") is not None
    assert "preview" in frame.get_attribute("src")
    wait_frame(driver, "the preview never showed the lobby (does the server refuse same-origin frames?)",
               screen="lobby", preview=True)
    assert driver.execute_script("return document.querySelector('[data-preview-blocked]').hidden")

    # Scaled into a 16:9 box, drawn at the board's own size.
    box = driver.execute_script("""
        const box = document.querySelector('[data-board-preview]').getBoundingClientRect();
        const f = document.querySelector('[data-preview-frame]').getBoundingClientRect();
        return {bw: box.width, bh: box.height, fw: f.width, fh: f.height}""")
    assert abs(box["bw"] / box["bh"] - 16 / 9) < 0.02, box
    assert abs(box["fw"] - box["bw"]) < 2 and abs(box["fh"] - box["bh"]) < 2, box

    driver.switch_to.frame(css(driver, "[data-preview-frame]"))
    driver.execute_script(WATCH, MARKERS)
    driver.switch_to.default_content()

    css(driver, '[data-focus-dimension="np-samarbejde"]').click()
    wait_frame(driver, "the preview did not follow to the dimension", screen="intro", dimension="np-samarbejde")
    note_shown(driver, "dimensions:np-samarbejde", NOTE_DIMENSION["da"])
    show_competence(driver, "np-deling")
    wait_frame(driver, "the preview did not follow to the competence", screen="intro", competence="np-deling")
    note_shown(driver, "competences:np-deling", NOTE_COMPETENCE["da"])
    show_case(driver, "np-case-printer")
    wait_frame(driver, "the preview did not follow to the case", screen="intro", case="np-case-printer")
    note_shown(driver, "cases:np-case-printer", NOTE_CASE["da"])
    ws.facilitate({"type": "openRound", "round": "importance"},
                  {"type": "focus", "focus": {"screen": "round", "competence": "np-kodeord"}})
    wait_frame(driver, "the preview did not follow to the round", screen="round")
    note_shown(driver, "competences:np-kodeord", NOTE_DANISH_ONLY["da"])
    shot(driver, "notes-preview.png")

    # axe on the console with the preview and a note shown (axe reads the frame too).
    driver.switch_to.frame(css(driver, "[data-preview-frame]"))
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.switch_to.default_content()
    blocking = [v for v in axe_violations(driver) if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(describe("console", "preview and a note", v) for v in blocking)

    final = frame_state(driver)
    assert final["leaks"] == [] and final["drawn"] > 3, final

    # Remembered: a reload shows the preview again; turned off, the frame is gone.
    driver.refresh()
    wait_css(driver, "[data-preview-frame]")
    css(driver, "[data-preview-toggle]").click()
    wait(driver, lambda d: not d.find_elements("css selector", "[data-preview-frame]"), message="the frame stayed")
    assert css(driver, "[data-preview-toggle]").get_attribute("aria-pressed") == "false"
    driver.refresh()
    wait_css(driver, "[data-preview-toggle]")
    assert not driver.find_elements("css selector", "[data-preview-frame]")
