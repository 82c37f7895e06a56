import Foundation
import Testing
import WheelCore
import WheelProtocol

// MARK: - The catalogue of wire messages

/// Every message type of the protocol, named explicitly so that a new message cannot slip
/// through without documentation.
///
/// Adding a case to `ClientMessage` or `ServerMessage` breaks the exhaustive switches below
/// at compile time. To fix it: add the type to `clientTypes`/`serverTypes`, a value to
/// `clientSamples`/`serverSamples`, and an example to docs/protocol.md (`<!-- client: X -->`
/// or `<!-- server: X -->` directly above a ```json block). The doc tests then check it.
enum Catalogue {
    static let clientTypes = [
        "hello", "resync", "ping",
        "rate", "setDots", "allocatePoints", "submitIdea", "backIdea", "rename", "setGroup",
        "openRound", "closeRound", "revealRound", "resetRound",
        "moderateIdea", "mergeIdea", "focus", "startTimer", "extendTimer", "cancelTimer", "addProxy", "proxyVote",
        "saveAction", "removeAction",
    ]

    static let serverTypes = ["welcome", "update", "ack", "error", "pong"]

    /// The vote types a `proxyVote` can carry.
    static let voteTypes = ["rate", "setDots", "allocatePoints", "submitIdea"]

    static func clientType(_ message: ClientMessage) -> String {
        switch message {
        case .hello: "hello"
        case .resync: "resync"
        case .ping: "ping"
        case .rate: "rate"
        case .setDots: "setDots"
        case .allocatePoints: "allocatePoints"
        case .submitIdea: "submitIdea"
        case .backIdea: "backIdea"
        case .rename: "rename"
        case .setGroup: "setGroup"
        case .openRound: "openRound"
        case .closeRound: "closeRound"
        case .revealRound: "revealRound"
        case .resetRound: "resetRound"
        case .moderateIdea: "moderateIdea"
        case .mergeIdea: "mergeIdea"
        case .focus: "focus"
        case .startTimer: "startTimer"
        case .extendTimer: "extendTimer"
        case .cancelTimer: "cancelTimer"
        case .addProxy: "addProxy"
        case .proxyVote: "proxyVote"
        case .saveAction: "saveAction"
        case .removeAction: "removeAction"
        }
    }

    static func serverType(_ message: ServerMessage) -> String {
        switch message {
        case .welcome: "welcome"
        case .update: "update"
        case .ack: "ack"
        case .error: "error"
        case .pong: "pong"
        }
    }

    static func voteType(_ vote: ClientMessage.Vote) -> String {
        switch vote {
        case .rate: "rate"
        case .setDots: "setDots"
        case .allocatePoints: "allocatePoints"
        case .submitIdea: "submitIdea"
        }
    }

