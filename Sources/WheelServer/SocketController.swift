import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import Synchronization
import NIOCore
import WheelCore
import WheelProtocol

/// Limits on what one socket may send; exceeding one is a typed error, not a disconnect.
struct SocketLimits: Sendable {
    /// Largest message the protocol accepts (`too_large` above it).
    var maxMessageBytes = 16 * 1024
    /// Largest message the transport reads at all; above it the socket is closed (1009).
    var transportMaxBytes = 1 << 20
    /// Sustained messages per second per socket, and the burst allowed above it.
    var messagesPerSecond = 20.0
    var burst = 40.0
    /// At most one `rate_limited` error per this interval; further limited frames are dropped.
    var rateLimitedErrorInterval: Duration = .seconds(1)
    /// A socket that has not said a successful `hello` by then is closed (1008).
    var helloDeadline: Duration = .seconds(10)
}

/// The three WebSocket endpoints: `/ws/participant`, `/ws/board`, `/ws/facilitator`.
struct SocketController: Sendable {
    let registry: RoomRegistry
    let limits: SocketLimits
    let metrics: ServerMetrics
    /// Join-code attempts per client address (docs/SECURITY.md).
    let joinCodes: JoinCodeGuard
    /// Browsers always send `Origin` with an upgrade, an http(s) origin or `null`: a page
    /// from elsewhere gets no socket. Other clients send none, or their own `ws://` origin
    /// (Hummingbird's client does), and are let in: only browsers carry a visitor's trust.
    let origins: OriginCheck

    func addRoutes(to router: Router<WheelSocketContext>) {
        let origins = origins
        for role in [Role.participant, .board, .facilitator] {
            router.ws("/ws/\(role.rawValue)", shouldUpgrade: { request, _ in
                guard let origin = request.headers[.origin], Self.isBrowserOrigin(origin) else { return .upgrade([:]) }
                return origins.allows(origin: origin, host: request.head.authority) ? .upgrade([:]) : .dontUpgrade
            }) { inbound, outbound, context in
                let channel = context.requestContext.channel
                try await self.serve(
                    role: role, inbound: inbound, outbound: outbound, channel: channel,
                    address: channel.remoteAddress?.ipAddress ?? "unknown", logger: context.logger)
            }
        }
    }

    static func isBrowserOrigin(_ origin: String) -> Bool {
        let lower = origin.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower == "null"
    }

    private func serve(
        role: Role, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel,
        address: String, logger: Logger
    ) async throws {
        // The outbox writes its frames straight to the channel, on its event loop.
        let outbox = Outbox()
        let metrics = metrics
        let ending = ServerClose(channel: channel, outbound: outbound)
        do {
            // The outbox closes the socket when the workshop is deleted (1001), or when the
            // client lets acks and errors pile up without reading them (1008).
            try await outbox.attach(to: channel) { code in
                guard code == .policyViolation else {
                    Task { try? await outbound.close(code, reason: nil) }
                    return
                }
                metrics.recordSocketClosed(reason: "not_reading")
                logger.notice("closing a socket that does not read", metadata: ["address": "\(address)"])
                ending.close(.policyViolation, reason: "not_reading")
            }
        } catch {
            logger.debug("socket closed before it was ready", metadata: ["error": "\(error)"])
            return
        }
        metrics.connectionOpened()
        defer { metrics.connectionClosed() }
        // A socket that never says hello holds a file descriptor and memory for nothing.
        let helloDeadline = Task { [limits] in
            guard (try? await Task.sleep(for: limits.helloDeadline)) != nil else { return }
            metrics.recordSocketClosed(reason: "hello_timeout")
            ending.close(.policyViolation, reason: "hello_timeout")
        }
        defer { helloDeadline.cancel() }
        var session = Session(
            role: role, outbox: outbox, controller: self, address: address, helloDeadline: helloDeadline,
            ending: ending, logger: logger)
        let failure = await session.run(inbound.messages(maxSize: limits.transportMaxBytes))
        // Write what is still queued, then close.
        await outbox.finishAndWait()
        // A transport error (invalid UTF-8, a message too big) goes back to the WebSocket
        // library, which closes with its code (1007, 1009); otherwise we say goodbye.
        if let failure { throw failure }
        try? await outbound.close(.goingAway, reason: nil)
    }
}

/// The server ending a socket on its own (`hello_timeout`, `not_reading`): from then on
/// nothing the client sends is served, a close frame is sent, and the connection is closed
/// after `grace` whether or not the client answers the close (or reads at all).
final class ServerClose: Sendable {
    static let grace: TimeAmount = .seconds(2)

