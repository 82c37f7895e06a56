import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The few plain HTTP requests the generator makes (create workshops, read the wheel and
/// `/metrics`): one connection per request, `Connection: close`.
struct ServerAPI: Sendable {
    let host: String
    let port: Int

    /// Parses `http://host:port`.
    init(baseURL: String) throws {
        guard let url = URL(string: baseURL), let host = url.host else {
            throw LoadError.invalid("--url must look like http://127.0.0.1:8080, not '\(baseURL)'")
        }
        self.host = host
        self.port = url.port ?? 80
    }

    var webSocketBase: String { "ws://\(host):\(port)" }

    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    func request(_ method: HTTPMethod, _ path: String, json: Data? = nil, timeout: Duration = .seconds(30)) async throws -> Response {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        let host = host
        let port = port
        return try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
                    head.headers.add(name: "Host", value: "\(host):\(port)")
                    head.headers.add(name: "Connection", value: "close")
                    if let json {
                        head.headers.add(name: "Content-Type", value: "application/json")
                        head.headers.add(name: "Content-Length", value: String(json.count))
                    }
                    try await outbound.write(.head(head))
                    if let json { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: json)))) }
                    try await outbound.write(.end(nil))
                    var status = 0
                    var body = ByteBuffer()
                    for try await part in inbound {
                        switch part {
                        case .head(let response): status = Int(response.status.code)
                        case .body(var chunk): body.writeBuffer(&chunk)
                        case .end: return Response(status: status, body: Data(body.readableBytesView))
                        }
                    }
                    throw LoadError.failed("\(method) \(path): the connection closed before the response ended")
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw LoadError.failed("\(method) \(path): no response in \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// POST or GET with a JSON reply decoded as `T`; any status but `expect` is an error.
    func json<T: Decodable>(_ method: HTTPMethod, _ path: String, body: (some Encodable)? = nil as Int?, expect: Int = 200, as: T.Type) async throws -> T {
        let data = try body.map { try JSONEncoder().encode($0) }
        let response = try await request(method, path, json: data)
        guard response.status == expect else {
            throw LoadError.failed("\(method) \(path) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: response.body)
    }
}

enum LoadError: Error, CustomStringConvertible {
    case invalid(String)
    case failed(String)

    var description: String {
        switch self {
        case .invalid(let why), .failed(let why): why
        }
    }
}
