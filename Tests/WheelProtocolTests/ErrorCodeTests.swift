import Foundation
import Testing
import WheelCore

@testable import WheelProtocol

/// `ErrorCode` is the one list of codes: the core's and the decoder's errors map into it, and
/// docs/protocol.md documents every one (the socket table: ProtocolDocTests).
@Suite struct ErrorCodeTests {
    @Test func everyWorkshopErrorIsAnErrorCode() {
        for error in ErrorCatalogue.workshopErrors {
            #expect(ErrorCode(rawValue: error.code) != nil, "WorkshopError code '\(error.code)' is not an ErrorCode")
            #expect(error.errorCode.rawValue == error.code)
            #expect(error.errorCode.isSentOnSockets)
        }
    }

    @Test func everyProtocolErrorIsAnErrorCode() {
        for error in ErrorCatalogue.protocolErrors {
            #expect(error.errorCode.rawValue == error.code)
            #expect(error.errorCode.isSentOnSockets)
        }
    }

    @Test func codesAreUniqueSnakeCase() {
        let raw = ErrorCode.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        for code in raw { #expect(code.allSatisfy { $0.isLowercase || $0 == "_" }, "\(code)") }
    }

    /// The HTTP-only codes are named in docs/protocol.md's "HTTP API" section.
    @Test func httpCodesAreDocumented() throws {
        let text = try #require(ProtocolDoc.text)
        let start = try #require(text.range(of: "## HTTP API"))
        let rest = text[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        for code in ErrorCode.allCases where !code.isSentOnSockets {
            #expect(section.contains("`\(code.rawValue)`"), "docs/protocol.md, HTTP API: no `\(code.rawValue)`")
        }
    }
}