    /// One value of every client message, built in Swift (not read from the docs).
    static let clientSamples: [ClientMessage] = [
        .hello(.init(protocol: 1, code: "KXKYEV", token: "hT3kq9ZpWm7xV2cR8nLd4sYb", name: "Mette")),
        .hello(.init(protocol: nil, workshop: "wyNftiGjhXS6")),
        .hello(.init(workshop: "wyNftiGjhXS6", token: "Kq36EQtZy5tHr8hZR4mC3bVjmg7TSc2x")),
        .resync,
        .ping,
        .rate(.init(opId: "a1", round: .importance, competence: TestWheel.bruger, value: 4)),
        .rate(.init(opId: "a2", round: .level, competence: TestWheel.data, value: RatingScale.dontKnow)),
        .setDots(.init(opId: "a3", competence: TestWheel.data, count: 2)),
        .allocatePoints(.init(opId: "a4", points: [TestWheel.bruger: 60, TestWheel.data: 40])),
        .submitIdea(.init(opId: "a5", text: "Makkerpar til det nye omsorgssystem", competence: TestWheel.bruger)),
        .submitIdea(.init(opId: "a6", text: "Mere kage")),
        .backIdea(.init(opId: "a9", idea: "ipPN3nbnZKY", backed: true)),
        .backIdea(.init(opId: "a10", idea: "ipPN3nbnZKY", backed: false)),
        .rename(.init(opId: "a7", name: "Mette H.")),
        .rename(.init(opId: "a8", name: nil)),
        .setGroup(.init(opId: "a8g", group: "sosu-assistent")),
        .setGroup(.init(opId: "a8h", group: nil)),
        .openRound(.init(opId: "f1", round: .importance)),
        .closeRound(.init(opId: "f2", round: .level)),
        .revealRound(.init(opId: "f3", round: .dots)),
        .resetRound(.init(opId: "f4", round: .ideas)),
        .moderateIdea(.init(opId: "f5", idea: "ipPN3nbnZKY", approve: true)),
        .mergeIdea(.init(opId: "f15", idea: "i9VkzhU7beg", into: "ipPN3nbnZKY")),
        .focus(.init(opId: "f6", focus: BoardFocus(screen: .intro, dimension: "anvendelse", competence: TestWheel.bruger))),
        .focus(.init(opId: "f7", focus: .lobby)),
        .focus(.init(opId: "f16", focus: BoardFocus(screen: .results, view: .wheel, blank: true, overlays: ["roleProfile", "group:sosu-assistent"]))),
        .startTimer(.init(opId: "f17", round: .importance, seconds: 120)),
        .extendTimer(.init(opId: "f18", seconds: 30)),
        .cancelTimer(.init(opId: "f19")),
        .addProxy(.init(opId: "f8", name: "Kirsten (telefon)")),
        .proxyVote(.init(opId: "f9", participant: "x6969LBEwaK", vote: .rate(round: .level, competence: TestWheel.data, value: 3))),
        .proxyVote(.init(opId: "f10", participant: "x6969LBEwaK", vote: .setDots(competence: TestWheel.data, count: 1))),
        .proxyVote(.init(opId: "f11", participant: "x6969LBEwaK", vote: .allocatePoints([TestWheel.bruger: 100]))),
        .proxyVote(.init(opId: "f12", participant: "x6969LBEwaK", vote: .submitIdea(text: "Fast IT-café", competence: nil))),
        .saveAction(.init(opId: "f13", action: ActionItem(
            id: "a-1", competence: TestWheel.bruger, what: "Superbrugernetværk", owner: "Lise", due: "2027-03-01",
            status: .doing, inspiration: "insp-1"))),
        .removeAction(.init(opId: "f14", action: "a-1")),
    ]

    /// One value of every server message, built from a workshop driven in Swift.
    static var serverSamples: [ServerMessage] {
        let harness = TestHarness.midWorkshop()
        let info = harness.workshop.info
        var participantState = Visibility.view(of: harness.workshop, for: .participant)
        participantState.answers = harness.workshop.answers(of: "p1")
        return [
            .welcome(.init(
                seq: 0, role: .participant, workshop: WorkshopSummary(info),
                you: You(participant: "p1", token: "hT3kq9ZpWm7xV2cR8nLd4sYb", name: "Mette"), state: participantState)),
            .welcome(.init(
                seq: 12, role: .board, workshop: WorkshopSummary(info), you: nil,
                state: Visibility.view(of: harness.workshop, for: .board))),
            .welcome(.init(
                seq: 12, role: .facilitator, workshop: WorkshopSummary(info), you: nil,
                state: Visibility.view(of: harness.workshop, for: .facilitator))),
            .update(.init(seq: 13, state: Visibility.view(of: harness.workshop, for: .board, sections: [.counts, .results]))),
            .update(.init(seq: 3, state: Visibility.view(of: harness.workshop, for: .participant, sections: [.rounds, .results, .ideas]))),
            .update(.init(seq: 14, state: Visibility.view(of: harness.workshop, for: .facilitator, sections: [.focus]))),
            .ack(.init(opId: "a1")),
            .ack(.init(opId: "a5", idea: "ipPN3nbnZKY")),
            .ack(.init(opId: "f8", participant: "x6969LBEwaK")),
            .error(.init(opId: "a2", code: "round_closed", message: "The level round is not open.")),
            .error(.init(opId: nil, code: "rate_limited", message: "Too many messages; slow down and retry.")),
            .pong,
        ]
    }
}

/// The repository root, found from this file's path (Tests/WheelProtocolTests/Support.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
