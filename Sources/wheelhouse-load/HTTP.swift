import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The few plain HTTP requests the generator makes (create workshops, read the wheel and
/// `/metrics`), over AsyncHTTPClient's shared client. None of them is timed; the sockets,
/// which are, are raw WebSocket clients (`Socket.swift`).
struct ServerAPI: Sendable {
    let baseURL: String
    let host: String
    let port: Int

    /// Parses `http://host:port`.
    init(baseURL: String) throws {
        guard let url = URL(string: baseURL), let host = url.host else {
            throw LoadError.invalid("--url must look like http://127.0.0.1:8080, not '\(baseURL)'")
        }
        self.host = host
        self.port = url.port ?? 80
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        self.baseURL = String(base)
    }

    var webSocketBase: String { "ws://\(host):\(port)" }

    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    func request(_ method: HTTPMethod, _ path: String, json: Data? = nil, timeout: Duration = .seconds(30)) async throws -> Response {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        // One connection per request, as the generator's own client had: no idle connection
        // of the generator's stays open on the server (against its cap per address) while
        // the sockets are measured.
        request.headers.add(name: "Connection", value: "close")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .init(timeout))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Response(status: Int(response.status.code), body: Data(body.readableBytesView))
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
