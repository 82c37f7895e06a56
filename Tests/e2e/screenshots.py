"""The screenshots in README.md and docs/web.md (run it through scripts/screenshots).

Starts the built server on a free port with the shipped plugins, runs a small workshop with
kl-base + eldercare (eight phones over the protocol rate importance and level, place dots,
share points, send ideas the facilitator approves and colleagues back; one phone is a real
browser) and saves PNGs to docs/img/ (or the folder given): the board's lobby, its results
wheel, its ranking (and the combined priority, where the server knows that view), the phone's
rating screen and its results wheel at 360x640, the console, the remote (the console at
360x640) and the report's first page.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from browser import css, make_driver, wait, wait_css
from conftest import ROOT, Server
from scenario import Workshop


def settle(seconds=1.2):
    """Lets the wheel's and the bars' CSS transitions finish before a picture."""
    time.sleep(seconds)


def board_shot(board, folder, name, screen, view=None):
    selector = f'[data-board-main][data-screen="{screen}"]' + (f'[data-view="{view}"]' if view else "")
    wait_css(board, selector, timeout=20)
    settle()
    board.save_screenshot(str(folder / name))
    print(f"saved {folder / name}")


def board_knows(board, view):
    """The board's pages list the result views they draw (js/contract.js): a view the server
    already accepts but the board does not draw yet would picture a fallback."""
    return board.execute_async_script("""
        const done = arguments[arguments.length - 1];
        import('/js/contract.js').then((m) => done(m.BOARD_VIEWS.includes(arguments[0])), () => done(false));""", view)


def phone_join(phone, ws):
    phone.get(f"{ws.server.url}/join.html?code={ws.code}")
    wait(phone, lambda d: css(d, "[data-code-input]").get_attribute("value") == ws.code, message="no code")
    css(phone, "[data-name-input]").send_keys("Mette")
    css(phone, "[data-join-submit]").click()
    wait(phone, lambda d: css(d, '[data-screen="app"]').is_displayed(), message="the phone did not join")


def phone_rates(phone, ws, values):
    wait_css(phone, '[data-scale="importance"]')
    for competence, value in zip(ws.competences, values):
        field = css(phone, f'fieldset[data-competence="{competence}"]')
        option = field.find_element(By.CSS_SELECTOR, f'input[data-value="{value}"]').find_element(By.XPATH, "..")
        phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", option)
        option.click()
    phone.execute_script("window.scrollTo(0, 0)")


def run(folder):
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wheelhouse-shots-") as tmp:
        server = Server(Path(tmp) / "data", plugins=ROOT / "Plugins").start()
        drivers = []
        try:
            ws = Workshop(server, title="Hjemmeplejen Nord – digitale kompetencer")
            board = make_driver(1920, 1080)
            phone = make_driver(360, 640, phone=True)
            drivers += [board, phone]
            board.get(ws.board_url())
            phone_join(phone, ws)
            ws.room(lambda i, client: _nothing())  # the eight phones join
            wait(board, lambda d: css(d, "[data-participant-count]").text == str(ws.phone_count + 1), message="not everyone joined")
            board_shot(board, folder, "board-lobby.png", "lobby")

            ws.open("importance")
            phone_rates(phone, ws, [4, 5, 3])
            settle()
            phone.save_screenshot(str(folder / "phone-rating.png"))
            print(f"saved {folder / 'phone-rating.png'}")
            ws.rate("importance")
            ws.reveal("importance")
            ws.open("level")
            ws.rate("level")
            # A round timer: the board's countdown beside the count, then the remote with it.
            ws.facilitate({"type": "startTimer", "round": "level", "seconds": 120})
            wait_css(board, '[data-board-timer][data-state="running"]')
            settle()
            board.save_screenshot(str(folder / "board-timer.png"))
            print(f"saved {folder / 'board-timer.png'}")
            # The remote: the console on the facilitator's phone while a round runs.
            remote = make_driver(360, 640, phone=True)
            drivers.append(remote)
            ws.open_console(remote)
            wait_css(remote, '[data-remote-phase][data-phase="open"]')
            remote.execute_script("document.querySelector('[data-remote]').scrollIntoView()")
            settle()
            remote.save_screenshot(str(folder / "remote.png"))
            print(f"saved {folder / 'remote.png'}")
            ws.reveal("level")
            board_shot(board, folder, "board-wheel.png", "results", "wheel")
            wait_css(phone, '[data-phone-wheel="level"] .wheel-value')
            phone.execute_script("document.querySelector('[data-phone-wheel]').scrollIntoView({block: 'center'})")
            settle()
            phone.save_screenshot(str(folder / "phone-results.png"))
            print(f"saved {folder / 'phone-results.png'}")

            ws.open("dots")
            ws.dots()
            ws.reveal("dots")
            ws.open("ideas")
            ws.ideas()
            ws.back_ideas()
            ws.reveal("ideas")
            ws.focus(screen="results", view="ranking")
            board_shot(board, folder, "board-ranking.png", "results", "ranking")
            if board_knows(board, "priority") and ws.try_focus(screen="results", view="priority"):
                board_shot(board, folder, "board-priority.png", "results", "priority")
                ws.focus(screen="results", view="ranking")

            ws.save_action(1, "Superbrugernetværk for omsorgssystemet", "Lise Kjær", "2027-03-01", "doing")
            console = make_driver(1440, 900)
            drivers.append(console)
            ws.open_console(console)
            wait(console, lambda d: css(d, '[data-round="importance"] [data-phase]').text != "", message="console not live")
            settle()
            console.save_screenshot(str(folder / "console.png"))
            print(f"saved {folder / 'console.png'}")

            report = make_driver(1280, 1000)
            drivers.append(report)
            report.get(ws.report_url())
            wait_css(report, 'body[data-ready="yes"]', timeout=30)
            settle()
            report.save_screenshot(str(folder / "report.png"))
            print(f"saved {folder / 'report.png'}")
        finally:
            for driver in drivers:
                driver.quit()
            server.stop()


async def _nothing():
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=str(ROOT / "docs" / "img"), help="where the PNGs go (docs/img/)")
    run(Path(parser.parse_args().folder))


if __name__ == "__main__":
    sys.exit(main())
