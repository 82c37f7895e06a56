import Foundation
import Logging
import WheelCore
import WheelStore

/// Finds or loads the live room of a workshop, and creates new workshops.
actor RoomRegistry {
    private var rooms: [String: WorkshopRoom] = [:]
    private var loading: [String: Task<WorkshopRoom?, any Error>] = [:]
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
        if let room = rooms[id] { return room }
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
        if let room { rooms[id] = room }
        return room
    }

    func room(joinCode: String) async throws -> WorkshopRoom? {
        guard let id = try await store.workshopID(joinCode: JoinCode.normalize(joinCode)) else { return nil }
        return try await room(id: id)
    }

    /// Creates and stores a workshop with a fresh join code and tokens.
    func create(title: String, language: Language, settings: WorkshopSettings, framework: Framework, rerunOf: String?)
        async throws -> WorkshopInfo
    {
        for _ in 0..<20 {
            let info = WorkshopInfo(
                id: "w" + Tokens.make(length: 11), title: title, joinCode: JoinCode.make(),
                facilitatorToken: Tokens.make(length: 32), language: language, settings: settings,
                framework: framework, createdAt: Date(), rerunOf: rerunOf)
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

    /// Deletes a workshop for good: its sockets are closed, its rows removed.
    func delete(id: String) async throws {
        if let room = try await room(id: id) { await room.closeAll() }
        rooms[id] = nil
        try await store.delete(id: id)
    }
}

/// Six characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
enum JoinCode {
    static let alphabet = Array("ACDEFGHJKMNPQRTUVWXY34679")
    static let length = 6

    static func make() -> String {
        String((0..<length).map { _ in alphabet.randomElement()! })
    }

    /// Upper-cases and drops spaces and dashes, so "k7p-m2x" finds "K7PM2X".
    static func normalize(_ code: String) -> String {
        code.uppercased().filter { $0 != " " && $0 != "-" }
    }
}

enum Tokens {
    private static let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// A random secret from the system's cryptographic generator.
    static func make(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
