"""The live engine end to end: a real server process, a real SQLite file, real WebSockets."""

import asyncio
import json
import random
import signal

import pytest

from conftest import Server
from tallies import assert_rating, rating_stats
from wsclient import Client, competence_ids, create_workshop, new_op_id


async def join_participants(server, code, count, rng):
    phones = []
    for index in range(count):
        phone = Client(server, "participant")
        name = f"Deltager {index}" if rng.random() < 0.7 else None
        await phone.connect(code=code, name=name)
        phones.append(phone)
    return phones


async def run_round(facilitator, phones, round_kind, competences, rng, sent):
    ack = await facilitator.send({"type": "openRound", "round": round_kind})
    assert ack["type"] == "ack", ack

    async def vote(phone):
        for competence in competences:
            value = rng.choice([0, 1, 2, 3, 4, 5, 5, 4, 3])
            reply = await phone.send({"type": "rate", "round": round_kind, "competence": competence, "value": value})
            assert reply["type"] == "ack", reply
            sent[round_kind].setdefault(competence, {})[phone.welcome["you"]["participant"]] = value
        # Change one answer: the last write wins and is counted once.
        competence = competences[0]
        value = rng.randint(1, 5)
        reply = await phone.send({"type": "rate", "round": round_kind, "competence": competence, "value": value})
        assert reply["type"] == "ack", reply
        sent[round_kind][competence][phone.welcome["you"]["participant"]] = value

    await asyncio.gather(*(vote(phone) for phone in phones))
    ack = await facilitator.send({"type": "revealRound", "round": round_kind})
    assert ack["type"] == "ack", ack


async def run_dots(facilitator, phones, competences, rng, dots_sent, per_participant=5, per_competence=3):
    assert (await facilitator.send({"type": "openRound", "round": "dots"}))["type"] == "ack"

    async def spend(phone):
        mine = {}
        left = per_participant
        while left > 0:
            competence = rng.choice(competences)
            if mine.get(competence, 0) >= per_competence:
                continue
            mine[competence] = mine.get(competence, 0) + 1
            left -= 1
            reply = await phone.send({"type": "setDots", "competence": competence, "count": mine[competence]})
            assert reply["type"] == "ack", reply
        # One dot too many is refused, and changes nothing.
        extra = next(c for c in competences if mine.get(c, 0) < per_competence)
        refused = await phone.send({"type": "setDots", "competence": extra, "count": mine.get(extra, 0) + 1})
        assert refused["type"] == "error" and refused["code"] == "dots_exhausted", refused
        for competence, count in mine.items():
            dots_sent[competence] = dots_sent.get(competence, 0) + count

    await asyncio.gather(*(spend(phone) for phone in phones))
    assert (await facilitator.send({"type": "revealRound", "round": "dots"}))["type"] == "ack"


