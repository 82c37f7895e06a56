"""The results wheel lays itself out: with a dense fixture plugin (wide30: 30 competences in
6 dimensions, long Danish names, light colours) and with kl-base + eldercare (18), on the
board at 1920x1080 and 1280x720 and in the printed report, no two texts of the wheel
intersect, none leaves the screen or the page, every text has 4.5:1 contrast against what is
drawn under it, and at 1080p competence names are at least 28 px and values 24 px as
rendered. A property test lays out random wheels (4-40 competences, 3-8 dimensions, names
from the real plugins) in one page and checks the same for each.

Boxes, sizes and colours are read from the live page by wheel_geometry.js. Needs Debian's
chromium and chromium-driver.
"""

import asyncio
import base64
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from browser import make_driver, needs_chromium, shot, text_outside_viewport, wait
from conftest import OUTPUT, ROOT
from wsclient import Client

pytestmark = needs_chromium

HERE = Path(__file__).parent
GEOMETRY = (HERE / "wheel_geometry.js").read_text()
PLUGIN_SETS = {"wide30": ["wide30"], "eldercare": ["kl-base", "eldercare"]}
A4_WIDTH = 794  # 210 mm at 96 px per inch


@pytest.fixture
def layout_server(tmp_path, make_server):
    folder = tmp_path / "plugins"
    folder.mkdir()
    for plugin in ("kl-base", "eldercare"):
        shutil.copytree(ROOT / "Plugins" / plugin, folder / plugin)
    shutil.copytree(HERE / "fixtures" / "plugins" / "wide30", folder / "wide30")
    return make_server(plugins=folder).start()


def competence_ids(server, workshop):
    status, wheel = server.request("GET", f"/api/workshops/{workshop}/wheel")
    assert status == 200, wheel
    return [c["id"] for d in wheel["dimensions"] for c in d["competences"]]


async def run_workshop(server, created, competences):
    """Three phones rate importance and level (so every value shows); the board shows the wheel."""
    facilitator = Client(server, "facilitator")
    await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
    phones = []
    for i in range(3):
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"], token=f"layout-{created['id']}-{i}".ljust(24, "x"), name=f"Deltager {i + 1}")
        phones.append(phone)

    async def ack(client, message):
        reply = await client.send(message)
        assert reply["type"] == "ack", (message, reply)

    for round_ in ("importance", "level"):
        await ack(facilitator, {"type": "openRound", "round": round_})
        async def rate(i, phone, round_=round_):
            for j, competence in enumerate(competences):
                await ack(phone, {"type": "rate", "round": round_, "competence": competence, "value": 1 + (i + j * 3) % 5})
                await asyncio.sleep(0.06)  # under the server's 20 messages a second per socket
        await asyncio.gather(*(rate(i, phone) for i, phone in enumerate(phones)))
        await ack(facilitator, {"type": "revealRound", "round": round_})
    await ack(facilitator, {"type": "focus", "focus": {"screen": "results", "view": "wheel"}})
    for client in (facilitator, *phones):
        await client.close()


def wheel_geometry(driver, selector):
    driver.execute_script(GEOMETRY)
    return driver.execute_script(
        "const svg = document.querySelector(arguments[0]); const r = wheelTexts(svg);"
        "return {...r, vw: document.documentElement.clientWidth, vh: document.documentElement.clientHeight};", selector)


def problems(driver, result, area):
    return driver.execute_script("return wheelProblems(arguments[0], arguments[1])", result, area)


