import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// Gzips text responses (pages, scripts, styles, JSON, SVG) for clients that accept it:
/// phones on a weak network load a third of the bytes. Compression is CompressNIO's (zlib).
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Below this, gzip's header costs more than it saves.
    static var minimumBytes: Int { 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard response.status == .ok,
            response.headers[.contentEncoding] == nil,
            Self.acceptsGzip(request.headers[.acceptEncoding]),
            Self.isCompressible(response.headers[.contentType]),
            (response.body.contentLength ?? Int.max) >= Self.minimumBytes
        else { return response }
        let original = response.body
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = nil
        var vary = response.headers[.vary].map { $0 + ", " } ?? ""
        vary += "Accept-Encoding"
        response.headers[.vary] = vary
        response.body = ResponseBody { writer in
            let collected = Collected()
            try await original.write(CollectingWriter(target: collected))
            var buffer = collected.buffer
            try await writer.write(try buffer.compress(with: .gzip()))
            try await writer.finish(nil)
        }
        return response
    }

    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { part in
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.first?.lowercased() == "gzip" else { return false }
            return !fields.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
        }
    }

    static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("javascript") || type.contains("svg")
            || type.contains("yaml")
    }
}

/// The bytes of a response body, gathered so they can be compressed as one.
private final class Collected: @unchecked Sendable {
    // Written by one body writer at a time, then read once it has finished.
    var buffer = ByteBuffer()
}

private struct CollectingWriter: ResponseBodyWriter {
    let target: Collected

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        target.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