    private let channel: any Channel
    private let outbound: WebSocketOutboundWriter
    private let closing = Mutex(false)

    init(channel: any Channel, outbound: WebSocketOutboundWriter) {
        self.channel = channel
        self.outbound = outbound
    }

    var isClosing: Bool { closing.withLock { $0 } }

    func close(_ code: WebSocketErrorCode, reason: String) {
        let first = closing.withLock { closing in
            defer { closing = true }
            return !closing
        }
        guard first else { return }
        let outbound = outbound, channel = channel
        Task { try? await outbound.close(code, reason: reason) }
        channel.eventLoop.scheduleTask(in: Self.grace) { channel.close(promise: nil) }
    }
}

/// One socket's conversation: `hello`, then messages until the socket closes.
private struct Session {
    let role: Role
    let outbox: Outbox
    let controller: SocketController
    /// The client's IP address, for limits that hold across its sockets.
    let address: String
    let helloDeadline: Task<Void, Never>
    let ending: ServerClose
    let logger: Logger
    private var room: WorkshopRoom?
    private var socket: Int?
    /// Who changes are made by: a participant id, or the facilitator; nil for a board.
    private var actor: Actor?
    private var bucket: TokenBucket
    private var lastRateLimitedError: ContinuousClock.Instant?

    init(
        role: Role, outbox: Outbox, controller: SocketController, address: String, helloDeadline: Task<Void, Never>,
        ending: ServerClose, logger: Logger
    ) {
        self.ending = ending
        self.role = role
        self.outbox = outbox
        self.controller = controller
        self.address = address
        self.helloDeadline = helloDeadline
        self.logger = logger
        self.bucket = TokenBucket(rate: controller.limits.messagesPerSecond, burst: controller.limits.burst)
    }

    /// Serves messages until the socket ends; returns the transport's error, if any.
    mutating func run(_ messages: WebSocketInboundMessageStream) async -> (any Error)? {
        var failure: (any Error)?
        do {
            for try await message in messages {
                // Once the server ends the socket, nothing more is served.
                guard !ending.isClosing else { break }
                await receive(message)
            }
        } catch {
            logger.debug("socket closed", metadata: ["error": "\(error)"])
            failure = error
        }
        if let room, let socket { await room.detach(role: role, socket: socket) }
        return failure
    }

    private mutating func receive(_ message: WebSocketMessage) async {
        guard bucket.take() else {
            // One error a second is enough to say so; a flood must not turn into a flood of errors.
            let now = ContinuousClock.now
            if let last = lastRateLimitedError, now - last < controller.limits.rateLimitedErrorInterval { return }
            lastRateLimitedError = now
            return send(error: .init(opId: nil, code: "rate_limited", message: "Too many messages; slow down and retry."))
        }
        let text: String
        switch message {
        case .text(let message): text = message
        case .binary: return send(protocolError: .binaryFrame)
        }
        guard text.utf8.count <= controller.limits.maxMessageBytes else {
            return send(protocolError: .tooLarge(limit: controller.limits.maxMessageBytes))
        }
        let decoded: ClientMessage
        if let vote = FastVoteReader.rate(text) {
            decoded = vote
        } else {
            do {
                decoded = try WireCoding.decodeClient(text.utf8)
            } catch {
                return send(protocolError: error)
            }
        }
        await handle(decoded)
    }

    private mutating func handle(_ message: ClientMessage) async {
        if case .hello(let hello) = message { return await greet(hello) }
        if case .ping = message { return send(.pong) }
        guard let room else {
            return send(error: .init(opId: message.opId, code: "hello_required", message: "Send hello first."))
        }
        if case .resync = message {
            let you = await currentYou(room)
            return await room.sendWelcome(role: role, you: you, to: outbox)
        }
        guard let opId = message.opId, !opId.isEmpty, opId.count <= 64 else {
            return send(error: .init(opId: nil, code: "invalid_message", message: "A change needs an opId of 1-64 characters."))
        }
        guard let actor else {
            // Boards are read-only.
            return send(error: .init(opId: opId, code: "not_facilitator", message: WorkshopError.notFacilitator.message))
        }
        let change: WorkshopRoom.Submission.Change
        switch Self.command(for: message) {
        case .command(let command): change = .command(command)
        case .addProxy(let name):
            guard case .facilitator = actor else {
                return send(error: .init(opId: opId, code: "not_facilitator", message: WorkshopError.notFacilitator.message))
            }
            change = .join(participant: "x" + Tokens.make(length: 10), token: Tokens.make(length: 32), name: name, proxy: true)
        case nil:
            return send(error: .init(opId: opId, code: "invalid_message", message: "'\(message.type)' cannot be sent here."))
        }
        let sender = if case .participant(let id) = actor { id } else { "facilitator" }
        let reply = await room.submit(.init(
            actor: actor, operationKey: WorkshopRoom.operationKey(sender: sender, opId: opId), change: change))
        switch reply {
        case .ok(let ack, let fresh):
            controller.metrics.recordAck(vote: fresh && Self.isVote(message))
            send(.ack(ack))
        case .refused(let error):
            send(error: .init(opId: opId, code: error.code, message: error.message))
        case .failed(let why):
            send(error: .init(opId: opId, code: "store_failed", message: why))
        case .unavailable:
            send(error: .init(opId: opId, code: "store_unavailable", message: StoreHealth.refusal))
        }
    }

