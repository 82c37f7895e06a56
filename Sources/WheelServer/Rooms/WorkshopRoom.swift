import Foundation
import Logging
import NIOCore
import WheelCore
import WheelProtocol
import WheelStore

/// One live workshop: its state, its sockets, and the single path every change takes:
/// decide (pure) -> store (durable) -> apply -> acknowledge -> broadcast.
///
/// Changes are processed in batches. While one batch is being stored, new submissions
/// queue up and form the next batch, so the store sees one transaction per batch and the
/// state is only ever changed by `process`, never concurrently.
actor WorkshopRoom {
    nonisolated let id: String
    nonisolated let info: WorkshopInfo
    private(set) var workshop: Workshop
    private var operations: [String: String?]
    private let store: any WorkshopStore
    private let logger: Logger
    private let metrics: ServerMetrics
    private let health: StoreHealth
    /// The earlier run's full tally, when this workshop re-runs one.
    let baseline: Workshop?

    private var deleted = false
    /// Released by the registry (idle, no sockets): a newer room may hold the workshop now.
    private var released = false
    /// When a socket last came or went, or a change was submitted.
    private var lastUsed = ContinuousClock.now
    private var queue: [(Submission, CheckedContinuation<Reply, Never>)] = []
    private var processing = false
    /// Another instance stored something this room has not read yet.
    private var needsCatchUp = false
    /// The last sequence number the commit in flight claims (0: none): its own notice, which
    /// may arrive before the commit returns, is not news.
    private var committingUpTo = 0
    /// A read that failed is tried again in a moment (one retry pending at most).
    private var retryScheduled = false

    private var sockets: [Role: [Int: Outbox]] = [:]
    private var nextSocket = 0
    private var sequence: [Role: Int] = [:]
    private var dirty: ViewSections = []
    private var flushScheduled = false
    /// The timer a close is scheduled for (see `armTimer`).
    private var armedTimer: RoundTimer?

    /// At most this many coalesced updates per second go to the board and facilitator.
    static let updatesPerSecond = 10

    init(
        stored: StoredWorkshop, baseline: Workshop?, store: any WorkshopStore, logger: Logger, metrics: ServerMetrics,
        health: StoreHealth
    ) {
        var workshop = Workshop(info: stored.info)
        for event in stored.events { workshop.apply(event) }
        self.id = stored.info.id
        self.info = stored.info
        self.workshop = workshop
        self.operations = Dictionary(stored.operations.map { ($0.key, $0.result) }, uniquingKeysWith: { a, _ in a })
        self.store = store
        self.logger = logger
        self.metrics = metrics
        self.health = health
        self.baseline = baseline
        if workshop.timer != nil { Task { await self.armTimer() } }
    }

    // MARK: Submitting changes

    func submit(_ submission: Submission) async -> Reply {
        guard !deleted else { return .failed("The workshop was deleted.") }
        guard !released else { return .released }
        lastUsed = .now
        return await withCheckedContinuation { continuation in
            queue.append((submission, continuation))
            if !processing {
                processing = true
                Task { await self.process() }
            }
        }
    }

    private func process() async {
        while !queue.isEmpty || needsCatchUp {
            // Taken before the read below: what arrives during it waits for the next pass, so
            // every submission is decided on a read made after it arrived.
            let batch = queue
            queue = []
            // With several instances on one database, read what the others stored first:
            // every decision is made against the latest state.
            if store.isShared || needsCatchUp {
                needsCatchUp = false
                guard await catchUp(keys: batch.compactMap({ $0.0.operationKey?.stored })) else {
                    // Without the latest state nothing can be decided, not even a refusal.
                    for (_, continuation) in batch { continuation.resume(returning: .unavailable) }
                    // What the others stored is not lost: read again in a moment, so this
                    // room's sockets see it even if nothing more is sent here.
                    if !retryScheduled {
                        retryScheduled = true
                        Task {
                            try? await Task.sleep(for: .seconds(2))
                            self.retryScheduled = false
                            self.noticeChange(upTo: nil)
                        }
                    }
                    continue
                }
            }
            guard !batch.isEmpty else { continue }
            // A conflict means another instance stored first: read its events, decide again.
            var attempts = 0
            while await !decideAndCommit(batch) {
                attempts += 1
                metrics.recordCommitConflict()
                guard attempts < Self.conflictRetries else {
                    logger.error("gave up after repeated store conflicts", metadata: ["workshop": "\(id)"])
                    for (_, continuation) in batch { continuation.resume(returning: .unavailable) }
                    break
                }
                guard await catchUp(keys: batch.compactMap({ $0.0.operationKey?.stored })) else {
                    for (_, continuation) in batch { continuation.resume(returning: .unavailable) }
                    break
                }
            }
        }
        processing = false
    }

    /// How many times one batch is tried in all, conflicts between, before it is refused as
    /// unavailable.
    static let conflictRetries = 20

    /// Decides one batch against the current state, stores it, then applies, answers and
    /// broadcasts. Returns false, having answered no one, when the store reported a conflict.
    private func decideAndCommit(_ batch: [(Submission, CheckedContinuation<Reply, Never>)]) async -> Bool {
        var next = workshop
        // A timer past zero and its grace closes its round before anything in this batch is
        // decided, so no vote after that moment counts, even if the scheduled close has not
        // run yet (a busy machine, or a workshop loaded after a restart).
        var events = Self.dueExpiry(in: next)
        for event in events { next.apply(event) }
        var newOperations: [StoredOperation] = []
        var replies: [Reply] = []
        /// Which replies wait on the commit: retries and resumes were stored before.
        var written: [Bool] = []
        for (submission, _) in batch {
            written.append(false)
            let digest = stableDigest(submission.change.fingerprint)
            if let key = submission.operationKey {
                let stored = key.stored
                if let known = operations[stored] ?? newOperations.first(where: { $0.key == stored }).map(\.result) {
                    let result = OperationResult(decoding: known)
                    if let fingerprint = result.fingerprint, fingerprint != digest {
                        replies.append(.refused(.operationReused(key.opId)))
                    } else {
                        // A retry: same answer, no change.
                        replies.append(.ok(result.ack(opId: key.opId), fresh: false))
                    }
                    continue
                }
            }
            do {
                let (produced, ack) = try Self.decide(submission, in: next)
                for event in produced { next.apply(event) }
                events += produced
                if let key = submission.operationKey {
                    newOperations.append(StoredOperation(
                        key: key.stored, result: OperationResult(ack, fingerprint: digest).encoded))
                }
                replies.append(.ok(ack, fresh: true))
                written[written.count - 1] = !produced.isEmpty || submission.operationKey != nil
            } catch {
                replies.append(.refused(error))
            }
        }
        if !events.isEmpty || !newOperations.isEmpty {
            let started = ContinuousClock.now
            var failure: Reply?
            if deleted {
                failure = .failed("The workshop was deleted.")
            } else {
                committingUpTo = workshop.version + events.count
                defer { committingUpTo = 0 }
                do {
                    try await store.commit(Commit(
                        workshop: id, firstSequence: workshop.version + 1, events: events, operations: newOperations))
                    metrics.recordCommit(duration: ContinuousClock.now - started, events: events.count)
                    health.commitSucceeded()
                } catch StoreError.conflict {
                    return false
                } catch StoreError.unavailable(let why) {
                    logger.error("store unavailable", metadata: ["workshop": "\(id)", "error": "\(why)"])
                    health.commitFailed(why)
                    failure = .unavailable
                    // A notice skipped as ours meanwhile may have been another's: read later.
                    if store.isShared { needsCatchUp = true }
                } catch {
                    // The change's own fault (a deleted workshop's rows, a constraint): the
                    // storage itself is fine.
                    logger.error("store commit failed", metadata: ["workshop": "\(id)", "error": "\(error)"])
                    failure = .failed("The change could not be stored.")
                }
            }
            if let failure {
                for (index, (_, continuation)) in batch.enumerated() {
                    continuation.resume(returning: written[index] ? failure : replies[index])
                }
                return true
            }
        }
        workshop = next
        for operation in newOperations { operations[operation.key] = operation.result }
        for (index, (_, continuation)) in batch.enumerated() { continuation.resume(returning: replies[index]) }
        changed(Visibility.changedSections(by: events))
        armTimer()
        return true
    }

    // MARK: Other instances

    /// Another instance stored events up to `sequence` (nil: read anyway): catch up before
    /// the next batch, and show the change to this instance's sockets.
    func noticeChange(upTo sequence: Int?) {
        // Known, or our own commit's (if that commit fails, the room reads anyway).
        if let sequence, sequence <= max(workshop.version, committingUpTo) { return }
        needsCatchUp = true
        if !processing {
            processing = true
            Task { await self.process() }
        }
    }

    /// Reads the events after our version (and the operations among `keys`) that other
    /// instances stored, applies them and broadcasts what changed. Only `process` calls it,
    /// so state still changes in one place. A store that does not answer leaves the state as
    /// it is and returns false: the next commit meets a conflict or the store's refusal, never
    /// a false ack.
    private func catchUp(keys: [String]) async -> Bool {
        do {
            guard let events = try await store.events(of: id, after: workshop.version) else {
                logger.info("workshop deleted on another instance", metadata: ["workshop": "\(id)"])
                closeAll()
                return true
            }
            for operation in try await store.operations(of: id, keys: keys) {
                operations[operation.key] = operation.result
            }
            guard !events.isEmpty else { return true }
            for event in events { workshop.apply(event) }
            changed(Visibility.changedSections(by: events))
            armTimer()
            return true
        } catch {
            logger.warning("could not read other instances' changes", metadata: ["workshop": "\(id)", "error": "\(error)"])
            if case StoreError.unavailable(let why) = error { health.commitFailed(why) }
            return false
        }
    }

    // MARK: Timers

    /// Schedules the close of the running timer's round, once per timer: at zero plus the
    /// grace, the room submits `expireTimer` like any change, so the close is stored and
    /// replayed as an ordinary `roundClosed`. A timer cancelled, extended or replaced
    /// meanwhile makes that submission change nothing.
    private func armTimer() {
        guard let timer = workshop.timer, timer != armedTimer else { return }
        armedTimer = timer
        Task { await self.expire(timer) }
    }

    private func expire(_ timer: RoundTimer) async {
        let due = timer.endsAt + RoundTimer.grace
        while workshop.timer == timer, !deleted, !released {
            // The wall clock may step: sleep until it has really passed the moment.
            let wait = due - ServerClock.now()
            if wait > 0 {
                try? await Task.sleep(for: .milliseconds(wait))
                continue
            }
            let submission = Submission(
                actor: .facilitator, operationKey: nil, change: .command(.expireTimer(timer, now: ServerClock.now())))
            switch await submit(submission) {
            case .ok, .refused, .released: break
            case .unavailable:
                // Nothing was stored: the round stays open until the store works again.
                logger.warning("timer close not stored; retrying", metadata: ["workshop": "\(id)"])
            case .failed(let why):
                logger.error("timer close failed; retrying", metadata: ["workshop": "\(id)", "error": "\(why)"])
            }
            if workshop.timer == timer { try? await Task.sleep(for: .seconds(1)) }
        }
    }

    /// The close of a timer that is past zero and its grace, if one is.
    private static func dueExpiry(in workshop: Workshop) -> [WorkshopEvent] {
        guard let timer = workshop.timer else { return [] }
        return (try? workshop.decide(.expireTimer(timer, now: ServerClock.now()), by: .facilitator)) ?? []
    }

    private static func decide(_ submission: Submission, in workshop: Workshop) throws(WorkshopError)
        -> ([WorkshopEvent], ServerMessage.Ack)
    {
        let opId = submission.operationKey?.opId ?? ""
        switch submission.change {
        case .join(let participant, let token, let name, let proxy, let group):
            if let known = workshop.participant(forToken: token) {
                return ([], ServerMessage.Ack(opId: opId, participant: known.id))  // a resume, not a join
            }
            let events = try workshop.decideJoin(
                participant: participant, token: token, name: name, proxy: proxy, group: group)
            return (events, ServerMessage.Ack(opId: opId, participant: participant))
        case .command(let command):
            let events = try workshop.decide(command, by: submission.actor)
            let idea = events.lazy.compactMap { event -> String? in
                if case .ideaSubmitted(let idea, _, _, _) = event { return idea } else { return nil }
            }.first
            return (events, ServerMessage.Ack(opId: opId, idea: idea))
        }
    }

    // MARK: Sockets and broadcasts

    /// Registers a socket and queues its welcome snapshot, in one step so that no update
    /// can reach the socket before its snapshot. Returns the socket's handle, or nil when the
    /// room was released meanwhile (look it up again).
    func attach(role: Role, outbox: Outbox, you: You?) -> Int? {
        guard !released else { return nil }
        lastUsed = .now
        nextSocket += 1
        sockets[role, default: [:]][nextSocket] = outbox
        sendWelcome(role: role, you: you, to: outbox)
        return nextSocket
    }

    /// Queues a fresh snapshot (after `hello` or `resync`).
    func sendWelcome(role: Role, you: You?, to outbox: Outbox) {
        outbox.sendSnapshot(ByteBuffer(data: WireCoding.encode(welcome(role: role, you: you))))
    }

    /// Whether `token` belongs to a participant of this workshop (a phone resuming).
    func knows(token: String) -> Bool {
        workshop.participant(forToken: token) != nil
    }

    /// What `welcome` tells participant `id` about itself.
    func you(participant id: String) -> You? {
        guard let participant = workshop.participants[id] else { return nil }
        let token = workshop.tokens.first { $0.value == id }?.key ?? ""
        return You(participant: id, token: token, name: participant.name, group: participant.group)
    }

    func detach(role: Role, socket: Int) {
        sockets[role]?[socket] = nil
        lastUsed = .now
    }

    /// Marks the room released if it has had no socket and no change for `idle`; from then on
    /// it takes neither (`.released`, nil), so the registry may forget it and load a fresh
    /// room from the store when the workshop is used again.
    func release(ifIdleFor idle: Duration) -> Bool {
        guard !released else { return true }
        // A running timer keeps the room, so its round closes on time.
        guard socketCount == 0, queue.isEmpty, !processing, workshop.timer == nil, ContinuousClock.now - lastUsed >= idle
        else { return false }
        released = true
        return true
    }

    func welcome(role: Role, you: You?) -> ServerMessage {
        var state = Visibility.view(of: workshop, for: role, baseline: baseline)
        if let you { state.answers = workshop.answers(of: you.participant) }
        return .welcome(.init(
            seq: sequence[role] ?? 0, role: role, workshop: WorkshopSummary(info), you: you, state: state,
            serverTime: ServerClock.now()))
    }

    var isDeleted: Bool { deleted }

    /// Whether a batch is being decided or stored.
    var isBusy: Bool { processing }

    /// Ends every socket's outbound stream (the workshop was deleted).
    func closeAll() {
        deleted = true
        for outboxes in sockets.values { for outbox in outboxes.values { outbox.finish() } }
        sockets = [:]
    }

    /// The view for a role right now (HTTP snapshots and exports).
    func view(for role: Role) -> View {
        Visibility.view(of: workshop, for: role, baseline: baseline)
    }

    var socketCount: Int { sockets.values.reduce(0) { $0 + $1.count } }

    /// Phase changes go out at once; vote counts are coalesced to a few frames a second.
    private func changed(_ sections: ViewSections) {
        guard !sections.isEmpty else { return }
        let urgent: ViewSections = [.rounds, .timer, .focus]
        if !sections.isDisjoint(with: urgent) {
            broadcast(sections.union(dirty))
            dirty = []
            return
        }
        dirty.formUnion(sections)
        guard !flushScheduled else { return }
        flushScheduled = true
        Task {
            try? await Task.sleep(for: .milliseconds(1000 / Self.updatesPerSecond))
            self.flush()
        }
    }

    private func flush() {
        flushScheduled = false
        let sections = dirty
        dirty = []
        broadcast(sections)
    }

    /// Encodes one update per role and hands the same bytes to every socket of that role.
    private func broadcast(_ sections: ViewSections) {
        let now = ServerClock.now()
        for role in [Role.board, .facilitator, .participant] {
            guard let outboxes = sockets[role], !outboxes.isEmpty else { continue }
            let roleSections = Visibility.updateSections(for: role, changed: sections, in: workshop)
            let view = Visibility.view(of: workshop, for: role, sections: roleSections, baseline: baseline)
            guard !view.isEmpty else { continue }
            let seq = (sequence[role] ?? 0) + 1
            sequence[role] = seq
            let update = ServerMessage.Update(seq: seq, state: view, serverTime: view.rounds == nil ? nil : now)
            let frame = ByteBuffer(data: WireCoding.encode(.update(update)))
            for outbox in outboxes.values where !outbox.sendUpdate(frame) {
                metrics.recordQueueDrop()
            }
        }
    }
}
