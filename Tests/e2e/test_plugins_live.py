"""Plugins in a running server: broken ones skipped, uploads and reloads without a restart."""

import io
import shutil
import signal
import subprocess
import time
import zipfile

from conftest import BINARY, ROOT

ADMIN = {"Authorization": "Bearer test-admin-token"}

LIBRARY_PLUGIN = """\
id: library
version: 1.0.0
coreApi: 1
name: {da: Biblioteker, en: Libraries}
dependencies: [kl-base]
dimensions:
  - id: lib-formidling
    color: "#3366AA"
    title: {da: Biblioteksformidling, en: Library outreach}
    competences:
      - id: lib-arrangementer
        title: {da: Digitale arrangementer, en: Digital events}
"""


def make_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def copy_plugins(tmp_path, *ids):
    folder = tmp_path / "plugins"
    folder.mkdir()
    for plugin in ids:
        shutil.copytree(ROOT / "Plugins" / plugin, folder / plugin)
    return folder


def statuses(server):
    status, body = server.request("GET", "/api/plugins")
    assert status == 200
    return {p["id"]: p for p in body["plugins"]}


def test_cli_validates_the_shipped_plugins():
    result = subprocess.run([str(BINARY), "plugins", "validate", str(ROOT / "Plugins")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    ok_lines = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert len(ok_lines) >= 4
    for plugin in ("kl-base", "eldercare", "schools", "technical-services"):
        assert any(f" {plugin} " in line for line in ok_lines), plugin


def test_cli_reports_every_error_and_exits_1(tmp_path):
    folder = copy_plugins(tmp_path, "kl-base")
    (folder / "broken").mkdir()
    (folder / "broken" / "plugin.yaml").write_text(
        "id: broken\nversion: 1.0\ncoreApi: 1\nname: {en: Only English}\ncolour: red\n")
    result = subprocess.run([str(BINARY), "plugins", "validate", str(folder)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    out = result.stdout
    assert "ok      kl-base" in out
    assert "FAILED  broken" in out
    assert "broken/plugin.yaml:2: version: invalid_version" in out
    assert "name.da: missing_danish" in out
    assert "colour: unknown_key" in out


def test_broken_plugin_does_not_stop_the_server_and_is_listed_with_errors(tmp_path, make_server):
    folder = copy_plugins(tmp_path, "kl-base", "eldercare")
    (folder / "typo").mkdir()
    (folder / "typo" / "plugin.yaml").write_text(LIBRARY_PLUGIN.replace("id: library", "id: typo").replace("coreApi", "coreAPI"))
    server = make_server(plugins=folder).start()
    plugins = statuses(server)
    assert plugins["kl-base"]["state"] == "loaded"
    assert plugins["eldercare"]["state"] == "loaded"
    assert plugins["typo"]["state"] == "failed"
    rules = {(e["path"], e["rule"]) for e in plugins["typo"]["errors"]}
    assert ("coreAPI", "unknown_key") in rules
    assert ("coreApi", "missing_field") in rules
    status, _ = server.request("POST", "/api/workshops", {"title": "T", "plugins": ["kl-base", "eldercare"]})
    assert status == 201
    status, body = server.request("POST", "/api/workshops", {"title": "T", "plugins": ["typo"]})
    assert status == 400 and body["error"]["code"] == "invalid_plugins"


def test_upload_makes_a_plugin_usable_without_restart_and_old_workshops_keep_their_wheel(tmp_path, make_server):
    folder = copy_plugins(tmp_path, "kl-base")
    server = make_server(plugins=folder).start()
    status, before = server.request("POST", "/api/workshops", {"title": "Før", "plugins": ["kl-base"]})
    assert status == 201
    _, old_wheel = server.request("GET", f"/api/workshops/{before['id']}/wheel")

    upload = make_zip({"library/plugin.yaml": LIBRARY_PLUGIN})
    status, body = server.request("POST", "/api/admin/plugins", raw=upload,
                                  headers={**ADMIN, "Content-Type": "application/zip"})
    assert status == 201, body
    assert body["id"] == "library"
    assert statuses(server)["library"]["state"] == "loaded"
    assert (folder / "library" / "plugin.yaml").exists()

    status, after = server.request("POST", "/api/workshops", {"title": "Efter", "plugins": ["library"]})
    assert status == 201, after
    _, new_wheel = server.request("GET", f"/api/workshops/{after['id']}/wheel")
    assert [p["id"] for p in new_wheel["plugins"]] == ["kl-base", "library"]
    assert "lib-arrangementer" in [c["id"] for d in new_wheel["dimensions"] for c in d["competences"]]

    # An update of kl-base on disk plus a reload: the earlier workshop keeps the wheel it started with.
    manifest = folder / "kl-base" / "plugin.yaml"
    manifest.write_text(manifest.read_text().replace("version: \"1.0.0\"", "version: \"1.1.0\"", 1))
    status, reloaded = server.request("POST", "/api/admin/plugins/reload", headers=ADMIN)
    assert status == 200
    assert {p["id"]: p["version"] for p in reloaded["plugins"]}["kl-base"] == "1.1.0"
    _, still = server.request("GET", f"/api/workshops/{before['id']}/wheel")
    assert still == old_wheel
    assert still["plugins"][0]["version"] == "1.0.0"


def test_sighup_reloads_the_plugins_folder(tmp_path, make_server):
    folder = copy_plugins(tmp_path, "kl-base")
    server = make_server(plugins=folder).start()
    assert "library" not in statuses(server)
    (folder / "library").mkdir()
    (folder / "library" / "plugin.yaml").write_text(LIBRARY_PLUGIN)
    server.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while "library" not in statuses(server):
        assert time.monotonic() < deadline, "SIGHUP did not reload the plugins"
        time.sleep(0.05)
    assert statuses(server)["library"]["state"] == "loaded"


def test_bad_uploads_are_typed_errors_and_write_nothing(tmp_path, make_server):
    folder = copy_plugins(tmp_path, "kl-base")
    server = make_server(plugins=folder).start()
    before = sorted(p.name for p in folder.iterdir())

    def upload(data, headers=ADMIN):
        return server.request("POST", "/api/admin/plugins", raw=data, headers={**headers, "Content-Type": "application/zip"})

    status, body = upload(make_zip({"library/plugin.yaml": LIBRARY_PLUGIN}), headers={})
    assert status == 401 and body["error"]["code"] == "unauthorized"
    status, body = upload(make_zip({"../evil/plugin.yaml": LIBRARY_PLUGIN}))
    assert status == 400 and body["error"]["code"] == "unsafe_path"
    status, body = upload(b"this is not a zip at all")
    assert status == 400 and body["error"]["code"] == "not_a_zip"
    status, body = upload(make_zip({"readme.txt": "hello"}))
    assert status == 400 and body["error"]["code"] == "no_manifest"
    status, body = upload(make_zip({"x/plugin.yaml": LIBRARY_PLUGIN.replace("kl-base]", "nowhere]")}))
    assert status == 400 and body["error"]["code"] == "invalid_plugin"
    assert any("missing_dependency" in d for d in body["error"]["details"])
    status, body = upload(b"0" * (6 * 1024 * 1024))
    assert status == 413 and body["error"]["code"] == "too_large"

    assert sorted(p.name for p in folder.iterdir()) == before
    status, _ = server.request("GET", "/healthz")
    assert status == 200
