"""Overlays on the board's wheel and matrix (issue 16): the role profile's expected level,
the earlier run of a re-run and one group's figures, chosen with the console's checkboxes
and sent as the focus's `overlays`.

A workshop with a role profile and two groups is played, then re-run (five phones over the
protocol, four in one group and one in the other, the minimum group size 3). The board
draws each chosen layer with its own line and marker and the legend names it; each
layer's value is the one the results give (the earlier run = today's mean minus the
change, never computed where the board has no mean); the small group's figures and a
withheld mean stay withheld in the layers too.
"""

import asyncio
import json
import time

import pytest

from browser import all_css, css, make_driver, needs_chromium, shot, wait, wait_css
from test_a11y import BLOCKING, axe_violations
from wsclient import Client

pytestmark = needs_chromium

PROFILE = "medarbejder-borgernaer"
GROUPS = [
    {"id": "sosu", "name": {"da": "SOSU-hjælper", "en": "Care helper"}},
    {"id": "sygpl", "name": {"da": "Sygeplejerske", "en": "Nurse"}},
]
PHONE_GROUPS = ["sosu", "sosu", "sosu", "sosu", "sygpl"]
SETTINGS = {"roleProfile": PROFILE, "groups": GROUPS, "minGroupSize": 3}
# The competence whose level only two phones give in the re-run: withheld there.
THIN = 11


def ratings(seed, n=12):
    """Five phones' ratings per competence (1-5), varied so that the means differ."""
    return [[1 + (j * 3 + i * i * (seed + 1) + seed * j + (i * j) % 4) % 5 for i in range(5)] for j in range(n)]


async def play(server, created, seed, thin=None, actions=(), ideas=()):
    """Five phones (groups as PHONE_GROUPS) rate importance and level; the facilitator reveals
    both, then dots; `thin`: a competence only two phones rate for level."""
    status, wheel = server.request("GET", f"/api/workshops/{created['id']}/wheel")
    competences = [c["id"] for d in wheel["dimensions"] for c in d["competences"]]
    facilitator = Client(server, "facilitator")
    await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
    phones = []
    for i, group in enumerate(PHONE_GROUPS):
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"], token=f"ov-{created['id']}-{i}".ljust(24, "x"), name=f"P{i}", group=group)
        phones.append(phone)

    async def ack(client, message):
        reply = await client.send(message)
        assert reply["type"] == "ack", (message, reply)
        return reply

    for round_, table in (("importance", ratings(seed)), ("level", ratings(seed + 2))):
        await ack(facilitator, {"type": "openRound", "round": round_})
        for i, phone in enumerate(phones):
            for j, competence in enumerate(competences[:12]):
                if round_ == "level" and j == thin and i >= 2:
                    continue
                await ack(phone, {"type": "rate", "round": round_, "competence": competence, "value": table[j][i]})
        await ack(facilitator, {"type": "revealRound", "round": round_})
    await ack(facilitator, {"type": "openRound", "round": "dots"})
    for i, phone in enumerate(phones):
        await ack(phone, {"type": "setDots", "competence": competences[i % 4], "count": 2})
        await ack(phone, {"type": "setDots", "competence": competences[5], "count": 1})
    await ack(facilitator, {"type": "revealRound", "round": "dots"})
    if ideas:
        await ack(facilitator, {"type": "openRound", "round": "ideas"})
        for i, text in enumerate(ideas):
            reply = await ack(phones[i % 5], {"type": "submitIdea", "text": text, "competence": competences[i]})
            await ack(facilitator, {"type": "moderateIdea", "idea": reply["idea"], "approve": True})
        await ack(facilitator, {"type": "revealRound", "round": "ideas"})
    for k, (what, owner, due) in enumerate(actions):
        action = {"id": f"a{k + 1}", "competence": competences[k], "what": what, "owner": owner, "status": "planned"}
        if due:
            action["due"] = due
        await ack(facilitator, {"type": "saveAction", "action": action})
    for client in (facilitator, *phones):
        await client.close()
    return competences


def create(server, **body):
    status, created = server.request("POST", "/api/workshops", body)
    assert status == 201, created
    return created


