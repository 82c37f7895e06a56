"""Backups: `wheelhouse backup` copies the store while phones vote; `wheelhouse restore` puts a
copy back while the server is stopped, never under a running one."""

import asyncio
import sqlite3
import subprocess
import time

from conftest import BINARY, ROOT, Server
from wsclient import Client, competence_ids, create_workshop

PHONES = 8


def wheelhouse(*args):
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=60, cwd=ROOT)


async def facilitator(server, created):
    client = Client(server, "facilitator")
    await client.connect(workshop=created["id"], token=created["facilitatorToken"])
    return client


def rated(state):
    """Answers 1-5 in the importance round, over every competence, as the facilitator sees them."""
    return sum(row["importance"]["count"] for row in state["results"]["competences"])


async def vote_while_backing_up(server, created, backup_file):
    console = await facilitator(server, created)
    ack = await console.send({"type": "openRound", "round": "importance"})
    assert ack["type"] == "ack", ack
    competences = competence_ids(server, created["id"])
    phones = []
    for _ in range(PHONES):
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"])
        phones.append(phone)
    acked = []  # monotonic time at which each vote's ack arrived

    async def vote(phone, offset):
        for n, competence in enumerate(competences):
            reply = await phone.send({"type": "rate", "round": "importance", "competence": competence,
                                      "value": 1 + (n + offset) % 5})
            assert reply["type"] == "ack", reply
            acked.append(time.monotonic())
            await asyncio.sleep(0.03)

    async def backup():
        await asyncio.sleep(0.15)
        started = time.monotonic()
        result = await asyncio.to_thread(wheelhouse, "backup", str(backup_file), "--data", str(server.data))
        return started, time.monotonic(), result

    *_, (started, finished, result) = await asyncio.gather(*(vote(p, i) for i, p in enumerate(phones)), backup())
    assert result.returncode == 0, result.stderr
    assert "workshop" in result.stdout
    for phone in phones:
        await phone.close()
    await console.close()
    return sorted(acked), started, finished


def test_backup_during_votes_restores_every_vote_acked_before_it(tmp_path):
    server = Server(tmp_path / "data").start()
    # The facilitator follows the open round live only without blind voting (issue 12).
    created = create_workshop(server, blindVoting=False)
    backup_file = tmp_path / "backup.sqlite"
    try:
        acked, started, finished = asyncio.run(vote_while_backing_up(server, created, backup_file))
    finally:
        server.stop()
    total = len(acked)
    assert total == PHONES * 12
    acked_before = sum(1 for moment in acked if moment < started)
    acked_by_end = sum(1 for moment in acked if moment <= finished)

    # The copy is a whole SQLite database of its own.
    with sqlite3.connect(backup_file) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Restore into a fresh folder and read the tallies back through a server.
    restored = Server(tmp_path / "restored")
    result = wheelhouse("restore", str(backup_file), "--data", str(restored.data))
    assert result.returncode == 0, result.stderr
    restored.start()
    try:
        async def read():
            console = await facilitator(restored, created)
            state = console.state
            await console.close()
            return state
        in_backup = rated(asyncio.run(read()))
    finally:
        restored.stop()
    # The backup is the store at one moment while it ran: every vote acknowledged before it
    # began is in it (acks follow durable commits), and no more than were acknowledged by
    # its end plus the one vote each phone may have had committed but not yet acknowledged.
    print(f"acked before the backup {acked_before}, in it {in_backup}, acked by its end {acked_by_end}, in all {total}")
    assert acked_before <= in_backup <= min(total, acked_by_end + PHONES), (acked_before, in_backup, acked_by_end)


def test_restore_refuses_a_running_server_and_a_second_server_refuses_the_folder(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        created = create_workshop(server)
        backup_file = tmp_path / "backup.sqlite"
        assert wheelhouse("backup", str(backup_file), "--data", str(server.data)).returncode == 0
        # A backup never overwrites a file.
        again = wheelhouse("backup", str(backup_file), "--data", str(server.data))
        assert again.returncode == 1 and "exists" in again.stderr
        refused = wheelhouse("restore", str(backup_file), "--data", str(server.data))
        assert refused.returncode == 1
        assert "Another wheelhouse is using the data folder" in refused.stderr
        second = Server(server.data)
        second_run = subprocess.run(second.command(), capture_output=True, text=True, timeout=30, cwd=ROOT)
        assert second_run.returncode == 1
        assert "Another wheelhouse is using the data folder" in second_run.stderr
        # The first server is unharmed and still has its workshop.
        status, _ = server.request("GET", f"/api/workshops/{created['id']}")
        assert status == 200
    finally:
        server.stop()
    # Stopped: the restore goes through and keeps what it replaced.
    done = wheelhouse("restore", str(backup_file), "--data", str(server.data))
    assert done.returncode == 0, done.stderr
    assert any(path.name.startswith("wheelhouse.sqlite.before-restore-") for path in server.data.iterdir())


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    result = wheelhouse("restore", str(junk), "--data", str(tmp_path / "data"))
    assert result.returncode == 1
    assert "Not a Wheelhouse backup" in result.stderr
    assert not (tmp_path / "data" / "wheelhouse.sqlite").exists()