def check_wheel(driver, selector, where, sizes):
    result = wheel_geometry(driver, selector)
    texts = result["texts"]
    names = [t for t in texts if t["cls"] == "wheel-label"]
    values = [t for t in texts if t["cls"] == "wheel-value"]
    assert names and values and all(v["text"] for v in values), f"{where}: no names or values on the wheel"
    screen = [0, 0, result["vw"], result["vh"]]
    found = problems(driver, result, screen)
    assert not found["overlaps"], f"{where}: texts intersect: {found['overlaps'][:5]}"
    assert not found["outside"], f"{where}: texts leave the screen: {found['outside'][:5]}"
    inside = problems(driver, result, result["viewBox"])
    assert not inside["outside"], f"{where}: texts leave the SVG's viewBox: {inside['outside'][:5]}"
    low = [(t["text"], round(t["contrast"], 2)) for t in texts if t["contrast"] < 4.5]
    assert not low, f"{where}: contrast below 4.5:1: {low[:5]}"
    if sizes:
        small = [(t["text"], round(t["size"], 1)) for t in names if t["size"] < 28]
        assert not small, f"{where}: competence names under 28 px: {small[:5]}"
        small = [(t["text"], round(t["size"], 1)) for t in values if t["size"] < 24]
        assert not small, f"{where}: values under 24 px: {small[:5]}"
    return result


def wait_for_wheel(driver, selector, count):
    """The wheel is drawn with every value shown (its layout needs the page laid out first)."""
    wait(driver, lambda d: d.execute_script(
        "const v = [...document.querySelectorAll(arguments[0] + ' .wheel-value')];"
        "return v.length === arguments[1] && v.every((e) => e.textContent.trim())", selector, count),
        message=f"no wheel with {count} values at {selector}")


def set_viewport(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


@pytest.mark.parametrize("plugins", PLUGIN_SETS)
def test_results_wheel_on_the_board_and_in_the_report(layout_server, plugins):
    server = layout_server
    status, created = server.request("POST", "/api/workshops", {"title": "Hjemmeplejen Nord", "plugins": PLUGIN_SETS[plugins]})
    assert status == 201, created
    competences = competence_ids(server, created["id"])
    assert len(competences) == {"wide30": 30, "eldercare": 18}[plugins]
    asyncio.run(run_workshop(server, created, competences))

    board = make_driver(1920, 1080)
    try:
        board.get(f"{server.url}/board.html?w={created['id']}")
        selector = '[data-screen="results"][data-view="wheel"] svg.wheel'
        wait_for_wheel(board, '[data-screen="results"][data-view="wheel"]', len(competences))
        for width, height in ((1920, 1080), (1280, 720)):
            set_viewport(board, width, height)
            wait(board, lambda d: d.execute_script(
                "const svg = document.querySelector(arguments[0]); return svg && Math.abs(svg.viewBox.baseVal.width - svg.parentElement.clientWidth) < 2",
                selector), message=f"the wheel did not lay itself out again at {width}x{height}")
            where = f"board {plugins} {width}x{height}"
            shot(board, f"wheel-board-{plugins}-{width}.png")
            result = check_wheel(board, selector, where, sizes=width == 1920)
            # The wheel gets the room: at least three quarters of the screen's width or its body's height.
            svg_box = board.execute_script("const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.width, r.height]", selector)
            assert svg_box[0] > width * 0.85, f"{where}: the wheel's drawing is only {svg_box[0]:.0f} px wide"
            escaped = [e for e in text_outside_viewport(board) if e["text"]]
            assert not escaped, f"{where}: text leaves the screen: {escaped[:5]}"
            legend = board.execute_script("return document.querySelector('[data-wheel-key]').innerText")
            assert "B = betydning" in legend and "N = niveau i dag" in legend, legend
        assert result["scale"] > 0.99, "the board's wheel is drawn in real pixels"
    finally:
        board.quit()

    report = make_driver(A4_WIDTH, 1123)
    try:
        report.get(f"{server.url}/report.html?w={created['id']}#token={created['facilitatorToken']}")
        wait_for_wheel(report, ".report-wheel", len(competences))
        report.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        wait(report, lambda d: d.execute_script("return matchMedia('print').matches"))
        check_wheel(report, ".report-wheel svg.wheel", f"report {plugins} (print)", sizes=False)
        legend = report.execute_script("return document.querySelector('.report-wheel [data-wheel-key]').innerText")
        assert "B = betydning" in legend, legend
        shot(report, f"wheel-report-{plugins}.png")
        pdf = base64.b64decode(report.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True})["data"])
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        OUTPUT.mkdir(exist_ok=True)
        (OUTPUT / f"wheel-report-{plugins}.pdf").write_bytes(pdf)
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-layout", str(OUTPUT / f"wheel-report-{plugins}.pdf"), "-"],
                                  capture_output=True, text=True, check=True).stdout
            assert "Kompetencehjulet" in text
    finally:
        report.quit()


