import WheelCore
import WheelProtocol
import WheelStore

/// `hello`: which workshop a socket belongs to, and as whom.
///
/// A participant joins by join code (new phone) or resumes by token; a board or facilitator
/// names the workshop id, the facilitator with its token. Unknown join codes cost the client
/// address a try (`JoinCodeGuard`), so codes cannot be guessed from many sockets at once.
extension SocketSession {
    struct Refusal: Error {
        var code: ErrorCode
        var message: String
    }

    mutating func greet(_ hello: ClientMessage.Hello) async {
        guard room == nil else { return send(error: .invalidMessage, "This socket already said hello.") }
        if let version = hello.protocol, version != ProtocolVersion.current {
            return send(error: .unsupportedProtocol, "This server speaks protocol \(ProtocolVersion.current).")
        }
        do {
            switch role {
            case .participant: try await greetParticipant(hello)
            case .board, .facilitator: try await greetStaff(hello)
            }
        } catch let refusal as Refusal {
            send(error: refusal.code, refusal.message)
        } catch StoreError.unavailable(let why) {
            // The database is away (several instances): typed, so the client retries later.
            logger.warning("hello: store unavailable", metadata: ["error": "\(why)"])
            send(error: .storeUnavailable, StoreHealth.refusal)
        } catch {
            logger.error("hello failed", metadata: ["error": "\(error)"])
            send(error: .serverError, "Could not load the workshop; please retry.")
        }
    }

    private func lockedOut(_ wait: Duration) -> Refusal {
        services.metrics.recordJoinCodeLockout()
        logger.notice("join code refused: address locked out", metadata: ["address": "\(address)"])
        return Refusal(
            code: .rateLimited,
            message: "Too many unknown join codes from your address; try again in \(max(1, wait.components.seconds + 1)) s.")
    }

    private static let unknownCode = Refusal(code: .unknownWorkshop, message: "No workshop has that code.")

    private mutating func greetParticipant(_ hello: ClientMessage.Hello) async throws {
        guard let code = hello.code else { throw Self.unknownCode }
        let token = hello.token ?? Mint.secret()
        // A room released from memory between lookup and join is looked up again, by id:
        // the code and the address's allowance were checked once.
        var released: WorkshopRoom?
        for _ in 0..<3 {
            let room: WorkshopRoom
            if let released {
                guard let again = try await services.registry.room(id: released.id) else { throw Self.unknownCode }
                room = again
            } else {
                room = try await joinCodeRoom(code, resuming: hello.token)
            }
            guard Self.isWellFormed(token: token) else {
                throw Refusal(code: .invalidMessage, message: "A token is 16-64 letters, digits, '-' or '_'.")
            }
            // A new phone joins; a known token resumes. Deciding that inside the room makes a
            // join idempotent, even for two hellos with the same token at once.
            let newID = Mint.participantID()
            let reply = await room.submit(.init(
                actor: .participant(newID), operationKey: nil,
                change: .join(participant: newID, token: token, name: hello.name, proxy: false, group: hello.group)))
            let participant: String
            switch reply {
            case .ok(let ack, _): participant = ack.participant ?? newID
            case .refused(let error): throw Refusal(code: error.errorCode, message: error.message)
            case .failed(let why): throw Refusal(code: .storeFailed, message: why)
            case .unavailable: throw Refusal(code: .storeUnavailable, message: StoreHealth.refusal)
            case .released:
                released = room
                continue
            }
            guard let you = await room.you(participant: participant) else {
                throw Refusal(code: .serverError, message: "Join failed; please retry.")
            }
            if await attach(room, actor: .participant(participant), you: you) { return }
            released = room
        }
        throw Refusal(code: .serverError, message: "Join failed; please retry.")
    }

    /// The room of a join code, with the address's join-code allowance applied.
    private func joinCodeRoom(_ code: String, resuming token: String?) async throws -> WorkshopRoom {
        let found = try await services.registry.room(joinCode: code)
        if let wait = services.joinCodes.lockout(address) {
            // Locked out: only a phone resuming with its own token gets in; a code alone,
            // right or wrong, gets the same refusal.
            guard let found, let token, await found.knows(token: token) else { throw lockedOut(wait) }
        }
        guard let found else {
            // Told "unknown" only while the address has misses left: parallel guesses too.
            if case .lockedOut(let wait) = services.joinCodes.recordMiss(address) { throw lockedOut(wait) }
            throw Self.unknownCode
        }
        return found
    }

    static func isWellFormed(token: String) -> Bool {
        (16...64).contains(token.count)
            && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private mutating func greetStaff(_ hello: ClientMessage.Hello) async throws {
        for _ in 0..<3 {
            guard let id = hello.workshop, let room = try await services.registry.room(id: id) else {
                throw Refusal(code: .unknownWorkshop, message: "No such workshop.")
            }
            if role == .facilitator {
                guard let token = hello.token, constantTimeEquals(token, room.info.facilitatorToken) else {
                    throw Refusal(code: .notFacilitator, message: "The facilitator token is wrong.")
                }
            }
            // Boards are read-only: they get no actor that could change anything.
            if await attach(room, actor: role == .facilitator ? .facilitator : nil, you: nil) { return }
        }
        throw Refusal(code: .serverError, message: "Could not load the workshop; please retry.")
    }

    /// Joins the socket to its room; false when the room was released meanwhile.
    private mutating func attach(_ room: WorkshopRoom, actor: Actor?, you: You?) async -> Bool {
        guard let socket = await room.attach(role: role, outbox: outbox, you: you) else { return false }
        helloDeadline.cancel()
        self.room = room
        self.actor = actor
        self.socket = socket
        return true
    }
}
