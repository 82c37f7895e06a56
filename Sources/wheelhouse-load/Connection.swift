import Foundation
import HummingbirdWSClient
import NIOCore
import NIOWebSocket
import Synchronization
import WheelCore
import WheelProtocol

/// One WebSocket of the workshop scenario: a participant's phone, a board or a facilitator.
/// The socket's task only reads; votes and commands are written from other tasks through
/// the (Sendable) outbound writer.
final class Connection: LoadSocket {
    enum Kind: String, Sendable {
        case participant, board, facilitator
    }

    struct PendingVote {
        var sentAt: UInt64
        var competence: Int
        var value: Int
    }

    private struct State {
        var outbound: WebSocketOutboundWriter?
        var nextVote = 0
        var pending: [Int: PendingVote] = [:]
        /// The value of the last acknowledged vote per competence (-1: none): what the final
        /// tally must hold for this phone. Acks on one socket arrive in the order the server
        /// stored the votes, since a socket's messages are handled one after the other.
        var lastAcked: [Int8]
        var ackWaiter: Promise<Bool>?
        var replies: [String: Promise<ServerMessage>] = [:]
        var resync: Promise<ServerMessage.Welcome>?
        var lastSeq: Int?
        /// A cheap, reproducible answer per phone.
        var random: SplitMix
    }

    let kind: Kind
    let number: Int
    let workshop: WorkshopRun
    let welcomed = Promise<ServerMessage.Welcome>()
    let finished = Promise<Bool>()
    private let state: Mutex<State>

    init(kind: Kind, number: Int, workshop: WorkshopRun) {
        self.kind = kind
        self.number = number
        self.workshop = workshop
        self.state = Mutex(State(
            lastAcked: Array(repeating: -1, count: workshop.competences.count),
            random: SplitMix(seed: UInt64(truncatingIfNeeded: (workshop.index &* 1_000_003) &+ number &+ 1) &* 0x9E37_79B9_7F4A_7C15)))
    }

    private var stats: LoadStats { workshop.stats }

    // MARK: Socket

    private var hello: ClientMessage {
        switch kind {
        case .participant: .hello(.init(code: workshop.joinCode, name: "P\(number)"))
        case .board: .hello(.init(workshop: workshop.id))
        case .facilitator: .hello(.init(workshop: workshop.id, token: workshop.facilitatorToken))
        }
    }

    /// Connects, says hello and reads until the socket closes. `gate` bounds connects in
    /// flight: it is left when the welcome arrives (or the connect fails).
    func run(baseURL: String, gate: Gate?) async {
        if let gate { await gate.enter() }
        let started = nowNanos()
        let helloText = String(decoding: WireCoding.encode(hello), as: UTF8.self)
        let failed = await Socket.connect("\(baseURL)/ws/\(kind.rawValue)", failures: stats.connectFailures) { inbound, outbound in
            self.state.withLock { $0.outbound = outbound }
            try await outbound.write(.text(helloText))
            var gateOpen = gate != nil
            try await inbound.forEachMessage { message in
                self.receive(message)
                if gateOpen, self.welcomed.isFulfilled {
                    gateOpen = false
                    self.stats.joinLatency.record(nanos: nowNanos() &- started)
                    await gate?.leave()
                }
            }
            if gateOpen { await gate?.leave() }
        }
        if failed, !welcomed.isFulfilled, let gate { await gate.leave() }
        welcomed.fulfill(nil)
        state.withLock { $0.outbound = nil }
        abandonWaits()
        finished.fulfill(true)
    }

    /// Starts the closing handshake; `run` returns when the server has closed.
    func close() async {
        guard let outbound = state.withLock({ $0.outbound }) else { return }
        try? await outbound.close(.normalClosure, reason: nil)
    }

    // MARK: Receiving

    private func receive(_ message: ByteBuffer) {
        let now = nowNanos()
        stats.framesReceived.add(1, ordering: .relaxed)
        let fast = message.withUnsafeReadableBytes { bytes -> Bool in
            if let vote = FastFrames.voteAck(bytes) {
                voteAcked(vote, at: now)
                return true
            }
            // A board's and a facilitator's updates (big frames: the whole tally) need only their
            // sequence number and the board's count of answers.
            guard kind != .participant, FastFrames.isUpdate(bytes) else { return false }
            if let seq = scanInteger(after: "\"seq\":", in: bytes) { noteSeq(Int(seq)) }
            if kind == .board, let total = FastFrames.progressTotal(bytes) { workshop.boardSaw(total: total, at: now) }
            return true
        }
        if fast { return }
        let decoded: ServerMessage
        do {
            decoded = try WireCoding.decodeServer(Data(message.readableBytesView))
        } catch {
            stats.errors.add("undecodable_frame")
            return
        }
        switch decoded {
        case .welcome(let welcome):
            state.withLock { $0.lastSeq = welcome.seq }
            welcomed.fulfill(welcome)
            let resync = state.withLock { s in defer { s.resync = nil }; return s.resync }
            resync?.fulfill(welcome)
            if kind == .board, let progress = welcome.state.progress {
                workshop.boardSaw(total: progress.values.reduce(0, +), at: now)
            }
        case .update(let update):
            noteSeq(update.seq)
            if kind == .board, let progress = update.state.progress {
                workshop.boardSaw(total: progress.values.reduce(0, +), at: now)
            }
        case .ack(let ack):
            if let vote = Self.voteNumber(ack.opId) {
                voteAcked(vote, at: now)
            } else {
                reply(ack.opId, decoded)
            }
        case .error(let error):
            stats.errors.add(error.code)
            if let opId = error.opId, let vote = Self.voteNumber(opId) {
                voteRefused(vote)
            } else if let opId = error.opId {
                reply(opId, decoded)
            } else if !welcomed.isFulfilled {
                welcomed.fulfill(nil)
            }
        case .pong:
            break
        }
    }

