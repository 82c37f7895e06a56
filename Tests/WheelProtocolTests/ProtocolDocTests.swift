import Foundation
import Testing
import WheelCore
import WheelProtocol

/// docs/protocol.md is tested: every example must be a message the code reads, exactly as
/// the code writes it, and every message type and error code must be documented.
@Suite("docs/protocol.md")
struct ProtocolDocTests {
    @Test func documentIsReadableAndWellFormed() {
        #expect(ProtocolDoc.text != nil, "cannot read \(ProtocolDoc.url.path)")
        #expect(ProtocolDoc.parsed.problems == [])
        #expect(!ProtocolDoc.examples(.client).isEmpty)
        #expect(!ProtocolDoc.examples(.server).isEmpty)
    }

    // MARK: Client examples

    @Test(arguments: ProtocolDoc.examples(.client))
    func clientExampleDecodes(_ example: DocExample) throws {
        let message: ClientMessage
        do {
            message = try WireCoding.decodeClient(Array(example.json.utf8))
        } catch {
            Issue.record("\(example.testDescription) does not decode: \(error.code): \(error.message)")
            return
        }
        #expect(message.type == example.name)
        #expect(Catalogue.clientType(message) == example.name)

        // Exact: the server's own encoding has the same fields and values (no unknown,
        // misspelt or ignored fields in the docs).
        let encoded = WireCoding.encode(message)
        let difference = try JSONValue(encoded).difference(from: JSONValue(example.json))
        #expect(difference == nil, "\(example.testDescription): the server would not write it so")
        // And it reads back to the same message.
        #expect(try WireCoding.decodeClient(encoded) == message)
    }

    @Test func everyClientTypeHasAnExample() {
        let documented = Set(ProtocolDoc.examples(.client).map(\.name))
        for type in Catalogue.clientTypes {
            #expect(documented.contains(type), "no <!-- client: \(type) --> example in docs/protocol.md")
        }
        for name in documented.subtracting(Catalogue.clientTypes) {
            Issue.record("docs/protocol.md has a client example '\(name)' that is not a client message type")
        }
    }

    @Test func everyProxyVoteTypeHasAnExample() throws {
        var documented: Set<String> = []
        for example in ProtocolDoc.examples(.client) where example.name == "proxyVote" {
            if case .proxyVote(let vote) = try WireCoding.decodeClient(Array(example.json.utf8)) {
                documented.insert(Catalogue.voteType(vote.vote))
            }
        }
        #expect(documented == Set(Catalogue.voteTypes))
    }

    // MARK: Server examples

    @Test(arguments: ProtocolDoc.examples(.server))
    func serverExampleDecodes(_ example: DocExample) throws {
        let message = try WireCoding.decodeServer(Data(example.json.utf8))
        #expect(message.type == example.name)
        #expect(Catalogue.serverType(message) == example.name)

        let encoded = WireCoding.encode(message)
        let difference = try JSONValue(encoded).difference(from: JSONValue(example.json))
        #expect(difference == nil, "\(example.testDescription): the server would not write it so")
        #expect(try WireCoding.decodeServer(encoded) == message)
    }

    @Test func everyServerTypeHasAnExample() {
        let documented = Set(ProtocolDoc.examples(.server).map(\.name))
        for type in Catalogue.serverTypes {
            #expect(documented.contains(type), "no <!-- server: \(type) --> example in docs/protocol.md")
        }
        for name in documented.subtracting(Catalogue.serverTypes) {
            Issue.record("docs/protocol.md has a server example '\(name)' that is not a server message type")
        }
    }

    /// Each role's welcome is shown, and shows exactly the sections that role gets.
    @Test func welcomeExamplesShowWhatEachRoleSees() throws {
        var seen: Set<Role> = []
        for example in ProtocolDoc.examples(.server) where example.name == "welcome" {
            guard case .welcome(let welcome) = try WireCoding.decodeServer(Data(example.json.utf8))
            else { continue }
            seen.insert(welcome.role)
            let state = try #require(JSONValue(example.json)["state"]?.keys)
            switch welcome.role {
            case .participant:
                #expect(welcome.you != nil, "\(example.testDescription): a participant's welcome has `you`")
                #expect(state.isDisjoint(with: ["people", "answered", "progress", "participants"]), "\(example.testDescription)")
                #expect(state.contains("answers"), "\(example.testDescription)")
            case .board, .facilitator:
                #expect(welcome.you == nil, "\(example.testDescription)")
                #expect(!state.contains("answers"), "\(example.testDescription)")
                #expect(state.isSuperset(of: ["people", "answered", "progress", "participants", "results", "ideas"]))
            }
        }
        #expect(seen == [.participant, .board, .facilitator])
    }