    private enum Translated {
        case command(Command)
        case addProxy(String)
    }

    private static func command(for message: ClientMessage) -> Translated? {
        switch message {
        case .rate(let m): .command(.rate(round: m.round, competence: m.competence, value: m.value))
        case .setDots(let m): .command(.setDots(competence: m.competence, count: m.count))
        case .allocatePoints(let m): .command(.allocatePoints(m.points))
        case .submitIdea(let m): .command(.submitIdea(idea: "i" + Tokens.make(length: 10), text: m.text, competence: m.competence))
        case .rename(let m): .command(.rename(m.name))
        case .openRound(let m): .command(.openRound(m.round))
        case .closeRound(let m): .command(.closeRound(m.round))
        case .revealRound(let m): .command(.revealRound(m.round))
        case .resetRound(let m): .command(.resetRound(m.round))
        case .moderateIdea(let m): .command(.moderateIdea(idea: m.idea, approve: m.approve))
        case .focus(let m): .command(.focus(m.focus))
        case .addProxy(let m): .addProxy(m.name)
        case .saveAction(let m): .command(.saveAction(m.action))
        case .removeAction(let m): .command(.removeAction(m.action))
        case .proxyVote(let m):
            .command(.proxy(participant: m.participant, Self.vote(m.vote)))
        case .hello, .resync, .ping: nil
        }
    }

    private static func vote(_ vote: ClientMessage.Vote) -> Command {
        switch vote {
        case .rate(let round, let competence, let value): .rate(round: round, competence: competence, value: value)
        case .setDots(let competence, let count): .setDots(competence: competence, count: count)
        case .allocatePoints(let points): .allocatePoints(points)
        case .submitIdea(let text, let competence): .submitIdea(idea: "i" + Tokens.make(length: 10), text: text, competence: competence)
        }
    }

    private static func isVote(_ message: ClientMessage) -> Bool {
        switch message {
        case .rate, .setDots, .allocatePoints, .submitIdea, .proxyVote: true
        default: false
        }
    }

    // MARK: hello

    private mutating func greet(_ hello: ClientMessage.Hello) async {
        guard room == nil else {
            return send(error: .init(opId: nil, code: "invalid_message", message: "This socket already said hello."))
        }
        if let version = hello.protocol, version != ProtocolVersion.current {
            return send(error: .init(opId: nil, code: "unsupported_protocol",
                                     message: "This server speaks protocol \(ProtocolVersion.current)."))
        }
        do {
            switch role {
            case .participant: try await greetParticipant(hello)
            case .board, .facilitator: try await greetStaff(hello)
            }
        } catch let error as GreetingError {
            send(error: .init(opId: nil, code: error.code, message: error.message))
        } catch {
            logger.error("hello failed", metadata: ["error": "\(error)"])
            send(error: .init(opId: nil, code: "server_error", message: "Could not load the workshop; please retry."))
        }
    }

    private func lockedOut(_ wait: Duration) -> GreetingError {
        controller.metrics.recordJoinCodeLockout()
        logger.notice("join code refused: address locked out", metadata: ["address": "\(address)"])
        return GreetingError(
            code: "rate_limited",
            message: "Too many unknown join codes from your address; try again in \(max(1, wait.components.seconds + 1)) s.")
    }

    private struct GreetingError: Error {
        var code: String
        var message: String
    }