    private func noteSeq(_ seq: Int) {
        let gap = state.withLock { s -> Bool in
            defer { s.lastSeq = seq }
            return s.lastSeq.map { seq != $0 + 1 } ?? false
        }
        if gap { stats.seqGaps.add(1, ordering: .relaxed) }
    }

    private static func voteNumber(_ opId: String) -> Int? {
        guard opId.first == "v" else { return nil }
        return Int(opId.dropFirst())
    }

    private func voteAcked(_ vote: Int, at now: UInt64) {
        let outcome = state.withLock { s -> (sentAt: UInt64, firstAnswer: Bool, waiter: Promise<Bool>?)? in
            guard let pending = s.pending.removeValue(forKey: vote) else { return nil }
            let first = s.lastAcked[pending.competence] < 0
            s.lastAcked[pending.competence] = Int8(pending.value)
            defer { s.ackWaiter = nil }
            return (pending.sentAt, first, s.ackWaiter)
        }
        guard let outcome else { return stats.errors.add("unexpected_ack") }
        stats.ackLatency.record(nanos: now &- outcome.sentAt)
        stats.votesAcked.add(1, ordering: .relaxed)
        stats.lastAck.max(now, ordering: .relaxed)
        if outcome.firstAnswer { workshop.newAnswerAcked(at: now) }
        outcome.waiter?.fulfill(true)
    }

    private func voteRefused(_ vote: Int) {
        let waiter = state.withLock { s -> Promise<Bool>? in
            s.pending[vote] = nil
            defer { s.ackWaiter = nil }
            return s.ackWaiter
        }
        stats.votesRefused.add(1, ordering: .relaxed)
        waiter?.fulfill(false)
    }

    private func reply(_ opId: String, _ message: ServerMessage) {
        let promise = state.withLock { $0.replies.removeValue(forKey: opId) }
        promise?.fulfill(message)
    }

    /// Gives up every wait (the socket closed, or the run is over).
    func abandonWaits() {
        let (waiter, replies, resync) = state.withLock { s in
            defer {
                s.ackWaiter = nil
                s.replies = [:]
                s.resync = nil
            }
            return (s.ackWaiter, s.replies, s.resync)
        }
        waiter?.fulfill(false)
        for promise in replies.values { promise.fulfill(nil) }
        resync?.fulfill(nil)
    }

    // MARK: Sending

    /// Sends the next vote: a rating of the active round, cycling through the competences from
    /// a per-phone starting point, so the first `competences.count` votes are first answers.
    /// Returns false when the socket is gone; with `awaitAck`, also a promise of the ack.
    @discardableResult
    func vote(scheduledAt due: UInt64, awaitAck: Bool = false) async -> (sent: Bool, ack: Promise<Bool>?) {
        let count = workshop.competences.count
        let now = nowNanos()
        let prepared = state.withLock { s -> (Int, Int, Int, WebSocketOutboundWriter, Promise<Bool>?)? in
            guard let outbound = s.outbound else { return nil }
            let vote = s.nextVote
            s.nextVote += 1
            let value = Int(s.random.next() % 6)  // 0 = "don't know", 1-5
            let competence = (self.number + vote) % count
            s.pending[vote] = PendingVote(sentAt: now, competence: competence, value: value)
            let waiter = awaitAck ? Promise<Bool>() : nil
            s.ackWaiter = waiter
            return (vote, competence, value, outbound, waiter)
        }
        guard let (vote, competence, value, outbound, waiter) = prepared else { return (false, nil) }
        stats.scheduleLag.record(nanos: now > due ? now - due : 0)
        let message = ClientMessage.rate(.init(
            opId: "v\(vote)", round: .importance, competence: workshop.competences[competence], value: value))
        let frame = WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: WireCoding.encode(message)))
        stats.votesSent.add(1, ordering: .relaxed)
        do {
            try await outbound.write(.custom(frame))
        } catch {
            stats.errors.add("write_failed")
            return (false, nil)
        }
        return (true, waiter)
    }

    /// Sends a facilitator command and waits for its ack or error.
    func command(_ message: ClientMessage, timeout: Duration = .seconds(30)) async -> ServerMessage? {
        guard let opId = message.opId else { return nil }
        return await ask(message, timeout: timeout) { $0.replies[opId] = $1 }
    }

    /// Asks for a fresh snapshot and waits for it.
    func resync(timeout: Duration = .seconds(30)) async -> ServerMessage.Welcome? {
        await ask(.resync, timeout: timeout) { $0.resync = $1 }
    }

    /// Sends `message` and waits for the answer `register` leaves a promise for (nil: the
    /// socket is gone, or nothing came in time).
    private func ask<Answer>(
        _ message: ClientMessage, timeout: Duration, register: (inout State, Promise<Answer>) -> Void
    ) async -> Answer? {
        let promise = Promise<Answer>()
        guard let outbound = state.withLock({ s -> WebSocketOutboundWriter? in
            register(&s, promise)
            return s.outbound
        }) else { return nil }
        try? await outbound.write(.text(String(decoding: WireCoding.encode(message), as: UTF8.self)))
        return await promise.wait(timeout: timeout)
    }

    // MARK: Results

    /// Votes sent whose ack or error never came.
    var unresolved: Int { state.withLock { $0.pending.count } }

    /// The last acknowledged value per competence (-1: none).
    var lastAcked: [Int8] { state.withLock { $0.lastAcked } }
}
