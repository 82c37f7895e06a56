"""Two instances on one PostgreSQL behind nginx (issue 13), started by scripts/cluster.

Every socket of a workshop may sit on either instance: tallies are exact wherever the votes
came in, each socket's updates are numbered without gaps, a killed instance loses no
acknowledged vote (its phones resume on the other one through nginx), commands racing on
the two instances end in one agreed state, and a PostgreSQL outage refuses changes with
`store_unavailable` until the database is back, then heals by itself.

SIGTERM drains an instance (1012 closes, /healthz "draining"): its phones carry on on the
other one. The kill test runs last: it restarts the instance it killed, but a broken
restart should not take the other tests with it."""

import asyncio
import glob
from collections import Counter
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import websockets

from conftest import BINARY, OUTPUT, ROOT, Server, free_port
from tallies import assert_rating, rating_stats
from wsclient import competence_ids, create_workshop, new_op_id

SCRIPT = ROOT / "scripts" / "cluster"


def missing_tools():
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb") and not os.environ.get("WHEELHOUSE_PG_BIN"):
        return "PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin; scripts/test installs them)"
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        return "nginx is not installed (scripts/test installs it)"
    return None


pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=str(missing_tools()))


# --- the cluster -------------------------------------------------------------------------

def running(pid):
    """The process runs (not gone, not a zombie: the instances' parent is init, not us)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class Endpoint:
    """One address of the cluster (an instance, or nginx), usable where a Server is."""

    request = Server.request  # needs only .url

    def __init__(self, name, port):
        self.name = name
        self.port = port

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self):
        return f"ws://127.0.0.1:{self.port}"

    def health(self, timeout=15):
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")
        except OSError as error:  # refused, or no answer in time
            return None, {"error": repr(error)}


class Cluster:
    def __init__(self, folder: Path):
        self.folder = folder
        self.a = Endpoint("a", free_port())
        self.b = Endpoint("b", free_port())
        self.proxy = Endpoint("nginx", free_port())
        self.pg_port = free_port()
        self.env = {
            **os.environ,
            "WHEELHOUSE_CLUSTER_DIR": str(folder),
            "WHEELHOUSE_BINARY": str(BINARY),
            "WHEELHOUSE_CLUSTER_HOST": "127.0.0.1",
            "WHEELHOUSE_CLUSTER_PORT": str(self.proxy.port),
            "WHEELHOUSE_CLUSTER_PORT_A": str(self.a.port),
            "WHEELHOUSE_CLUSTER_PORT_B": str(self.b.port),
            "WHEELHOUSE_CLUSTER_PG_PORT": str(self.pg_port),
            "WHEELHOUSE_ADMIN_TOKEN": "test-admin-token",
            # The per-address limits keep their defaults: every test phone comes from
            # 127.0.0.1, nginx's address, which the instances trust as their proxy.
        }

    def run(self, command, timeout=120):
        done = subprocess.run([str(SCRIPT), command], env=self.env, cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout)
        assert done.returncode == 0, f"scripts/cluster {command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self):
        return self.run("start")

    def stop(self):
        return self.run("stop")

    def pid(self, name):
        return int((self.folder / name / "pid").read_text())

    def kill(self, name):
        """kill -9 an instance and wait until it is gone."""
        pid = self.pid(name)
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while running(pid):
            assert time.monotonic() < deadline, f"instance {name} (pid {pid}) survived SIGKILL"
            time.sleep(0.02)

    def log(self, name):
        path = self.folder / name / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""


@pytest.fixture(scope="module")
def cluster():
    # Under /tmp and short: PostgreSQL's Unix socket path must stay under 108 bytes, and as
    # root the postgres user must be able to reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="whc-", dir="/tmp"))
    folder.chmod(0o755)
    instance = Cluster(folder)
    try:
        instance.start()
        yield instance
    finally:
        try:
            subprocess.run([str(SCRIPT), "stop"], env=instance.env, cwd=ROOT, capture_output=True, timeout=120)
        finally:
            kept = OUTPUT / "cluster"
            shutil.rmtree(kept, ignore_errors=True)
            kept.mkdir(parents=True, exist_ok=True)
            for log in folder.glob("**/*.log"):
                target = kept / "-".join(log.relative_to(folder).parts)
                shutil.copy(log, target)
            shutil.rmtree(folder, ignore_errors=True)


# --- a client that checks the order of what it receives ----------------------------------

class Tracked:
    """One socket: hello, acks and errors matched to opIds, the merged state, and the order
    of updates: after each welcome, every update's seq must be the previous one + 1."""

    def __init__(self, endpoint, role):
        self.endpoint = endpoint
        self.role = role
        self.ws = None
        self.reader = None
        self.welcome = None
        self.state = {}
        self.seq = None
        self.early = []           # updates that overtook their welcome (docs/protocol.md)
        self.order_errors = []    # (previous seq, received seq)
        self.phases = []          # every `rounds` map received, in order
        self.pending = {}
        self.errors = []
        self.changed = None
        self.closed = None
        self.close_code = None
        self.closed_at = None

    async def connect(self, timeout=30, **hello):
        loop = asyncio.get_running_loop()
        self.changed = asyncio.Event()
        self.closed = asyncio.Event()
        self.welcome_future = loop.create_future()
        self.ws = await websockets.connect(f"{self.endpoint.ws_url}/ws/{self.role}", max_size=2**22,
                                           open_timeout=timeout)
        self.reader = asyncio.create_task(self._read())
        await self.ws.send(json.dumps({"type": "hello", "protocol": 1, **hello}))
        reply = await asyncio.wait_for(self.welcome_future, timeout)
        if reply.get("type") == "error":
            raise RuntimeError(f"hello refused on {self.endpoint.name}: {reply}")
        return reply

    def _apply(self, update):
        if update["seq"] <= self.seq:
            self.order_errors.append((self.seq, update["seq"]))
            return
        if update["seq"] != self.seq + 1:
            self.order_errors.append((self.seq, update["seq"]))
        self.seq = update["seq"]
        self.state.update(update["state"])
        if "rounds" in update["state"]:
            self.phases.append(dict(update["state"]["rounds"]))
        self.changed.set()

    async def _read(self):
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                kind = message["type"]
                if kind == "welcome":
                    self.welcome = message
                    self.state = dict(message["state"])
                    self.seq = message["seq"]
                    self.phases.append(dict(message["state"].get("rounds", {})))
                    early, self.early = sorted(self.early, key=lambda u: u["seq"]), []
                    for update in early:
                        if update["seq"] > self.seq:
                            self._apply(update)
                    if not self.welcome_future.done():
                        self.welcome_future.set_result(message)
                    self.changed.set()
                elif kind == "update":
                    if self.welcome is None:
                        self.early.append(message)
                    else:
                        self._apply(message)
                elif kind in ("ack", "error"):
                    future = self.pending.pop(message.get("opId"), None) if message.get("opId") else None
                    if future is not None:
                        if not future.done():
                            future.set_result(message)
                    elif kind == "error":
                        self.errors.append(message)
                        if not self.welcome_future.done():
                            self.welcome_future.set_result(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.close_code = self.ws.close_code
            self.closed_at = time.monotonic()
            self.closed.set()
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("socket closed"))
            self.pending.clear()
            if not self.welcome_future.done():
                self.welcome_future.set_exception(ConnectionError("socket closed before welcome"))

    async def send(self, message, op_id=None, timeout=20):
        """Sends a change and returns its ack or error (ConnectionError if the socket goes)."""
        op_id = op_id or new_op_id("c")
        if self.closed.is_set():
            raise ConnectionError("socket closed")
        future = asyncio.get_running_loop().create_future()
        self.pending[op_id] = future
        try:
            await self.ws.send(json.dumps({**message, "opId": op_id}))
        except websockets.ConnectionClosed as error:
            self.pending.pop(op_id, None)
            raise ConnectionError("socket closed") from error
        return await asyncio.wait_for(future, timeout)

    async def wait_for(self, predicate, timeout=30, what="state"):
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate(self.state):
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"{self.role} on {self.endpoint.name}: {what} never came; "
                                   f"rounds {self.state.get('rounds')}, participants {self.state.get('participants')}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.5))
            except asyncio.TimeoutError:
                pass
        return self.state

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)


