import WheelCore

/// The body of `POST /api/workshops` (docs/openapi.yaml, `CreateWorkshop`). Fields left out
/// are nil and are not written.
public struct CreateWorkshopRequest: Codable, Hashable, Sendable {
    public var title: String
    /// Optional for a re-run: it then uses the earlier workshop's plugins.
    public var plugins: [String]?
    public var language: Language?
    public var settings: WorkshopSettings.Requested?
    /// An earlier workshop's id, to compare results with.
    public var rerunOf: String?

    public init(
        title: String, plugins: [String]? = nil, language: Language? = nil,
        settings: WorkshopSettings.Requested? = nil, rerunOf: String? = nil
    ) {
        self.title = title
        self.plugins = plugins
        self.language = language
        self.settings = settings
        self.rerunOf = rerunOf
    }
}

/// The answer to `POST /api/workshops` (docs/openapi.yaml, `Created`).
public struct CreatedWorkshop: Codable, Hashable, Sendable {
    /// Where the board, a phone and the facilitator open the workshop.
    public struct URLs: Codable, Hashable, Sendable {
        public var board: String
        public var join: String
        public var facilitator: String

        public init(board: String, join: String, facilitator: String) {
            self.board = board
            self.join = join
            self.facilitator = facilitator
        }
    }

    public var id: String
    public var joinCode: String
    /// The facilitator's bearer token: keep it secret.
    public var facilitatorToken: String
    public var urls: URLs

    public init(id: String, joinCode: String, facilitatorToken: String, urls: URLs) {
        self.id = id
        self.joinCode = joinCode
        self.facilitatorToken = facilitatorToken
        self.urls = urls
    }
}