PROPERTY = """
const done = arguments[arguments.length - 1];
const [seed, runs, names] = [arguments[0], arguments[1], arguments[2]];
(async () => {
  const { initI18n } = await import('/js/i18n.js');
  await initI18n('da');
  const { createWheel } = await import('/js/wheel.js');
  const { index } = await import('/js/framework.js');
  let state = seed >>> 0;
  const rand = () => { state = (state * 1664525 + 1013904223) >>> 0; return state / 2 ** 32; };
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const any = (list) => list[int(0, list.length - 1)];
  const colours = ['#2F6FD6', '#8A4FD8', '#D0661A', '#2A9550', '#D0427A', '#E0A500', '#1C8A90', '#7A6A0A'];
  const failures = [];
  const seen = { fit: 0, fixed: 0, most: 0, least: 99 };
  for (let run = 0; run < runs; run++) {
    const dimensions = int(3, 8);
    const total = int(Math.max(4, dimensions), 40);
    const counts = Array(dimensions).fill(1);
    for (let i = dimensions; i < total; i++) counts[int(0, dimensions - 1)]++;
    let k = 0;
    const fw = index({ dimensions: counts.map((count, i) => ({
      id: `d${i}`, color: any(colours), title: { da: any(names.dimensions) },
      competences: Array.from({ length: count }, () => ({ id: `c${k++}`, title: { da: any(names.competences) } })),
    })) });
    const fit = rand() < 0.5;
    const [w, h] = [int(600, 1900), int(400, 1000)];
    const holder = document.createElement('div');
    holder.className = 'wheel-holder';
    holder.style.cssText = `width: ${w}px; height: ${h}px; position: relative; display: block`;
    document.body.replaceChildren(holder);
    const rerun = rand() < 0.3;
    const wheel = createWheel(holder, fw, { fit, sub: rerun, title: 'property' });
    const values = {};
    for (const c of fw.competences) values[c.id] = { fill: rand(), marker: rand(), text: rand() < 0.7 ? `B ${int(1, 5)},${int(0, 9)} · N ${int(1, 5)},${int(0, 9)}` : '3,4', sub: rerun ? '▲ +0,4 · ▼ −1,2' : '' };
    wheel.update(values);
    wheel.setCenter('Teamet', '');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const svg = holder.querySelector('svg');
    const result = wheelTexts(svg);
    const labels = result.texts.filter((t) => t.cls === 'wheel-label').length;
    const found = wheelProblems(result, result.viewBox);
    seen[fit ? 'fit' : 'fixed']++;
    seen.most = Math.max(seen.most, total);
    seen.least = Math.min(seen.least, total);
    if (labels !== total || found.overlaps.length || found.outside.length) {
      failures.push({ run, total, dimensions, fit, w, h, rerun, labels, overlaps: found.overlaps.slice(0, 3), outside: found.outside.slice(0, 3) });
    }
  }
  done({ failures, seen });
})().catch((e) => done({ error: String(e.stack || e) }));
"""


def plugin_names():
    competences, dimensions = [], []
    for manifest in sorted((ROOT / "Plugins").glob("*/plugin.yaml")) + [HERE / "fixtures" / "plugins" / "wide30" / "plugin.yaml"]:
        plugin = yaml.safe_load(manifest.read_text())
        for dimension in plugin.get("dimensions", []):
            dimensions.append(dimension["title"]["da"])
            competences += [c["title"]["da"] for c in dimension["competences"]]
        for extension in plugin.get("extend", []):
            competences += [c["title"]["da"] for c in extension["competences"]]
    return {"competences": competences, "dimensions": dimensions}