def token(label, index):
    return f"{label}-{index:04d}-{secrets.token_hex(8)}"


async def connect_all(clients_and_hellos, limit=25):
    """Connects many sockets, at most `limit` handshakes at a time."""
    gate = asyncio.Semaphore(limit)

    async def one(client, hello):
        async with gate:
            return await client.connect(**hello)

    results = await asyncio.gather(*(one(client, hello) for client, hello in clients_and_hellos),
                                   return_exceptions=True)
    failures = Counter(repr(r) for r in results if isinstance(r, BaseException))
    if failures:
        await close_all([client for client, _ in clients_and_hellos])
        raise AssertionError(f"{sum(failures.values())} of {len(results)} hellos failed: {failures.most_common(3)}")
    return results


async def close_all(clients):
    await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)


def assert_in_order(clients):
    broken = {f"{c.role}@{c.endpoint.name}#{i}": c.order_errors for i, c in enumerate(clients) if c.order_errors}
    assert not broken, f"updates out of order or with seq gaps (previous, received): {broken}"


def phase_history(client, round_kind):
    """The phases of one round as the client saw them, repeats collapsed."""
    seen = []
    for rounds in client.phases:
        phase = rounds.get(round_kind)
        if phase and (not seen or seen[-1] != phase):
            seen.append(phase)
    return seen


