import Foundation
import WheelCore

/// The vote path without Codable: a `rate` message and its ack are most of the traffic, and
/// `JSONDecoder`/`JSONEncoder` cost more than the rest of their handling. Only the plain shape
/// is read here (ASCII strings without escapes, an integer within `ClientInteger.range`);
/// anything else returns nil and takes `WireCoding`, so errors and every other message are
/// exactly as there. `VoteWireDifferentialTests` and the fuzz target `fuzz-vote-differential`
/// check that the two never disagree.
public enum VoteWire {
    /// A `rate` message whose object has exactly the keys `type` ("rate"), `opId`, `round`,
    /// `competence` (strings without escapes) and `value` (an integer), in any order, with
    /// JSON whitespace anywhere; for these the result equals `WireCoding.decodeClient`'s.
    public static func rate(_ text: String) -> ClientMessage? {
        text.utf8.withContiguousStorageIfAvailable { rate(in: $0) } ?? nil
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    /// The same over raw bytes (the fuzz targets feed it bytes that need not be UTF-8).
    public static func rate(in bytes: UnsafeBufferPointer<UInt8>) -> ClientMessage? {
        var i = 0
        func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }
        /// A string without escapes or control characters; its contents' range.
        func string() -> Range<Int>? {
            guard i < bytes.count, bytes[i] == quote else { return nil }
            let start = i + 1
            i = start
            while i < bytes.count {
                let byte = bytes[i]
                if byte == quote {
                    i += 1
                    return start..<(i - 1)
                }
                // ASCII only: anything else (and any escape) is left to the full decoder.
                guard byte >= 0x20, byte < 0x80, byte != backslash else { return nil }
                i += 1
            }
            return nil
        }
        /// An integer as JSON writes it: -?(0|[1-9][0-9]*), at most 18 digits.
        func integer() -> Int? {
            let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            let start = i
            var value = 0
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                guard i - start < 18 else { return nil }  // longer numbers: WireCoding decides
                value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            let digits = i - start
            guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
            let result = negative ? -value : value
            return ClientInteger.range.contains(result) ? result : nil
        }
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
            range.count == literal.utf8CodeUnitCount
                && memcmp(bytes.baseAddress! + range.lowerBound, literal.utf8Start, range.count) == 0
        }

        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var isRate = false
        var opId: Range<Int>?, round: Range<Int>?, competence: Range<Int>?, value: Int?
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            if equals(key, "type") {
                guard !isRate, let type = string(), equals(type, "rate") else { return nil }
                isRate = true
            } else if equals(key, "opId") {
                guard opId == nil, let range = string() else { return nil }
                opId = range
            } else if equals(key, "round") {
                guard round == nil, let range = string() else { return nil }
                round = range
            } else if equals(key, "competence") {
                guard competence == nil, let range = string() else { return nil }
                competence = range
            } else if equals(key, "value") {
                guard value == nil, let number = integer() else { return nil }
                value = number
            } else {
                return nil
            }
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "}") {
                i += 1
                break
            } else {
                return nil
            }
        }
        skipSpace()
        guard i == bytes.count, isRate, let opId, let round, let competence, let value,
            let kind = RoundKind(rawValue: text(round))
        else { return nil }
        return .rate(.init(opId: text(opId), round: kind, competence: text(competence), value: value))
    }

    /// `{"ok":true,"opId":"…","type":"ack"}`, byte for byte what `WireCoding.encode` writes,
    /// for an ack that carries only its opId (printable ASCII without `"` or `\\`); nil for
    /// any other ack.
    public static func ack(_ ack: ServerMessage.Ack) -> String? {
        guard ack.ok, ack.participant == nil, ack.idea == nil else { return nil }
        guard ack.opId.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != quote && $0 != backslash }) else { return nil }
        return #"{"ok":true,"opId":""# + ack.opId + #"","type":"ack"}"#
    }
}
