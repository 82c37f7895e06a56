"""A workshop driven over the protocol from synchronous code (browser tests, the screenshot
script): the facilitator's commands and a room of phones answering, each step over fresh
WebSocket connections (phones resume by their fixed tokens), so no event loop outlives a call."""

import asyncio

from wsclient import Client

SECTOR = ("kl-base", "eldercare")
IDEAS = [
    "Makkerpar til det nye omsorgssystem de første fire uger",
    "Fast IT-café hver torsdag i frokostpausen",
    "Øv skærmbesøg med en kollega, før vi ringer til borgeren",
    "Tjekliste til vasketoiletter og sengesensorer i hver bil",
]


class Workshop:
    def __init__(self, server, plugins=SECTOR, title="Hjemmeplejen Nord – workshop 1", phones=8, **settings):
        self.server = server
        body = {"title": title, "plugins": list(plugins)}
        if settings:
            body["settings"] = settings
        status, created = server.request("POST", "/api/workshops", body)
        assert status == 201, created
        self.created = created
        self.id = created["id"]
        self.code = created["joinCode"]
        self.token = created["facilitatorToken"]
        status, self.wheel = server.request("GET", f"/api/workshops/{self.id}/wheel")
        assert status == 200, self.wheel
        self.competences = [c["id"] for d in self.wheel["dimensions"] for c in d["competences"]]
        self.dimensions = [d["id"] for d in self.wheel["dimensions"]]
        self.phone_count = phones
        self.idea_ids = []

    # MARK: addresses

    def board_url(self):
        return f"{self.server.url}/board.html?w={self.id}"

    def report_url(self):
        return f"{self.server.url}/report.html?w={self.id}#token={self.token}"

    def console_url(self):
        return f"{self.server.url}/facilitator.html?w={self.id}"

    def open_console(self, driver):
        """The console of this workshop in `driver`, with the token where the console keeps it."""
        driver.get(f"{self.server.url}/index.html")
        driver.execute_script(
            "localStorage.setItem('wheelhouse.facilitator', JSON.stringify({[arguments[0]]: "
            "{token: arguments[1], title: arguments[2], code: arguments[3]}}))",
            self.id, self.token, self.created.get("title", ""), self.code)
        driver.get(self.console_url())

    # MARK: the facilitator

    def facilitate(self, *messages, timeout=20):
        """Sends each message as the facilitator; returns the replies (acks are asserted)."""
        async def run():
            client = Client(self.server, "facilitator")
            await client.connect(workshop=self.id, token=self.token)
            replies = []
            try:
                for message in messages:
                    reply = await client.send(message, timeout=timeout)
                    assert reply["type"] == "ack", (message, reply)
                    replies.append(reply)
            finally:
                await client.close()
            return replies
        return asyncio.run(run())

    def try_focus(self, timeout=3, **focus):
        """A focus the running server may not know yet (a new board view): True when acked.
        An unreadable focus is refused without an opId, so no answer comes: that is a no."""
        try:
            self.facilitate({"type": "focus", "focus": focus}, timeout=timeout)
            return True
        except (AssertionError, asyncio.TimeoutError, TimeoutError):
            return False

    def focus(self, **focus):
        self.facilitate({"type": "focus", "focus": focus})

    def open(self, round_):
        """Opens a round and puts it on the board, as the console does (its "auto focus")."""
        self.facilitate({"type": "openRound", "round": round_}, {"type": "focus", "focus": {"screen": "round"}})

    def reveal(self, round_):
        """Reveals a round and shows its result view on the board (points where the server has that view)."""
        self.facilitate({"type": "revealRound", "round": round_})
        view = {"ideas": "ideas", "dots": "dots", "points": "points"}.get(round_, "wheel")
        if not self.try_focus(screen="results", view=view):
            self.focus(screen="results", view="dots" if view == "points" else "wheel")

    def save_action(self, number, what, owner, due, status="planned", competence=None):
        self.facilitate({"type": "saveAction", "action": {
            "id": f"a{number}", "competence": competence or self.competences[number % len(self.competences)],
            "what": what, "owner": owner, "due": due, "status": status}})

    # MARK: the room

    def room(self, answer):
        """Every phone (fixed tokens: the same people each time) runs `answer(i, client)`."""
        async def run():
            phones = []
            try:
                for i in range(self.phone_count):
                    phone = Client(self.server, "participant")
                    await phone.connect(code=self.code, token=f"room-{self.id}-{i}".ljust(24, "x"), name=f"Deltager {i + 1}")
                    phones.append(phone)
                return await asyncio.gather(*(answer(i, phone) for i, phone in enumerate(phones)))
            finally:
                for phone in phones:
                    await phone.close()
        return asyncio.run(run())

    def rate(self, round_):
        """Every phone rates every competence: each competence its own typical value, the phones
        one either side of it, now and then 'don't know' (0): means and gaps that differ."""
        async def answer(i, phone):
            for j, competence in enumerate(self.competences):
                typical = 2 + (j * 3) % 4 if round_ == "importance" else 1 + (j * 5 + 2) % 4
                value = 0 if (i + j) % 11 == 0 else max(1, min(5, typical + (i % 3) - 1))
                reply = await phone.send({"type": "rate", "round": round_, "competence": competence, "value": value})
                assert reply["type"] == "ack", reply
        self.room(answer)

    def dots(self):
        async def answer(i, phone):
            n = len(self.competences)
            for competence, count in ((self.competences[(i * 2) % n], 3), (self.competences[(i * 5 + 1) % n], 2)):
                reply = await phone.send({"type": "setDots", "competence": competence, "count": count})
                assert reply["type"] == "ack", reply
        self.room(answer)

    def points(self):
        async def answer(i, phone):
            n = len(self.competences)
            split = {self.competences[(i * 3) % n]: 50, self.competences[(i * 7 + 2) % n]: 30, self.competences[(i + 4) % n]: 20}
            if len(split) < 3:
                split = {self.competences[0]: 100}
            reply = await phone.send({"type": "allocatePoints", "points": split})
            assert reply["type"] == "ack", reply
        self.room(answer)

    def ideas(self, texts=IDEAS):
        """Phones submit ideas, the facilitator approves them all."""
        async def answer(i, phone):
            if i >= len(texts):
                return None
            competence = self.competences[(i * 4) % len(self.competences)] if i % 2 == 0 else None
            reply = await phone.send({"type": "submitIdea", "text": texts[i], **({"competence": competence} if competence else {})})
            assert reply["type"] == "ack", reply
            return reply["idea"]
        ids = [idea for idea in self.room(answer) if idea]
        self.facilitate(*({"type": "moderateIdea", "idea": idea, "approve": True} for idea in ids))
        self.idea_ids += ids
        return ids

    def submit_pending_idea(self, text="Kursus i det nye dokumentationssystem"):
        """One idea left waiting for the facilitator (the console's queue)."""
        async def answer(i, phone):
            if i == 0:
                reply = await phone.send({"type": "submitIdea", "text": text})
                assert reply["type"] == "ack", reply
        self.room(answer)

    def back_ideas(self):
        """Phones back approved ideas, where the server knows backing (issue 11); else nothing."""
        ids = list(self.idea_ids)

        async def answer(i, phone):
            for k, idea in enumerate(ids):
                if (i + k) % 3 == 0:
                    try:
                        await phone.send({"type": "backIdea", "idea": idea, "backed": True}, timeout=3)
                    except (asyncio.TimeoutError, TimeoutError):
                        return
        self.room(answer)

    def full_run(self):
        """Every round answered and revealed, ideas approved, two actions: what a report shows."""
        for round_ in ("importance", "level"):
            self.open(round_)
            self.rate(round_)
            self.reveal(round_)
        self.open("dots")
        self.dots()
        self.reveal("dots")
        self.open("points")
        self.points()
        self.reveal("points")
        self.open("ideas")
        self.ideas()
        self.back_ideas()
        self.reveal("ideas")
        self.save_action(1, "Superbrugernetværk for omsorgssystemet", "Lise Kjær", "2027-03-01", "doing")
        self.save_action(2, "Phishing-øvelse på teammødet hver måned", "Omar Haddad", "2027-01-15")
