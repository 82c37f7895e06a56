import Foundation
import WheelCore
import WheelProtocol

/// An operation's identity: the client's opId, scoped to who sent it, so two phones may use
/// the same opId.
struct OperationKey: Hashable, Sendable {
    let sender: String
    let opId: String

    init(sender actor: Actor, opId: String) {
        self.sender = if case .participant(let id) = actor { id } else { "facilitator" }
        self.opId = opId
    }

    /// As the store keeps it: "<sender>/<opId>".
    var stored: String { "\(sender)/\(opId)" }
}

/// What is remembered of an operation, so a retry gets the same answer: its ack's payload and
/// the change's fingerprint (a different change under the same opId is `op_reused`).
struct OperationResult: Codable {
    var participant: String?
    var idea: String?
    var fingerprint: String?

    init(_ ack: ServerMessage.Ack, fingerprint: String) {
        participant = ack.participant
        idea = ack.idea
        self.fingerprint = fingerprint
    }

    /// The stored form; a missing or unreadable one is an ack without payload.
    init(decoding text: String?) {
        self = text.flatMap { try? JSONDecoder().decode(Self.self, from: Data($0.utf8)) }
            ?? Self(participant: nil, idea: nil, fingerprint: nil)
    }

    private init(participant: String?, idea: String?, fingerprint: String?) {
        self.participant = participant
        self.idea = idea
        self.fingerprint = fingerprint
    }

    var encoded: String { String(decoding: try! JSONEncoder().encode(self), as: UTF8.self) }

    func ack(opId: String) -> ServerMessage.Ack { ServerMessage.Ack(opId: opId, participant: participant, idea: idea) }
}