    /// The HTTP examples are not messages, but they must at least be JSON.
    @Test(arguments: ProtocolDoc.examples(.http))
    func httpExampleIsJSON(_ example: DocExample) {
        #expect(throws: Never.self) { try JSONValue(example.json) }
    }

    // MARK: Error codes

    /// The codes in the first column of the table under "## Error codes".
    private func errorTableCodes() throws -> [String] {
        let text = try #require(ProtocolDoc.text)
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "## Error codes"), "docs/protocol.md has no '## Error codes' section")
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix("## ") }
        return section.compactMap { line -> String? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("|"), let first = cells.first, first.count > 2, first.hasPrefix("`"), first.hasSuffix("`")
            else { return nil }
            return String(first.dropFirst().dropLast())
        }
    }

    /// The codes a socket can carry: `ErrorCode`'s, which the server sends (it writes no code
    /// as a string), and which every `ProtocolError` and `WorkshopError` maps to (ErrorCodeTests).
    private func knownErrorCodes() throws -> Set<String> {
        Set(ErrorCode.allCases.filter(\.isSentOnSockets).map(\.rawValue))
    }

    /// Every error code the code can send over a socket has a row in the error table.
    @Test func everyErrorCodeIsInTheTable() throws {
        #expect(ErrorCatalogue.workshopErrors.allSatisfy(ErrorCatalogue.covers))
        let rows = Set(try errorTableCodes())
        for code in try knownErrorCodes().sorted() where !rows.contains(code) {
            Issue.record("error code '\(code)' has no row (| `\(code)` | ...) in the error table of docs/protocol.md")
        }
    }

    /// And the table lists no code the server cannot send, each once.
    @Test func errorTableHasNoStaleRows() throws {
        let rows = try errorTableCodes()
        let known = try knownErrorCodes()
        for code in rows where !known.contains(code) {
            Issue.record("the error table of docs/protocol.md lists '\(code)', which no code sends")
        }
        #expect(rows.count == Set(rows).count, "a code appears twice in the error table")
    }
}

enum ErrorCatalogue {
    static let protocolErrors: [ProtocolError] = [
        .malformedJSON, .unknownType("x"), .invalidMessage("x"), .tooLarge(limit: 16384), .binaryFrame,
        .invalidValue(field: "value"),
    ]

    /// Every `WorkshopError`. A new case breaks the switch in `covers`: add it here too.
    static let workshopErrors: [WorkshopError] = [
        .roundNotOpen(.level), .wrongRound(expected: "rating", got: .dots), .unknownCompetence("x"),
        .invalidValue("x"), .dotsExhausted(limit: 5), .dotsPerCompetence(limit: 3), .pointsSum(got: 90),
        .textTooLong(field: "name", limit: 40), .emptyText(field: "idea"), .tooManyIdeas(limit: 20),
        .unknownIdea("x"), .unknownParticipant("x"), .workshopFull(limit: 2000),
        .invalidTransition(round: .level, from: .idle, action: "close"), .notFacilitator, .operationReused("x"),
        .backingLimit(limit: 3), .ownIdea("x"), .unknownGroup("x"), .noTimer,
    ]

    static func covers(_ error: WorkshopError) -> Bool {
        switch error {
        case .roundNotOpen, .wrongRound, .unknownCompetence, .invalidValue, .dotsExhausted, .dotsPerCompetence,
            .pointsSum, .textTooLong, .emptyText, .tooManyIdeas, .unknownIdea, .unknownParticipant, .workshopFull,
            .invalidTransition, .notFacilitator, .operationReused, .backingLimit, .ownIdea, .unknownGroup, .noTimer:
            true
        }
    }
}
