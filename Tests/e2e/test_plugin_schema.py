"""The JSON Schema for plugin manifests agrees with the shipped plugins and the docs example.

Editors and sector teams' CI use Plugins/plugin.schema.json, so it must accept every real
manifest and reject the mistakes the loader rejects.
"""

import copy
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "Plugins"
SCHEMA_PATH = PLUGINS / "plugin.schema.json"
GUIDE = ROOT / "docs" / "plugins.md"
SHIPPED = ["kl-base", "eldercare", "schools", "technical-services"]


def load_manifest(text: str):
    """A manifest as the schema sees it (editors and CI parse YAML the same way)."""
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(validator, manifest) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(manifest)]


def docs_example() -> str:
    """The ```yaml block right after the `<!-- example-plugin -->` line of docs/plugins.md."""
    lines = GUIDE.read_text(encoding="utf-8").split("\n")
    marker = next(i for i, line in enumerate(lines) if line.strip() == "<!-- example-plugin -->")
    start = marker + 1
    while not lines[start].strip():
        start += 1
    assert lines[start].strip() == "```yaml", "the example must be a ```yaml block right after the marker"
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "```")
    return "\n".join(lines[start + 1 : end]) + "\n"


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"


def test_every_shipped_plugin_is_checked():
    found = sorted(p.parent.name for p in PLUGINS.glob("*/plugin.yaml"))
    assert set(SHIPPED) <= set(found)


@pytest.mark.parametrize("path", sorted(PLUGINS.glob("*/plugin.yaml")), ids=lambda p: p.parent.name)
def test_shipped_manifest_validates(validator, path):
    manifest = load_manifest(path.read_text(encoding="utf-8"))
    assert errors(validator, manifest) == []
    assert manifest["id"] == path.parent.name


def test_docs_example_validates(validator):
    manifest = load_manifest(docs_example())
    assert manifest["id"] == "aarhus-library"
    assert errors(validator, manifest) == []


@pytest.fixture
def example():
    return load_manifest(docs_example())


def test_unknown_key_is_rejected(validator, example):
    broken = copy.deepcopy(example)
    broken["dimensions"][0]["competences"][1]["titel"] = broken["dimensions"][0]["competences"][1].pop("title")
    found = errors(validator, broken)
    assert found, "a typo'd key must be rejected"
    assert any("titel" in e for e in found)


def test_unknown_top_level_key_is_rejected(validator, example):
    broken = copy.deepcopy(example)
    broken["dependecies"] = broken.pop("dependencies")
    assert any("dependecies" in e for e in errors(validator, broken))


def test_text_without_danish_is_rejected(validator, example):
    broken = copy.deepcopy(example)
    del broken["dimensions"][0]["competences"][1]["title"]["da"]
    found = errors(validator, broken)
    assert any("dimensions/0/competences/1/title" in e and "'da'" in e for e in found), found


def test_blank_danish_is_rejected(validator, example):
    broken = copy.deepcopy(example)
    broken["cases"][0]["story"]["da"] = "   "
    assert errors(validator, broken)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda m: m.__setitem__("coreApi", "1"), id="coreApi as a string"),
        pytest.param(lambda m: m.__setitem__("coreApi", 2), id="unsupported coreApi"),
        pytest.param(lambda m: m.__setitem__("version", "1.0"), id="version with two parts"),
        pytest.param(lambda m: m.__setitem__("id", "Aarhus_Library"), id="invalid id"),
        pytest.param(lambda m: m["dimensions"][0].__setitem__("color", "purple"), id="invalid colour"),
        pytest.param(lambda m: m["dimensions"][0].__setitem__("competences", []), id="dimension without competences"),
        pytest.param(lambda m: m["roleProfiles"][0]["levels"].__setitem__("brugerkompetencer", 6), id="level 6"),
        pytest.param(lambda m: m["inspiration"][0].__setitem__("kind", "mentoring"), id="invalid kind"),
        pytest.param(lambda m: m["cases"][0].__setitem__("competences", []), id="case without competences"),
        pytest.param(lambda m: m["name"].__setitem__("da", "x" * 81), id="name too long"),
        pytest.param(lambda m: m["cases"][0]["story"].__setitem__("en", "x" * 2001), id="story too long"),
        pytest.param(lambda m: m.__delitem__("name"), id="missing name"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(validator, example, change):
    broken = copy.deepcopy(example)
    change(broken)
    assert errors(validator, broken), "the schema must reject this manifest"


def test_limits_are_inclusive(validator, example):
    ok = copy.deepcopy(example)
    ok["name"]["da"] = "x" * 80
    ok["cases"][0]["story"]["da"] = "x" * 2000
    assert errors(validator, ok) == []


def test_json_manifest_validates_too(validator, example):
    # plugin.json has the same structure: a JSON round trip of the example still validates.
    assert errors(validator, json.loads(json.dumps(example))) == []
