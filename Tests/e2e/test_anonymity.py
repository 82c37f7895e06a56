"""Small-team trust over real sockets and real exports (issue 12): every frame each phone,
the board and the facilitator receive is read, and both export files, to check that no
figure made from fewer than `minGroupSize` answers leaves the server, that figures move only
in steps of the minimum, and that groups each follow the rule."""

import asyncio
import csv
import io
import statistics

from wsclient import Client, competence_ids, create_workshop


def results_in(frames):
    """Every `results` object in the frames, in order."""
    return [frame["state"]["results"] for frame in frames
            if frame["type"] in ("welcome", "update") and "results" in frame.get("state", {})]


def row(results, competence, group=None):
    rows = results["competences"] if group is None else next(
        g for g in results["groups"] if g["group"] == group)["competences"]
    return next(r for r in rows if r["competence"] == competence)


def exports(server, created):
    auth = {"Authorization": f"Bearer {created['facilitatorToken']}"}
    status, document = server.request("GET", f"/api/workshops/{created['id']}/export.json", headers=auth)
    assert status == 200
    status, text = server.request("GET", f"/api/workshops/{created['id']}/export.csv", headers=auth)
    assert status == 200
    text = text.lstrip("\ufeff")
    comment, _, body = text.partition("\r\n")
    return document, comment, list(csv.DictReader(io.StringIO(body)))


async def join(server, created, count, groups=None):
    phones = []
    for index in range(count):
        phone = Client(server, "participant")
        hello = {"code": created["joinCode"], "token": f"anonymity-phone-{index:03d}-abcd"}
        if groups:
            hello["group"] = groups[index]
        await phone.connect(**hello)
        phones.append(phone)
    return phones


async def staff(server, created):
    facilitator = Client(server, "facilitator")
    await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
    board = Client(server, "board")
    await board.connect(workshop=created["id"])
    return facilitator, board


async def ok(client, message):
    reply = await client.send(message)
    assert reply["type"] == "ack", reply
    return reply


def test_four_answers_under_a_minimum_of_five_reach_no_socket_and_no_file(server):
    created = create_workshop(server, minGroupSize=5)
    competence = competence_ids(server, created["id"])[0]

    async def run():
        facilitator, board = await staff(server, created)
        phones = await join(server, created, 5)
        await ok(facilitator, {"type": "openRound", "round": "importance"})
        for phone, value in zip(phones[:4], [1, 2, 4, 5]):
            await ok(phone, {"type": "rate", "round": "importance", "competence": competence, "value": value})
        await ok(facilitator, {"type": "revealRound", "round": "importance"})
        for client in [board, facilitator, *phones]:
            await client.wait_for(lambda s: s.get("rounds", {}).get("importance") == "revealed")
        await asyncio.sleep(0.3)  # coalesced updates

        # Every frame any socket received: the cell is withheld, no number at all.
        for client in [board, facilitator, *phones]:
            seen = results_in(client.frames)
            assert seen, client.role
            for results in seen:
                cell = row(results, competence)
                assert cell["importance"] in ({"suppressed": True},
                                              {"count": 0, "dontKnow": 0, "notRelevant": 0,
                                               "distribution": [0, 0, 0, 0, 0]}), (client.role, cell)
                assert "rank" not in cell or cell["importance"] != {"suppressed": True}
                assert results["minGroupSize"] == 5
            assert row(seen[-1], competence)["importance"] == {"suppressed": True}
            assert "priority" not in row(seen[-1], competence)

        document, comment, rows = exports(server, created)
        assert row(document["results"], competence)["importance"] == {"suppressed": True}
        assert document["anonymity"]["minGroupSize"] == 5
        assert document["anonymity"]["withheldFigures"] >= 1
        assert comment.startswith("# anonymity: minGroupSize=5 · ") and "," not in comment and ";" not in comment
        cells = next(r for r in rows if r["competence"] == competence and r["round"] == "importance" and r["group"] == "")
        assert cells["withheld"] == "yes"
        assert all(cells[key] == "" for key in ["answers", "mean", "median", "spread", "n1", "n2", "n3", "n4", "n5",
                                                "priority", "rank"])

        # The fifth answer: the figures appear everywhere.
        await ok(facilitator, {"type": "openRound", "round": "importance"})
        await ok(phones[4], {"type": "rate", "round": "importance", "competence": competence, "value": 3})
        await ok(facilitator, {"type": "revealRound", "round": "importance"})
        for client in [board, facilitator, *phones]:
            state = await client.wait_for(
                lambda s: row(s.get("results", {"competences": []}), competence)["importance"].get("count") == 5
                if s.get("results") else False)
            cell = row(state["results"], competence)
            assert cell["importance"]["mean"] == 3 and cell["importance"]["distribution"] == [1, 1, 1, 1, 1]
            assert cell["rank"] >= 1
        document, comment, rows = exports(server, created)
        assert row(document["results"], competence)["importance"]["mean"] == 3
        cells = next(r for r in rows if r["competence"] == competence and r["round"] == "importance" and r["group"] == "")
        assert cells["withheld"] == "no" and float(cells["mean"]) == 3

        for client in [board, facilitator, *phones]:
            await client.close()

    asyncio.run(run())


