import Foundation
import Logging
import WheelCore
import WheelStore

/// Finds or loads the live room of a workshop, and creates new workshops.
actor RoomRegistry {
    private var rooms: [String: WorkshopRoom] = [:]
    private var loading: [String: Task<WorkshopRoom?, any Error>] = [:]
    /// Join codes already looked up (a code never changes or moves to another workshop): a
    /// room of phones joining does not cost one store read each.
    private var codes: [String: String] = [:]
    let store: any WorkshopStore
    private let logger: Logger
    let metrics: ServerMetrics
    /// Whether the store takes writes; shared by every room, read by `/healthz`.
    let health = StoreHealth()

    init(store: any WorkshopStore, logger: Logger, metrics: ServerMetrics) {
        self.store = store
        self.logger = logger
        self.metrics = metrics
    }

    /// The room of workshop `id`, loaded from the store on first use (e.g. after a restart).
    func room(id: String) async throws -> WorkshopRoom? {
        if let room = rooms[id] {
            // Deleted on another instance (RoomRegistry.notice): gone here too.
            guard await room.isDeleted else { return room }
            if rooms[id] === room { rooms[id] = nil }
            return nil
        }
        if let task = loading[id] { return try await task.value }
        let store = store, logger = logger, metrics = metrics, health = health
        let task = Task { () throws -> WorkshopRoom? in
            guard let stored = try await store.load(id: id) else { return nil }
            let baseline = try await self.baseline(for: stored.info.rerunOf)
            return WorkshopRoom(
                stored: stored, baseline: baseline, store: store, logger: logger, metrics: metrics, health: health)
        }
        loading[id] = task
        defer { loading[id] = nil }
        let room = try await task.value
        if let room {
            rooms[id] = room
            // A commit another instance stored between the load and now sent its notice while
            // no room was here to take it: read once more.
            if store.isShared { await room.noticeChange(upTo: nil) }
        }
        return room
    }

    func room(joinCode: String) async throws -> WorkshopRoom? {
        let code = JoinCode.normalize(joinCode)
        if let id = codes[code] {
            if let room = try await room(id: id) { return room }
            codes[code] = nil  // deleted; a new workshop may have the code now
        }
        guard let id = try await store.workshopID(joinCode: code) else { return nil }
        guard let room = try await room(id: id) else { return nil }
        if codes.count > 10_000 { codes = [:] }  // bounded: a cache, not a record
        codes[code] = id
        return room
    }

    /// Creates and stores a workshop with a fresh join code and tokens.
    func create(
        title: String, language: Language, settings: WorkshopSettings, framework: Framework,
        facilitatorNotes: [FacilitatorNote] = [], rerunOf: String?
    ) async throws -> WorkshopInfo
    {
        for _ in 0..<20 {
            let info = WorkshopInfo(
                id: Mint.workshopID(), title: title, joinCode: JoinCode.make(), facilitatorToken: Mint.secret(), language: language, settings: settings,
                framework: framework, createdAt: Date(), rerunOf: rerunOf,
                facilitatorNotes: facilitatorNotes.isEmpty ? nil : facilitatorNotes)
            do {
                try await store.create(info)
                health.commitSucceeded()
            } catch StoreError.duplicateJoinCode {
                continue
            } catch StoreError.unavailable(let why) {
                health.commitFailed(why)
                throw StoreError.unavailable(why)
            }
            rooms[info.id] = WorkshopRoom(
                stored: StoredWorkshop(info: info, events: [], operations: []), baseline: try await baseline(for: rerunOf),
                store: store, logger: logger, metrics: metrics, health: health)
            logger.info("workshop created", metadata: ["workshop": "\(info.id)", "code": "\(info.joinCode)"])
            return info
        }
        throw StoreError.duplicateJoinCode("no free join code after 20 tries")
    }

    /// The earlier run a re-run compares with (its state when this room was made).
    private func baseline(for earlier: String?) async throws -> Workshop? {
        guard let earlier, let room = try await room(id: earlier) else { return nil }
        return await room.workshop
    }

    /// While the store is marked unavailable, a tiny write tells whether it works again
    /// (so `/healthz` recovers on an idle server too); at most one try a second.
    func probeStore() async {
        guard health.failure != nil, health.mayProbe() else { return }
        do {
            try await store.probe()
            health.commitSucceeded()
        } catch {
            health.commitFailed("\(error)")
        }
    }

    /// Another instance stored something (or notices may have been missed: `.resync`): the
    /// rooms in memory read what they lack. Rooms not in memory load fresh when used.
    func notice(_ notice: StoreNotice) async {
        switch notice {
        case .lost(let why):
            // Shown by /healthz even on an idle instance; its probe clears it once the
            // database takes writes again.
            health.commitFailed("notifications: \(why)")
        case .resync:
            for room in rooms.values { await room.noticeChange(upTo: nil) }
        case .changed(let id, let sequence):
            guard let room = rooms[id] else { return }
            await room.noticeChange(upTo: sequence)
        }
    }

    /// Waits (at most `limit`) until no room has a batch in flight: at shutdown, so that a
    /// commit already sent is answered before the store closes.
    func finishCommits(within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        for room in rooms.values {
            while await room.isBusy, ContinuousClock.now < deadline {
                // Cancelled (a shutdown past its grace): stop waiting rather than spin.
                guard (try? await Task.sleep(for: .milliseconds(20))) != nil else { return }
            }
        }
    }

    /// Rooms in memory now.
    var liveRooms: Int { rooms.count }

    /// Forgets the rooms that have had no socket and no change for `idle`: memory follows the
    /// workshops in use, not every workshop ever opened. Their state is in the store.
    func releaseIdleRooms(idleFor idle: Duration) async {
        for (id, room) in rooms where await room.release(ifIdleFor: idle) {
            // Unless a newer room took its place while we waited.
            if rooms[id] === room { rooms[id] = nil }
        }
    }

    /// Deletes a workshop for good: its sockets are closed, its rows removed.
    func delete(id: String, reason: DeletionReason = .facilitator) async throws {
        if let room = try await room(id: id) { await room.closeAll() }
        rooms[id] = nil
        try await store.delete(id: id, reason: reason)
    }
}
