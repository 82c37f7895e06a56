import Foundation
import Testing
import WheelCore

@testable import WheelProtocol

/// `web/js/contract.js` is the pages' copy of the server's contract: error codes, board views,
/// round actions and text limits. These tests fail when the copy and the server differ, and
/// when a code the pages may show has no text in a language's string table.
@Suite("web/js/contract.js")
struct ContractTests {
    static let contract = try? String(
        contentsOf: repositoryRoot.appendingPathComponent("web/js/contract.js"), encoding: .utf8)

    /// The quoted strings of `export const NAME = [ ... ];`.
    private func list(_ name: String) throws -> [String] {
        let text = try #require(Self.contract, "web/js/contract.js is missing")
        let start = try #require(text.range(of: "export const \(name) = ["), "no \(name) in contract.js")
        let body = text[start.upperBound...].prefix { $0 != "]" }
        return quoted(in: String(body))
    }

    /// The `key: value` pairs of `export const NAME = { ... };`, as text.
    private func object(_ name: String) throws -> [String: String] {
        let text = try #require(Self.contract, "web/js/contract.js is missing")
        let start = try #require(text.range(of: "export const \(name) = {"), "no \(name) in contract.js")
        let body = text[start.upperBound...].prefix { $0 != "}" }
        var pairs: [String: String] = [:]
        for line in body.split(whereSeparator: { $0 == "\n" || $0 == "," }) {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].hasPrefix("//") else { continue }
            pairs[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
        return pairs
    }

    private func quoted(in text: String) -> [String] {
        text.split(separator: "'", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    @Test func errorCodesAreTheServersCodes() throws {
        let pages = try list("ERROR_CODES")
        let server = ErrorCode.allCases.map(\.rawValue)
        #expect(Set(pages).count == pages.count, "a code appears twice")
        for code in server where !pages.contains(code) { Issue.record("contract.js lacks error code '\(code)'") }
        for code in pages where !server.contains(code) { Issue.record("contract.js lists '\(code)', which is no ErrorCode") }
    }

    @Test func fatalAndTransientCodesAreKnownCodes() throws {
        let codes = Set(ErrorCode.allCases.map(\.rawValue))
        let fatal = try list("FATAL_ERRORS"), transient = try list("TRANSIENT_ERRORS")
        #expect(Set(fatal).isSubset(of: codes), "\(Set(fatal).subtracting(codes))")
        #expect(Set(transient).isSubset(of: codes), "\(Set(transient).subtracting(codes))")
        #expect(Set(fatal).isDisjoint(with: transient))
    }

    /// The phone can be refused with any code, and its page loads only its part of the table
    /// (`da-phone.js`, which `da.js` takes in): every code's text is there.
    @Test func everyCodeHasTextInBothLanguages() throws {
        for language in ["da", "en"] {
            let file = "web/js/strings/\(language)-phone.js"
            let table = try String(contentsOf: repositoryRoot.appendingPathComponent(file), encoding: .utf8)
            for code in ErrorCode.allCases where !table.contains("'error.\(code.rawValue)'") {
                Issue.record("\(file) has no 'error.\(code.rawValue)'")
            }
        }
    }

    @Test func boardViewsAreTheServersViews() throws {
        #expect(try list("BOARD_VIEWS") == BoardView.allCases.map(\.rawValue))
    }

    @Test func roundActionsAreClientMessageTypes() throws {
        let actions = try object("ROUND_ACTIONS")
        #expect(Set(actions.keys) == ["open", "close", "reveal", "reset"])
        for (_, type) in actions {
            let message = try WireCoding.decodeClient(#"{"type":"\#(type)","opId":"o1","round":"importance"}"#.utf8)
            #expect(message.type == type)
        }
    }

    @Test func limitsAreTheServersLimits() throws {
        let limits = try object("LIMITS").mapValues { Int($0) }
        let server: [String: Int] = [
            "ideaLength": Limits.ideaLength, "nameLength": Limits.nameLength, "titleLength": Limits.titleLength,
            "actionWhatLength": ActionItem.whatLength, "actionOwnerLength": ActionItem.ownerLength,
            "ideasPerParticipant": Limits.ideasPerParticipant, "pointsTotal": Limits.pointsTotal,
        ]
        #expect(limits == server)
    }
}
