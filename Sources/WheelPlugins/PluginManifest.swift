import WheelCore

/// A plugin as its manifest declares it, already checked field by field.
/// Cross-plugin rules (dependencies, duplicates, references) are checked by `PluginCatalog`.
public struct PluginManifest: Hashable, Sendable {
    public var id: String
    public var version: String
    public var coreAPI: Int
    public var name: LocalizedText
    public var description: LocalizedText?
    public var dependencies: [String]
    public var dimensions: [WheelDimension]
    public var extensions: [DimensionExtension]
    public var examples: [CompetenceExample]
    public var underlying: [UnderlyingCompetence]
    public var roleProfiles: [RoleProfile]
    public var cases: [DiscussionCase]
    public var inspiration: [Inspiration]
    /// Guidance for the facilitator on this plugin's items or those of its dependencies.
    public var facilitatorNotes: [FacilitatorNote] = []
    /// The 1-based line of each id-valued field by field path (e.g. `cases[0].competences[1]`),
    /// so errors found across plugins can name a line too.
    var lines: [String: Int] = [:]

    /// Every competence this plugin contributes, new dimensions and extensions alike.
    public var competences: [Competence] {
        dimensions.flatMap(\.competences) + extensions.flatMap(\.competences)
    }
}

/// Competences a plugin adds to a dimension of a plugin it depends on.
public struct DimensionExtension: Hashable, Sendable {
    public var dimension: String
    public var competences: [Competence]
}

/// An extra example for an existing competence.
public struct CompetenceExample: Hashable, Sendable {
    public var competence: String
    public var text: LocalizedText
}

/// The format's limits, shared by the loader and `Plugins/plugin.schema.json`.
public enum ManifestLimits {
    public static let title = 80
    public static let description = 600
    public static let example = 300
    public static let story = 2000
    public static let facilitatorNote = 1000
    public static let idLength = 2...64
    public static let manifestNames = ["plugin.yaml", "plugin.yml", "plugin.json"]
}
