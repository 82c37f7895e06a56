import Foundation
import Testing
import WheelCore

/// A small hand-made wheel: two dimensions with two competences each.
///
/// Wheel order is deliberately not alphabetical (kommunikation, data, phishing, ai) so that
/// "ties keep wheel order" cannot pass by accident through an alphabetical sort.
enum Wheel {
    static let kommunikation = "kommunikation"
    static let data = "data"
    static let phishing = "phishing"
    static let ai = "ai"
    /// Every competence in wheel order.
    static let order = [kommunikation, data, phishing, ai]

    static let anvendelse = "anvendelse"
    static let sikkerhed = "sikkerhed"
    static let caseID = "case-borgerservice"
    static let profileID = "sagsbehandler"
    static let inspirationID = "insp-datakursus"

    static let framework = Framework(
        plugins: [PluginReference(id: "test", version: "1.0.0")],
        dimensions: [
            WheelDimension(
                id: anvendelse, plugin: "test", color: "#2E6DB4", title: LocalizedText(da: "Anvendelse", en: "Use"),
                competences: [
                    Competence(id: kommunikation, plugin: "test", dimension: anvendelse, title: LocalizedText(da: "Kommunikation")),
                    Competence(id: data, plugin: "test", dimension: anvendelse, title: LocalizedText(da: "Data")),
                ]),
            WheelDimension(
                id: sikkerhed, plugin: "test", title: LocalizedText(da: "Sikkerhed", en: "Security"),
                competences: [
                    Competence(id: phishing, plugin: "test", dimension: sikkerhed, title: LocalizedText(da: "Phishing")),
                    Competence(id: ai, plugin: "test", dimension: sikkerhed, title: LocalizedText(da: "Kunstig intelligens")),
                ]),
        ],
        roleProfiles: [
            RoleProfile(
                id: profileID, plugin: "test", title: LocalizedText(da: "Sagsbehandler"),
                levels: [kommunikation: 4, data: 3, phishing: 5])
        ],
        cases: [
            DiscussionCase(
                id: caseID, plugin: "test", title: LocalizedText(da: "Borgerservice"),
                story: LocalizedText(da: "En borger ringer..."), competences: [kommunikation])
        ],
        inspiration: [
            Inspiration(id: inspirationID, plugin: "test", competence: data, kind: .course, title: LocalizedText(da: "Datakursus"))
        ])

    /// Most tests count one or two answers: they run with a minimum group size of 1 unless
    /// they test withholding (`minGroupSize`).
    static func info(_ settings: WorkshopSettings = .defaults, minGroupSize: Int = 1) -> WorkshopInfo {
        var settings = settings
        settings.minGroupSize = minGroupSize
        return WorkshopInfo(
            id: "w1", title: "Test", joinCode: "ABC123", facilitatorToken: "f-token", language: .da,
            settings: settings, framework: framework, createdAt: Date(timeIntervalSince1970: 1_700_000_000))
    }
}

/// A workshop driven the way the server drives it: decide, then apply what was decided.
/// Every produced event is kept so tests can replay them.
struct Harness {
    private(set) var workshop: Workshop
    private(set) var log: [WorkshopEvent] = []

    init(_ settings: WorkshopSettings = .defaults, minGroupSize: Int = 1) {
        workshop = Workshop(info: Wheel.info(settings, minGroupSize: minGroupSize))
    }

    @discardableResult
    mutating func join(_ id: String, name: String? = nil, proxy: Bool = false, group: String? = nil)
        throws(WorkshopError) -> [WorkshopEvent]
    {
        let events = try workshop.decideJoin(participant: id, token: "t-\(id)", name: name, proxy: proxy, group: group)
        apply(events)
        return events
    }

    /// Decides `command` for `actor` and applies the result. A refusal changes nothing.
    @discardableResult
    mutating func send(_ command: Command, by actor: Actor) throws(WorkshopError) -> [WorkshopEvent] {
        let events = try workshop.decide(command, by: actor)
        apply(events)
        return events
    }

    @discardableResult
    mutating func facilitator(_ command: Command) throws(WorkshopError) -> [WorkshopEvent] {
        try send(command, by: .facilitator)
    }

    @discardableResult
    mutating func participant(_ id: String, _ command: Command) throws(WorkshopError) -> [WorkshopEvent] {
        try send(command, by: .participant(id))
    }

    mutating func apply(_ events: [WorkshopEvent]) {
        for event in events { workshop.apply(event) }
        log += events
    }

    /// Puts `round` in `phase` through the facilitator's commands.
    mutating func setPhase(_ round: RoundKind, _ phase: RoundPhase) throws(WorkshopError) {
        switch phase {
        case .idle:
            try facilitator(.resetRound(round))
        case .open:
            if workshop.phase(round) != .open { try facilitator(.openRound(round)) }
        case .closed:
            if workshop.phase(round) != .open { try facilitator(.openRound(round)) }
            try facilitator(.closeRound(round))
        case .revealed:
            if workshop.phase(round) != .open { try facilitator(.openRound(round)) }
            try facilitator(.revealRound(round))
        }
    }

    /// The same events replayed into a fresh workshop.
    func replayed() -> Workshop {
        var fresh = Workshop(info: workshop.info)
        for event in log { fresh.apply(event) }
        return fresh
    }
}

/// Runs `body`, expects it to be refused with a `WorkshopError`, and returns the refusal for
/// further checks.
@discardableResult
func refusal(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> WorkshopError? {
    do {
        try body()
        Issue.record("Expected a refusal, but the command was accepted.", sourceLocation: sourceLocation)
        return nil
    } catch let error as WorkshopError {
        return error
    } catch {
        Issue.record("Expected a WorkshopError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A string of `count` characters (grapheme clusters).
func text(_ count: Int, of character: Character = "x") -> String {
    String(repeating: character, count: count)
}

extension Double {
    func isClose(to other: Double, tolerance: Double = 1e-9) -> Bool { abs(self - other) <= tolerance }
}

extension Optional where Wrapped == Double {
    /// A withheld figure (nil) is close to nothing.
    func isClose(to other: Double, tolerance: Double = 1e-9) -> Bool { map { $0.isClose(to: other, tolerance: tolerance) } ?? false }
}
