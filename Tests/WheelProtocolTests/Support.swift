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
        "rate", "setDots", "allocatePoints", "submitIdea", "rename",
        "openRound", "closeRound", "revealRound", "resetRound",
        "moderateIdea", "focus", "addProxy", "proxyVote",
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
        case .rename: "rename"
        case .openRound: "openRound"
        case .closeRound: "closeRound"
        case .revealRound: "revealRound"
        case .resetRound: "resetRound"
        case .moderateIdea: "moderateIdea"
        case .focus: "focus"
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
        .rename(.init(opId: "a7", name: "Mette H.")),
        .rename(.init(opId: "a8", name: nil)),
        .openRound(.init(opId: "f1", round: .importance)),
        .closeRound(.init(opId: "f2", round: .level)),
        .revealRound(.init(opId: "f3", round: .dots)),
        .resetRound(.init(opId: "f4", round: .ideas)),
        .moderateIdea(.init(opId: "f5", idea: "ipPN3nbnZKY", approve: true)),
        .focus(.init(opId: "f6", focus: BoardFocus(screen: .intro, dimension: "anvendelse", competence: TestWheel.bruger))),
        .focus(.init(opId: "f7", focus: .lobby)),
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
            settings: WorkshopSettings(blindVoting: blindVoting, roleProfile: "medarbejder-borgernaer"),
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

// MARK: - The documentation

/// The repository root, found from this file's path (Tests/WheelProtocolTests/Support.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// One example in docs/protocol.md: a ```json block directly below `<!-- kind: name -->`.
struct DocExample: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable { case client, server, http }

    var kind: Kind
    var name: String
    /// 1-based line of the marker in docs/protocol.md.
    var line: Int
    var json: String

    var testDescription: String { "\(kind.rawValue): \(name) (docs/protocol.md:\(line))" }
}

enum ProtocolDoc {
    static let path = "docs/protocol.md"
    static let url = repositoryRoot.appendingPathComponent(path)

    /// The document's text, or nil when it cannot be read (a test reports that).
    static let text: String? = try? String(contentsOf: url, encoding: .utf8)

    /// Every marked example, and every marker that is not directly followed by a json block.
    static let parsed: (examples: [DocExample], problems: [String]) = parse(text ?? "")

    static func examples(_ kind: DocExample.Kind) -> [DocExample] {
        parsed.examples.filter { $0.kind == kind }
    }

    static func parse(_ text: String) -> (examples: [DocExample], problems: [String]) {
        let lines = text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        var examples: [DocExample] = []
        var problems: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("<!--"), line.hasSuffix("-->") else {
                index += 1
                continue
            }
            let inner = line.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
            let parts = inner.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let kind = DocExample.Kind(rawValue: parts[0]) else {
                index += 1
                continue
            }
            let markerLine = index + 1
            guard !parts[1].isEmpty, !parts[1].contains(" ") else {
                problems.append("line \(markerLine): marker '\(line)' needs one name")
                index += 1
                continue
            }
            guard index + 1 < lines.count, lines[index + 1].trimmingCharacters(in: .whitespaces) == "```json" else {
                problems.append("line \(markerLine): '\(line)' is not directly followed by a ```json line")
                index += 1
                continue
            }
            var body: [String] = []
            var end = index + 2
            while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces) != "```" {
                body.append(lines[end])
                end += 1
            }
            if end == lines.count { problems.append("line \(markerLine): the json block is never closed") }
            examples.append(DocExample(kind: kind, name: parts[1], line: markerLine, json: body.joined(separator: "\n")))
            index = end + 1
        }
        return (examples, problems)
    }
}

// MARK: - Comparing JSON by meaning

/// A JSON value, to compare two texts by meaning (key order and number spelling aside).
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    init(_ data: Data) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    init(_ text: String) throws {
        try self.init(Data(text.utf8))
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }

    /// The keys of an object, or nil for anything else.
    var keys: Set<String>? {
        if case .object(let members) = self { Set(members.keys) } else { nil }
    }

    /// Where `other` differs from this value, as a path like `state.results.competences[0].spread`;
    /// nil when they are equal.
    func difference(from other: JSONValue, at path: String = "") -> String? {
        switch (self, other) {
        case (.object(let mine), .object(let theirs)):
            for key in Set(mine.keys).union(theirs.keys).sorted() {
                let here = path.isEmpty ? key : "\(path).\(key)"
                switch (mine[key], theirs[key]) {
                case (nil, _?): return "\(here) is only in the documentation"
                case (_?, nil): return "\(here) is missing from the documentation"
                case (let a?, let b?): if let found = a.difference(from: b, at: here) { return found }
                case (nil, nil): break
                }
            }
            return nil
        case (.array(let mine), .array(let theirs)):
            guard mine.count == theirs.count else { return "\(path) has \(theirs.count) elements, expected \(mine.count)" }
            for (index, (a, b)) in zip(mine, theirs).enumerated() {
                if let found = a.difference(from: b, at: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return self == other ? nil : "\(path.isEmpty ? "the value" : path) is \(other), expected \(self)"
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }
}
