"""The pages make no request to any other origin: no fonts, scripts, styles, images or sockets
from elsewhere (a municipality's data-protection review asks, and the server often runs
offline in a meeting room). Every page is loaded in Chromium and every request it makes is
read from the browser's own network log."""

import json
import shutil
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from wsclient import create_workshop

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()), reason="needs chromium and chromium-driver")


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=da-DK",
                     "--window-size=1280,900"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def requested(driver):
    """Every URL the page asked for since the last call: documents, subresources, fetches, sockets."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls


def settle(driver, seconds=1.5):
    deadline = time.monotonic() + 10
    while driver.execute_script("return document.readyState") != "complete" and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(seconds)  # the modules' own fetches and the socket


def test_every_page_requests_only_its_own_origin(server):
    created = create_workshop(server, plugins=("kl-base", "eldercare"))
    pages = [
        "/",
        f"/join.html?code={created['joinCode']}",
        f"/board.html?w={created['id']}",
        "/facilitator.html",
        f"/facilitator.html?w={created['id']}#token={created['facilitatorToken']}",
        f"/report.html?w={created['id']}#token={created['facilitatorToken']}",
    ]
    own = (server.url + "/", server.ws_url + "/")
    driver = browser()
    try:
        seen = []
        for page in pages:
            driver.get(server.url + page)
            settle(driver)
            urls = requested(driver)
            assert urls, f"no requests logged for {page}"
            seen += urls
            foreign = [url for url in urls if not url.startswith(own) and not url.startswith(("data:", "blob:"))]
            assert not foreign, f"{page} asked another origin: {foreign}"
        # The log really holds the pages' subresources and sockets.
        assert any(url.endswith("/js/join.js") for url in seen)
        assert any(url.startswith(server.ws_url + "/ws/") for url in seen)
    finally:
        driver.quit()


def test_the_files_name_no_other_host():
    """The same, read from the files: no absolute URL to another host in web/."""
    web = Path(__file__).resolve().parents[2] / "web"
    for path in web.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        for marker in ("http://", "https://", "//fonts.", "//cdn"):
            for line in text.splitlines():
                if marker in line and "www.w3.org/2000/svg" not in line and "www.w3.org/1999/xlink" not in line:
                    pytest.fail(f"{path.relative_to(web)} names another host: {line.strip()[:120]}")