def test_random_wheels_never_overlap(server):
    names = plugin_names()
    assert len(names["competences"]) > 40 and len(names["dimensions"]) > 8
    driver = make_driver(1920, 1080)
    driver.set_script_timeout(240)
    try:
        driver.get(f"{server.url}/board.html")
        driver.execute_script(GEOMETRY)
        result = driver.execute_async_script(PROPERTY, 20261202, 80, names)
        assert "error" not in result, result
        assert not result["failures"], result["failures"][:3]
        seen = result["seen"]
        assert seen["fit"] > 20 and seen["fixed"] > 20 and seen["least"] <= 8 and seen["most"] >= 36, seen
    finally:
        driver.quit()


WHEEL_PARTS = """
const svg = document.querySelector(arguments[0]);
return svg ? {cls: svg.getAttribute('class'), groups: [...svg.children].map((el) => el.tagName + '.' + (el.getAttribute('class') || '')),
  segments: svg.querySelectorAll('.wheel-segment').length, names: svg.querySelectorAll('.wheel-label').length,
  leaders: svg.querySelectorAll('.wheel-leader').length, ring: svg.querySelectorAll('.wheel-dim-label').length} : null;
"""


def test_the_phone_draws_the_boards_wheel(layout_server):
    """After the reveals the phone shows the team's wheel, drawn by the board's component, under
    its heading and over the list of figures; at 360x640 (also at 200 % text) and 320x568 no two
    of its texts meet, none leaves the screen, and the page does not scroll sideways."""
    server = layout_server
    status, created = server.request("POST", "/api/workshops", {"title": "Hjemmeplejen Nord", "plugins": ["kl-base", "eldercare"]})
    assert status == 201, created
    competences = competence_ids(server, created["id"])
    assert len(competences) == 18
    asyncio.run(run_workshop(server, created, competences))

    board = make_driver(1920, 1080)
    try:
        board.get(f"{server.url}/board.html?w={created['id']}")
        wait_for_wheel(board, '[data-screen="results"][data-view="wheel"]', len(competences))
        on_board = board.execute_script(WHEEL_PARTS, '[data-screen="results"] svg.wheel')
    finally:
        board.quit()

    selector = "[data-phone-wheel] svg.wheel"
    for width, height, scale in ((360, 640, 1.0), (320, 568, 1.0), (360, 640, 2.0)):
        where = f"phone {width}x{height} at {scale * 100:.0f} % text"
        phone = make_driver(width, height, phone=True, text_scale=scale)
        try:
            phone.get(f"{server.url}/join.html?code={created['joinCode']}")
            wait(phone, lambda d: d.execute_script("return !!document.querySelector('[data-name-input]')"))
            phone.find_element("css selector", "[data-join-submit]").click()
            wait_for_wheel(phone, "[data-phone-wheel]", len(competences))
            on_phone = phone.execute_script(WHEEL_PARTS, selector)
            assert on_phone["groups"] == on_board["groups"], f"{where}: not the board's wheel: {on_phone} / {on_board}"
            assert on_phone["segments"] == on_phone["names"] == on_phone["leaders"] == 18, f"{where}: {on_phone}"
            assert on_phone["ring"] == on_board["ring"], f"{where}: the ring's names differ from the board's"
            # The wheel comes before the list of figures, which stays.
            order = phone.execute_script(
                "const w = document.querySelector('[data-phone-wheel]'), r = document.querySelector('[data-content] .result');"
                "return !!(w && r && (w.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING))")
            assert order, f"{where}: the figures do not follow the wheel"
            phone.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'end'})", selector)
            shot(phone, f"wheel-phone-{width}x{height}-{scale * 100:.0f}.png")
            result = check_wheel(phone, selector, where, sizes=False)
            names = [t for t in result["texts"] if t["cls"] == "wheel-label"]
            # A picture the width of the screen (the list under it has the figures at the reader's text size).
            assert min(t["size"] for t in names) >= 6, f"{where}: names under 6 px: {min(t['size'] for t in names):.1f}"
            legend = phone.execute_script("return document.querySelector('[data-phone-wheel] figcaption').innerText")
            assert "niveau i dag" in legend, legend
            overflow = phone.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow} px"
        finally:
            phone.quit()
