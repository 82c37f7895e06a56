"""What the team takes home: the action plan, re-runs compared, and deletion for good."""

import asyncio
import random
import sqlite3
import subprocess

import pytest

from tallies import rating_stats
from wsclient import Client, competence_ids, create_workshop


async def rate_all(server, created, answers_by_phone, rounds=("importance", "level")):
    """Joins one phone per answer sheet and rates; returns nothing, everything is acked."""
    facilitator = Client(server, "facilitator")
    await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
    phones = []
    for _ in answers_by_phone:
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"])
        phones.append(phone)
    for round_kind in rounds:
        assert (await facilitator.send({"type": "openRound", "round": round_kind}))["type"] == "ack"
        for phone, sheet in zip(phones, answers_by_phone):
            for competence, value in sheet[round_kind].items():
                reply = await phone.send({"type": "rate", "round": round_kind, "competence": competence, "value": value})
                assert reply["type"] == "ack", reply
        assert (await facilitator.send({"type": "revealRound", "round": round_kind}))["type"] == "ack"
    return facilitator, phones


def random_sheets(competences, count, seed):
    rng = random.Random(seed)
    return [{r: {c: rng.randint(1, 5) for c in competences} for r in ("importance", "level")} for _ in range(count)]


def test_action_plan_is_stored_shown_and_editable(server):
    created = create_workshop(server, plugins=("kl-base", "eldercare"))
    status, wheel = server.request("GET", f"/api/workshops/{created['id']}/wheel")
    inspiration = next(i for i in wheel["inspiration"] if i["competence"] == "ae-skaermbesoeg")

    async def scenario():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        board = Client(server, "board")
        await board.connect(workshop=created["id"])
        action = {"id": "a1", "competence": "ae-skaermbesoeg", "what": "Træn skærmbesøg i makkerpar",
                  "owner": "Team Nord", "due": "2027-03-01", "status": "planned", "inspiration": inspiration["id"]}
        assert (await facilitator.send({"type": "saveAction", "action": action}))["type"] == "ack"
        await board.wait_for(lambda s: [a["id"] for a in s.get("actions", [])] == ["a1"])
        edited = {**action, "status": "doing", "owner": "Mette"}
        assert (await facilitator.send({"type": "saveAction", "action": edited}))["type"] == "ack"
        bad = await facilitator.send({"type": "saveAction", "action": {**action, "id": "a2", "due": "next week"}})
        assert bad["type"] == "error" and bad["code"] == "invalid_value"
        unknown = await facilitator.send({"type": "saveAction", "action": {**action, "id": "a3", "competence": "nope"}})
        assert unknown["type"] == "error" and unknown["code"] == "unknown_competence"
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"])
        refused = await phone.send({"type": "saveAction", "action": action})
        assert refused["type"] == "error" and refused["code"] == "not_facilitator"
        assert phone.state["actions"][0]["owner"] == "Mette"
        for client in (facilitator, board, phone):
            await client.close()

    asyncio.run(scenario())
    # Stored: a restart-free reload through the export shows it.
    status, export = server.request("GET", f"/api/workshops/{created['id']}/export.json",
                                    headers={"Authorization": f"Bearer {created['facilitatorToken']}"})
    assert export["actions"] == [{"id": "a1", "competence": "ae-skaermbesoeg", "what": "Træn skærmbesøg i makkerpar",
                                  "owner": "Mette", "due": "2027-03-01", "status": "doing",
                                  "inspiration": export["actions"][0]["inspiration"]}]


def test_rerun_shows_change_equal_to_the_difference_of_the_two_tallies(server):
    first = create_workshop(server)
    competences = competence_ids(server, first["id"])
    first_sheets = random_sheets(competences, 6, seed=1)
    second_sheets = random_sheets(competences, 5, seed=2)

    async def run(created, sheets):
        facilitator, phones = await rate_all(server, created, sheets)
        for client in [facilitator] + phones:
            await client.close()

    asyncio.run(run(first, first_sheets))
    status, second = server.request("POST", "/api/workshops", {"title": "Seks måneder efter", "rerunOf": first["id"]})
    assert status == 201, second
    asyncio.run(run(second, second_sheets))

    status, export = server.request("GET", f"/api/workshops/{second['id']}/export.json",
                                    headers={"Authorization": f"Bearer {second['facilitatorToken']}"})
    assert export["rerunOf"] == first["id"]
    assert [p["id"] for p in export["framework"]["plugins"]] == ["kl-base"]
    for row in export["results"]["competences"]:
        c = row["competence"]
        for round_kind in ("importance", "level"):
            before = rating_stats([s[round_kind][c] for s in first_sheets])["mean"]
            after = rating_stats([s[round_kind][c] for s in second_sheets])["mean"]
            assert row["change"][round_kind] == pytest.approx(after - before, abs=1e-9), (c, round_kind)

    # The board (blind voting, everything revealed) sees the same changes.
    status, snapshot = server.request("GET", f"/api/workshops/{second['id']}")
    assert snapshot["workshop"]["rerunOf"] == first["id"]
    board_rows = {r["competence"]: r for r in snapshot["state"]["results"]["competences"]}
    for row in export["results"]["competences"]:
        board_change = board_rows[row["competence"]]["change"]
        for key in ("importance", "level", "gap", "rank"):
            assert board_change.get(key) == row["change"].get(key), (row["competence"], key)
        # Dots were never revealed to the board: no dot change is shown to it.
        assert "dots" not in board_change and "points" not in board_change


def test_delete_removes_votes_ideas_and_names_from_the_sqlite_file(server):
    created = create_workshop(server)
    keep = create_workshop(server)
    competences = competence_ids(server, created["id"])
    secret_name = "Birthe Sørensen-Hemmelig"
    secret_idea = "Idé der skal slettes 7f3a"

    async def scenario():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"], name=secret_name)
        await facilitator.send({"type": "openRound", "round": "importance"})
        assert (await phone.send({"type": "rate", "round": "importance", "competence": competences[0], "value": 5}))["type"] == "ack"
        await facilitator.send({"type": "openRound", "round": "ideas"})
        assert (await phone.send({"type": "submitIdea", "text": secret_idea}))["type"] == "ack"
        await phone.close()
        await facilitator.close()

    asyncio.run(scenario())
    database = server.data / "wheelhouse.sqlite"

    def rows_mentioning(*needles):
        with sqlite3.connect(database) as db:
            found = []
            for table, in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                for row in db.execute(f"SELECT * FROM {table}"):
                    text = " ".join(str(v) for v in row)
                    found += [(table, n) for n in needles if n in text]
            return found

    assert rows_mentioning(secret_name, secret_idea, created["id"])  # they were stored

    status, _ = server.request("DELETE", f"/api/workshops/{created['id']}")
    assert status == 401
    status, _ = server.request("DELETE", f"/api/workshops/{created['id']}",
                               headers={"Authorization": f"Bearer {created['facilitatorToken']}"})
    assert status == 204
    assert rows_mentioning(secret_name, secret_idea, created["id"]) == []
    # The raw files hold none of it either: secure_delete zeroes freed pages and the WAL is checkpointed.
    raw = b"".join(p.read_bytes() for p in server.data.glob("wheelhouse.sqlite*"))
    assert secret_name.encode() not in raw
    assert secret_idea.encode() not in raw
    status, _ = server.request("GET", f"/api/workshops/{created['id']}")
    assert status == 404
    status, _ = server.request("GET", f"/api/workshops/{keep['id']}")
    assert status == 200