def test_fifty_participants_board_tallies_equal_what_was_sent(server):
    rng = random.Random(2026)
    created = create_workshop(server)
    competences = competence_ids(server, created["id"])
    assert len(competences) == 12

    async def scenario():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        board = Client(server, "board")
        await board.connect(workshop=created["id"])
        phones = await join_participants(server, created["joinCode"], 50, rng)
        await board.wait_for(lambda s: s.get("participants") == 50)
        assert len(board.state["people"]) == 50

        sent = {"importance": {}, "level": {}}
        dots_sent = {}
        await run_round(facilitator, phones, "importance", competences, rng, sent)
        # Blind voting: before the level round is revealed, the board has no level results.
        await run_round(facilitator, phones, "level", competences, rng, sent)
        await run_dots(facilitator, phones, competences, rng, dots_sent)

        await board.wait_for(lambda s: s.get("rounds", {}).get("dots") == "revealed")
        # The live (delta-merged) board state and a fresh snapshot must agree.
        await asyncio.sleep(0.3)
        live = board.state["results"]
        snapshot = (await board.resync())["state"]["results"]
        assert live == snapshot
        assert board.gaps == 0

        for row in snapshot["competences"]:
            competence = row["competence"]
            importance = list(sent["importance"][competence].values())
            level = list(sent["level"][competence].values())
            assert_rating(row["importance"], rating_stats(importance), f"importance {competence}")
            assert_rating(row["level"], rating_stats(level), f"level {competence}")
            expected_gap = None
            if any(importance_value > 0 for importance_value in importance) and any(v > 0 for v in level):
                expected_gap = rating_stats(importance)["mean"] - rating_stats(level)["mean"]
            assert row.get("gap") == pytest.approx(expected_gap) if expected_gap is not None else row.get("gap") is None
            assert row["dots"] == dots_sent.get(competence, 0), competence
        assert snapshot["participants"] == 50
        assert sorted(r["rank"] for r in snapshot["competences"]) == list(range(1, 13))
        ranked = sorted(snapshot["competences"], key=lambda r: r["rank"])
        assert all(a["priority"] >= b["priority"] for a, b in zip(ranked, ranked[1:]))

        # Participants see the revealed results too, and never anyone's individual answers.
        phone_state = phones[0].state
        assert "people" not in phone_state and "progress" not in phone_state
        for phone in phones[:3]:
            await phone.wait_for(lambda s: s.get("rounds", {}).get("dots") == "revealed")
            assert phone.state["results"]["competences"] == snapshot["competences"]

        for client in phones + [board, facilitator]:
            await client.close()
        return sent, dots_sent

    sent, dots_sent = asyncio.run(scenario())
    check_exports(server, created, sent, dots_sent)


def check_exports(server, created, sent, dots_sent):
    """The CSV and JSON exports equal the tallies computed from what was sent."""
    auth = {"Authorization": f"Bearer {created['facilitatorToken']}"}
    status, _ = server.request("GET", f"/api/workshops/{created['id']}/export.json")
    assert status == 401, "exports need the facilitator token"
    status, export = server.request("GET", f"/api/workshops/{created['id']}/export.json", headers=auth)
    assert status == 200
    assert export["format"] == "wheelhouse-export" and export["version"] == 1
    assert export["participants"] == 50
    rows = {row["competence"]: row for row in export["results"]["competences"]}
    for competence, answers in sent["importance"].items():
        assert_rating(rows[competence]["importance"], rating_stats(list(answers.values())), competence)
        assert_rating(rows[competence]["level"], rating_stats(list(sent["level"][competence].values())), competence)
        assert rows[competence]["dots"] == dots_sent.get(competence, 0)

    for semicolon in (False, True):
        path = f"/api/workshops/{created['id']}/export.csv" + ("?sep=semicolon" if semicolon else "")
        status, text = server.request("GET", path, headers=auth)
        assert status == 200
        assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
        separator = ";" if semicolon else ","
        lines = text.lstrip("\ufeff").strip().split("\r\n")
        assert lines[0].startswith("# anonymity: minGroupSize=1 · "), "the anonymity report comes first"
        header = lines[1].split(separator)
        table = [dict(zip(header, line.split(separator))) for line in lines[2:]]
        assert len(table) == 12 * 4  # importance, level, dots, points per competence
        for record in table:
            def number(field):
                return float(record[field].replace(",", ".")) if record[field] else None
            if record["round"] in ("importance", "level"):
                expected = rating_stats(list(sent[record["round"]][record["competence"]].values()))
                assert int(record["answers"]) == expected["count"]
                assert int(record["dont_know"]) == expected["dontKnow"]
                if "mean" in expected:
                    assert number("mean") == pytest.approx(expected["mean"], abs=6e-4)  # three decimals
                    if semicolon:
                        assert "." not in record["mean"], "Danish Excel wants a decimal comma"
            elif record["round"] == "dots":
                assert int(record["total"]) == dots_sent.get(record["competence"], 0)


