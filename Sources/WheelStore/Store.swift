import Foundation
import WheelCore

/// A remembered operation: the client's `opId` (scoped to its sender) and what the ack said,
/// so a retry gets the same answer and changes nothing.
public struct StoredOperation: Hashable, Sendable {
    public var key: String
    /// The ack's extra payload (JSON), if any.
    public var result: String?

    public init(key: String, result: String?) {
        self.key = key
        self.result = result
    }
}

/// One workshop's accepted changes, written in one transaction.
public struct Commit: Sendable {
    public var workshop: String
    /// The sequence number of the first event (the workshop's version before it + 1).
    public var firstSequence: Int
    public var events: [WorkshopEvent]
    public var operations: [StoredOperation]

    public init(workshop: String, firstSequence: Int, events: [WorkshopEvent], operations: [StoredOperation]) {
        self.workshop = workshop
        self.firstSequence = firstSequence
        self.events = events
        self.operations = operations
    }
}

/// A workshop as stored: what it is, every event in order, and the operations it has seen.
public struct StoredWorkshop: Sendable {
    public var info: WorkshopInfo
    public var events: [WorkshopEvent]
    public var operations: [StoredOperation]

    public init(info: WorkshopInfo, events: [WorkshopEvent], operations: [StoredOperation]) {
        self.info = info
        self.events = events
        self.operations = operations
    }
}

/// A listing row for the facilitator's overview.
public struct WorkshopListing: Hashable, Sendable {
    public var id: String
    public var title: String
    public var joinCode: String
    public var createdAt: Date
    /// Kept at least until then (an extension of its retention); nil: the server's period.
    public var keepUntil: Date?

    public init(id: String, title: String, joinCode: String, createdAt: Date, keepUntil: Date? = nil) {
        self.id = id
        self.title = title
        self.joinCode = joinCode
        self.createdAt = createdAt
        self.keepUntil = keepUntil
    }
}

/// Why a workshop was deleted, for the deletion log.
public enum DeletionReason: String, Sendable {
    /// By the facilitator (the console) or the operator.
    case facilitator
    /// Its retention period ran out.
    case retention
}

public enum StoreError: Error, Equatable, Sendable {
    case duplicateJoinCode(String)
    case corrupt(String)
    /// The storage cannot take writes now (disk full, an I/O error, read-only, locked): a
    /// retry may succeed later. Other failures are the change's own.
    case unavailable(String)
    /// Another writer (a second instance) stored events or operations this commit also
    /// claimed: nothing of the commit was written. Read what is new and decide again.
    case conflict
}

/// Durable storage for workshops. `commit` returns only after the data is durable: the
/// server acknowledges votes after it returns.
public protocol WorkshopStore: Sendable {
    func create(_ info: WorkshopInfo) async throws
    func commit(_ commit: Commit) async throws
    func load(id: String) async throws -> StoredWorkshop?
    func workshopID(joinCode: String) async throws -> String?
    func list() async throws -> [WorkshopListing]
    /// Removes the workshop with every event (votes, ideas, names) and operation, for good,
    /// and notes in the deletion log when and why (not what).
    func delete(id: String, reason: DeletionReason) async throws
    /// Keeps the workshop at least until `date`, whatever the retention period says.
    func setKeepUntil(id: String, date: Date) async throws
    func close() async throws
    /// Tries a tiny write, to learn whether the storage takes writes again.
    func probe() async throws
    /// Whether other processes write the same workshops (several instances on one database):
    /// a room then reads what it lacks before it decides, and a commit may meet `.conflict`.
    var isShared: Bool { get }
    /// The workshop's events after sequence number `sequence`, in order; nil when it is gone.
    func events(of id: String, after sequence: Int) async throws -> [WorkshopEvent]?
    /// Those of `keys` that the workshop has stored.
    func operations(of id: String, keys: [String]) async throws -> [StoredOperation]
}

extension WorkshopStore {
    public func probe() async throws {}

    public var isShared: Bool { false }

    public func events(of id: String, after sequence: Int) async throws -> [WorkshopEvent]? {
        guard let stored = try await load(id: id) else { return nil }
        return Array(stored.events.dropFirst(max(0, sequence)))
    }

    public func operations(of id: String, keys: [String]) async throws -> [StoredOperation] {
        let wanted = Set(keys)
        return try await load(id: id)?.operations.filter { wanted.contains($0.key) } ?? []
    }

    public func delete(id: String) async throws { try await delete(id: id, reason: .facilitator) }
}

/// Wire format of stored events and infos: JSON, stable across versions.
enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = date(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not a date: \(text)"))
            }
            return date
        }
        return decoder
    }()

    /// ISO 8601 with milliseconds: readable in the file, exact enough to round-trip, sortable.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        return Date(timeIntervalSince1970: milliseconds / 1000).formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static func encode(_ value: some Encodable) -> String {
        // Our own value types always encode.
        String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("\(T.self): \(error)")
        }
    }
}

/// A store in memory: for unit tests of what sits above the store. The SQLite store is the
/// one the server runs and the end-to-end tests use.
public actor InMemoryStore: WorkshopStore {
    private struct Entry {
        var info: WorkshopInfo
        var sequencedEvents: [Int: WorkshopEvent] = [:]
        var operations: [StoredOperation] = []
        var keepUntil: Date?
    }

    private var workshops: [String: Entry] = [:]

    public init() {}

    public func create(_ info: WorkshopInfo) async throws {
        if workshops.values.contains(where: { $0.info.joinCode == info.joinCode }) {
            throw StoreError.duplicateJoinCode(info.joinCode)
        }
        workshops[info.id] = Entry(info: info)
    }

    public func commit(_ commit: Commit) async throws {
        guard var stored = workshops[commit.workshop] else { return }
        // Like the SQLite store: events ordered by sequence number, an operation key kept once.
        for (offset, event) in commit.events.enumerated() {
            stored.sequencedEvents[commit.firstSequence + offset] = event
        }
        for operation in commit.operations where !stored.operations.contains(where: { $0.key == operation.key }) {
            stored.operations.append(operation)
        }
        workshops[commit.workshop] = stored
    }

    public func load(id: String) async throws -> StoredWorkshop? {
        guard let stored = workshops[id] else { return nil }
        let events = stored.sequencedEvents.sorted { $0.key < $1.key }.map(\.value)
        return StoredWorkshop(info: stored.info, events: events, operations: stored.operations)
    }

    public func workshopID(joinCode: String) async throws -> String? {
        workshops.values.first { $0.info.joinCode == joinCode }?.info.id
    }

    public func list() async throws -> [WorkshopListing] {
        workshops.values.map {
            WorkshopListing(
                id: $0.info.id, title: $0.info.title, joinCode: $0.info.joinCode, createdAt: $0.info.createdAt,
                keepUntil: $0.keepUntil)
        }.sorted { $0.createdAt > $1.createdAt }
    }

    public func delete(id: String, reason: DeletionReason) async throws { workshops[id] = nil }

    public func setKeepUntil(id: String, date: Date) async throws { workshops[id]?.keepUntil = date }

    public func close() async throws {}
}
