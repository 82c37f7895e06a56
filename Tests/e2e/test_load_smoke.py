"""The load generator as a correctness check, not a timing one: about 200 phones in a few
workshops against a real (debug) server, and every acknowledged vote must be in the final
tallies. The figures themselves come from scripts/bench (docs/BENCHMARKS.md)."""

import asyncio
import json
import subprocess

import pytest
import websockets

from conftest import ROOT, Server

LOAD = ROOT / ".build" / "debug" / "wheelhouse-load"


def run_load(server, *args, timeout=300):
    command = [str(LOAD), *args, "--url", server.url, "--server-pid", str(server.process.pid)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stderr[-4000:]}"
    return json.loads(result.stdout)


def assert_no_vote_lost(summary):
    votes = summary["votes"]
    assert votes["sent"] > 0
    assert votes["acked"] == votes["sent"], votes
    assert votes["refused"] == 0 and votes["unresolved"] == 0, votes
    assert votes["lost"] == 0, summary["tallyProblems"]
    assert votes["unexpected"] == 0, summary["tallyProblems"]
    # The server's own count (GET /metrics) agrees with what the phones saw acknowledged.
    assert votes["serverCounted"] == votes["acked"], votes
    assert summary["talliesConsistent"], summary["tallyProblems"]
    assert summary["errors"] == {}, summary["errors"]


def test_two_hundred_phones_in_four_workshops_lose_no_vote(server):
    summary = run_load(server, "app", "--workshops", "4", "--participants", "50", "--mode", "sustained",
                       "--rate", "1", "--duration", "6", "--label", "smoke")
    assert summary["connections"] == 4 * 52
    assert summary["connected"] == summary["connections"], summary["joinFailures"]
    assert_no_vote_lost(summary)
    # Every first answer reached the board (the generator matched each one to a board frame).
    assert summary["boardFreshnessMs"]["count"] > 0
    assert summary["seqGaps"] == 0


def test_a_burst_of_every_competence_loses_no_vote(server):
    summary = run_load(server, "app", "--workshops", "2", "--participants", "100", "--mode", "burst",
                       "--burst-window", "3", "--label", "smoke-burst")
    assert summary["connected"] == summary["connections"]
    # One rating per competence per phone (kl-base has 12).
    assert summary["votes"]["sent"] == 200 * 12
    assert_no_vote_lost(summary)


def test_the_raw_endpoint_is_off_by_default(server):
    async def attempt():
        async with websockets.connect(f"{server.ws_url}/ws/raw", open_timeout=5):
            pass

    with pytest.raises(Exception):
        asyncio.run(attempt())


@pytest.fixture
def raw_server(tmp_path, monkeypatch):
    monkeypatch.setenv("WHEELHOUSE_RAW_ENDPOINT", "1")
    instance = Server(tmp_path / "data").start()
    yield instance
    instance.stop()


def test_the_raw_endpoint_speaks_the_broadcast_benchmark_protocol(raw_server):
    async def scenario():
        first = await websockets.connect(f"{raw_server.ws_url}/ws/raw")
        second = await websockets.connect(f"{raw_server.ws_url}/ws/raw")
        # Echo: the same object back, byte for byte.
        text = '{"type":"echo","payload":{"n":[1,"}"],"s":"a\\"b"}}'
        await first.send(text)
        assert await asyncio.wait_for(first.recv(), 10) == text
        # Broadcast: every socket, the sender included, then the result to the sender.
        # (The second socket proves it is registered by answering an echo first.)
        await second.send('{"type":"echo","payload":1}')
        await asyncio.wait_for(second.recv(), 10)
        await first.send(' { "payload" : {"t": 12} , "type" : "broadcast" } ')
        to_sender = json.loads(await asyncio.wait_for(first.recv(), 10))
        result = json.loads(await asyncio.wait_for(first.recv(), 10))
        to_other = json.loads(await asyncio.wait_for(second.recv(), 10))
        assert to_sender == {"type": "broadcast", "payload": {"t": 12}}
        assert to_other == {"type": "broadcast", "payload": {"t": 12}}
        assert result == {"type": "broadcastResult", "payload": {"t": 12}, "listenerCount": 2}
        await first.close()
        await second.close()

    asyncio.run(scenario())


def test_the_generator_drives_the_raw_endpoint(raw_server):
    echo = run_load(raw_server, "raw", "--mode", "echo", "--connections", "100", "--rate", "5",
                    "--duration", "2", "--label", "raw-echo")
    assert echo["connected"] == 100
    assert echo["echoes"] > 0
    # In steps of 25 with broadcasts right after each: a socket hears broadcasts from the
    # moment its upgrade is answered (the join race the shootout's harness found).
    broadcast = run_load(raw_server, "raw", "--mode", "broadcast", "--connections", "100", "--rate", "10",
                         "--senders", "5", "--step", "25", "--duration", "2", "--label", "raw-broadcast")
    assert broadcast["connected"] == 100
    assert broadcast["broadcasts"] > 0
    assert broadcast["stepBroadcasts"] == 4 * 5
    assert broadcast["listenerCount"] == 100
    assert broadcast["missingDeliveries"] == 0
    assert broadcast["deliveries"] == broadcast["broadcasts"] * 100