def rerun_workshop(server, actions=(), ideas=()):
    """An earlier workshop and its re-run, both played; returns (re-run, its export, competence ids)."""
    earlier = create(server, title="Hjemmeplejen – workshop 1", plugins=["kl-base"], settings=SETTINGS)
    asyncio.run(play(server, earlier, 1))
    rerun = create(server, title="Hjemmeplejen – workshop 2", rerunOf=earlier["id"], settings=SETTINGS)
    competences = asyncio.run(play(server, rerun, 2, thin=THIN, actions=actions, ideas=ideas))
    status, data = server.request("GET", f"/api/workshops/{rerun['id']}/export.json",
                                  headers={"Authorization": f"Bearer {rerun['facilitatorToken']}"})
    assert status == 200, data
    return rerun, data, competences


def open_console(server, created, width=1440, height=900):
    """The console of `created`, live, with its token in the browser's list."""
    console = make_driver(width, height)
    console.get(server.url + "/facilitator.html")
    known = {created["id"]: {"token": created["facilitatorToken"], "title": "x", "code": created["joinCode"], "created": int(time.time() * 1000)}}
    console.execute_script("localStorage.setItem('wheelhouse.facilitator', arguments[0])", json.dumps(known))
    console.get(f"{server.url}/facilitator.html?w={created['id']}")
    wait(console, lambda d: css(d, "[data-conn-chip]").get_attribute("data-status") == "saved", message="console not live")
    return console


def choose(console, keys):
    """Ticks exactly the overlays `keys` in the console's board panel."""
    for box in all_css(console, "[data-overlay]"):
        if box.is_selected():
            console.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    for key in keys:
        box = css(console, f'[data-overlay="{key}"]')
        console.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()


