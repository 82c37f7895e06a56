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
    /// The plugins' guidance for the facilitator (never sent to boards or phones); absent in
    /// workshops stored before notes existed.
    public var facilitatorNotes: [FacilitatorNote]?

    public init(
        id: String, title: String, joinCode: String, facilitatorToken: String, language: Language,
        settings: WorkshopSettings, framework: Framework, createdAt: Date, rerunOf: String? = nil,
        facilitatorNotes: [FacilitatorNote]? = nil
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
        self.facilitatorNotes = facilitatorNotes
    }
}

public struct Participant: Codable, Hashable, Sendable {
    public var id: String
    public var name: String?
    /// Entered by the facilitator for someone without a phone: counted, and flagged.
    public var proxy: Bool
    /// The sub-group picked, one of `settings.groups`.
    public var group: String?

    public init(id: String, name: String?, proxy: Bool, group: String? = nil) {
        self.id = id
        self.name = name
        self.proxy = proxy
        self.group = group
    }
}

public enum IdeaStatus: String, Codable, Sendable {
    case pending
    case approved
    case rejected
    /// A duplicate folded into another idea (`Idea.mergedInto`), which its backers now back.
    case merged
}

public struct Idea: Codable, Hashable, Sendable {
    public var id: String
    public var participant: String
    public var text: String
    public var competence: String?
    public var status: IdeaStatus
    /// The idea this one was merged into, when `status` is `merged`.
    public var mergedInto: String?

    public init(
        id: String, participant: String, text: String, competence: String?, status: IdeaStatus,
        mergedInto: String? = nil
    ) {
        self.id = id
        self.participant = participant
        self.text = text
        self.competence = competence
        self.status = status
        self.mergedInto = mergedInto
    }
}

public struct ParticipantAnswers: Codable, Hashable, Sendable {
    public var importance: [String: Int]
    public var level: [String: Int]
    public var dots: [String: Int]
    public var points: [String: Int]
    public var ideas: [Idea]
    /// The ideas this participant backs, in the order they were backed.
    public var backed: [String]
    /// The sub-group this participant picked.
    public var group: String?

    public init(
        importance: [String: Int], level: [String: Int], dots: [String: Int], points: [String: Int], ideas: [Idea],
        backed: [String], group: String? = nil
    ) {
        self.importance = importance
        self.level = level
        self.dots = dots
        self.points = points
        self.ideas = ideas
        self.backed = backed
        self.group = group
    }
}
