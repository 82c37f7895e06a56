"""Round timers over real sockets (issue 16): every role sees the same timer against the
server's clock, the server closes the round by itself at zero plus the grace, a late vote is
refused, and a timer survives kill -9 (it is stored and replayed like every other change)."""

import asyncio
import json
import time

from wsclient import Client, competence_ids, create_workshop

GRACE_MS = 2000


async def ok(client, message):
    reply = await client.send(message)
    assert reply["type"] == "ack", reply
    return reply


async def refused(client, message, code):
    reply = await client.send(message)
    assert reply["type"] == "error" and reply["code"] == code, reply
    return reply


def frames_with_rounds(client):
    return [f for f in client.frames if f["type"] in ("welcome", "update") and "rounds" in f["state"]]


def test_every_role_sees_the_timer_and_the_server_closes_the_round(server):
    created = create_workshop(server)
    competence = competence_ids(server, created["id"])[0]

    async def run():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        board = Client(server, "board")
        welcome = await board.connect(workshop=created["id"])
        assert abs(welcome["serverTime"] - time.time() * 1000) < 5000
        assert welcome["state"]["timer"] is None
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"], token="timer-phone-0001-abcdef")

        await refused(facilitator, {"type": "startTimer", "round": "importance", "seconds": 60}, "round_closed")
        await ok(facilitator, {"type": "openRound", "round": "importance"})
        for seconds in (4, 3601):
            await refused(facilitator, {"type": "startTimer", "round": "importance", "seconds": seconds}, "invalid_value")
        # Frames that cannot be read are answered without their opId (docs/protocol.md).
        for seconds, code in ((2.5, "invalid_value"), ("60", "invalid_message"), (10**30, "invalid_value")):
            await facilitator.send_raw(json.dumps(
                {"type": "startTimer", "opId": "bad", "round": "importance", "seconds": seconds}))
            assert (await facilitator.next_error())["code"] == code
        await refused(phone, {"type": "startTimer", "round": "importance", "seconds": 60}, "not_facilitator")
        await refused(facilitator, {"type": "extendTimer", "seconds": 30}, "invalid_transition")
        await ok(facilitator, {"type": "cancelTimer"})  # none runs: nothing to do

        before = time.time() * 1000
        await ok(facilitator, {"type": "startTimer", "round": "importance", "seconds": 5})
        after = time.time() * 1000
        timers = []
        for client in (facilitator, board, phone):
            state = await client.wait_for(lambda s: s.get("timer"))
            timers.append(state["timer"])
            latest = frames_with_rounds(client)[-1]
            assert latest["type"] == "welcome" or "serverTime" in latest, latest
        assert timers[0] == timers[1] == timers[2], timers
        timer = timers[0]
        assert timer["round"] == "importance" and timer["seconds"] == 5
        assert before + 5000 - 1000 <= timer["endsAt"] <= after + 5000 + 1000

        # Votes count until zero plus the grace.
        await ok(phone, {"type": "rate", "round": "importance", "competence": competence, "value": 4})
        closed = await board.wait_for(lambda s: s["rounds"]["importance"] == "closed", timeout=15)
        closed_at = time.time() * 1000
        assert closed["timer"] is None
        assert closed_at >= timer["endsAt"] + GRACE_MS - 200, (closed_at, timer)
        for client in (facilitator, phone):
            state = await client.wait_for(lambda s: s["rounds"]["importance"] == "closed")
            assert state["timer"] is None
        await refused(phone, {"type": "rate", "round": "importance", "competence": competence, "value": 2}, "round_closed")
        assert board.gaps == phone.gaps == facilitator.gaps == 0

        # Extend and cancel: everyone sees the new end, then none; the round stays open.
        await ok(facilitator, {"type": "openRound", "round": "importance"})
        await ok(facilitator, {"type": "startTimer", "round": "importance", "seconds": 60})
        first = (await board.wait_for(lambda s: s.get("timer")))["timer"]
        await ok(facilitator, {"type": "extendTimer", "seconds": 30})
        extended = (await phone.wait_for(lambda s: (s.get("timer") or {}).get("seconds") == 90))["timer"]
        assert extended["endsAt"] == first["endsAt"] + 30000
        await refused(facilitator, {"type": "extendTimer", "seconds": 3600}, "invalid_value")
        await ok(facilitator, {"type": "cancelTimer"})
        for client in (board, phone, facilitator):
            state = await client.wait_for(lambda s: s.get("timer") is None)
            assert state["rounds"]["importance"] == "open"
        # A retried start (same opId) counts once, even though the clock moved.
        await ok(facilitator, {"type": "startTimer", "round": "importance", "seconds": 60, "opId": "t-retry"})
        again = await facilitator.send({"type": "startTimer", "round": "importance", "seconds": 60}, op_id="t-retry")
        assert again["type"] == "ack"
        # Closing the round by hand ends the timer too.
        await ok(facilitator, {"type": "closeRound", "round": "importance"})
        assert (await board.wait_for(lambda s: s["rounds"]["importance"] == "closed"))["timer"] is None
        for client in (facilitator, board, phone):
            await client.close()

    asyncio.run(run())

    status, snapshot = server.request("GET", f"/api/workshops/{created['id']}")
    assert status == 200 and abs(snapshot["serverTime"] - time.time() * 1000) < 5000


def test_a_timer_survives_kill_9_and_still_closes_its_round(server):
    created = create_workshop(server)

    async def start():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        await ok(facilitator, {"type": "openRound", "round": "level"})
        await ok(facilitator, {"type": "startTimer", "round": "level", "seconds": 5})
        timer = facilitator.state["timer"] or (await facilitator.wait_for(lambda s: s.get("timer")))["timer"]
        await facilitator.close()
        return timer

    timer = asyncio.run(start())
    server.kill()
    server.start()

    async def after_restart():
        board = Client(server, "board")
        welcome = await board.connect(workshop=created["id"])
        if welcome["state"]["rounds"]["level"] == "open":
            assert welcome["state"]["timer"] == timer
        state = await board.wait_for(lambda s: s["rounds"]["level"] == "closed", timeout=15)
        assert state["timer"] is None
        await board.close()

    asyncio.run(after_restart())
