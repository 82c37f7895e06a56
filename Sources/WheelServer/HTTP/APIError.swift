import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WheelCore
import WheelPlugins
import WheelProtocol

/// A refused HTTP request: `{"error":{"code":"...","message":"...","details":[...]}}`.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: ErrorCode
    var message: String
    var details: [String] = []

    private struct Body: Encodable {
        struct Inner: Encodable {
            var code: String
            var message: String
            var details: [String]?
        }
        var error: Inner
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code.rawValue, message: message, details: details.isEmpty ? nil : details))
        let data = try JSONEncoder().encode(body)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// A refusal by the core (a title, the settings): 400 with its code and message.
    static func refused(_ error: WorkshopError) -> APIError {
        badRequest(error.errorCode, error.message)
    }

    static func badRequest(_ code: ErrorCode, _ message: String, details: [String] = []) -> APIError {
        APIError(status: .badRequest, code: code, message: message, details: details)
    }

    static let unauthorized = APIError(status: .unauthorized, code: .unauthorized, message: "A valid token is required.")
    static let notFound = APIError(status: .notFound, code: .notFound, message: "No such workshop.")
}

extension Request {
    /// The bearer token of the Authorization header, if any.
    var bearerToken: String? {
        guard let header = headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// Reads a JSON body of at most `limit` bytes into `T`, with typed errors.
    func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int = 64 * 1024) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw APIError(status: .contentTooLarge, code: .tooLarge, message: "The body is larger than \(limit) bytes.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError.badRequest(.invalidBody, WireCoding.describe(error))
        } catch {
            throw APIError.badRequest(.malformedJSON, "The body is not valid JSON.")
        }
    }
}

extension PluginArchive.ArchiveError {
    /// WheelPlugins names its codes as strings; each is an `ErrorCode` (HTTPHardeningTests).
    var errorCode: ErrorCode { ErrorCode(rawValue: code) ?? .invalidPlugin }
}