def test_after_a_reveal_one_changed_answer_moves_nothing_three_do(server):
    # The board follows the open round live (blindVoting off): the hardest case.
    created = create_workshop(server, minGroupSize=3, blindVoting=False)
    competence = competence_ids(server, created["id"])[0]

    async def run():
        facilitator, board = await staff(server, created)
        phones = await join(server, created, 6)
        await ok(facilitator, {"type": "openRound", "round": "level"})
        for phone in phones:
            await ok(phone, {"type": "rate", "round": "level", "competence": competence, "value": 2})
        await ok(facilitator, {"type": "revealRound", "round": "level"})
        await ok(facilitator, {"type": "openRound", "round": "level"})
        for client in [board, facilitator, *phones]:
            await client.wait_for(lambda s: s.get("rounds", {}).get("level") == "open")
        await asyncio.sleep(0.3)  # the re-open's coalesced results
        before = row(board.state["results"], competence)["level"]
        assert before["mean"] == 2
        marks = {client: len(client.frames) for client in [board, facilitator, *phones]}

        await ok(phones[0], {"type": "rate", "round": "level", "competence": competence, "value": 5})
        await ok(phones[1], {"type": "rate", "round": "level", "competence": competence, "value": 4})
        await ok(phones[1], {"type": "rate", "round": "level", "competence": competence, "value": 2})  # undone
        await ok(phones[2], {"type": "rate", "round": "level", "competence": competence, "value": 5})
        await asyncio.sleep(0.5)
        # The board and the facilitator follow the open round: none of these moved them.
        for client in [board, facilitator]:
            for results in results_in(client.frames[marks[client]:]):
                assert row(results, competence)["level"] == before, client.role

        await ok(phones[3], {"type": "rate", "round": "level", "competence": competence, "value": 5})
        state = await board.wait_for(lambda s: row(s["results"], competence)["level"] != before)
        moved = row(state["results"], competence)["level"]
        assert moved["mean"] == statistics.mean([5, 2, 5, 5, 2, 2])
        # Phones see revealed rounds only: nothing of the re-opened round at all.
        for phone in phones:
            assert all(row(r, competence)["level"].get("count", 0) == 0
                       for r in results_in(phone.frames[marks[phone]:])), phone.frames[marks[phone]:]
        for client in [board, facilitator, *phones]:
            await client.close()

    asyncio.run(run())


