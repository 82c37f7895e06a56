"""scripts/install and scripts/uninstall, into a test root of the test's own: the files land
where the unit expects them, systemd accepts the unit, and the installed server runs."""

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from conftest import BINARY, ROOT, free_port, wait_healthy

SYSTEMD_UNITS = Path("/usr/lib/systemd/system")


def script(name, *args):
    return subprocess.run([str(ROOT / "scripts" / name), *args], capture_output=True, text=True, timeout=120)


def env_file(root):
    pairs = {}
    for line in (root / "etc/wheelhouse/wheelhouse.env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            pairs[key] = value
    return pairs


@pytest.fixture
def installed(tmp_path):
    root = tmp_path / "root"
    result = script("install", "--root", str(root), "--binary", str(BINARY))
    assert result.returncode == 0, result.stderr
    return root


def test_install_writes_a_unit_systemd_accepts(installed):
    if shutil.which("systemd-analyze") is None or not SYSTEMD_UNITS.is_dir():
        pytest.skip("systemd is not installed")
    # verify --root needs what a real system has inside the root: its own units
    # (sysinit.target, ...) and /bin/kill, which ExecReload uses.
    shutil.copytree(SYSTEMD_UNITS, installed / "usr/lib/systemd/system", symlinks=True)
    (installed / "usr/bin").mkdir(parents=True, exist_ok=True)
    shutil.copy2(shutil.which("kill") or "/usr/bin/kill", installed / "usr/bin/kill")
    (installed / "bin").symlink_to("usr/bin")
    result = subprocess.run(["systemd-analyze", "verify", f"--root={installed}", "wheelhouse.service"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    unit = (installed / "etc/systemd/system/wheelhouse.service").read_text()
    for line in ("User=wheelhouse", "Restart=on-failure", "StandardOutput=journal",
                 "EnvironmentFile=/etc/wheelhouse/wheelhouse.env", "ExecStart=/opt/wheelhouse/wheelhouse serve",
                 "ReadWritePaths=/var/lib/wheelhouse", "ProtectSystem=strict", "WantedBy=multi-user.target"):
        assert line in unit, line
    # A broken install is caught: the unit names a binary that must be there.
    (installed / "opt/wheelhouse/wheelhouse").unlink()
    broken = subprocess.run(["systemd-analyze", "verify", f"--root={installed}", "wheelhouse.service"],
                            capture_output=True, text=True, timeout=60)
    assert broken.returncode != 0


def test_the_installed_server_runs_from_its_files(installed):
    settings = env_file(installed)
    assert len(settings["WHEELHOUSE_ADMIN_TOKEN"]) >= 24
    assert (installed / "etc/wheelhouse/wheelhouse.env").stat().st_mode & 0o077 == 0o040  # 640: no world access
    # The unit's paths, under the test root.
    env = {**os.environ}
    for key, value in settings.items():
        env[key] = str(installed) + value if value.startswith("/") else value
    port = free_port()
    env.update(WHEELHOUSE_HOST="127.0.0.1", WHEELHOUSE_PORT=str(port))
    process = subprocess.Popen([str(installed / "opt/wheelhouse/wheelhouse"), "serve"], env=env,
                               cwd=installed / "opt/wheelhouse", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, what="the installed server")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/plugins", timeout=5) as response:
            assert b'"kl-base"' in response.read()
        for path in ("/join.html", "/openapi.yaml"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                assert response.status == 200, path
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert (installed / "var/lib/wheelhouse/wheelhouse.sqlite").exists()


def test_upgrade_keeps_settings_and_data_and_uninstall_keeps_data_unless_purged(installed):
    token = env_file(installed)["WHEELHOUSE_ADMIN_TOKEN"]
    uploaded = installed / "var/lib/wheelhouse/plugins/uploaded-by-a-team"
    uploaded.mkdir()
    (installed / "var/lib/wheelhouse/wheelhouse.sqlite").write_bytes(b"the workshops")
    again = script("install", "--root", str(installed), "--binary", str(BINARY))
    assert again.returncode == 0, again.stderr
    assert env_file(installed)["WHEELHOUSE_ADMIN_TOKEN"] == token
    assert uploaded.is_dir()
    assert (installed / "var/lib/wheelhouse/plugins/kl-base/plugin.yaml").exists()
    removed = script("uninstall", "--root", str(installed))
    assert removed.returncode == 0, removed.stderr
    assert not (installed / "opt/wheelhouse").exists()
    assert not (installed / "etc/systemd/system/wheelhouse.service").exists()
    assert (installed / "var/lib/wheelhouse/wheelhouse.sqlite").read_bytes() == b"the workshops"
    assert (installed / "etc/wheelhouse/wheelhouse.env").exists()
    purged = script("uninstall", "--root", str(installed), "--purge")
    assert purged.returncode == 0, purged.stderr
    assert not (installed / "var/lib/wheelhouse").exists()
    assert not (installed / "etc/wheelhouse").exists()
