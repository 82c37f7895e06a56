import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import WheelCore
import WheelProtocol

/// What every simulated socket adds to: latencies, counters, errors.
final class LoadStats: Sendable {
    /// Vote sent -> its ack arrived.
    let ackLatency = Latencies()
    /// A vote's ack arrived -> the first board frame that counts it arrived.
    let boardFreshness = Latencies()
    /// How late the generator sent votes against their schedule (its own overload shows here).
    let scheduleLag = Latencies()
    /// Connect + upgrade + hello -> welcome.
    let joinLatency = Latencies()
    let votesSent = Atomic<Int>(0)
    let votesAcked = Atomic<Int>(0)
    let votesRefused = Atomic<Int>(0)
    let framesReceived = Atomic<Int>(0)
    let seqGaps = Atomic<Int>(0)
    /// Error replies by code, and connection failures by reason.
    let errors = Counts()
    let connectFailures = Counts()
    /// Monotonic time of the last vote ack (throughput window end).
    let lastAck = Atomic<UInt64>(0)
}

/// One workshop as the generator plays it: its ids, its sockets, and the board-freshness
/// bookkeeping (see `newAnswerAcked` and `boardSaw`).
final class WorkshopRun: Sendable {
    let index: Int
    let id: String
    let joinCode: String
    let facilitatorToken: String
    let competences: [String]
    let stats: LoadStats

    /// Board freshness without knowing which votes a board frame holds: the board shows, per
    /// competence, how many participants answered the open round; each first answer of a
    /// participant to a competence adds exactly 1. So a board frame whose total is T holds the
    /// first T such answers the store committed; acks arrive in commit order but for the
    /// jitter between sockets, so the k-th first answer acked is taken to be in the first
    /// board frame with a total of at least k. A frame that already counted a vote before its
    /// ack arrived gives 0.
    private struct Freshness {
        var ackTimes: [UInt64] = []
        var matched = 0
        var boardTotal = 0
    }

    private let freshness = Mutex(Freshness())

    init(index: Int, id: String, joinCode: String, facilitatorToken: String, competences: [String], stats: LoadStats) {
        self.index = index
        self.id = id
        self.joinCode = joinCode
        self.facilitatorToken = facilitatorToken
        self.competences = competences
        self.stats = stats
    }

    func newAnswerAcked(at now: UInt64) {
        let alreadyShown = freshness.withLock { f -> Bool in
            f.ackTimes.append(now)
            guard f.boardTotal >= f.ackTimes.count, f.matched == f.ackTimes.count - 1 else { return false }
            f.matched += 1
            return true
        }
        if alreadyShown { stats.boardFreshness.record(nanos: 0) }
    }

    func boardSaw(total: Int, at now: UInt64) {
        let samples = freshness.withLock { f -> [UInt64] in
            f.boardTotal = max(f.boardTotal, total)
            let upTo = min(f.boardTotal, f.ackTimes.count)
            guard upTo > f.matched else { return [] }
            defer { f.matched = upTo }
            return f.ackTimes[f.matched..<upTo].map { now &- $0 }
        }
        for sample in samples { stats.boardFreshness.record(nanos: sample) }
    }

    var boardTotal: Int { freshness.withLock { $0.boardTotal } }
}

