"""The pages' side of the server contract (web/js/contract.js) and the shape of web/js.

ContractTests.swift compares contract.js with the server; these check that the pages use
it: a string for every error code in both languages, the limits applied to the inputs, and
the rules docs/web.md states (module sizes, one owner for requests and for the console's
localStorage, no innerHTML).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import ROOT
from page_keys import first_load, keys_named, table_keys
from test_browser import make_driver

WEB = ROOT / "web"
JS = WEB / "js"


def contract_list(name: str) -> list[str]:
    text = (JS / "contract.js").read_text()
    match = re.search(rf"export const {name} = \[(.*?)\];", text, re.S)
    assert match, name
    return re.findall(r"'([a-z_]+)'", match.group(1))


def test_every_error_code_has_a_string_in_both_languages(server):
    codes = contract_list("ERROR_CODES")
    assert len(codes) == len(set(codes)), "an error code is listed twice"
    for subset in ("FATAL_ERRORS", "TRANSIENT_ERRORS"):
        assert set(contract_list(subset)) <= set(codes), subset
    driver = make_driver(800, 600)
    try:
        driver.get(server.url + "/index.html")
        missing = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            Promise.all([import('/js/contract.js'), import('/js/strings/da.js'), import('/js/strings/en.js')])
              .then(([contract, da, en]) => done(Object.fromEntries([['da', da.default], ['en', en.default]].map(([lang, table]) =>
                [lang, contract.ERROR_CODES.filter((code) => typeof table[`error.${code}`] !== 'string')]))))
              .catch((e) => done({ error: String(e) }));""")
    finally:
        driver.quit()
    assert missing == {"da": [], "en": []}, missing


def test_the_error_codes_docs_protocol_lists_are_in_the_contract():
    protocol = (ROOT / "docs" / "protocol.md").read_text()
    socket_table = protocol[protocol.index("## Error codes"):protocol.index("## HTTP API")]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", socket_table, re.M))
    http = protocol[protocol.index("## HTTP API"):]
    documented |= set(re.findall(r"^\| `([a-z_]+)` \| \d{3} \|", http, re.M))
    assert documented, "no error table found in docs/protocol.md"
    assert documented <= set(contract_list("ERROR_CODES")), documented - set(contract_list("ERROR_CODES"))


def test_the_inputs_take_their_limits_from_the_contract(server):
    limits = dict((k, int(v)) for k, v in re.findall(r"(\w+): (\d+),", (JS / "contract.js").read_text()))
    driver = make_driver(1280, 900)
    try:
        driver.get(server.url + "/facilitator.html")
        title = driver.find_element(By.CSS_SELECTOR, "[data-title-input]")
        assert int(title.get_attribute("maxlength")) == limits["titleLength"]
        driver.get(server.url + "/join.html")
        name = driver.find_element(By.CSS_SELECTOR, "[data-name-input]")
        assert int(name.get_attribute("maxlength")) == limits["nameLength"]
    finally:
        driver.quit()


def test_the_modules_keep_the_rules_of_docs_web_md():
    modules = sorted(JS.rglob("*.js"))
    too_long = [str(p.relative_to(JS)) for p in modules
                if p.parent.name != "strings" and len(p.read_text().splitlines()) > 400]
    assert not too_long, f"modules over 400 lines: {too_long}"
    for path in modules:
        text = path.read_text()
        name = str(path.relative_to(JS))
        assert "innerHTML" not in text, name
        if name != "api.js":
            assert "fetch(" not in text, f"{name}: requests go through api.js"
        if name != "known-workshops.js":
            assert "wheelhouse.facilitator" not in text, f"{name}: the console's workshops belong to known-workshops.js"
        if name != "contract.js":
            assert not re.search(r"\$\{\w+\}Round", text), f"{name}: round messages come from ROUND_ACTIONS"


def string_keys(language: str) -> set[str]:
    """The whole table: strings/da.js and the phone's part it takes in, strings/da-phone.js."""
    return set(table_keys(JS / "strings" / f"{language}.js")) | set(table_keys(JS / "strings" / f"{language}-phone.js"))


