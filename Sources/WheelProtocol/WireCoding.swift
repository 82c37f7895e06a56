import Foundation

/// Shared JSON coders for the wire: sorted keys make frames stable to compare and document.
public enum WireCoding {
    public static func decodeClient(_ bytes: some Collection<UInt8>) throws(ProtocolError) -> ClientMessage {
        let data = Data(bytes)
        do {
            return try JSONDecoder().decode(ClientMessage.self, from: data)
        } catch let error as ProtocolError {
            throw error
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // Foundation refuses JSON with a number beyond Double's range as "not JSON".
            if let field = JSONNumberScan.fieldOfHugeNumber(in: Array(data)) { throw .invalidValue(field: field) }
            throw .malformedJSON
        } catch let error as DecodingError {
            throw .invalidMessage(describe(error))
        } catch {
            throw .malformedJSON
        }
    }

    /// Reads a server message (clients and tests).
    public static func decodeServer(_ data: Data) throws -> ServerMessage {
        try decoder.decode(ServerMessage.self, from: data)
    }

    public static func encode(_ message: ServerMessage) -> Data {
        // Encoding our own value types cannot fail; a failure here is a programming error.
        try! encoder.encode(message)
    }

    public static func encode(_ message: ClientMessage) -> Data {
        try! encoder.encode(message)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// A field as errors name it, e.g. `focus.view`, `points.data`, `vote.value`.
    static func fieldPath(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// A decoding error as a sentence a client developer can act on.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String { fieldPath(context.codingPath) }
        switch error {
        case .keyNotFound(let key, let context):
            let prefix = path(context)
            return "Missing field '\(prefix.isEmpty ? key.stringValue : prefix + "." + key.stringValue)'."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "Field '\(path(context))' has the wrong type."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The text is not valid JSON." }
            return "Field '\(path(context))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "The message is invalid."
        }
    }
}
