"""Shared helpers for browser tests: a headless Chromium at a given viewport, waiting,
and geometry checks (overflow, overlapping text boxes) read from the live page."""

import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import OUTPUT

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

needs_chromium = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()), reason="needs chromium and chromium-driver")


def make_driver(width, height, phone=False, text_scale=1.0):
    """A headless Chromium whose viewport is width x height; `phone` emulates a touch phone,
    `text_scale` the browser's text size setting (2.0 = 200 %)."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=da-DK"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    if text_scale != 1.0:
        options.add_experimental_option("prefs", {"webkit.webprefs.default_font_size": int(16 * text_scale),
                                                  "webkit.webprefs.minimum_font_size": 0})
    if phone:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0},
            "userAgent": "Mozilla/5.0 (Linux; Android 9; SM-J530F) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/120.0 Mobile Safari/537.36"})
    else:
        options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    if not phone:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.set_script_timeout(20)
    return driver


def wait(driver, condition, timeout=15, message=""):
    def safe(d):
        try:
            return condition(d)
        except StaleElementReferenceException:
            return False
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(safe, message)


def css(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector)


def all_css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def wait_css(driver, selector, timeout=15):
    return wait(driver, lambda d: (all_css(d, selector) or [None])[0], timeout, f"no {selector}")


def text_of(driver, selector):
    return driver.execute_script("const el = document.querySelector(arguments[0]); return el ? el.textContent : null", selector)


def shot(driver, name):
    OUTPUT.mkdir(exist_ok=True)
    driver.save_screenshot(str(OUTPUT / name))


def horizontal_overflow(driver):
    """How many CSS pixels the page is wider than its viewport (0 when it does not scroll sideways)."""
    return driver.execute_script(
        "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)")


# Every visible element with its own text whose box leaves the viewport (or, with `clip`,
# its nearest clipping ancestor); returns [{text, box}] for messages.
_ESCAPES = """
const clip = arguments[0];
const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
const out = [];
for (const el of document.querySelectorAll('body *')) {
  if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none') continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  if (el.closest('[hidden], .visually-hidden, .sr-only')) continue;
  if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
    out.push({text: el.textContent.trim().slice(0, 60), box: [r.left, r.top, r.right, r.bottom].map(Math.round)});
}
return out;
"""


def text_outside_viewport(driver):
    return driver.execute_script(_ESCAPES, False)


def overlapping(boxes, tolerance=0.5):
    """Pairs of boxes [left, top, right, bottom] (with a label at index 4) that intersect."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if min(a[2], b[2]) - max(a[0], b[0]) > tolerance and min(a[3], b[3]) - max(a[1], b[1]) > tolerance:
                pairs.append((a, b))
    return pairs
