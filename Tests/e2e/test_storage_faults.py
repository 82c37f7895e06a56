"""Storage faults for real: the data folder on a small tmpfs that the test fills up.
While the disk is full, votes get `store_unavailable` and are not acknowledged, /healthz says
so; when space returns the server takes votes again by itself, and after a restart the store
holds exactly the acknowledged votes."""

import asyncio
import json
import os
import sqlite3
import subprocess
import urllib.error
import urllib.request

import pytest

from conftest import Server
from wsclient import Client, competence_ids, create_workshop


def health(server):
    try:
        with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine refuses a tmpfs mount: {mounted.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(path):
    """Writes a filler file until the file system is full."""
    filler = path / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):  # smaller and smaller, to the last byte
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_refuses_votes_and_recovers_by_itself(small_disk, tmp_path):
    server = Server(small_disk / "data")
    server.log_path = tmp_path / "server.log"
    server.start()
    try:
        created = create_workshop(server)
        ids = competence_ids(server, created["id"])
        acked, refused = [], []

        async def run():
            facilitator = Client(server, "facilitator")
            await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
            await facilitator.send({"type": "openRound", "round": "ideas"})
            phone = Client(server, "participant")
            await phone.connect(code=created["joinCode"])
            first = await phone.send({"type": "submitIdea", "text": "Før disken blev fuld"})
            assert first["type"] == "ack"
            acked.append("Før disken blev fuld")
            filler = fill(small_disk)
            # Ideas are large enough that the WAL must grow within a few of them.
            for n in range(19):
                text = f"Idé {n} " + "x" * 250
                reply = await phone.send({"type": "submitIdea", "text": text})
                if reply["type"] == "ack":
                    acked.append(text)
                else:
                    assert reply["code"] == "store_unavailable", reply
                    refused.append(text)
                    status, body = health(server)
                    assert status == 503 and body["store"] == "unavailable", body
                    break
            assert refused, "the full disk never refused a write"
            # Space returns: the next vote is taken without a restart.
            filler.unlink()
            again = await phone.send({"type": "submitIdea", "text": "Efter oprydning"})
            assert again["type"] == "ack", again
            acked.append("Efter oprydning")
            status, body = health(server)
            assert status == 200 and body["status"] == "ok", body
            await phone.close()
            await facilitator.close()

        asyncio.run(run())
        assert server.process.poll() is None
    finally:
        server.stop()
    # After a restart the store holds the acknowledged ideas and nothing else.
    db = sqlite3.connect(small_disk / "data" / "wheelhouse.sqlite")
    events = [json.loads(row[0]) for row in db.execute("SELECT event FROM events ORDER BY seq")]
    db.close()
    stored = [e["ideaSubmitted"]["text"] for e in events if "ideaSubmitted" in e]
    assert stored == acked, (stored, acked, refused)
