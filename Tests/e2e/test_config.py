"""The configuration file and `wheelhouse config check`: the settings a service runs with,
where each came from, and a typo caught with its line number."""

import os
import subprocess
import time
import urllib.request

from conftest import BINARY, ROOT, free_port, wait_healthy


def wheelhouse(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WHEELHOUSE_")}
    environment.update(env or {})
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=60, cwd=ROOT, env=environment)


def settings(output):
    """NAME -> (value, source) from config check's lines."""
    rows = {}
    for line in output.splitlines():
        if line.startswith("WHEELHOUSE_"):
            name, rest = line.split(None, 1)
            value, source = rest.rsplit("  [", 1)
            rows[name] = (value.strip(), source.rstrip("]"))
    return rows


def test_config_check_names_every_source(tmp_path):
    config = tmp_path / "wheelhouse.env"
    config.write_text("# the service's settings\nWHEELHOUSE_PORT=9123\nWHEELHOUSE_DATA=/srv/wheelhouse\n"
                      "WHEELHOUSE_HOST=10.0.0.5\nWHEELHOUSE_ADMIN_TOKEN=secret-secret-secret-secret\n")
    result = wheelhouse("config", "check", "--config", str(config), "--log-level", "debug",
                        env={"WHEELHOUSE_HOST": "127.0.0.1"})
    assert result.returncode == 0, result.stderr
    rows = settings(result.stdout)
    assert rows["WHEELHOUSE_PORT"] == ("9123", f"{config}:2")
    assert rows["WHEELHOUSE_DATA"] == ("/srv/wheelhouse", f"{config}:3")
    assert rows["WHEELHOUSE_HOST"] == ("127.0.0.1", "environment")
    assert rows["WHEELHOUSE_LOG_LEVEL"] == ("debug", "flag")
    assert rows["WHEELHOUSE_IDLE_TIMEOUT"][1] == "default"
    # The admin token is never printed.
    assert "secret-secret" not in result.stdout
    assert rows["WHEELHOUSE_ADMIN_TOKEN"][0] == "(set, 27 characters)"


def test_a_typo_or_a_bad_value_is_refused_with_its_place(tmp_path):
    config = tmp_path / "wheelhouse.env"
    config.write_text("WHEELHOUSE_PORT=9000\nWHEELHOUSE_DAT=/srv\n")
    result = wheelhouse("config", "check", "--config", str(config))
    assert result.returncode == 1
    assert f"{config}:2: unknown setting WHEELHOUSE_DAT; did you mean WHEELHOUSE_DATA?" in result.stderr
    config.write_text("WHEELHOUSE_PORT=eighty\n")
    result = wheelhouse("config", "check", "--config", str(config))
    assert result.returncode == 1
    assert "WHEELHOUSE_PORT='eighty'" in result.stderr
    # serve refuses the same file, and does not start.
    served = wheelhouse("serve", "--config", str(config))
    assert served.returncode != 0
    assert "WHEELHOUSE_PORT='eighty'" in served.stderr


def test_serve_runs_with_the_file_given_by_flag_or_environment(tmp_path):
    port = free_port()
    config = tmp_path / "wheelhouse.env"
    config.write_text(f"WHEELHOUSE_HOST=127.0.0.1\nWHEELHOUSE_PORT={port}\nWHEELHOUSE_DATA={tmp_path / 'data'}\n"
                      f"WHEELHOUSE_PLUGINS={ROOT / 'Plugins'}\nWHEELHOUSE_WEB={ROOT / 'web'}\n")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WHEELHOUSE_")}
    environment["WHEELHOUSE_CONFIG"] = str(config)
    process = subprocess.Popen([str(BINARY), "serve"], cwd=ROOT, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, what="the server on the file's port")
        assert (tmp_path / "data" / "wheelhouse.sqlite").exists()
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_the_installed_settings_file_checks(tmp_path):
    root = tmp_path / "root"
    installed = subprocess.run([str(ROOT / "scripts/install"), "--root", str(root), "--binary", str(BINARY)],
                               capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stderr
    result = wheelhouse("config", "check", "--config", str(root / "etc/wheelhouse/wheelhouse.env"))
    assert result.returncode == 0, result.stderr
    rows = settings(result.stdout)
    assert rows["WHEELHOUSE_DATA"][0] == "/var/lib/wheelhouse"
    assert rows["WHEELHOUSE_ADMIN_TOKEN"][0].startswith("(set, ")


def test_tls_needs_both_files_and_the_redirect_needs_tls(tmp_path):
    half = wheelhouse("config", "check", "--tls-cert", str(tmp_path / "cert.pem"))
    assert half.returncode == 1 and "both --tls-cert and --tls-key" in half.stderr
    redirect = wheelhouse("config", "check", "--http-redirect-port", "8081")
    assert redirect.returncode == 1 and "with --tls-cert and --tls-key" in redirect.stderr
