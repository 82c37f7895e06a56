import Foundation
import Testing
import WheelChecks
import WheelCore

@testable import WheelProtocol

/// The hand-written vote path against the general coders, on generated and mutated inputs
/// (the committed half of the fuzz target `fuzz-vote-differential`): whenever the fast reader
/// reads a message, `WireCoding` reads the same one from the same bytes; every plain vote is
/// read by the fast path; and the fast ack is byte for byte `WireCoding`'s.
@Suite("VoteWire against WireCoding")
struct VoteWireDifferentialTests {
    private static let spaces = ["", " ", "\n", "\t", "  "]
    private static let values = ["0", "1", "3", "5", "-1", "6", "1000000", "-1000000", "1000001", "007", "3.0", "1e2", "-0"]
    private static let strings = ["v1", "brugerkompetencer", "a-b_c", "", "x y", "Ærø", "with\\\"quote", "é"]

    /// A rate message in the plain shape: the keys in any order, any JSON whitespace.
    private func plainVote(_ random: inout SeededChoices) -> String {
        let ws = { (r: inout SeededChoices) in Self.spaces.randomElement(using: &r)! }
        var fields = [
            #""type""# + ws(&random) + ":" + ws(&random) + #""rate""#,
            #""opId""# + ":" + ws(&random) + "\"op\(random.next() % 1000)\"",
            #""round""# + ":" + ws(&random) + (Bool.random(using: &random) ? #""importance""# : #""level""#),
            #""competence""# + ":" + ws(&random) + "\"c\(random.next() % 50)\"",
            #""value""# + ":" + ws(&random) + String(Int(random.next() % 11) - 5),
        ]
        fields.shuffle(using: &random)
        return "{" + ws(&random) + fields.joined(separator: ws(&random) + "," + ws(&random)) + ws(&random) + "}"
    }

    /// A vote that may stray from the plain shape: odd values and strings, extra or missing keys.
    private func strayVote(_ random: inout SeededChoices) -> String {
        var fields: [String: String] = [
            "type": #""rate""#, "opId": "\"\(Self.strings.randomElement(using: &random)!)\"",
            "round": ["\"importance\"", "\"level\"", "\"dots\"", "\"Importance\"", "1"].randomElement(using: &random)!,
            "competence": "\"\(Self.strings.randomElement(using: &random)!)\"",
            "value": Self.values.randomElement(using: &random)!,
        ]
        switch random.next() % 5 {
        case 0: fields.removeValue(forKey: fields.keys.randomElement(using: &random)!)
        case 1: fields["extra"] = "true"
        case 2: fields["type"] = #""setDots""#
        default: break
        }
        let body = fields.shuffled(using: &random).map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        return "{" + body + "}"
    }

    /// Flips, drops, duplicates or inserts a few bytes.
    private func mutate(_ text: String, _ random: inout SeededChoices) -> [UInt8] {
        var bytes = Array(text.utf8)
        let alphabet = Array(#"{}[]":,\ 0123456789-.eEtrufalsn"#.utf8) + [0x00, 0xC3, 0xFF]
        for _ in 0..<(1 + Int(random.next() % 3)) where !bytes.isEmpty {
            let at = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 4 {
            case 0: bytes[at] = alphabet.randomElement(using: &random)!
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(bytes[at], at: at)
            default: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
            }
        }
        return bytes
    }

    /// When the fast path reads `bytes`, the decoder reads the same message.
    private func agree(_ bytes: [UInt8], _ seed: UInt64) {
        guard let fast = bytes.withUnsafeBufferPointer({ VoteWire.rate(in: $0) }) else { return }
        let general = try? WireCoding.decodeClient(bytes)
        #expect(general == fast, "seed \(seed): \(String(decoding: bytes, as: UTF8.self))")
    }

    @Test("Every plain vote takes the fast path and reads as the decoder reads it", arguments: 0..<20)
    func plainVotesAgree(seed: UInt64) throws {
        var random = SeededChoices(seed: seed)
        for _ in 0..<200 {
            let text = plainVote(&random)
            let fast = try #require(VoteWire.rate(text), "seed \(seed): the fast path declined \(text)")
            #expect(try WireCoding.decodeClient(text.utf8) == fast, "seed \(seed): \(text)")
        }
    }

    @Test("Stray and mutated votes: the fast path reads nothing the decoder reads differently", arguments: 0..<20)
    func mutatedVotesNeverDisagree(seed: UInt64) {
        var random = SeededChoices(seed: seed)
        for _ in 0..<300 {
            let text = Bool.random(using: &random) ? plainVote(&random) : strayVote(&random)
            agree(Array(text.utf8), seed)
            agree(mutate(text, &random), seed)
        }
    }

    @Test("The fast ack is byte for byte the encoder's, and declines what it cannot write")
    func ackMatchesTheEncoder() {
        for opId in ["v1", "op-123_x", " ~", String(repeating: "a", count: 64)] {
            let ack = ServerMessage.Ack(opId: opId)
            #expect(VoteWire.ack(ack).map { Data($0.utf8) } == WireCoding.encode(.ack(ack)), "\(opId)")
        }
        for opId in ["with\"quote", "back\\slash", "tab\t", "é", "/slash"] where VoteWire.ack(.init(opId: opId)) != nil {
            #expect(VoteWire.ack(.init(opId: opId)).map { Data($0.utf8) } == WireCoding.encode(.ack(.init(opId: opId))), "\(opId)")
        }
        #expect(VoteWire.ack(.init(opId: "v1", participant: "p1")) == nil)
        #expect(VoteWire.ack(.init(opId: "v1", idea: "i1")) == nil)
    }
}
