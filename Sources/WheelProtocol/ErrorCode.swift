import WheelCore

/// Every error code the server sends, over a socket (`{"type":"error","code":...}`) or over
/// HTTP (`{"error":{"code":...}}`). The one list: docs/protocol.md's tables, the pages'
/// `web/js/contract.js` and the string tables are checked against it by tests.
public enum ErrorCode: String, CaseIterable, Codable, Sendable {
    // Reading a frame or a body.
    case malformedJSON = "malformed_json"
    case unknownType = "unknown_type"
    case invalidMessage = "invalid_message"
    case invalidValue = "invalid_value"
    case tooLarge = "too_large"
    case rateLimited = "rate_limited"

    // The handshake.
    case helloRequired = "hello_required"
    case unsupportedProtocol = "unsupported_protocol"
    case unknownWorkshop = "unknown_workshop"
    case notFacilitator = "not_facilitator"

    // The workshop's rules (WheelCore's `WorkshopError`).
    case operationReused = "op_reused"
    case workshopFull = "workshop_full"
    case textTooLong = "text_too_long"
    case emptyText = "empty_text"
    case roundClosed = "round_closed"
    case wrongRound = "wrong_round"
    case unknownCompetence = "unknown_competence"
    case dotsExhausted = "dots_exhausted"
    case dotsPerCompetence = "dots_per_competence"
    case pointsSum = "points_sum"
    case tooManyIdeas = "too_many_ideas"
    case unknownIdea = "unknown_idea"
    case backingLimit = "backing_limit"
    case ownIdea = "own_idea"
    case unknownParticipant = "unknown_participant"
    case unknownGroup = "unknown_group"
    case invalidTransition = "invalid_transition"

    // Storage and the server itself.
    case storeUnavailable = "store_unavailable"
    case storeFailed = "store_failed"
    case serverError = "server_error"
    /// This instance is stopping (SIGTERM): reconnect, the proxy sends you to another one.
    case draining = "draining"

    // HTTP only.
    case notFound = "not_found"
    case unauthorized = "unauthorized"
    case invalidBody = "invalid_body"
    case invalidPlugins = "invalid_plugins"
    case qrFailed = "qr_failed"
    case tooLargeUnpacked = "too_large_unpacked"
    case notAZip = "not_a_zip"
    case unsafePath = "unsafe_path"
    case noManifest = "no_manifest"
    case invalidPlugin = "invalid_plugin"
    case writeFailed = "write_failed"
    case invalidPath = "invalid_path"
    case forbiddenOrigin = "forbidden_origin"
    case unsupportedMediaType = "unsupported_media_type"
    case badRequest = "bad_request"
    case forbidden = "forbidden"
    case methodNotAllowed = "method_not_allowed"
    case requestTimeout = "request_timeout"
    case uriTooLong = "uri_too_long"
    case headersTooLarge = "request_header_fields_too_large"
    case internalError = "internal_error"

    /// Codes that can arrive on a socket; docs/protocol.md's "Error codes" table has one row each.
    public var isSentOnSockets: Bool {
        switch self {
        case .notFound, .unauthorized, .invalidBody, .invalidPlugins, .qrFailed, .tooLargeUnpacked, .notAZip,
            .unsafePath, .noManifest, .invalidPlugin, .writeFailed, .invalidPath, .forbiddenOrigin,
            .unsupportedMediaType, .badRequest, .forbidden, .methodNotAllowed, .requestTimeout, .uriTooLong,
            .headersTooLarge, .internalError:
            false
        default:
            true
        }
    }
}

extension ProtocolError {
    public var errorCode: ErrorCode {
        switch self {
        case .malformedJSON: .malformedJSON
        case .unknownType: .unknownType
        case .invalidMessage, .binaryFrame: .invalidMessage
        case .tooLarge: .tooLarge
        case .invalidValue: .invalidValue
        }
    }
}

extension WorkshopError {
    /// The core names its codes as strings (it knows no wire); each is a case of `ErrorCode`
    /// (ErrorCodeTests checks every one).
    public var errorCode: ErrorCode { ErrorCode(rawValue: code) ?? .serverError }
}

extension ServerMessage.ErrorMessage {
    public init(opId: String?, code: ErrorCode, message: String) {
        self.init(opId: opId, code: code.rawValue, message: message)
    }
}
