"""Backing ideas end to end, on a real server over real sockets: three phones back approved
ideas, the board's view and both exports rank them by backing, a merge moves backing to the
idea it folds into, and phones never receive a count."""

import asyncio

from wsclient import Client, create_workshop, export_csv


def ranked(ideas):
    """The board's wall order: most backed first, ties in submission order."""
    order = {idea["id"]: index for index, idea in enumerate(ideas)}
    return [i["id"] for i in sorted(ideas, key=lambda i: (-i["backing"], order[i["id"]]))]


def export_ranking(server, created):
    auth = {"Authorization": f"Bearer {created['facilitatorToken']}"}
    status, export = server.request("GET", f"/api/workshops/{created['id']}/export.json", headers=auth)
    assert status == 200
    status, text = server.request("GET", f"/api/workshops/{created['id']}/export.csv", headers=auth)
    assert status == 200
    rows = [row for row in export_csv(text)[1] if row["round"] == "ideas"]
    return export["ideas"], rows


def test_phones_back_ideas_and_the_board_and_exports_rank_by_backing(server):
    created = create_workshop(server, ideaBackings=1)

    async def run():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        board = Client(server, "board")
        await board.connect(workshop=created["id"])
        phones = []
        for index in range(3):
            phone = Client(server, "participant")
            await phone.connect(code=created["joinCode"], token=f"backing-phone-{index:02d}-abcdefgh")
            phones.append(phone)

        assert (await facilitator.send({"type": "openRound", "round": "ideas"}))["type"] == "ack"
        # Phone 0 writes the first idea, phone 1 the café idea, phone 2 its duplicate.
        ideas = []
        for phone, text in zip(phones, ["Makkerpar", "IT-café hver torsdag", "IT-café om torsdagen"]):
            ack = await phone.send({"type": "submitIdea", "text": text})
            assert ack["type"] == "ack", ack
            ideas.append(ack["idea"])
        first, cafe, duplicate = ideas
        for idea in ideas:
            assert (await facilitator.send({"type": "moderateIdea", "idea": idea, "approve": True}))["type"] == "ack"

        # Phones see the approved ideas while the round is open, without counts.
        for phone in phones:
            state = await phone.wait_for(lambda s: len(s.get("ideas", [])) == 3)
            assert all("backing" not in idea for idea in state["ideas"])

        async def back(phone, idea, backed=True):
            return await phone.send({"type": "backIdea", "idea": idea, "backed": backed})

        assert (await back(phones[1], first))["type"] == "ack"
        assert (await back(phones[2], first))["type"] == "ack"
        assert (await back(phones[0], duplicate))["type"] == "ack"
        # The rules, as typed errors.
        assert (await back(phones[0], first))["code"] == "own_idea"
        assert (await back(phones[1], duplicate))["code"] == "backing_limit"
        assert (await back(phones[2], "iNoSuchIdea"))["code"] == "unknown_idea"

        def counts(state):
            return {i["id"]: i["backing"] for i in state.get("ideas", [])}

        state = await board.wait_for(lambda s: counts(s) == {first: 2, cafe: 0, duplicate: 1})
        assert ranked(state["ideas"]) == [first, duplicate, cafe]
        json_ideas, csv_rows = export_ranking(server, created)
        assert [(i["id"], i["backing"]) for i in json_ideas] == [(first, 2), (duplicate, 1), (cafe, 0)]
        assert [(r["idea"], r["backing"], r["rank"]) for r in csv_rows] == [
            ("Makkerpar", "2", "1"), ("IT-café om torsdagen", "1", "2"), ("IT-café hver torsdag", "0", "3")]

        # Phone 1 moves its backing: the ranking changes on the board and in the export.
        assert (await back(phones[1], first, False))["type"] == "ack"
        assert (await back(phones[1], duplicate))["type"] == "ack"
        state = await board.wait_for(lambda s: counts(s) == {first: 1, cafe: 0, duplicate: 2})
        assert ranked(state["ideas"]) == [duplicate, first, cafe]
        json_ideas, _ = export_ranking(server, created)
        assert [i["id"] for i in json_ideas] == [duplicate, first, cafe]

        # Merging the duplicate into the café idea moves its backers there: phone 0's counts
        # for the café idea, phone 1's is dropped (phone 1 wrote it: nobody backs their own).
        ack = await facilitator.send({"type": "mergeIdea", "idea": duplicate, "into": cafe})
        assert ack["type"] == "ack", ack
        state = await board.wait_for(lambda s: duplicate not in counts(s))
        assert counts(state) == {first: 1, cafe: 1}
        assert ranked(state["ideas"]) == [first, cafe]
        fac = await facilitator.wait_for(
            lambda s: any(i["id"] == duplicate and i["status"] == "merged" for i in s.get("ideas", [])))
        merged = next(i for i in fac["ideas"] if i["id"] == duplicate)
        assert merged["mergedInto"] == cafe
        json_ideas, csv_rows = export_ranking(server, created)
        assert [(i["id"], i["backing"]) for i in json_ideas] == [(first, 1), (cafe, 1), (duplicate, 0)]
        assert [(r["idea"], r["backing"]) for r in csv_rows] == [("Makkerpar", "1"), ("IT-café hver torsdag", "1")]

        # A phone's own backings come back in its welcome; still no counts anywhere.
        assert (await phones[0].resync())["state"]["answers"]["backed"] == [cafe]
        assert (await phones[1].resync())["state"]["answers"]["backed"] == []
        for phone in phones:
            state = await phone.wait_for(lambda s: duplicate not in [i["id"] for i in s.get("ideas", [])])
            assert all("backing" not in idea for idea in state["ideas"])
            assert all("backing" not in idea for idea in phone.welcome["state"]["ideas"])

        for client in [facilitator, board, *phones]:
            await client.close()

    asyncio.run(run())


def test_the_heartbeat_never_trips_the_rate_limit(server):
    """A ping every 2 s beside ordinary votes stays far inside the per-socket limit."""
    created = create_workshop(server)

    async def run():
        phone = Client(server, "participant")
        await phone.connect(code=created["joinCode"], token="heartbeat-phone-0001-abcd")
        for _ in range(3):
            await phone.send_raw('{"type":"ping"}')
            await phone.send({"type": "rename", "name": "Mette"})
            await asyncio.sleep(2)
        assert not [e for e in phone.errors if e["code"] == "rate_limited"]
        await phone.close()

    asyncio.run(run())