def expected_rows(votes, competences):
    """votes: participant -> competence -> value. Returns competence -> rating stats."""
    return {c: rating_stats([mine[c] for mine in votes.values() if c in mine]) for c in competences}


def assert_tallies(state, expected, label):
    rows = {row["competence"]: row for row in state["results"]["competences"]}
    for competence, stats in expected.items():
        assert_rating(rows[competence]["importance"], stats, f"{label}: importance {competence}")


def counts_match(expected):
    def check(state):
        if state.get("rounds", {}).get("importance") != "revealed":
            return False
        rows = {row["competence"]: row for row in state.get("results", {}).get("competences", [])}
        return all(rows.get(c, {}).get("importance", {}).get("count", -1) == e["count"]
                   and rows[c]["importance"].get("dontKnow") == e["dontKnow"] for c, e in expected.items())
    return check


def workshop(cluster, **settings):
    """A workshop made on instance a, with figures from a single answer up."""
    created = create_workshop(cluster.a, minGroupSize=1, **settings)
    return created, competence_ids(cluster.a, created["id"])


# --- a. 200 phones over both instances ---------------------------------------------------

def test_two_hundred_phones_on_two_instances_give_exact_tallies_in_order(cluster):
    rng = random.Random(13)
    created, competences = workshop(cluster)
    voted = competences[:4]

    async def scenario():
        board = Tracked(cluster.a, "board")
        await board.connect(workshop=created["id"])
        facilitator = Tracked(cluster.b, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        phones = [Tracked(cluster.a if index % 2 == 0 else cluster.b, "participant") for index in range(200)]
        welcomes = await connect_all([(phone, {"code": created["joinCode"], "token": token("a", index)})
                                      for index, phone in enumerate(phones)])
        ids = [w["you"]["participant"] for w in welcomes]
        assert len(set(ids)) == 200, "every phone is its own participant"
        # Joins on b reach the board on a.
        await board.wait_for(lambda s: s.get("participants") == 200, what="200 participants")
        await facilitator.wait_for(lambda s: s.get("participants") == 200, what="200 participants")

        ack = await facilitator.send({"type": "openRound", "round": "importance"})
        assert ack["type"] == "ack", ack
        await asyncio.gather(*(phone.wait_for(lambda s: s.get("activeRound") == "importance", what="the open round")
                               for phone in phones))

        votes = {}

        async def vote(phone, participant):
            mine = votes.setdefault(participant, {})
            for competence in voted:
                value = rng.randint(0, 5)
                reply = await phone.send({"type": "rate", "round": "importance", "competence": competence, "value": value})
                assert reply["type"] == "ack", (phone.endpoint.name, reply)
                mine[competence] = value
            # A changed answer counts once, with its last value.
            value = rng.randint(1, 5)
            reply = await phone.send({"type": "rate", "round": "importance", "competence": voted[0], "value": value})
            assert reply["type"] == "ack", (phone.endpoint.name, reply)
            mine[voted[0]] = value

        await asyncio.gather(*(vote(phone, participant) for phone, participant in zip(phones, ids)))
        ack = await facilitator.send({"type": "revealRound", "round": "importance"})
        assert ack["type"] == "ack", ack

        expected = expected_rows(votes, voted)
        await board.wait_for(counts_match(expected), what="the revealed tallies")
        await facilitator.wait_for(counts_match(expected), what="the revealed tallies")
        await asyncio.gather(*(phone.wait_for(lambda s: s.get("rounds", {}).get("importance") == "revealed",
                                              what="the reveal") for phone in phones))
        await asyncio.sleep(0.5)  # anything still coalescing
        assert_tallies(board.state, expected, "board on a")
        assert_tallies(facilitator.state, expected, "facilitator on b")
        assert board.state["participants"] == 200
        # Live state and a fresh snapshot from either instance agree.
        for endpoint in (cluster.a, cluster.b):
            status, snapshot = endpoint.request("GET", f"/api/workshops/{created['id']}")
            assert status == 200, snapshot
            assert snapshot["state"]["results"] == board.state["results"], f"snapshot from {endpoint.name}"

        assert_in_order([board, facilitator] + phones)
        # One order of phases for everyone, wherever their socket is.
        for client in [board, facilitator] + phones:
            assert phase_history(client, "importance") == ["idle", "open", "revealed"], \
                (client.role, client.endpoint.name, client.phases)
        await close_all([board, facilitator] + phones)

    asyncio.run(scenario())


# --- c. the same moment on two instances -------------------------------------------------

def test_racing_commands_on_two_instances_end_in_one_state(cluster):
    rng = random.Random(1313)
    created, competences = workshop(cluster)

    async def scenario():
        board_a = Tracked(cluster.a, "board")
        board_b = Tracked(cluster.b, "board")
        facilitator = Tracked(cluster.a, "facilitator")
        await connect_all([(board_a, {"workshop": created["id"]}), (board_b, {"workshop": created["id"]}),
                           (facilitator, {"workshop": created["id"], "token": created["facilitatorToken"]})])

        # One token, hello on a and on b at the same moment: one participant.
        pairs = []
        for index in range(10):
            secret = token("same", index)
            on_a, on_b = Tracked(cluster.a, "participant"), Tracked(cluster.b, "participant")
            first, second = await asyncio.gather(on_a.connect(code=created["joinCode"], token=secret),
                                                 on_b.connect(code=created["joinCode"], token=secret))
            assert first["you"]["participant"] == second["you"]["participant"], (first["you"], second["you"])
            pairs.append((on_a, on_b, first["you"]["participant"]))
        for board in (board_a, board_b):
            await board.wait_for(lambda s: s.get("participants") == 10 and len(s.get("people", [])) == 10,
                                 what="10 participants")
        await asyncio.sleep(0.3)
        assert board_a.state["participants"] == board_b.state["participants"] == 10
        assert sorted(json.dumps(p, sort_keys=True) for p in board_a.state["people"]) == \
            sorted(json.dumps(p, sort_keys=True) for p in board_b.state["people"])
        status, snapshot = cluster.b.request("GET", f"/api/workshops/{created['id']}")
        assert snapshot["state"]["participants"] == 10, snapshot["state"]["participants"]

        # Votes pour in on b while the facilitator closes the round on a.
        others = [Tracked(cluster.b, "participant") for _ in range(30)]
        welcomes = await connect_all([(phone, {"code": created["joinCode"], "token": token("race", index)})
                                      for index, phone in enumerate(others)])
        voters = [(on_b, participant) for _, on_b, participant in pairs] + \
                 [(phone, w["you"]["participant"]) for phone, w in zip(others, welcomes)]
        ack = await facilitator.send({"type": "openRound", "round": "importance"})
        assert ack["type"] == "ack", ack
        await asyncio.gather(*(phone.wait_for(lambda s: s.get("activeRound") == "importance") for phone, _ in voters))

        acked = {}          # participant -> competence -> last acknowledged value
        log = []            # (sent at, reply type, code)
        close_acked_at = None
        acks = 0

        async def vote(phone, participant):
            nonlocal acks
            mine = acked.setdefault(participant, {})
            for step in range(200):
                competence = competences[step % len(competences)]
                value = rng.randint(0, 5)
                sent_at = time.monotonic()
                reply = await phone.send({"type": "rate", "round": "importance", "competence": competence, "value": value})
                log.append((sent_at, reply["type"], reply.get("code")))
                if reply["type"] == "ack":
                    mine[competence] = value
                    acks += 1
                else:
                    assert reply["code"] == "round_closed", reply
                    # Once refused, later votes are refused too.
                    again = await phone.send({"type": "rate", "round": "importance", "competence": competence, "value": value})
                    assert again["type"] == "error" and again["code"] == "round_closed", again
                    return
                await asyncio.sleep(0.06)  # inside the rate limit of 20 messages a second
            raise AssertionError("the round never closed for this phone")

        async def close_when_busy():
            nonlocal close_acked_at
            while acks < 150:
                await asyncio.sleep(0.005)
            reply = await facilitator.send({"type": "closeRound", "round": "importance"})
            close_acked_at = time.monotonic()
            assert reply["type"] == "ack", reply

        await asyncio.gather(close_when_busy(), *(vote(phone, participant) for phone, participant in voters))
        late_acks = [entry for entry in log if entry[0] > close_acked_at and entry[1] == "ack"]
        assert not late_acks, f"{len(late_acks)} votes sent after the close was acknowledged were acked"
        assert any(kind == "error" for _, kind, _ in log)

        ack = await facilitator.send({"type": "revealRound", "round": "importance"})
        assert ack["type"] == "ack", ack
        expected = expected_rows(acked, competences)
        for client in (board_a, board_b, facilitator):
            await client.wait_for(counts_match(expected), what="the revealed tallies")
        await asyncio.sleep(0.5)
        assert board_a.state["results"] == board_b.state["results"], "the boards on a and b disagree"
        assert board_a.state["rounds"] == board_b.state["rounds"] == facilitator.state["rounds"]
        assert_tallies(board_a.state, expected, "board on a")
        assert board_a.state["participants"] == 40
        for on_a, on_b, _ in pairs:
            for phone in (on_a, on_b):
                await phone.wait_for(lambda s: s.get("rounds", {}).get("importance") == "revealed")
            assert on_a.state["rounds"] == on_b.state["rounds"]
            assert on_a.state["results"] == on_b.state["results"]
        everyone = [board_a, board_b, facilitator] + [p for a, b, _ in pairs for p in (a, b)] + others
        assert_in_order(everyone)
        await close_all(everyone)

    asyncio.run(scenario())


# --- d. PostgreSQL away for ten seconds --------------------------------------------------

def test_postgres_outage_refuses_changes_and_heals_by_itself(cluster):
    created, competences = workshop(cluster)
    first, during, after = competences[0], competences[1], competences[2]

    async def scenario():
        facilitator = Tracked(cluster.a, "facilitator")
        board = Tracked(cluster.b, "board")
        await connect_all([(facilitator, {"workshop": created["id"], "token": created["facilitatorToken"]}),
                           (board, {"workshop": created["id"]})])
        tokens = [token("pg", index) for index in range(20)]
        phones = [Tracked(cluster.a if index % 2 == 0 else cluster.b, "participant") for index in range(20)]
        welcomes = await connect_all([(phone, {"code": created["joinCode"], "token": secret})
                                      for phone, secret in zip(phones, tokens)])
        ids = [w["you"]["participant"] for w in welcomes]
        assert (await facilitator.send({"type": "openRound", "round": "importance"}))["type"] == "ack"
        await asyncio.gather(*(phone.wait_for(lambda s: s.get("activeRound") == "importance") for phone in phones))

        values = {participant: {first: 1 + index % 5, during: index % 6, after: 5 - index % 5}
                  for index, participant in enumerate(ids)}
        for phone, participant in zip(phones, ids):
            reply = await phone.send({"type": "rate", "round": "importance", "competence": first,
                                      "value": values[participant][first]})
            assert reply["type"] == "ack", reply

        # PostgreSQL goes away (pg_ctl stop -m fast) for about ten seconds.
        cluster.run("pg-stop")
        try:
            down_at = time.monotonic()
            during_ops = {participant: new_op_id("pg-down-") for participant in ids}
            replies, health_seen = [], {"a": [], "b": []}

            async def attempt(phone, participant):
                if phone.closed.is_set():
                    return None
                sent_at = time.monotonic()
                try:
                    reply = await phone.send({"type": "rate", "round": "importance", "competence": during,
                                              "value": values[participant][during]},
                                             op_id=during_ops[participant], timeout=15)
                except ConnectionError:
                    return None
                except asyncio.TimeoutError:
                    reply = {"type": "no answer within 15 s"}
                return {**reply, "on": phone.endpoint.name, "after": round(time.monotonic() - sent_at, 2)}

            down = True

            async def probe_health(endpoint):
                while down:
                    asked_at = time.monotonic()
                    status, body = await asyncio.to_thread(endpoint.health)
                    health_seen[endpoint.name].append((round(asked_at - down_at, 1), status, body))
                    await asyncio.sleep(1)

            probes = [asyncio.ensure_future(probe_health(endpoint)) for endpoint in (cluster.a, cluster.b)]
            # Rounds of votes while it is down (the same opId each time: refusals are not remembered).
            while time.monotonic() - down_at < 9:
                replies += [r for r in await asyncio.gather(*(attempt(p, i) for p, i in zip(phones, ids))) if r]
                await asyncio.sleep(1)
            while time.monotonic() - down_at < 10:
                await asyncio.sleep(0.1)
            down = False
            await asyncio.gather(*probes)
            assert replies, "no vote got an answer while PostgreSQL was down"
            wrong = [r for r in replies if not (r["type"] == "error" and r["code"] == "store_unavailable")]
            assert not wrong, f"while PostgreSQL was down ({len(wrong)} of {len(replies)}): {wrong[:5]}"
            for name, seen in health_seen.items():
                assert any(status == 503 and body.get("store") == "unavailable" for _, status, body in seen), \
                    f"/healthz on {name} never said the store was unavailable: {seen}"
        finally:
            cluster.run("pg-start")

        # Back: the same votes (same opIds) are taken by themselves, on the same sockets or new ones.
        async def recover(index, phone, participant):
            deadline = time.monotonic() + 40
            while True:
                assert time.monotonic() < deadline, f"phone {index} never got its vote in after the outage"
                try:
                    if phone.closed.is_set():
                        phone = Tracked(phone.endpoint, "participant")
                        await phone.connect(code=created["joinCode"], token=tokens[index], timeout=5)
                    reply = await phone.send({"type": "rate", "round": "importance", "competence": during,
                                              "value": values[participant][during]},
                                             op_id=during_ops[participant], timeout=5)
                    if reply["type"] == "ack":
                        break
                    assert reply["code"] == "store_unavailable", reply
                except (OSError, asyncio.TimeoutError, RuntimeError, websockets.exceptions.InvalidHandshake):
                    pass
                await asyncio.sleep(0.5)
            reply = await phone.send({"type": "rate", "round": "importance", "competence": after,
                                      "value": values[participant][after]})
            assert reply["type"] == "ack", reply
            return phone

        phones = await asyncio.gather(*(recover(i, p, participant) for i, (p, participant) in enumerate(zip(phones, ids))))
        deadline = time.monotonic() + 15
        while not all(e.health()[0] == 200 for e in (cluster.a, cluster.b)):
            assert time.monotonic() < deadline, [e.health() for e in (cluster.a, cluster.b)]
            await asyncio.sleep(0.2)

        for attempt in range(20):
            reply = await facilitator.send({"type": "revealRound", "round": "importance"})
            if reply["type"] == "ack":
                break
            assert reply["code"] == "store_unavailable", reply
            await asyncio.sleep(0.5)
        assert reply["type"] == "ack", reply
        expected = expected_rows(values, [first, during, after])
        await board.wait_for(counts_match(expected), what="the revealed tallies after the outage")
        await asyncio.sleep(0.5)
        assert_tallies(board.state, expected, "board on b")
        assert board.state["participants"] == 20
        assert_in_order([board, facilitator])
        await close_all([board, facilitator] + phones)

    asyncio.run(scenario())


# --- SIGTERM: an instance drains, its phones move to the other one ----------------------

def test_sigterm_drains_an_instance_and_its_phones_move_to_the_other(cluster):
    rng = random.Random(4242)
    created, competences = workshop(cluster)

    async def scenario():
        facilitator = Tracked(cluster.b, "facilitator")
        board = Tracked(cluster.b, "board")
        await connect_all([(facilitator, {"workshop": created["id"], "token": created["facilitatorToken"]}),
                           (board, {"workshop": created["id"]})])
        assert (await facilitator.send({"type": "openRound", "round": "importance"}))["type"] == "ack"
        tokens = [token("drain", index) for index in range(30)]
        phones = [Tracked(cluster.a, "participant") for _ in tokens]
        welcomes = await connect_all([(phone, {"code": created["joinCode"], "token": secret})
                                      for phone, secret in zip(phones, tokens)])
        ids = [w["you"]["participant"] for w in welcomes]
        acked = {participant: {} for participant in ids}
        refusals = []       # what reconnecting through nginx met before it got in
        resumed = []
        total = 0

        async def come_back(index):
            """Like a phone told 1012: reconnect at once through nginx, until it is in."""
            deadline = time.monotonic() + 15
            while True:
                phone = Tracked(cluster.proxy, "participant")
                try:
                    return phone, await phone.connect(code=created["joinCode"], token=tokens[index], timeout=5)
                except websockets.exceptions.InvalidStatus as error:
                    refusals.append(f"HTTP {error.response.status_code}")
                except (OSError, asyncio.TimeoutError, RuntimeError, websockets.exceptions.InvalidHandshake) as error:
                    refusals.append(repr(error)[:120])
                assert time.monotonic() < deadline, f"phone {index} could not come back: {refusals[-3:]}"
                await asyncio.sleep(0.05)

        async def vote(index, phone, participant):
            nonlocal total
            for step in range(200):
                op = (new_op_id("d-"), competences[step % len(competences)], rng.randint(0, 5))
                message = {"type": "rate", "round": "importance", "competence": op[1], "value": op[2]}
                try:
                    reply = await phone.send(message, op_id=op[0], timeout=15)
                except ConnectionError:
                    phone, welcome = await come_back(index)
                    assert welcome["you"]["participant"] == participant
                    mine = welcome["state"]["answers"].get("importance", {})
                    for competence, value in acked[participant].items():
                        if competence != op[1]:  # the vote in flight may have been stored by the drain
                            assert mine.get(competence) == value, "an acknowledged vote was lost in the drain"
                    reply = await phone.send(message, op_id=op[0])
                    assert reply["type"] == "ack", reply
                    acked[participant][op[1]] = op[2]
                    resumed.append(phone)
                    return
                assert reply["type"] == "ack", reply
                acked[participant][op[1]] = op[2]
                total += 1
                await asyncio.sleep(0.06)
            raise AssertionError("the socket on a was never closed")

        voting = [asyncio.ensure_future(vote(index, phone, participant))
                  for index, (phone, participant) in enumerate(zip(phones, ids))]
        while total < 60:
            await asyncio.sleep(0.005)
        pid = cluster.pid("a")
        os.kill(pid, signal.SIGTERM)
        term_at = time.monotonic()
        healths = []
        while len(healths) < 5 and time.monotonic() - term_at < 2:
            healths.append(await asyncio.to_thread(cluster.a.health, 2))
            await asyncio.sleep(0.1)
        await asyncio.gather(*voting)
        assert not [h for h in healths if h[0] == 200], f"/healthz said ok while draining: {healths}"
        answered = [body for status, body in healths if status is not None]
        assert all(status == 503 and body.get("status") == "draining" for status, body in healths
                   if status is not None), healths
        codes = Counter(phone.close_code for phone in phones)
        assert codes == {1012: len(phones)}, f"close codes of a's sockets: {dict(codes)}"
        spread = max(p.closed_at for p in phones) - min(p.closed_at for p in phones)
        assert max(p.closed_at for p in phones) - term_at < 5, "a took too long to close its sockets"
        assert spread < 3, f"a closed its sockets over {spread:.2f} s (about 1 s expected)"
        deadline = time.monotonic() + 10
        while running(pid):
            assert time.monotonic() < deadline, "a did not exit within 10 s of SIGTERM"
            await asyncio.sleep(0.05)

        assert (await facilitator.send({"type": "revealRound", "round": "importance"}))["type"] == "ack"
        expected = expected_rows(acked, competences)
        await board.wait_for(counts_match(expected), what="the revealed tallies after the drain")
        await asyncio.sleep(0.5)
        assert_tallies(board.state, expected, "board on b")
        assert board.state["participants"] == 30
        assert_in_order([board, facilitator])
        # Phones that reconnect at once must not be refused: nginx skips an instance that no
        # longer accepts (or answers 503).
        assert not refusals, f"reconnecting through nginx during the drain was refused: {Counter(refusals)}"
        await close_all([board, facilitator] + resumed)
        return spread, answered

    try:
        spread, answered = asyncio.run(scenario())
    finally:
        cluster.start()
    print(f"drain: sockets closed over {spread:.2f} s; /healthz while draining: {answered}")


# --- b. kill -9 one instance mid-round (last: it restarts that instance) ----------------

def test_kill_9_one_instance_its_phones_resume_on_the_other_and_no_ack_is_lost(cluster):
    rng = random.Random(99)
    created, competences = workshop(cluster)

    async def scenario():
        facilitator = Tracked(cluster.b, "facilitator")
        board = Tracked(cluster.b, "board")
        await connect_all([(facilitator, {"workshop": created["id"], "token": created["facilitatorToken"]}),
                           (board, {"workshop": created["id"]})])
        assert (await facilitator.send({"type": "openRound", "round": "importance"}))["type"] == "ack"

        # Half the phones on a (as if nginx had sent them there), half on b.
        tokens = [token("kill", index) for index in range(40)]
        phones = [Tracked(cluster.a if index < 20 else cluster.b, "participant") for index in range(40)]
        welcomes = await connect_all([(phone, {"code": created["joinCode"], "token": secret})
                                      for phone, secret in zip(phones, tokens)])
        ids = [w["you"]["participant"] for w in welcomes]
        # Every (participant, competence) voted once: the intended result is unambiguous.
        plan = {index: [(new_op_id(f"k{index}-"), competence, rng.randint(0, 5)) for competence in competences]
                for index in range(40)}
        acked = {index: set() for index in range(40)}

        async def vote(index, phone):
            futures = []
            for op_id, competence, value in plan[index]:
                message = {"type": "rate", "round": "importance", "competence": competence, "value": value}
                future = asyncio.ensure_future(phone.send(message, op_id=op_id, timeout=30))

                def record(done, op_id=op_id):
                    if not done.cancelled() and done.exception() is None and done.result()["type"] == "ack":
                        acked[index].add(op_id)
                future.add_done_callback(record)
                futures.append(future)
                await asyncio.sleep(0.05)
            return await asyncio.gather(*futures, return_exceptions=True)

        tasks = [asyncio.ensure_future(vote(index, phone)) for index, phone in enumerate(phones)]
        while sum(len(acked[index]) for index in range(20)) < 40:
            await asyncio.sleep(0.005)
        cluster.kill("a")
        results = await asyncio.gather(*tasks)
        on_a_acked = sum(len(acked[index]) for index in range(20))
        assert on_a_acked < 20 * len(competences), "the kill should land mid-round"
        for index in range(20, 40):
            replies = results[index]
            assert all(isinstance(r, dict) and r["type"] == "ack" for r in replies), \
                f"phone {index} on b lost votes when a died: {replies}"
        await close_all(phones[:20])

        # a's phones come back through nginx, land on b, resume by token and retry.
        async def resume(index):
            deadline = time.monotonic() + 20
            while True:
                phone = Tracked(cluster.proxy, "participant")
                try:
                    welcome = await phone.connect(code=created["joinCode"], token=tokens[index], timeout=5)
                    break
                except (OSError, asyncio.TimeoutError, RuntimeError,
                        websockets.exceptions.InvalidHandshake) as error:
                    assert time.monotonic() < deadline, f"phone {index} could not come back through nginx: {error}"
                    await asyncio.sleep(0.3)
            assert welcome["you"]["participant"] == ids[index], "resuming by token made a new participant"
            mine = welcome["state"]["answers"].get("importance", {})
            for op_id, competence, value in plan[index]:
                if op_id in acked[index]:
                    assert mine.get(competence) == value, f"phone {index}: an acknowledged vote was lost"
            # Unacknowledged votes again, same opIds; an acknowledged one again too (same answer).
            again = [op for op in plan[index] if op[0] not in acked[index]] + \
                    [op for op in plan[index] if op[0] in acked[index]][:1]
            for op_id, competence, value in again:
                reply = await phone.send({"type": "rate", "round": "importance", "competence": competence,
                                          "value": value}, op_id=op_id)
                assert reply["type"] == "ack", (index, reply)
            return phone

        resumed = await asyncio.gather(*(resume(index) for index in range(20)))
        # An acknowledged opId is remembered across instances: reused for another change, it is refused.
        op_id, competence, value = plan[0][0]
        reply = await resumed[0].send({"type": "rate", "round": "importance", "competence": competence,
                                       "value": (value + 1) % 6}, op_id=op_id)
        assert reply["type"] == "error" and reply["code"] == "op_reused", reply

        assert (await facilitator.send({"type": "revealRound", "round": "importance"}))["type"] == "ack"
        votes = {ids[index]: {competence: value for _, competence, value in plan[index]} for index in range(40)}
        expected = expected_rows(votes, competences)
        await board.wait_for(counts_match(expected), what="the revealed tallies after the kill")
        await asyncio.sleep(0.5)
        assert_tallies(board.state, expected, "board on b")
        assert board.state["participants"] == 40
        assert_in_order([board, facilitator] + phones[20:])
        await close_all([board, facilitator] + resumed + phones[20:])

    try:
        asyncio.run(scenario())
    finally:
        cluster.start()  # a again, on the same data folder and database
    status, body = cluster.a.health()
    assert status == 200, body
    # The restarted instance serves the workshop with every vote.
    status, snapshot = cluster.a.request("GET", f"/api/workshops/{created['id']}")
    assert status == 200 and snapshot["state"]["participants"] == 40, snapshot
