/// The merged competence framework a workshop uses: every dimension, competence, role
/// profile, case and inspiration contributed by the chosen plugins. The pages draw it as
/// the wheel (and fetch it from `GET /api/workshops/{id}/wheel`). A workshop keeps the
/// framework it was created with, so later plugin reloads never change a running workshop.
public struct Framework: Codable, Hashable, Sendable {
    public var plugins: [PluginReference]
    public var dimensions: [WheelDimension]
    public var underlying: [UnderlyingCompetence]
    public var roleProfiles: [RoleProfile]
    public var cases: [DiscussionCase]
    public var inspiration: [Inspiration]
    /// Guidance for the facilitator; never sent to boards or phones (see `FacilitatorNote`).
    /// Optional so frameworks stored before notes existed still load.
    public var facilitatorNotes: [FacilitatorNote]?

    public init(
        plugins: [PluginReference] = [], dimensions: [WheelDimension] = [],
        underlying: [UnderlyingCompetence] = [], roleProfiles: [RoleProfile] = [],
        cases: [DiscussionCase] = [], inspiration: [Inspiration] = [], facilitatorNotes: [FacilitatorNote]? = nil
    ) {
        self.plugins = plugins
        self.dimensions = dimensions
        self.underlying = underlying
        self.roleProfiles = roleProfiles
        self.cases = cases
        self.inspiration = inspiration
        self.facilitatorNotes = facilitatorNotes
    }

    /// Every competence in wheel order (dimension by dimension).
    public var competences: [Competence] { dimensions.flatMap(\.competences) }

    public var competenceIDs: Set<String> { Set(competences.map(\.id)) }

    public func competence(_ id: String) -> Competence? {
        competences.first { $0.id == id }
    }

    public func roleProfile(_ id: String) -> RoleProfile? {
        roleProfiles.first { $0.id == id }
    }
}

public struct PluginReference: Codable, Hashable, Sendable {
    public var id: String
    public var version: String
    /// The plugin's name, so a workshop's framework (and its exports) say what it was built from
    /// even after the plugin is gone.
    public var name: LocalizedText?

    public init(id: String, version: String, name: LocalizedText? = nil) {
        self.id = id
        self.version = version
        self.name = name
    }
}

public struct WheelDimension: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var plugin: String
    public var color: String?
    public var title: LocalizedText
    public var description: LocalizedText?
    public var competences: [Competence]

    public init(
        id: String, plugin: String, color: String? = nil, title: LocalizedText,
        description: LocalizedText? = nil, competences: [Competence] = []
    ) {
        self.id = id
        self.plugin = plugin
        self.color = color
        self.title = title
        self.description = description
        self.competences = competences
    }
}

public struct Competence: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var plugin: String
    public var dimension: String
    public var title: LocalizedText
    public var description: LocalizedText?
    public var examples: [LocalizedText]

    public init(
        id: String, plugin: String, dimension: String, title: LocalizedText,
        description: LocalizedText? = nil, examples: [LocalizedText] = []
    ) {
        self.id = id
        self.plugin = plugin
        self.dimension = dimension
        self.title = title
        self.description = description
        self.examples = examples
    }
}

public struct UnderlyingCompetence: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var plugin: String
    public var title: LocalizedText

    public init(id: String, plugin: String, title: LocalizedText) {
        self.id = id
        self.plugin = plugin
        self.title = title
    }
}

/// What and how much a role must master: an expected level (1-5) per competence.
public struct RoleProfile: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var plugin: String
    public var title: LocalizedText
    public var description: LocalizedText?
    public var levels: [String: Int]

    public init(
        id: String, plugin: String, title: LocalizedText, description: LocalizedText? = nil,
        levels: [String: Int]
    ) {
        self.id = id
        self.plugin = plugin
        self.title = title
        self.description = description
        self.levels = levels
    }
}

/// A short story of an employee meeting a digital challenge: a discussion prompt.
public struct DiscussionCase: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var plugin: String
    public var title: LocalizedText
    public var story: LocalizedText
    public var competences: [String]

    public init(
        id: String, plugin: String, title: LocalizedText, story: LocalizedText, competences: [String]
    ) {
        self.id = id
        self.plugin = plugin
        self.title = title
        self.story = story
        self.competences = competences
    }
}

/// A suggested development activity for one competence; seeds the action plan.
public struct Inspiration: Codable, Hashable, Sendable, Identifiable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case superuser
        case peerLearning = "peer-learning"
        case course
        case pilot
        case other
    }

    public var id: String
    public var plugin: String
    public var competence: String
    public var kind: Kind
    public var title: LocalizedText
    public var description: LocalizedText?

    public init(
        id: String, plugin: String, competence: String, kind: Kind, title: LocalizedText,
        description: LocalizedText? = nil
    ) {
        self.id = id
        self.plugin = plugin
        self.competence = competence
        self.kind = kind
        self.title = title
        self.description = description
    }
}
