"""Which UI string keys a page can show: read from its markup and its whole module graph
(static and dynamic imports), the way a person would check it by hand. A key counts when
a module names it literally ('phone.back.backed'), when a template names a family of keys
(`scale.${round}.1` covers scale.importance.1 and scale.level.1), or when the markup
names it (data-i18n*, data-page-title). Used to check that a page's own string table
(strings/da-phone.js for join.html) has every key the page can ask for."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
IMPORT = re.compile(r"""(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]""")
LITERAL = re.compile(r"""['"]([a-z][A-Za-z0-9_]*\.[A-Za-z0-9_.]+)['"]""")
TEMPLATE = re.compile(r"`([a-z][A-Za-z0-9_]*\.[^`]*?\$\{[^`]*?)`")
MARKUP = re.compile(r'data-(?:i18n(?:-label|-placeholder|-title)?|page-title)="([^"]+)"')


def module_graph(page: str) -> list[Path]:
    """The page's HTML and every module it can load, in discovery order."""
    seen: list[Path] = []

    def add(path: Path):
        path = path.resolve()
        if path in seen or not path.exists():
            return
        seen.append(path)
        if path.suffix == ".js":
            for match in IMPORT.finditer(path.read_text()):
                target = match.group(1) or match.group(2)
                add((path.parent / target) if target.startswith(".") else WEB / target.lstrip("/"))

    html = WEB / page
    add(html)
    for match in re.finditer(r'<script[^>]*src="(/[^"]+)"', html.read_text()):
        add(WEB / match.group(1).lstrip("/"))
    return seen


STATIC_IMPORT = re.compile(r"""(?:import|export)\s[^'"`(]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]""", re.M)


def first_load(page: str) -> set[Path]:
    """The modules a page's script tags and their static imports load (no dynamic import())."""
    seen: set[Path] = set()

    def add(path: Path):
        path = path.resolve()
        if path in seen or not path.exists():
            return
        seen.add(path)
        for match in STATIC_IMPORT.finditer(path.read_text()):
            target = match.group(1) or match.group(2)
            add((path.parent / target) if target.startswith(".") else WEB / target.lstrip("/"))

    for match in re.finditer(r'<script[^>]*src="(/[^"]+)"', (WEB / page).read_text()):
        add(WEB / match.group(1).lstrip("/"))
    return seen


def keys_named(page: str, table: set[str]) -> set[str]:
    """The keys of `table` the page's markup and modules can ask for."""
    named: set[str] = set()
    for path in module_graph(page):
        if path.parent.name == "strings":
            continue
        text = path.read_text()
        named |= {key for key in LITERAL.findall(text) + MARKUP.findall(text) if key in table}
        for template in TEMPLATE.findall(text):
            parts = re.split(r"\$\{[^}]*\}", template)
            pattern = re.compile("[A-Za-z0-9_-]+".join(re.escape(part) for part in parts))
            named |= {key for key in table if pattern.fullmatch(key)}
    return named


def table_keys(path: Path) -> list[str]:
    return re.findall(r"^\s*'([^']+)':", path.read_text(), re.M)