def test_groups_of_seven_and_three_with_a_minimum_of_four(server):
    created = create_workshop(server, minGroupSize=4, groups=[
        {"id": "sosu-hjaelper", "name": {"da": "SOSU-hjælper", "en": "Care helper"}},
        {"id": "sygeplejerske", "name": {"da": "Sygeplejerske", "en": "Nurse"}},
    ])
    competence = competence_ids(server, created["id"])[0]
    groups = ["sosu-hjaelper"] * 7 + ["sygeplejerske"] * 3
    values = [2, 2, 3, 3, 4, -1, 0, 5, 5, 4]

    async def run():
        facilitator, board = await staff(server, created)
        phones = await join(server, created, 10, groups)
        assert phones[0].welcome["you"]["group"] == "sosu-hjaelper"
        await ok(facilitator, {"type": "openRound", "round": "importance"})
        for phone, value in zip(phones, values):
            await ok(phone, {"type": "rate", "round": "importance", "competence": competence, "value": value})
        await ok(facilitator, {"type": "revealRound", "round": "importance"})
        for client in [board, facilitator, phones[0]]:
            state = await client.wait_for(lambda s: s.get("rounds", {}).get("importance") == "revealed"
                                          and s.get("results", {}).get("groups"))
            results = state["results"]
            team = row(results, competence)["importance"]
            # "Ikke relevant" and "Ved ikke" are counted, each on its own, and kept out of the mean.
            assert (team["count"], team["dontKnow"], team["notRelevant"]) == (8, 1, 1)
            assert team["mean"] == statistics.mean([v for v in values if v > 0])
            seven = row(results, competence, "sosu-hjaelper")["importance"]
            assert seven["count"] == 5 and seven["mean"] == statistics.mean([2, 2, 3, 3, 4])
            assert row(results, competence, "sygeplejerske")["importance"] == {"suppressed": True}
            sizes = {g["group"]: g["participants"] for g in results["groups"]}
            assert sizes == {"sosu-hjaelper": 7, "sygeplejerske": 3}

        document, comment, rows = exports(server, created)
        assert row(document["results"], competence, "sosu-hjaelper")["importance"]["mean"] == seven["mean"]
        assert row(document["results"], competence, "sygeplejerske")["importance"] == {"suppressed": True}
        by_group = {r["group"]: r for r in rows if r["competence"] == competence and r["round"] == "importance"}
        assert float(by_group[""]["mean"]) == team["mean"] and by_group[""]["not_relevant"] == "1"
        assert float(by_group["sosu-hjaelper"]["mean"]) == seven["mean"]
        assert by_group["sygeplejerske"]["withheld"] == "yes" and by_group["sygeplejerske"]["mean"] == ""

        # A phone changes group, and an unknown group is a typed error.
        reply = await phones[9].send({"type": "setGroup", "group": "nope"})
        assert reply["type"] == "error" and reply["code"] == "unknown_group"
        await ok(phones[9], {"type": "setGroup", "group": None})
        for client in [board, facilitator, *phones]:
            await client.close()

    asyncio.run(run())


def test_settings_are_checked_at_creation(server, make_server):
    for settings in [{"minGroupSize": 0}, {"minGroupSize": 21}, {"minGroupSize": "3"},
                     {"groups": [{"id": "Bad Id", "name": {"da": "x"}}]},
                     {"groups": [{"id": "a", "name": {"da": "A"}}, {"id": "a", "name": {"da": "B"}}]},
                     {"groups": [{"roleProfile": "no-such-profile"}]},
                     {"groups": [{"id": f"g{i}", "name": {"da": "G"}} for i in range(13)]}]:
        status, body = server.request("POST", "/api/workshops", {"title": "T", "plugins": ["kl-base"], "settings": settings})
        assert status == 400, (settings, body)
        assert body["error"]["code"] in ("invalid_value", "invalid_body", "empty_text"), body
    def settings_of(instance, created):
        status, snapshot = instance.request("GET", f"/api/workshops/{created['id']}")
        assert status == 200, snapshot
        return snapshot["workshop"]["settings"]

    assert settings_of(server, create_workshop(server, minGroupSize=7))["minGroupSize"] == 7
    # Without --min-group-size a new workshop gets 3; with it, the server's policy.
    plain = make_server(min_group_size=None).start()
    assert settings_of(plain, create_workshop(plain))["minGroupSize"] == 3
    strict = make_server(min_group_size=5).start()
    assert settings_of(strict, create_workshop(strict))["minGroupSize"] == 5
    assert settings_of(strict, create_workshop(strict, minGroupSize=2))["minGroupSize"] == 2
