import WheelCore
import WheelProtocol

/// A reply to one submitted change.
enum Reply: Sendable {
    /// Stored now (`fresh`), or stored before: a retry of the same operation.
    case ok(ServerMessage.Ack, fresh: Bool)
    case refused(WorkshopError)
    /// Not stored: the workshop was deleted meanwhile (`store_failed`).
    case failed(String)
    /// Not stored: the store refused the write (disk full, I/O error); nothing changed, and
    /// a retry succeeds once the store works again (`store_unavailable`).
    case unavailable
    /// Not taken: the room was released from memory meanwhile; look it up again and resend.
    case released
}

extension WorkshopRoom {
    struct Submission: Sendable {
        enum Change: Sendable {
            case command(Command)
            case join(participant: String, token: String, name: String?, proxy: Bool, group: String? = nil)

            var fingerprint: String {
                switch self {
                case .command(let command): command.fingerprint
                case .join(_, _, let name, let proxy, let group): "join|\(name ?? "")|\(proxy)|\(group ?? "")"
                }
            }
        }

        var actor: Actor
        /// The client's opId scoped to its sender, or nil for changes without one (joins).
        var operationKey: OperationKey?
        var change: Change
    }
}
