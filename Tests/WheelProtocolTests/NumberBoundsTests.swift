import Foundation
import Testing
import WheelCore
import WheelProtocol

/// Finding 4: well-formed JSON with a number that is not a whole number in range is
/// `invalid_value` naming the field (not `malformed_json`, which is for text that is not
/// JSON), and no such number reaches the core (finding 1 came in this way).
@Suite("Number bounds")
struct NumberBoundsTests {
    @Test(arguments: [
        (#"{"type":"rate","opId":"a","round":"importance","competence":"data","value":3.5}"#, "value"),
        (#"{"type":"rate","opId":"a","round":"importance","competence":"data","value":1e308}"#, "value"),
        (#"{"type":"rate","opId":"a","round":"importance","competence":"data","value":12345678901234567890}"#, "value"),
        (#"{"type":"rate","opId":"a","round":"importance","competence":"data","value":9223372036854775807}"#, "value"),
        (#"{"type":"setDots","opId":"a","competence":"data","count":-1e9}"#, "count"),
        (#"{"type":"allocatePoints","opId":"a","points":{"data":9223372036854775807,"ai":1}}"#, "points.data"),
        (#"{"type":"allocatePoints","opId":"a","points":{"ai":2.5}}"#, "points.ai"),
        (#"{"type":"proxyVote","opId":"a","participant":"x1","vote":{"type":"rate","round":"level","competence":"ai","value":1.5}}"#, "vote.value"),
        (#"{"type":"hello","protocol":1.5}"#, "protocol"),
        (#"{"type":"rate","opId":"a","round":"importance","competence":"data","value":1e400}"#, "value"),
        (#"{"type":"rate","opId":"a","round":"importance","competence":"data","value":-1e400}"#, "value"),
        (#"{"type":"allocatePoints","opId":"a","points":{"data":5,"ai":2E+999}}"#, "points.ai"),
        ("{\"type\":\"setDots\",\"opId\":\"a\",\"competence\":\"data\",\"count\":\(String(repeating: "9", count: 400))}", "count"),
    ])
    func numbersOutOfRangeNameTheirField(text: String, field: String) {
        #expect(throws: ProtocolError.invalidValue(field: field)) { try WireCoding.decodeClient(Array(text.utf8)) }
        #expect(ProtocolError.invalidValue(field: field).code == "invalid_value")
        #expect(ProtocolError.invalidValue(field: field).message.contains("'\(field)'"))
        // The fast path leaves these to the decoder.
        #expect(VoteWire.rate(text) == nil)
    }

    @Test func wholeNumbersInRangeDecode() throws {
        let text = #"{"type":"allocatePoints","opId":"a","points":{"data":60,"ai":40}}"#
        #expect(try WireCoding.decodeClient(Array(text.utf8))
            == .allocatePoints(.init(opId: "a", points: ["data": 60, "ai": 40])))
        let edge = #"{"type":"rate","opId":"a","round":"importance","competence":"data","value":1000000}"#
        #expect(try WireCoding.decodeClient(Array(edge.utf8))
            == .rate(.init(opId: "a", round: .importance, competence: "data", value: 1_000_000)))
        #expect(VoteWire.rate(edge) == (try WireCoding.decodeClient(Array(edge.utf8))))
    }

    @Test func aStringWhereANumberBelongsIsStillTheWrongType() {
        let text = #"{"type":"rate","opId":"a","round":"importance","competence":"data","value":"4"}"#
        #expect(throws: ProtocolError.invalidMessage("Field 'value' has the wrong type.")) {
            try WireCoding.decodeClient(Array(text.utf8))
        }
    }

    @Test("The fast path reads only ASCII strings: others go to the decoder, which checks UTF-8")
    func fastPathLeavesNonASCIIToTheDecoder() {
        let bytes: [UInt8] = Array(#"{"type":"rate","opId":""#.utf8) + [0xFF, 0xFE]
            + Array(#"","round":"importance","competence":"data","value":4}"#.utf8)
        #expect(bytes.withUnsafeBufferPointer { VoteWire.rate(in: $0) } == nil)
        #expect(throws: ProtocolError.self) { try WireCoding.decodeClient(bytes) }
    }
}
