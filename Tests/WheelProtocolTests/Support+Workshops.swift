import Foundation
import Testing
import WheelCore
import WheelProtocol

// MARK: - Workshops built by hand

/// A two-competence wheel, like the trimmed examples in docs/protocol.md.
enum TestWheel {
    static let bruger = "brugerkompetencer"
    static let data = "dataanvendelse"

    static let framework = Framework(
        plugins: [PluginReference(id: "kl-base", version: "1.0.0")],
        dimensions: [
            WheelDimension(
                id: "anvendelse", plugin: "kl-base", color: "#2F6FD6", title: LocalizedText(da: "Anvendelse", en: "Application"),
                competences: [
                    Competence(id: bruger, plugin: "kl-base", dimension: "anvendelse", title: LocalizedText(da: "Brugerkompetencer")),
                    Competence(id: data, plugin: "kl-base", dimension: "anvendelse", title: LocalizedText(da: "Dataanvendelse")),
                ])
        ],
        roleProfiles: [
            RoleProfile(id: "medarbejder-borgernaer", plugin: "kl-base", title: LocalizedText(da: "Borgernær medarbejder"),
                        levels: [bruger: 3, data: 2])
        ],
        inspiration: [
            Inspiration(id: "insp-1", plugin: "kl-base", competence: bruger, kind: .superuser,
                        title: LocalizedText(da: "Netværk for superbrugere"))
        ])

    static func info(blindVoting: Bool = true) -> WorkshopInfo {
        WorkshopInfo(
            id: "wyNftiGjhXS6", title: "Digital kompetence – Team Nord", joinCode: "KXKYEV",
            facilitatorToken: "Kq36EQtZy5tHr8hZR4mC3bVjmg7TSc2x", language: .da,
            settings: WorkshopSettings(blindVoting: blindVoting, roleProfile: "medarbejder-borgernaer", minGroupSize: 1),
            framework: framework, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
    }
}

/// Drives a workshop the way the server does: decide, then apply the decided events.
struct TestHarness {
    private(set) var workshop: Workshop

    init(blindVoting: Bool = true) {
        workshop = Workshop(info: TestWheel.info(blindVoting: blindVoting))
    }

    mutating func join(_ id: String, name: String? = nil, proxy: Bool = false) throws {
        for event in try workshop.decideJoin(participant: id, token: "token-\(id)-0123456789", name: name, proxy: proxy) {
            workshop.apply(event)
        }
    }

    mutating func facilitator(_ command: Command) throws {
        for event in try workshop.decide(command, by: .facilitator) { workshop.apply(event) }
    }

    mutating func participant(_ id: String, _ command: Command) throws {
        for event in try workshop.decide(command, by: .participant(id)) { workshop.apply(event) }
    }

    /// Two participants rated importance (revealed) and level (open); ideas exist in every status.
    static func midWorkshop() -> TestHarness {
        var h = TestHarness()
        do {
            try h.join("p1", name: "Mette")
            try h.join("p2")
            try h.facilitator(.openRound(.ideas))
            try h.participant("p1", .submitIdea(idea: "i1", text: "Makkerpar til det nye omsorgssystem", competence: TestWheel.bruger))
            try h.participant("p2", .submitIdea(idea: "i2", text: "Mere kage", competence: nil))
            try h.participant("p2", .submitIdea(idea: "i3", text: "Fast IT-café hver torsdag", competence: TestWheel.data))
            try h.facilitator(.moderateIdea(idea: "i1", approve: true))
            try h.facilitator(.moderateIdea(idea: "i2", approve: false))
            try h.facilitator(.openRound(.importance))
            try h.participant("p1", .rate(round: .importance, competence: TestWheel.bruger, value: 4))
            try h.participant("p2", .rate(round: .importance, competence: TestWheel.bruger, value: 5))
            try h.participant("p2", .rate(round: .importance, competence: TestWheel.data, value: 0))
            try h.facilitator(.revealRound(.importance))
            try h.facilitator(.openRound(.level))
            try h.participant("p1", .rate(round: .level, competence: TestWheel.bruger, value: 2))
            try h.facilitator(.focus(BoardFocus(screen: .round)))
        } catch {
            Issue.record("the mid-workshop script failed: \(error)")
        }
        return h
    }
}
