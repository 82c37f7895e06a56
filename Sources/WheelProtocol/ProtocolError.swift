import Foundation

/// Why an incoming frame could not be read. Each has a stable wire `code`.
public enum ProtocolError: Error, Equatable, Sendable {
    case malformedJSON
    case unknownType(String)
    case invalidMessage(String)
    case tooLarge(limit: Int)
    case binaryFrame
    /// A number that is not a whole number in `ClientInteger.range`; names the field.
    case invalidValue(field: String)

    public var code: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .unknownType: "unknown_type"
        case .invalidMessage: "invalid_message"
        case .tooLarge: "too_large"
        case .binaryFrame: "invalid_message"
        case .invalidValue: "invalid_value"
        }
    }

    public var message: String {
        switch self {
        case .malformedJSON: "The frame is not valid JSON."
        case .unknownType(let type): "Unknown message type '\(type)'."
        case .invalidMessage(let why): why
        case .tooLarge(let limit): "The frame is larger than \(limit) bytes."
        case .binaryFrame: "Send JSON text frames."
        case .invalidValue(let field):
            "Field '\(field)' must be a whole number from \(ClientInteger.range.lowerBound) to \(ClientInteger.range.upperBound)."
        }
    }
}