def test_kill_9_mid_round_loses_no_acknowledged_vote_and_retries_count_once(tmp_path):
    server = Server(tmp_path / "data").start()
    # The facilitator follows the open round live only without blind voting (issue 12).
    created = create_workshop(server, blindVoting=False)
    competences = competence_ids(server, created["id"])
    rng = random.Random(7)
    # Every (participant, competence) pair is voted once, so the intended result is unambiguous.
    plan = {}

    async def first_life():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        assert (await facilitator.send({"type": "openRound", "round": "importance"}))["type"] == "ack"
        phones = []
        for index in range(20):
            phone = Client(server, "participant")
            token = f"phone-token-{index:04d}-abcdefgh"
            await phone.connect(code=created["joinCode"], token=token)
            phones.append((token, phone))
            plan[token] = [(new_op_id(f"k{index}-"), competence, rng.randint(0, 5)) for competence in competences]

        acked = {}

        def record(token, op_id, future):
            if not future.cancelled() and future.exception() is None and future.result()["type"] == "ack":
                acked[token].add(op_id)

        async def vote(token, phone):
            acked[token] = set()
            futures = []
            for op_id, competence, value in plan[token]:
                message = {"type": "rate", "round": "importance", "competence": competence, "value": value}
                future = asyncio.ensure_future(phone.send(message, op_id=op_id, timeout=30))
                # Count each ack as it arrives (not after the last send), so that the kill below
                # lands while votes are still being sent, however fast the server acks.
                future.add_done_callback(lambda done, op_id=op_id: record(token, op_id, done))
                futures.append(future)
                await asyncio.sleep(0.02)  # spread out, so the kill lands mid-round on a busy machine too
            await asyncio.gather(*futures, return_exceptions=True)

        tasks = [asyncio.ensure_future(vote(token, phone)) for token, phone in phones]
        # Kill the server hard while votes are in flight.
        while sum(len(v) for v in acked.values()) < 60:
            await asyncio.sleep(0.005)
        server.kill()
        await asyncio.gather(*tasks)
        for _, phone in phones:
            await phone.close()
        await facilitator.close()
        return acked

    acked = asyncio.run(first_life())
    total_acked = sum(len(v) for v in acked.values())
    total_planned = sum(len(v) for v in plan.values())
    assert 60 <= total_acked < total_planned, "the kill should land mid-round"

    server.start()  # same data folder

    async def second_life():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        before = facilitator.welcome["state"]["results"]
        # Every acknowledged vote survived the crash.
        counted = sum(r["importance"]["count"] + r["importance"]["dontKnow"] for r in before["competences"])
        assert counted >= total_acked
        for token, ops in plan.items():
            phone = Client(server, "participant")
            welcome = await phone.connect(code=created["joinCode"], token=token)
            mine = welcome["state"]["answers"]["importance"]
            for op_id, competence, value in ops:
                if op_id in acked[token]:
                    assert mine.get(competence) == value, "an acknowledged vote was lost"
            # Retry everything, acknowledged or not, with the same opIds.
            for op_id, competence, value in ops:
                reply = await phone.send(
                    {"type": "rate", "round": "importance", "competence": competence, "value": value}, op_id=op_id)
                assert reply["type"] == "ack", reply
            await phone.close()
        snapshot = (await facilitator.resync())["state"]
        await facilitator.close()
        return snapshot

    state = asyncio.run(second_life())
    assert state["participants"] == 20
    for row in state["results"]["competences"]:
        values = [value for ops in plan.values() for _, competence, value in ops if competence == row["competence"]]
        assert_rating(row["importance"], rating_stats(values), row["competence"])
    assert server.stop() == 0


def test_cut_socket_reconnects_with_token_and_gets_own_answers(server):
    created = create_workshop(server)
    competences = competence_ids(server, created["id"])

    async def scenario():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        await facilitator.send({"type": "openRound", "round": "level"})
        phone = Client(server, "participant")
        welcome = await phone.connect(code=created["joinCode"], name="Mette")
        you = welcome["you"]
        answers = {competences[0]: 4, competences[1]: 2, competences[2]: 0}
        for competence, value in answers.items():
            assert (await phone.send({"type": "rate", "round": "level", "competence": competence, "value": value}))["type"] == "ack"
        await phone.abort()

        again = Client(server, "participant")
        resumed = await again.connect(code=created["joinCode"].lower(), token=you["token"])
        assert resumed["you"]["participant"] == you["participant"]
        assert resumed["you"]["name"] == "Mette"
        assert resumed["state"]["answers"]["level"] == answers
        assert resumed["state"]["activeRound"] == "level"
        # Still one participant, not two.
        state = (await facilitator.resync())["state"]
        assert state["participants"] == 1
        await again.close()
        await facilitator.close()

    asyncio.run(scenario())


