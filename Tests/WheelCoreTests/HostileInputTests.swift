import Testing
import WheelCore

/// Findings 1 and 9 of the hardening issue: client numbers that used to trap the process,
/// and names that bloated every snapshot or changed the text around them.
@Suite("Hostile input")
struct HostileInputTests {
    private func openPoints() throws -> Harness {
        var h = Harness()
        try h.join("p1")
        try h.join("x1", proxy: true)
        try h.facilitator(.openRound(.points))
        return h
    }

    @Test("Points that would overflow the sum are refused, not a trap",
          arguments: [[Int.max, 1], [Int.max, Int.max], [Int.min, -1], [Int.max - 50, 60], [101, -1]])
    func overflowingPoints(values: [Int]) throws {
        var h = try openPoints()
        let points = Dictionary(uniqueKeysWithValues: zip([Wheel.data, Wheel.ai], values))
        let error = refusal { try h.participant("p1", .allocatePoints(points)) }
        #expect(error?.code == "invalid_value")
        #expect(h.workshop.points.isEmpty)
        // The facilitator's proxy votes take the same road.
        let proxied = refusal { try h.facilitator(.proxy(participant: "x1", .allocatePoints(points))) }
        #expect(proxied?.code == "invalid_value")
    }

    @Test("Huge dot counts are refused, not a trap", arguments: [Int.max, Int.min, Int.max - 1])
    func overflowingDots(count: Int) throws {
        var h = Harness()
        try h.join("p1")
        try h.facilitator(.openRound(.dots))
        try h.participant("p1", .setDots(competence: Wheel.data, count: 2))
        #expect(refusal { try h.participant("p1", .setDots(competence: Wheel.ai, count: count)) } != nil)
    }

    @Test("Ratings far out of range are refused", arguments: [Int.max, Int.min, 6, -2])
    func hugeRatings(value: Int) throws {
        var h = Harness()
        try h.join("p1")
        try h.facilitator(.openRound(.importance))
        #expect(refusal { try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: value)) }
            == .invalidValue("A rating is 1 to 5, 0 for \"don't know\" or -1 for \"not relevant\"."))
    }

    @Test("One letter with thousands of combining marks keeps a few: no tower, no 16 KB name")
    func combiningMarkBomb() throws {
        var h = Harness()
        let bomb = "a" + String(repeating: "\u{0301}", count: 8000)
        #expect(bomb.count == 1)
        try h.join("p1", name: bomb)
        let stored = try #require(h.workshop.participants["p1"]?.name)
        #expect(stored.unicodeScalars.count == 1 + DisplayText.marksPerCharacter)
        // Marks with nothing to sit on are dropped.
        try h.join("p2", name: "\u{0301}\u{0308}Bo")
        #expect(h.workshop.participants["p2"]?.name == "Bo")
    }

    @Test("The byte limit holds where graphemes are few but heavy")
    func heavyGraphemes() throws {
        var h = Harness()
        let family = "👨‍👩‍👧‍👦"  // one grapheme, 25 bytes
        #expect(refusal { try h.join("p1", name: String(repeating: family, count: 40)) } == .textTooLong(field: "name", limit: 40))
        try h.join("p2", name: String(repeating: family, count: 10))
        #expect(h.workshop.participants["p2"]?.name?.count == 10)
    }

    @Test("Names are NFC, without control, bidi or zero-width characters",
          arguments: [
            ("Kirsten\u{0}\u{1B}[31m", "Kirsten [31m"), ("Bo\r\nHansen", "Bo Hansen"), ("\u{202E}Søren", "Søren"),
            ("Ida\u{200B}\u{2066}", "Ida"), ("e\u{0301}lise", "\u{E9}lise"), ("  Ane   Marie ", "Ane Marie"),
            ("👩‍⚕️ Lene", "👩‍⚕️ Lene"), ("Kir\u{200D}sten", "Kirsten"), ("Kirsten\u{3164}", "Kirsten"),
            ("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Ailsa", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Ailsa"),
            ("Ai\u{E0067}da", "Aida"), ("👍🏽 Mette", "👍🏽 Mette"),
          ])
    func namesAreCleaned(typed: String, stored: String) throws {
        var h = Harness()
        try h.join("p1", name: typed)
        #expect(h.workshop.participants["p1"]?.name == stored)
        #expect(h.workshop.participants["p1"]?.name?.unicodeScalars.elementsEqual(stored.unicodeScalars) == true)
    }

    @Test("A name with nothing visible is no name", arguments: ["\u{200B}\u{200B}", "\u{3164}", " \u{2066} ", "\u{0301}"])
    func invisibleNames(typed: String) throws {
        var h = Harness()
        try h.join("p1", name: typed)
        #expect(h.workshop.participants["p1"]?.name == nil)
    }

    @Test("An idea with nothing visible is empty")
    func invisibleIdea() throws {
        var h = Harness()
        try h.join("p1")
        try h.facilitator(.openRound(.ideas))
        #expect(refusal { try h.participant("p1", .submitIdea(idea: "i1", text: "\u{200B}\u{202E}", competence: nil)) }
            == .emptyText(field: "idea"))
        try h.participant("p1", .submitIdea(idea: "i2", text: "Første linje\n\n\n\nAnden\u{0}", competence: nil))
        #expect(h.workshop.ideas.first?.text == "Første linje\n\nAnden")
    }
}