def test_the_phone_page_asks_for_its_whole_first_load_at_once():
    """join.html preloads every module its script imports statically, and the Danish phone
    strings: on a slow line each level of imports found one by one costs a round trip."""
    html = (WEB / "join.html").read_text()
    preloaded = {(WEB / href.lstrip("/")).resolve() for href in re.findall(r'<link rel="modulepreload" href="([^"]+)"', html)}
    script = {(WEB / src.lstrip("/")).resolve() for src in re.findall(r'<script[^>]*src="([^"]+)"', html)}
    needed = first_load("join.html") - script
    assert len(needed) >= 8, f"only {len(needed)} modules found: the check reads the wrong files"
    assert not needed - preloaded, f"not preloaded: {sorted(str(p.relative_to(WEB)) for p in needed - preloaded)}"
    assert not preloaded - needed - {(JS / "strings" / "da-phone.js").resolve()}, \
        f"preloaded but not in the first load: {sorted(str(p.relative_to(WEB)) for p in preloaded - needed)}"


def test_the_phone_table_has_every_key_the_phone_can_show():
    """join.html loads only strings/da-phone.js (or en-phone.js): every key the page's markup
    and module graph name must be in it, and no key may be in both parts of a table."""
    for language in ("da", "en"):
        phone = table_keys(JS / "strings" / f"{language}-phone.js")
        rest = table_keys(JS / "strings" / f"{language}.js")
        assert len(phone) == len(set(phone)) and len(rest) == len(set(rest)), f"{language}: a key is listed twice"
        assert not set(phone) & set(rest), f"{language}: in both files: {sorted(set(phone) & set(rest))}"
        named = keys_named("join.html", set(phone) | set(rest))
        assert len(named) > 150, f"only {len(named)} keys found: the check reads the wrong files"
        assert named <= set(phone), f"{language}-phone.js lacks keys the phone names: {sorted(named - set(phone))}"
    assert table_keys(JS / "strings" / "da-phone.js") == table_keys(JS / "strings" / "en-phone.js"), \
        "da-phone.js and en-phone.js list different keys (or a different order)"


class StaticText(HTMLParser):
    """Text and labelled attributes in a page's markup that no data-i18n* key replaces."""

    ATTRIBUTES = {"aria-label": "data-i18n-label", "placeholder": "data-i18n-placeholder", "title": "data-i18n-title"}
    VOID = {"meta", "link", "input", "br", "img", "hr", "source"}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, translated) of the open elements
        self.keys = []
        self.untranslated = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("data-i18n", *self.ATTRIBUTES.values()):
            if attrs.get(name):
                self.keys.append(attrs[name])
        for attribute, key in self.ATTRIBUTES.items():
            if attrs.get(attribute) and attrs[attribute] != "Wheelhouse" and key not in attrs:
                self.untranslated.append(f"<{tag} {attribute}={attrs[attribute]!r}>")
        if tag not in self.VOID:
            # The language toggle is labelled by wireLangToggle (lang.other).
            self.stack.append((tag, "data-i18n" in attrs or "data-lang-toggle" in attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = data.strip()
        if not text or not self.stack or self.stack[-1][0] in ("script", "style", "title"):
            return
        words = re.search(r"[^\W\d_]", text)  # figures and signs say the same in both languages
        if words and text != "Wheelhouse" and not any(translated for _, translated in self.stack):
            self.untranslated.append(f"<{self.stack[-1][0]}> {text[:40]!r}")


def test_every_ui_string_is_in_both_tables():
    """Every key a page's markup or a module names literally is in strings/da.js and en.js,
    and no text in the markup is left without a key (the product's name aside)."""
    da, en = string_keys("da"), string_keys("en")
    assert da == en, f"keys in one table only: {sorted(da ^ en)}"
    missing, untranslated, named = [], [], 0
    for page in sorted(WEB.glob("*.html")):
        parser = StaticText()
        parser.feed(page.read_text())
        untranslated += [f"{page.name}: {text}" for text in parser.untranslated]
        missing += [f"{page.name}: {key}" for key in parser.keys if key not in da]
        named += len(parser.keys)
        title = re.search(r'data-page-title="([^"]+)"', page.read_text())
        if title and title.group(1) not in da:
            missing.append(f"{page.name}: {title.group(1)}")
    for path in sorted(JS.rglob("*.js")):
        if path.parent.name == "strings":
            continue
        for key in re.findall(r"\bt\('([a-zA-Z0-9_.]+)'", path.read_text()):
            named += 1
            if key not in da:
                missing.append(f"{path.relative_to(JS)}: {key}")
    assert named > 300, f"only {named} keys found: the check reads the wrong files"
    assert not untranslated, f"text in the markup without a data-i18n key: {untranslated}"
    assert not missing, f"keys missing from the tables: {missing}"