    private mutating func greetParticipant(_ hello: ClientMessage.Hello) async throws {
        guard let code = hello.code else {
            throw GreetingError(code: "unknown_workshop", message: "No workshop has that code.")
        }
        let found = try await controller.registry.room(joinCode: code)
        if let wait = controller.joinCodes.lockout(address) {
            // Locked out: only a phone resuming with its own token gets in; a code alone,
            // right or wrong, gets the same refusal.
            guard let found, let token = hello.token, await found.workshop.participant(forToken: token) != nil else {
                throw lockedOut(wait)
            }
        }
        guard let room = found else {
            // Told "unknown" only while the address has misses left: parallel guesses too.
            if case .lockedOut(let wait) = controller.joinCodes.recordMiss(address) { throw lockedOut(wait) }
            throw GreetingError(code: "unknown_workshop", message: "No workshop has that code.")
        }
        let token = hello.token ?? Tokens.make(length: 32)
        guard (16...64).contains(token.count), token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw GreetingError(code: "invalid_message", message: "A token is 16-64 letters, digits, '-' or '_'.")
        }
        // A new phone joins; a known token resumes. Deciding that inside the room makes a
        // join idempotent, even for two hellos with the same token at once.
        let newID = "p" + Tokens.make(length: 10)
        let reply = await room.submit(.init(
            actor: .participant(newID), operationKey: nil,
            change: .join(participant: newID, token: token, name: hello.name, proxy: false)))
        let participantID: String
        switch reply {
        case .ok(let ack, _): participantID = ack.participant ?? newID
        case .refused(let error): throw GreetingError(code: error.code, message: error.message)
        case .failed(let why): throw GreetingError(code: "store_failed", message: why)
        case .unavailable: throw GreetingError(code: "store_unavailable", message: StoreHealth.refusal)
        }
        guard let participant = await room.workshop.participants[participantID] else {
            throw GreetingError(code: "server_error", message: "Join failed; please retry.")
        }
        let you = You(participant: participant.id, token: token, name: participant.name)
        await attach(room, actor: .participant(participant.id), you: you)
    }

    private mutating func greetStaff(_ hello: ClientMessage.Hello) async throws {
        guard let id = hello.workshop, let room = try await controller.registry.room(id: id) else {
            throw GreetingError(code: "unknown_workshop", message: "No such workshop.")
        }
        if role == .facilitator {
            guard let token = hello.token, constantTimeEquals(token, room.info.facilitatorToken) else {
                throw GreetingError(code: "not_facilitator", message: "The facilitator token is wrong.")
            }
        }
        // Boards are read-only: they get no actor that could change anything.
        await attach(room, actor: role == .facilitator ? .facilitator : nil, you: nil)
    }

    private mutating func attach(_ room: WorkshopRoom, actor: Actor?, you: You?) async {
        helloDeadline.cancel()
        self.room = room
        self.actor = actor
        self.socket = await room.attach(role: role, outbox: outbox, you: you)
    }

    private func currentYou(_ room: WorkshopRoom) async -> You? {
        guard case .participant(let id) = actor, role == .participant,
            let participant = await room.workshop.participants[id]
        else { return nil }
        let token = await room.workshop.tokens.first { $0.value == id }?.key ?? ""
        return You(participant: id, token: token, name: participant.name)
    }

    // MARK: Sending

    private func send(_ message: ServerMessage) {
        if case .ack(let ack) = message, let frame = VoteWire.ack(ack) { return outbox.send(frame) }
        outbox.send(ByteBuffer(data: WireCoding.encode(message)))
    }

    private func send(error: ServerMessage.ErrorMessage) {
        controller.metrics.recordError(error.code)
        send(.error(error))
    }

    private func send(protocolError: ProtocolError) {
        send(error: .init(opId: nil, code: protocolError.code, message: protocolError.message))
    }
}

/// The ack of a plain vote without Codable (the reader of the vote itself is
/// `FastVoteReader`, in WheelProtocol, where it is fuzzed against `WireCoding`).
enum VoteWire {
    /// `{"ok":true,"opId":"…","type":"ack"}`, byte for byte what `WireCoding.encode` writes,
    /// for an ack that carries only its opId (printable ASCII without `"` or `\\`).
    static func ack(_ ack: ServerMessage.Ack) -> ByteBuffer? {
        guard ack.ok, ack.participant == nil, ack.idea == nil else { return nil }
        let opId = ack.opId.utf8
        guard opId.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != quote && $0 != backslash }) else { return nil }
        var buffer = ByteBufferAllocator().buffer(capacity: 30 + opId.count)
        buffer.writeStaticString(#"{"ok":true,"opId":""#)
        buffer.writeString(ack.opId)
        buffer.writeStaticString(#"","type":"ack"}"#)
        return buffer
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
}

/// Allows `rate` messages a second on average, with bursts up to `burst`.
struct TokenBucket {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var last = ContinuousClock.now

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
        self.tokens = burst
    }

    mutating func take() -> Bool {
        let now = ContinuousClock.now
        let elapsed = now - last
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * rate)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

/// Compares secrets without leaking where they differ through timing.
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}
