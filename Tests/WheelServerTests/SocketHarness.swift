import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Logging
import NIOCore
import Synchronization
import Testing
import WSClient
import WheelProtocol
import WheelRawEndpoint
import WheelStore

@testable import WheelServer

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The stores the app runs on in these tests: the in-memory one and a real SQLite file.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, sqlite
    var testDescription: String { rawValue }

    func open() async throws -> any WorkshopStore {
        switch self {
        case .memory: return InMemoryStore()
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wheelhouse-tests-\(UUID())")
            return try await SQLiteStore.open(directory: folder, logger: Logger(label: "test"))
        }
    }
}

/// The whole application on a free port, with its real routes, sockets and store.
func withServer(
    on kind: StoreKind, raw: Bool = false, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    var config = ServerConfig(
        host: "127.0.0.1", port: 0, pluginsDirectory: repositoryRoot.appendingPathComponent("Plugins"),
        webDirectory: repositoryRoot.appendingPathComponent("web"), logLevel: .warning)
    config.apiDocument = repositoryRoot.appendingPathComponent("docs/openapi.yaml")
    let app = buildApplication(config, store: try await kind.open(), endpoints: raw ? [RawBroadcast()] : [])
    try await app.test(.live) { client in try await test(client) }
}

/// A workshop made over HTTP, as the console makes it.
struct MadeWorkshop: Decodable, Sendable {
    var id: String
    var joinCode: String
    var facilitatorToken: String
}

/// Socket tests count one or two phones: a minimum group size of 1 unless they test withholding.
func makeWorkshop(_ client: some TestClientProtocol, settings: String = #"{"minGroupSize":1}"#) async throws -> MadeWorkshop {
    let body = ByteBuffer(string: #"{"title":"Socket test","plugins":["kl-base"],"settings":"# + settings + "}")
    return try await client.execute(
        uri: "/api/workshops", method: .post, headers: [.contentType: "application/json"], body: body
    ) { response in
        guard response.status == .created || response.status == .ok else {
            throw SocketTestError.unexpected("create answered \(response.status): \(String(buffer: response.body))")
        }
        return try JSONDecoder().decode(MadeWorkshop.self, from: Data(buffer: response.body))
    }
}

enum SocketTestError: Error { case unexpected(String), timeout(String) }

/// One client socket, driven step by step: send a frame, wait for a message of some type.
final class Conversation: @unchecked Sendable {
    private var messages: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        self.messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
        self.outbound = outbound
    }

    func send(_ text: String) async throws { try await outbound.write(.text(text)) }

    /// The next message, decoded; nil when the socket closed.
    func next() async throws -> ServerMessage? {
        guard let message = try await messages.next() else { return nil }
        guard case .text(let text) = message else { throw SocketTestError.unexpected("binary frame") }
        return try WireCoding.decodeServer(Data(text.utf8))
    }

    /// Skips messages until one of `type` arrives (updates in between are fine).
    func next(_ type: String) async throws -> ServerMessage {
        while let message = try await next() {
            if message.type == type { return message }
        }
        throw SocketTestError.unexpected("closed while waiting for \(type)")
    }

    /// Every message until the server closes the socket.
    func rest() async throws -> [ServerMessage] {
        var all: [ServerMessage] = []
        while let message = try await next() { all.append(message) }
        return all
    }
}

extension TestClientProtocol {
    /// Opens `path` and runs `script` on it; returns the close frame the server sent.
    @discardableResult
    func converse(_ path: String, _ script: @escaping @Sendable (Conversation) async throws -> Void) async throws
        -> WebSocketCloseFrame?
    {
        try await ws(path) { inbound, outbound, _ in
            try await script(Conversation(inbound: inbound, outbound: outbound))
        }
    }
}

/// Collects values from concurrent sockets.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
