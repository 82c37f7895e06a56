import Testing
import WheelCore

@Suite("Joining")
struct JoinTests {
    @Test("A name is trimmed", arguments: [("Ole", "Ole"), ("  Mette Frederiksen \n", "Mette Frederiksen"), ("Åse Ørsted", "Åse Ørsted")])
    func trimmed(name: String, stored: String) throws {
        var h = Harness()
        let events = try h.join("p1", name: name)
        #expect(events == [.joined(participant: "p1", token: "t-p1", name: stored, proxy: false)])
        let participant = try #require(h.workshop.participants["p1"])
        #expect(participant.id == "p1")
        #expect(participant.name == stored)
        #expect(participant.proxy == false)
        #expect(h.workshop.participant(forToken: "t-p1")?.id == "p1")
    }

    @Test("An empty or missing name is anonymous", arguments: [nil, "", "   ", "\n\t"] as [String?])
    func anonymous(name: String?) throws {
        var h = Harness()
        try h.join("p1", name: name)
        let participant = try #require(h.workshop.participants["p1"])
        #expect(participant.name == nil)
    }

    @Test("Names of up to 40 characters are accepted; 41 are refused")
    func nameLength() throws {
        var h = Harness()
        try h.join("p40", name: text(40, of: "ø"))
        let error = refusal { try h.join("p41", name: text(41, of: "ø")) }
        #expect(error == .textTooLong(field: "name", limit: 40))
        #expect(error?.code == "text_too_long")
        #expect(h.workshop.participantOrder == ["p40"])
    }

    @Test("A proxy participant is flagged")
    func proxyFlag() throws {
        var h = Harness()
        try h.join("paper", name: "Bent", proxy: true)
        #expect(h.workshop.participants["paper"]?.proxy == true)
    }

    @Test("The workshop refuses joins at maxParticipants; proxies count", arguments: [1, 3])
    func full(limit: Int) throws {
        var h = Harness(WorkshopSettings(maxParticipants: limit))
        for n in 0..<limit { try h.join("p\(n)", proxy: n == 0) }
        let error = refusal { try h.join("late") }
        #expect(error == .workshopFull(limit: limit))
        #expect(error?.code == "workshop_full")
        #expect(h.workshop.participants.count == limit)
        #expect(h.workshop.participantOrder == (0..<limit).map { "p\($0)" })
    }

    @Test("Participants are listed in join order and counted in the tally")
    func order() throws {
        var h = Harness()
        for id in ["c", "a", "b"] { try h.join(id) }
        #expect(h.workshop.participantOrder == ["c", "a", "b"])
        #expect(h.workshop.tally().participants == 3)
    }
}

@Suite("Board focus")
struct FocusTests {
    @Test("A focus on known parts of the wheel is accepted", arguments: [
        BoardFocus.lobby,
        BoardFocus(screen: .intro, dimension: Wheel.sikkerhed),
        BoardFocus(screen: .intro, dimension: Wheel.anvendelse, competence: Wheel.data),
        BoardFocus(screen: .intro, caseID: Wheel.caseID),
        BoardFocus(screen: .results, view: .ranking),
    ])
    func valid(focus: BoardFocus) throws {
        var h = Harness()
        #expect(try h.facilitator(.focus(focus)) == [.focused(focus)])
        #expect(h.workshop.focus == focus)
    }

    @Test("An unknown dimension, competence or case is refused", arguments: [
        (BoardFocus(screen: .intro, dimension: "nope"), "invalid_value"),
        (BoardFocus(screen: .intro, dimension: Wheel.data), "invalid_value"),  // a competence is no dimension
        (BoardFocus(screen: .intro, competence: "nope"), "unknown_competence"),
        (BoardFocus(screen: .intro, competence: Wheel.anvendelse), "unknown_competence"),
        (BoardFocus(screen: .intro, caseID: "nope"), "invalid_value"),
        (BoardFocus(screen: .intro, dimension: Wheel.anvendelse, caseID: "nope"), "invalid_value"),
    ])
    func invalid(focus: BoardFocus, code: String) throws {
        var h = Harness()
        let error = refusal { try h.facilitator(.focus(focus)) }
        #expect(error?.code == code)
        #expect(h.workshop.focus == .lobby)
    }
}
