"""docs/openapi.yaml against a live server, with schemathesis (PyPI; pinned in
requirements.txt): the server serves the document at /openapi.yaml, and for every operation
no generated request gets a 5xx, and every response's status code, content type and body
match the document.

Two bounded runs of `st run` (examples, coverage, fuzzing and stateful phases; at most
MAX_EXAMPLES cases per operation and phase):
1. anonymous: every operation with generated values (random workshop ids, tokens, bodies);
   the stateful phase follows the document's links from POST /api/workshops to the
   operations on the workshop it created;
2. authorized: the workshop operations on a real workshop with its facilitator token (so
   the exports' and the facilitator snapshot's 200 bodies are checked too), DELETE on a
   second one, and the admin operations with the admin token (random zips to the upload).
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from conftest import ROOT
from wsclient import create_workshop

MAX_EXAMPLES = 25
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
SCHEMATHESIS = Path(sys.executable).with_name("st")

HOOKS = '''
import schemathesis

# The plugin upload's body is the zip's bytes: send what is generated as it is.
schemathesis.serializer.alias("application/zip", "application/octet-stream")
'''


def test_the_server_serves_its_openapi_document(server):
    status, text = server.request("GET", "/openapi.yaml")
    assert status == 200
    served = yaml.safe_load(text)
    assert served == yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
    assert served["openapi"].startswith("3.")
    # Every route the server has is in the document.
    routes = {("post", "/api/workshops"), ("get", "/api/workshops/{id}"), ("delete", "/api/workshops/{id}"),
              ("get", "/api/workshops/{id}/wheel"), ("get", "/api/workshops/{id}/qr.svg"),
              ("get", "/api/workshops/{id}/export.json"), ("get", "/api/workshops/{id}/notes"),
              ("get", "/api/workshops/{id}/actions.ics"), ("get", "/api/workshops/{id}/export.csv"),
              ("get", "/api/workshops/{id}/retention"), ("post", "/api/workshops/{id}/retention"),
              ("get", "/api/plugins"), ("get", "/api/plugins/preview"), ("post", "/api/admin/plugins/reload"),
              ("post", "/api/admin/plugins"), ("get", "/healthz"), ("get", "/metrics"), ("get", "/openapi.yaml")}
    documented = {(method, path) for path, item in served["paths"].items() for method in item if method != "parameters"}
    assert documented == routes
    with urllib.request.urlopen(server.url + "/openapi.yaml") as response:
        assert response.headers["Content-Type"].startswith("application/yaml")


def run_schemathesis(server, tmp_path, name, *args, config=""):
    hooks = tmp_path / "hooks.py"
    hooks.write_text(HOOKS)
    config_file = tmp_path / f"{name}.toml"
    config_file.write_text(f'hooks = "{hooks}"\n' + config)
    command = [str(SCHEMATHESIS), "--config-file", str(config_file), "--no-color", "run", server.url + "/openapi.yaml",
               "--checks", CHECKS, "--max-examples", str(MAX_EXAMPLES), "--seed", "20261201",
               "--request-timeout", "10", "--workers", "1", "--report", "junit",
               "--report-junit-path", str(tmp_path / f"{name}.xml"), *args]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    (tmp_path / f"{name}.log").write_text(output)
    summary = [line.strip("= ") for line in output.splitlines() if "generated" in line or line.startswith("====")]
    print(f"\nschemathesis {name}: {elapsed:.0f} s; " + " | ".join(summary[-2:]))
    assert result.returncode == 0, output[-6000:]
    assert "generated" in output and " 0 generated" not in output, output[-3000:]
    return output


def test_schemathesis_finds_no_server_error_and_no_mismatch(make_server, tmp_path):
    # A copy of the plugins: the admin token lets schemathesis upload (random, refused) zips.
    plugins = tmp_path / "Plugins"
    shutil.copytree(ROOT / "Plugins", plugins)
    server = make_server(plugins=plugins).start()
    run_schemathesis(server, tmp_path, "anonymous")

    # A real workshop with some state, so the results and ideas in the bodies are not all empty.
    shown = create_workshop(server)
    doomed = create_workshop(server)
    config = f'''
[[operations]]
include-operation-id = ["getWorkshop", "getWheel", "getQRCode", "exportJSON", "exportCSV", "getRetention", "keepWorkshopLonger",
                        "getFacilitatorNotes", "exportActionCalendar"]
parameters = {{ id = "{shown['id']}" }}
headers = {{ Authorization = "Bearer {shown['facilitatorToken']}" }}

[[operations]]
include-operation-id = "deleteWorkshop"
parameters = {{ id = "{doomed['id']}" }}
headers = {{ Authorization = "Bearer {doomed['facilitatorToken']}" }}

[[operations]]
include-operation-id = ["reloadPlugins", "uploadPlugin"]
headers = {{ Authorization = "Bearer {server.admin_token}" }}
'''
    output = run_schemathesis(server, tmp_path, "authorized", "--include-path-regex", "^/api/(workshops/|admin/)",
                              config=config)
    assert "Authentication failed" not in output, output[-3000:]
    # The operations reached their core: the shown workshop is still there, the doomed one is gone.
    assert server.request("GET", f"/api/workshops/{shown['id']}")[0] == 200
    assert server.request("GET", f"/api/workshops/{doomed['id']}")[0] == 404
    # And the plugins the server had are still loaded (random uploads were all refused).
    status, listing = server.request("GET", "/api/plugins")
    loaded = {p["id"] for p in listing["plugins"] if p["state"] == "loaded"}
    assert status == 200 and loaded == {p.name for p in (ROOT / "Plugins").iterdir() if (p / "plugin.yaml").exists()}
