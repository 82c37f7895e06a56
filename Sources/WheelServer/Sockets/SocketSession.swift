import HummingbirdWebSocket
import Logging
import NIOCore
import WheelCore
import WheelProtocol

/// One socket's conversation: `hello` (Handshake.swift), then messages until the socket
/// closes. Reads a frame, checks its limits, decodes it, maps it to a change of the room,
/// and answers with an ack or a typed error.
struct SocketSession {
    let role: Role
    let outbox: Outbox
    let services: SocketServices
    /// The client's IP address, for limits that hold across its sockets.
    let address: String
    let helloDeadline: Task<Void, Never>
    let ending: ServerClose
    let logger: Logger
    var room: WorkshopRoom?
    var socket: Int?
    /// Who changes are made by: a participant id, or the facilitator; nil for a board.
    var actor: Actor?
    private var rateLimit: InboundRateLimit

    init(
        role: Role, outbox: Outbox, services: SocketServices, address: String, helloDeadline: Task<Void, Never>,
        ending: ServerClose, logger: Logger
    ) {
        self.role = role
        self.outbox = outbox
        self.services = services
        self.address = address
        self.helloDeadline = helloDeadline
        self.ending = ending
        self.logger = logger
        self.rateLimit = InboundRateLimit(services.limits)
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
        switch rateLimit.admit() {
        case .accept: break
        case .refuse(let notify):
            if notify { send(error: .rateLimited, "Too many messages; slow down and retry.") }
            return
        }
        guard case .text(let text) = message else { return send(protocolError: .binaryFrame) }
        let limit = services.limits.maxMessageBytes
        guard text.utf8.count <= limit else { return send(protocolError: .tooLarge(limit: limit)) }
        if let vote = VoteWire.rate(text) { return await handle(vote) }
        do {
            await handle(try WireCoding.decodeClient(text.utf8))
        } catch {
            send(protocolError: error)
        }
    }

    private mutating func handle(_ message: ClientMessage) async {
        if case .hello(let hello) = message { return await greet(hello) }
        if case .ping = message { return send(.pong) }
        guard let room else { return send(error: .helloRequired, "Send hello first.", opId: message.opId) }
        if case .resync = message {
            return await room.sendWelcome(role: role, you: await you(in: room), to: outbox)
        }
        guard let opId = message.opId, !opId.isEmpty, opId.count <= 64 else {
            return send(error: .invalidMessage, "A change needs an opId of 1-64 characters.")
        }
        // Boards are read-only: they have no actor.
        guard let actor else { return send(error: .notFacilitator, WorkshopError.notFacilitator.message, opId: opId) }
        let change: WorkshopRoom.Submission.Change
        switch CommandMapping.request(for: message) {
        case .command(let command): change = .command(command)
        case .addProxy(let name):
            guard case .facilitator = actor else {
                return send(error: .notFacilitator, WorkshopError.notFacilitator.message, opId: opId)
            }
            change = .join(participant: Mint.proxyID(), token: Mint.secret(), name: name, proxy: true)
        case nil:
            return send(error: .invalidMessage, "'\(message.type)' cannot be sent here.", opId: opId)
        }
        let key = OperationKey(sender: actor, opId: opId)
        switch await room.submit(.init(actor: actor, operationKey: key, change: change)) {
        case .ok(let ack, let fresh):
            services.metrics.recordAck(vote: fresh && CommandMapping.isVote(message))
            send(.ack(ack))
        case .refused(let error): send(error: error.errorCode, error.message, opId: opId)
        case .failed(let why): send(error: .storeFailed, why, opId: opId)
        case .unavailable: send(error: .storeUnavailable, StoreHealth.refusal, opId: opId)
        case .released:
            // Cannot happen while this socket is attached (a room with sockets is kept).
            send(error: .serverError, "Please send it again.", opId: opId)
        }
    }

    /// The participant this socket speaks for, as `welcome` tells it.
    func you(in room: WorkshopRoom) async -> You? {
        guard role == .participant, case .participant(let id) = actor else { return nil }
        return await room.you(participant: id)
    }

    // MARK: Sending

    func send(_ message: ServerMessage) {
        if case .ack(let ack) = message, let frame = VoteWire.ack(ack) { return outbox.send(ByteBuffer(string: frame)) }
        outbox.send(ByteBuffer(data: WireCoding.encode(message)))
    }

    func send(error code: ErrorCode, _ message: String, opId: String? = nil) {
        services.metrics.recordError(code.rawValue)
        send(.error(.init(opId: opId, code: code, message: message)))
    }

    private func send(protocolError: ProtocolError) {
        send(error: protocolError.errorCode, protocolError.message)
    }
}
