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

    public init(id: String, title: String, joinCode: String, createdAt: Date) {
        self.id = id
        self.title = title
        self.joinCode = joinCode
        self.createdAt = createdAt
    }
}

public enum StoreError: Error, Equatable, Sendable {
    case duplicateJoinCode(String)
    case corrupt(String)
}

/// Durable storage for workshops. `commit` returns only after the data is durable: the
/// server acknowledges votes after it returns.
public protocol WorkshopStore: Sendable {
    func create(_ info: WorkshopInfo) async throws
    func commit(_ commit: Commit) async throws
    func load(id: String) async throws -> StoredWorkshop?
    func workshopID(joinCode: String) async throws -> String?
    func list() async throws -> [WorkshopListing]
    /// Removes the workshop with every event (votes, ideas, names) and operation, for good.
    func delete(id: String) async throws
    func close() async throws
}

/// Wire format of stored events and infos: JSON, stable across versions.
enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

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
    private var workshops: [String: StoredWorkshop] = [:]

    public init() {}

    public func create(_ info: WorkshopInfo) async throws {
        if workshops.values.contains(where: { $0.info.joinCode == info.joinCode }) {
            throw StoreError.duplicateJoinCode(info.joinCode)
        }
        workshops[info.id] = StoredWorkshop(info: info, events: [], operations: [])
    }

    public func commit(_ commit: Commit) async throws {
        guard var stored = workshops[commit.workshop] else { return }
        stored.events += commit.events
        stored.operations += commit.operations
        workshops[commit.workshop] = stored
    }

    public func load(id: String) async throws -> StoredWorkshop? { workshops[id] }

    public func workshopID(joinCode: String) async throws -> String? {
        workshops.values.first { $0.info.joinCode == joinCode }?.info.id
    }

    public func list() async throws -> [WorkshopListing] {
        workshops.values.map {
            WorkshopListing(id: $0.info.id, title: $0.info.title, joinCode: $0.info.joinCode, createdAt: $0.info.createdAt)
        }.sorted { $0.createdAt > $1.createdAt }
    }

    public func delete(id: String) async throws { workshops[id] = nil }

    public func close() async throws {}
}