def show(console, view):
    button = css(console, f'[data-focus-view="{view}"]')
    console.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def layers_on(driver, selector):
    """{layer: {competence: value or None (not drawn)}} of the drawn overlays."""
    found = driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(e => [e.dataset.layer, e.dataset.competence,"
        " e.getAttribute('display') === 'none' ? null : (e.dataset.value || e.dataset.level || null), e.dataset.importance || null])", selector)
    out = {}
    for layer, competence, value, importance in found:
        out.setdefault(layer, {})[competence] = (float(value) if value else None, float(importance) if importance else None)
    return out


def legend_layers(driver):
    return driver.execute_script("return Object.fromEntries([...document.querySelectorAll('[data-legend-layer]')].map(e => [e.dataset.legendLayer, e.textContent]))")


def expected_layers(data):
    """What each layer must show per competence, from the export (the facilitator's results)."""
    results = data["results"]
    rows = {r["competence"]: r for r in results["competences"]}
    groups = {g["group"]: {r["competence"]: r for r in g["competences"]} for g in results.get("groups", [])}

    def mean(stats):
        return None if not stats or stats.get("suppressed") or stats.get("valuesSuppressed") else stats.get("mean")

    out = {"roleProfile": {}, "earlier": {}, "group:sosu": {}, "group:sygpl": {}}
    for cid, row in rows.items():
        out["roleProfile"][cid] = (row.get("expectedLevel"), None)
        lev, imp = mean(row.get("level")), mean(row.get("importance"))
        ch = row.get("change") or {}
        out["earlier"][cid] = (lev - ch["level"] if lev is not None and "level" in ch else None,
                               imp - ch["importance"] if imp is not None and "importance" in ch else None)
        for g in ("sosu", "sygpl"):
            grow = groups.get(g, {}).get(cid) or {}
            out[f"group:{g}"][cid] = (mean(grow.get("level")), mean(grow.get("importance")))
    return out


def test_overlays_on_the_wheel_and_the_matrix(server):
    rerun, data, competences = rerun_workshop(server)
    want = expected_layers(data)
    thin = competences[THIN]
    rows = {r["competence"]: r for r in data["results"]["competences"]}
    assert rows[thin]["level"].get("suppressed") or rows[thin]["level"].get("valuesSuppressed"), rows[thin]["level"]
    assert want["earlier"][thin][0] is None, "a withheld level has no earlier value"
    assert all(v == (None, None) for v in want["group:sygpl"].values()), "the group of one is withheld"
    assert any(v[0] is not None for v in want["group:sosu"].values())

    console = open_console(server, rerun)
    board = make_driver(1920, 1080)
    try:
        board.get(f"{server.url}/board.html?w={rerun['id']}")
        wait_css(board, "[data-screen]")
        offered = [b.get_attribute("data-overlay") for b in all_css(console, "[data-overlay]")]
        assert offered == ["roleProfile", "earlier", "group:sosu", "group:sygpl"], offered

        # --- Three layers on the wheel; a fourth cannot be ticked.
        choose(console, ["roleProfile", "earlier", "group:sosu"])
        assert not css(console, '[data-overlay="group:sygpl"]').is_enabled(), "at most three overlays"
        serious = [v for v in axe_violations(console) if v["impact"] in BLOCKING]
        assert not serious, serious  # the checkboxes and the downloads panel
        show(console, "wheel")
        wait(board, lambda d: len(layers_on(d, ".wheel-layer")) == 3, message="the wheel does not draw three layers")
        drawn = layers_on(board, ".wheel-layer")
        for layer in ("roleProfile", "earlier", "group:sosu"):
            for cid in competences[:12]:
                value = drawn[layer][cid][0]
                expected = want[layer][cid][0]
                if expected is None:
                    assert value is None, (layer, cid, value, "must stay withheld")
                else:
                    assert value == pytest.approx(expected, abs=0.006), (layer, cid, value, expected)
        names = legend_layers(board)
        assert set(names) == {"roleProfile", "earlier", "group:sosu"}, names
        assert "Borgernær medarbejder" in names["roleProfile"] and "Sidste workshop" in names["earlier"] and "SOSU-hjælper" in names["group:sosu"], names
        # Each layer looks different without colour: its own dash pattern and marker shape.
        looks = board.execute_script(
            "return Object.fromEntries(['roleProfile', 'earlier', 'group:sosu'].map(k => {"
            " const g = document.querySelector(`.wheel-layer[data-layer='${k}']:not([display='none'])`);"
            " return [k, [g.querySelector('.wheel-layer-line').getAttribute('stroke-dasharray'), g.querySelector('.wheel-layer-marker').getAttribute('d').replace(/[-0-9. ]+/g, '')]]; }))")
        assert len({tuple(v) for v in looks.values()}) == 3, looks
        assert len({v[0] for v in looks.values()}) == 3 and len({v[1] for v in looks.values()}) == 3, looks
        time.sleep(1.2)
        shot(board, "overlays-wheel.png")

        # --- The small group: withheld on every segment, named in the legend all the same.
        choose(console, ["group:sygpl"])
        wait(board, lambda d: set(layers_on(d, ".wheel-layer")) == {"group:sygpl"}, message="the wheel did not follow the checkboxes")
        assert all(v[0] is None for v in layers_on(board, ".wheel-layer")["group:sygpl"].values()), "a withheld group drew a value"
        assert "Sygeplejerske" in legend_layers(board)["group:sygpl"]

        # --- The matrix: the profile's level at the team's importance, the group's own point, trails.
        choose(console, ["roleProfile", "earlier", "group:sosu"])
        show(console, "matrix")
        wait(board, lambda d: all_css(d, ".matrix-layer") and all_css(d, '[data-trail][data-layer="earlier"]'), message="no overlays on the matrix")
        points = {p.get_attribute("data-competence"): p for p in all_css(board, "[data-matrix-point]")}
        assert thin not in points, "a withheld mean has no point"
        marks = layers_on(board, ".matrix-layer")
        assert set(marks) == {"roleProfile", "group:sosu"}, set(marks)
        for cid in points:
            level, importance = marks["roleProfile"][cid]
            assert level == pytest.approx(want["roleProfile"][cid][0]) and importance == pytest.approx(float(points[cid].get_attribute("data-importance")), abs=0.006)
        for cid, (level, importance) in marks["group:sosu"].items():
            assert (level, importance) == (pytest.approx(want["group:sosu"][cid][0], abs=0.006), pytest.approx(want["group:sosu"][cid][1], abs=0.006))
        trails = {t.get_attribute("data-trail"): t for t in all_css(board, "[data-trail]")}
        for cid, trail in trails.items():
            assert float(trail.get_attribute("data-level")) == pytest.approx(want["earlier"][cid][0], abs=0.006)
            assert float(trail.get_attribute("data-importance")) == pytest.approx(want["earlier"][cid][1], abs=0.006)
        assert thin not in trails
        assert set(legend_layers(board)) == {"roleProfile", "earlier", "group:sosu"}
        shot(board, "overlays-matrix.png")

        # --- No overlay ticked: the matrix draws no trail and no marker, and no key.
        choose(console, [])
        wait(board, lambda d: not all_css(d, ".matrix-layer") and not all_css(d, "[data-trail]") and not all_css(d, "[data-overlay-key]"),
             message="the matrix kept overlays nobody chose")
        assert not [e for e in console.get_log("browser") if e["level"] == "SEVERE"]
        assert not [e for e in board.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        console.quit()
        board.quit()
