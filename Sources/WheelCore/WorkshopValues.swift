import Foundation

/// What a workshop is, fixed at creation.
public struct WorkshopInfo: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var joinCode: String
    public var facilitatorToken: String
    public var language: Language
    public var settings: WorkshopSettings
    public var framework: Framework
    public var createdAt: Date
    /// The earlier workshop this one re-runs, for comparisons.
    public var rerunOf: String?

    public init(
        id: String, title: String, joinCode: String, facilitatorToken: String, language: Language,
        settings: WorkshopSettings, framework: Framework, createdAt: Date, rerunOf: String? = nil
    ) {
        self.id = id
        self.title = title
        self.joinCode = joinCode
        self.facilitatorToken = facilitatorToken
        self.language = language
        self.settings = settings
        self.framework = framework
        self.createdAt = createdAt
        self.rerunOf = rerunOf
    }
}

public struct Participant: Codable, Hashable, Sendable {
    public var id: String
    public var name: String?
    /// Entered by the facilitator for someone without a phone: counted, and flagged.
    public var proxy: Bool
}

public enum IdeaStatus: String, Codable, Sendable {
    case pending
    case approved
    case rejected
}

public struct Idea: Codable, Hashable, Sendable {
    public var id: String
    public var participant: String
    public var text: String
    public var competence: String?
    public var status: IdeaStatus
}

public struct ParticipantAnswers: Codable, Hashable, Sendable {
    public var importance: [String: Int]
    public var level: [String: Int]
    public var dots: [String: Int]
    public var points: [String: Int]
    public var ideas: [Idea]
}