/// One WebSocket of the workshop scenario: a participant's phone, a board or a facilitator.
/// The socket's task only reads; votes and commands are written from other tasks through
/// the (Sendable) outbound writer.
final class Connection: Sendable {
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
        var random: UInt64
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
            random: UInt64(truncatingIfNeeded: (workshop.index &* 1_000_003) &+ number &+ 1) &* 0x9E37_79B9_7F4A_7C15))
    }

    private var stats: LoadStats { workshop.stats }

    // MARK: Socket

    static let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24, closeTimeout: .seconds(5))
    static let logger: Logger = {
        var logger = Logger(label: "wheelhouse-load")
        logger.logLevel = .critical
        return logger
    }()

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
        do {
            try await WebSocketClient.connect(
                url: "\(baseURL)/ws/\(kind.rawValue)", configuration: Self.configuration, logger: Self.logger
            ) { inbound, outbound, _ in
                self.state.withLock { $0.outbound = outbound }
                try await outbound.write(.text(helloText))
                var message = ByteBuffer()
                var gateOpen = gate != nil
                for try await frame in inbound {
                    if frame.opcode != .continuation { message.clear() }
                    var data = frame.data
                    message.writeBuffer(&data)
                    guard frame.fin else { continue }
                    self.receive(message)
                    if gateOpen, self.welcomed.isFulfilled {
                        gateOpen = false
                        self.stats.joinLatency.record(nanos: nowNanos() &- started)
                        await gate?.leave()
                    }
                }
                if gateOpen { await gate?.leave() }
            }
        } catch {
            stats.connectFailures.add(String(describing: type(of: error)) + ": " + String(describing: error).prefix(80))
            if !welcomed.isFulfilled, let gate { await gate.leave() }
        }
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
            if FastFrames.isUpdate(bytes) {
                switch kind {
                case .board:
                    if let seq = scanInteger(after: "\"seq\":", in: bytes) { noteSeq(Int(seq)) }
                    if let total = FastFrames.progressTotal(bytes) { workshop.boardSaw(total: total, at: now) }
                    return true
                case .facilitator:
                    // Big frames (the whole tally) the generator does not need to read.
                    if let seq = scanInteger(after: "\"seq\":", in: bytes) { noteSeq(Int(seq)) }
                    return true
                case .participant:
                    return false
                }
            }
            return false
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
            // splitmix64: a cheap, reproducible answer per phone.
            s.random = s.random &+ 0x9E37_79B9_7F4A_7C15
            var z = s.random
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let value = Int(z % 6)  // 0 = "don't know", 1-5
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
        let promise = Promise<ServerMessage>()
        guard let outbound = state.withLock({ s -> WebSocketOutboundWriter? in
            s.replies[opId] = promise
            return s.outbound
        }) else { return nil }
        try? await outbound.write(.text(String(decoding: WireCoding.encode(message), as: UTF8.self)))
        return await promise.wait(timeout: timeout)
    }

    /// Asks for a fresh snapshot and waits for it.
    func resync(timeout: Duration = .seconds(30)) async -> ServerMessage.Welcome? {
        let promise = Promise<ServerMessage.Welcome>()
        guard let outbound = state.withLock({ s -> WebSocketOutboundWriter? in
            s.resync = promise
            return s.outbound
        }) else { return nil }
        try? await outbound.write(.text(String(decoding: WireCoding.encode(ClientMessage.resync), as: UTF8.self)))
        return await promise.wait(timeout: timeout)
    }

    // MARK: Results

    /// Votes sent whose ack or error never came.
    var unresolved: Int { state.withLock { $0.pending.count } }

    /// The last acknowledged value per competence (-1: none).
    var lastAcked: [Int8] { state.withLock { $0.lastAcked } }
}

/// Reading the frames the generator sees most without a JSON decoder. The server writes
/// sorted keys (`WireCoding`), so an ack of a vote is exactly
/// `{"ok":true,"opId":"v<n>","type":"ack"}`; anything else goes to the Codable path.
enum FastFrames {
    private static let ackPrefix = Array(#"{"ok":true,"opId":"v"#.utf8)
    private static let ackSuffix = Array(#"","type":"ack"}"#.utf8)
    private static let updateSuffix = Array(#""type":"update"}"#.utf8)
    private static let progressKey = Array(#""progress":{"#.utf8)

    static func voteAck(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count > ackPrefix.count + ackSuffix.count, bytes.starts(with: ackPrefix),
            bytes.reversed().starts(with: ackSuffix.reversed())
        else { return nil }
        var value = 0
        var digits = 0
        for index in ackPrefix.count..<(bytes.count - ackSuffix.count) {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    static func isUpdate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count > updateSuffix.count && bytes.reversed().starts(with: updateSuffix.reversed())
    }

    /// The sum of the `progress` object's numbers (competence ids hold no quotes or braces).
    static func progressTotal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count > progressKey.count else { return nil }
        var start: Int?
        for index in 0...(bytes.count - progressKey.count)
        where bytes[index] == progressKey[0]
            && bytes[index..<(index + progressKey.count)].elementsEqual(progressKey)
        {
            start = index + progressKey.count
            break
        }
        guard var index = start else { return nil }
        var total = 0
        var inString = false
        var number = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte >= 0x30 && byte <= 0x39 {
                number = number * 10 + Int(byte - 0x30)
            } else {
                total += number
                number = 0
                if byte == UInt8(ascii: "}") { return total }
            }
            index += 1
        }
        return nil
    }
}
