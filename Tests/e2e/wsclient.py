"""A small protocol client for end-to-end tests: real WebSockets against a real server."""

import asyncio
import itertools
import json

import websockets

_op_counter = itertools.count(1)


def new_op_id(prefix="op"):
    return f"{prefix}{next(_op_counter)}"


class Client:
    """One socket: says hello, tracks the merged view, matches acks and errors to opIds."""

    def __init__(self, server, role):
        self.server = server
        self.role = role
        self.ws = None
        self.welcome = None
        self.state = {}
        self.seq = None
        self.gaps = 0
        self.errors = []          # errors without an opId
        self.pending = {}         # opId -> Future
        self.state_changed = asyncio.Event()
        self.reader = None
        self.frames = []          # every message received, decoded, in order

    async def connect(self, **hello):
        self.ws = await websockets.connect(f"{self.server.ws_url}/ws/{self.role}", max_size=2**22)
        self.welcome_future = asyncio.get_running_loop().create_future()
        self.reader = asyncio.create_task(self._read())
        await self.ws.send(json.dumps({"type": "hello", "protocol": 1, **hello}))
        reply = await asyncio.wait_for(self.welcome_future, 20)
        if reply.get("type") == "error":
            raise RuntimeError(f"hello refused: {reply}")
        return reply

    async def _read(self):
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                self.frames.append(message)
                kind = message["type"]
                if kind == "welcome":
                    self.welcome = message
                    self.state = dict(message["state"])
                    self.seq = message["seq"]
                    if not self.welcome_future.done():
                        self.welcome_future.set_result(message)
                    self.state_changed.set()
                elif kind == "update":
                    if self.seq is not None and message["seq"] != self.seq + 1:
                        self.gaps += 1
                        await self.ws.send(json.dumps({"type": "resync"}))
                    self.seq = message["seq"]
                    self.state.update(message["state"])
                    self.state_changed.set()
                elif kind in ("ack", "error"):
                    op_id = message.get("opId")
                    if op_id and op_id in self.pending:
                        future = self.pending.pop(op_id)
                        if not future.done():
                            future.set_result(message)
                    elif kind == "error":
                        self.errors.append(message)
                        if not self.welcome_future.done():
                            self.welcome_future.set_result(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("socket closed"))

    async def send(self, message, op_id=None, timeout=20):
        """Sends a state-changing message and returns its ack or error."""
        op_id = op_id or new_op_id()
        future = asyncio.get_running_loop().create_future()
        self.pending[op_id] = future
        try:
            await self.ws.send(json.dumps({**message, "opId": op_id}))
        except Exception:
            self.pending.pop(op_id, None)
            future.cancel()
            raise
        return await asyncio.wait_for(future, timeout)

    async def send_raw(self, text):
        await self.ws.send(text)

    async def next_error(self, timeout=10):
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.errors:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("no error arrived")
            await asyncio.sleep(0.01)
        return self.errors.pop(0)

    async def resync(self):
        """Asks for a fresh snapshot and waits for it."""
        self.welcome_future = asyncio.get_running_loop().create_future()
        await self.ws.send(json.dumps({"type": "resync"}))
        return await asyncio.wait_for(self.welcome_future, 20)

    async def wait_for(self, predicate, timeout=20):
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate(self.state):
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"{self.role} state never matched; last state keys {list(self.state)}")
            self.state_changed.clear()
            try:
                await asyncio.wait_for(self.state_changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass
        return self.state

    async def close(self):
        if self.ws:
            await self.ws.close()
        if self.reader:
            await asyncio.gather(self.reader, return_exceptions=True)

    async def abort(self):
        """Cuts the TCP connection without a close handshake, like a phone leaving Wi-Fi."""
        self.ws.transport.abort()
        if self.reader:
            await asyncio.gather(self.reader, return_exceptions=True)


def create_workshop(server, plugins=("kl-base",), **settings):
    body = {"title": "Hjemmeplejen Nord", "plugins": list(plugins)}
    if settings:
        body["settings"] = settings
    status, created = server.request("POST", "/api/workshops", body)
    assert status == 201, created
    return created


def competence_ids(server, workshop_id):
    status, wheel = server.request("GET", f"/api/workshops/{workshop_id}/wheel")
    assert status == 200
    return [c["id"] for d in wheel["dimensions"] for c in d["competences"]]


def export_csv(text):
    """A CSV export read as a person would: the anonymity comment line, then rows by header."""
    import csv
    import io
    text = text.lstrip("\ufeff")
    comment, _, body = text.partition("\r\n")
    assert comment.startswith("# anonymity: minGroupSize="), comment[:80]
    delimiter = ";" if body.split("\r\n", 1)[0].count(";") > body.split("\r\n", 1)[0].count(",") else ","
    return comment, list(csv.DictReader(io.StringIO(body), delimiter=delimiter))