def test_bad_input_gets_typed_errors_and_the_connection_keeps_working(server):
    # The facilitator follows the open round live only without blind voting (issue 12).
    created = create_workshop(server, blindVoting=False)
    competences = competence_ids(server, created["id"])

    async def scenario():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"])
        vote = {"type": "rate", "round": "importance", "competence": competences[0], "value": 3}

        await phone.send_raw("{not json")
        assert (await phone.next_error())["code"] == "malformed_json"
        await phone.send_raw(json.dumps({"type": "teleport", "opId": "t1"}))
        assert (await phone.next_error())["code"] == "unknown_type"
        await phone.send_raw(json.dumps({"type": "rate", "opId": "m1", "round": "importance"}))
        error = await phone.next_error()
        assert error["code"] == "invalid_message" and "competence" in error["message"]
        await phone.send_raw(json.dumps({**vote, "opId": "big", "padding": "x" * 20_000}))
        assert (await phone.next_error())["code"] == "too_large"

        reply = await phone.send(vote)  # the round is not open yet
        assert reply["type"] == "error" and reply["code"] == "round_closed"
        reply = await phone.send({"type": "openRound", "round": "importance"})
        assert reply["type"] == "error" and reply["code"] == "not_facilitator"
        reply = await phone.send({**vote, "value": 9})
        assert reply["type"] == "error"

        board = Client(server, "board")
        await board.connect(workshop=created["id"])
        reply = await board.send({"type": "revealRound", "round": "importance"})
        assert reply["type"] == "error" and reply["code"] == "not_facilitator"

        await facilitator.send({"type": "openRound", "round": "importance"})
        reply = await phone.send({**vote, "value": 9})
        assert reply["type"] == "error" and reply["code"] == "invalid_value"

        # The same socket still works after all that.
        reply = await phone.send(vote)
        assert reply["type"] == "ack", reply
        state = (await facilitator.resync())["state"]
        assert state["results"]["competences"][0]["importance"]["count"] == 1

        # Flooding is refused with rate_limited, not a disconnect.
        for index in range(120):
            await phone.send_raw(json.dumps({"type": "ping"}))
        await asyncio.sleep(0.2)
        codes = {e["code"] for e in phone.errors}
        assert "rate_limited" in codes
        await asyncio.sleep(2.5)
        assert (await phone.send(vote))["type"] == "ack"

        for client in (phone, board, facilitator):
            await client.close()

    asyncio.run(scenario())
    status, health = server.request("GET", "/healthz")
    assert status == 200


def test_wrong_facilitator_token_and_unknown_code_are_refused(server):
    created = create_workshop(server)

    async def scenario():
        intruder = Client(server, "facilitator")
        with pytest.raises(RuntimeError, match="not_facilitator"):
            await intruder.connect(workshop=created["id"], token="guess")
        stranger = Client(server, "participant")
        with pytest.raises(RuntimeError, match="unknown_workshop"):
            await stranger.connect(code="ZZZZZZ")
        await intruder.close()
        await stranger.close()

    asyncio.run(scenario())


def test_two_hellos_with_one_token_make_one_participant(server):
    created = create_workshop(server)

    async def scenario():
        token = "same-phone-token-0123456789"
        first, second = Client(server, "participant"), Client(server, "participant")
        a, b = await asyncio.gather(first.connect(code=created["joinCode"], token=token),
                                    second.connect(code=created["joinCode"], token=token))
        assert a["you"]["participant"] == b["you"]["participant"]
        facilitator = Client(server, "facilitator")
        welcome = await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        assert welcome["state"]["participants"] == 1
        for client in (first, second, facilitator):
            await client.close()

    asyncio.run(scenario())
