"""What only the facilitator's token reads over HTTP (issue 16): the plugins' notes (and
that nothing else a board or phone reads carries them), and the action plan as an
iCalendar file that a real parser reads."""

import asyncio
import datetime

import icalendar
import yaml

from conftest import ROOT
from wsclient import Client, create_workshop


def shipped_notes():
    """Every note text in the bundled kl-base and eldercare plugins."""
    texts = []
    for plugin in ("kl-base", "eldercare"):
        manifest = yaml.safe_load((ROOT / "Plugins" / plugin / "plugin.yaml").read_text())
        for group in manifest["facilitatorNotes"].values():
            for note in group.values():
                texts += [note["da"], note.get("en")]
    return [t for t in texts if t]


def test_notes_reach_the_facilitator_only(server):
    created = create_workshop(server, plugins=("kl-base", "eldercare"))
    auth = {"Authorization": f"Bearer {created['facilitatorToken']}"}
    status, notes = server.request("GET", f"/api/workshops/{created['id']}/notes", headers=auth)
    assert status == 200
    assert notes["competences"]["informationssikkerhed"][0]["plugin"] == "kl-base"
    assert notes["dimensions"]["ae-velfaerdsteknologi"][0]["plugin"] == "eldercare"
    assert set(notes["cases"]) >= {"case-falsk-loenseddel", "ae-case-sengesensorer"}
    assert notes["competences"]["ae-overvaagningsetik"][0]["text"]["en"].startswith("A sensitive subject")

    for headers in ({}, {"Authorization": "Bearer wrong-token"}):
        status, error = server.request("GET", f"/api/workshops/{created['id']}/notes", headers=headers)
        assert status == 401 and error["error"]["code"] == "not_facilitator"

    texts = shipped_notes()
    assert len(texts) > 20
    readable = [
        server.request("GET", f"/api/workshops/{created['id']}/wheel")[1],
        server.request("GET", f"/api/workshops/{created['id']}")[1],
        server.request("GET", "/api/plugins/preview?plugins=kl-base,eldercare")[1],
        server.request("GET", f"/api/workshops/{created['id']}/export.json", headers=auth)[1],
        server.request("GET", f"/api/workshops/{created['id']}/export.csv", headers=auth)[1],
    ]
    for body in readable:
        text = str(body)
        assert "facilitatorNotes" not in text
        for note in texts:
            assert note not in text, note[:40]


def test_the_action_plan_is_a_calendar_with_one_event_per_dated_action(server):
    created = create_workshop(server, plugins=("kl-base", "eldercare"))
    actions = [
        {"id": "a-1", "competence": "informationssikkerhed", "what": "Phishing-øvelse, med opfølgning; for alle",
         "owner": "Lise", "due": "2027-03-01", "status": "planned"},
        {"id": "a-2", "competence": "ae-skaermbesoeg",
         "what": "Makkerpar til skærmbesøg\nFørst aftenvagten, så dagvagten. " + "Øvelse " * 20,
         "due": "2027-02-28", "status": "doing"},
        {"id": "a-3", "competence": "dataanvendelse", "what": "Uden dato", "owner": "Team Nord", "status": "planned"},
        {"id": "a-4", "competence": "dataanvendelse", "what": "Skudår", "due": "2028-02-29", "status": "done"},
    ]

    async def save():
        facilitator = Client(server, "facilitator")
        await facilitator.connect(workshop=created["id"], token=created["facilitatorToken"])
        for action in actions:
            reply = await facilitator.send({"type": "saveAction", "action": action})
            assert reply["type"] == "ack", reply
        await facilitator.close()

    asyncio.run(save())
    path = f"/api/workshops/{created['id']}/actions.ics"
    status, error = server.request("GET", path)
    assert status == 401 and error["error"]["code"] == "not_facilitator"
    import urllib.request
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"Bearer {created['facilitatorToken']}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        assert "attachment" in response.headers["Content-Disposition"]
        raw = response.read()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded at 75 octets"
    calendar = icalendar.Calendar.from_ical(raw)
    events = [component for component in calendar.walk("VEVENT")]
    assert len(events) == 3, "one event per action with a due date"
    by_uid = {str(event["UID"]).split("@")[0]: event for event in events}
    assert set(by_uid) == {"a-1", "a-2", "a-4"}
    first = by_uid["a-1"]
    assert str(first["SUMMARY"]) == "Phishing-øvelse, med opfølgning; for alle (Lise)"
    assert first.decoded("DTSTART") == datetime.date(2027, 3, 1)
    assert first.decoded("DTEND") == datetime.date(2027, 3, 2)
    assert "Ansvarlig: Lise" in str(first["DESCRIPTION"])
    assert "Kompetence: Data- og informationssikkerhed" in str(first["DESCRIPTION"])
    second = by_uid["a-2"]
    assert str(second["SUMMARY"]).startswith("Makkerpar til skærmbesøg\nFørst aftenvagten")
    assert second.decoded("DTEND") == datetime.date(2027, 3, 1)
    assert by_uid["a-4"].decoded("DTEND") == datetime.date(2028, 3, 1)
