extension WorkshopSettings {
    /// The settings a new workshop asks for: each one left out (nil) keeps the default, or
    /// the earlier run's value for a re-run. The wire shape of `settings` in
    /// `POST /api/workshops`.
    public struct Requested: Codable, Hashable, Sendable {
        public var dotsPerParticipant: Int?
        public var maxDotsPerCompetence: Int?
        public var blindVoting: Bool?
        public var maxParticipants: Int?
        public var roleProfile: String?
        public var ideaBackings: Int?
        public var minGroupSize: Int?
        /// Replaces the groups (an empty list: none); left out, a re-run keeps the earlier groups.
        public var groups: [RequestedGroup]?

        public init(
            dotsPerParticipant: Int? = nil, maxDotsPerCompetence: Int? = nil, blindVoting: Bool? = nil,
            maxParticipants: Int? = nil, roleProfile: String? = nil, ideaBackings: Int? = nil,
            minGroupSize: Int? = nil, groups: [RequestedGroup]? = nil
        ) {
            self.dotsPerParticipant = dotsPerParticipant
            self.maxDotsPerCompetence = maxDotsPerCompetence
            self.blindVoting = blindVoting
            self.maxParticipants = maxParticipants
            self.roleProfile = roleProfile
            self.ideaBackings = ideaBackings
            self.minGroupSize = minGroupSize
            self.groups = groups
        }
    }

    /// A group as `POST /api/workshops` asks for it: a `roleProfile` alone is enough (the
    /// group takes the profile's id and title).
    public struct RequestedGroup: Codable, Hashable, Sendable {
        public var id: String?
        public var name: LocalizedText?
        public var roleProfile: String?

        public init(id: String? = nil, name: LocalizedText? = nil, roleProfile: String? = nil) {
            self.id = id
            self.name = name
            self.roleProfile = roleProfile
        }
    }
}

/// The checks a new workshop's title and settings pass before it is created. Pure: the
/// caller looks up the earlier run and merges the chosen plugins into a framework. Every
/// refusal is a `WorkshopError` whose code and message the HTTP API answers as they are.
///
/// Two steps, because the server checks the title before it looks up a re-run or merges
/// plugins (a bad title is what it answers even when those fail too), and the settings
/// after, against the framework those give.
public enum WorkshopDraft {
    /// The title as every board and phone shows it (cleaned like all text people type).
    public static func title(_ text: String) throws(WorkshopError) -> String {
        do {
            return try DisplayText.title(text)
        } catch .emptyText {
            throw .invalidValue("The title is empty.")
        }
    }

    /// The settings the workshop runs with: the earlier run's (or the defaults, with the
    /// server's `maxParticipants`), overridden by those `requested`, then checked against
    /// the server's limit and the chosen `framework`.
    ///
    /// Given settings replace the role profile too (none given: none); without any, a
    /// re-run keeps the earlier role profile, which must still be in the framework.
    public static func settings(
        _ requested: WorkshopSettings.Requested?, earlier: WorkshopSettings?, maxParticipants serverMax: Int,
        minGroupSize serverMinimum: Int = WorkshopSettings.defaultMinGroupSize, framework: Framework
    ) throws(WorkshopError) -> WorkshopSettings {
        var settings = earlier ?? WorkshopSettings(maxParticipants: serverMax, minGroupSize: serverMinimum)
        if let given = requested {
            settings.dotsPerParticipant = given.dotsPerParticipant ?? settings.dotsPerParticipant
            settings.maxDotsPerCompetence =
                given.maxDotsPerCompetence ?? min(settings.maxDotsPerCompetence, settings.dotsPerParticipant)
            settings.blindVoting = given.blindVoting ?? settings.blindVoting
            settings.maxParticipants = given.maxParticipants ?? settings.maxParticipants
            settings.roleProfile = given.roleProfile
            settings.ideaBackings = given.ideaBackings ?? settings.ideaBackings
            settings.minGroupSize = given.minGroupSize ?? settings.minGroupSize
            if let groups = given.groups { settings.groups = try Self.groups(groups, framework: framework) }
        }
        guard (1...50).contains(settings.dotsPerParticipant) else {
            throw .invalidValue("dotsPerParticipant must be 1-50.")
        }
        guard settings.maxDotsPerCompetence >= 1, settings.maxDotsPerCompetence <= settings.dotsPerParticipant else {
            throw .invalidValue("maxDotsPerCompetence must be 1 to dotsPerParticipant.")
        }
        guard settings.maxParticipants >= 1, settings.maxParticipants <= serverMax else {
            throw .invalidValue("maxParticipants must be 1-\(serverMax).")
        }
        guard WorkshopSettings.ideaBackingsRange.contains(settings.ideaBackings) else {
            throw .invalidValue("ideaBackings must be 0-10.")
        }
        guard WorkshopSettings.minGroupSizeRange.contains(settings.minGroupSize) else {
            throw .invalidValue("minGroupSize must be 1-20.")
        }
        if let profile = settings.roleProfile, framework.roleProfile(profile) == nil {
            throw .invalidValue("No role profile '\(profile)' in the chosen plugins.")
        }
        for group in settings.groups {
            if let profile = group.roleProfile, framework.roleProfile(profile) == nil {
                throw .invalidValue("No role profile '\(profile)' in the chosen plugins (group '\(group.id)').")
            }
        }
        return settings
    }

    /// The groups asked for, checked: at most 12, each with a slug id used once and a name of
    /// 1-80 characters in Danish or English (a role profile's title when none is given).
    static func groups(_ requested: [WorkshopSettings.RequestedGroup], framework: Framework) throws(WorkshopError)
        -> [WorkshopGroup]
    {
        guard requested.count <= WorkshopGroup.maxGroups else {
            throw .invalidValue("At most \(WorkshopGroup.maxGroups) groups.")
        }
        var groups: [WorkshopGroup] = []
        for entry in requested {
            let profile = entry.roleProfile.flatMap { framework.roleProfile($0) }
            if let id = entry.roleProfile, profile == nil {
                throw .invalidValue("No role profile '\(id)' in the chosen plugins.")
            }
            guard let id = entry.id ?? profile?.id, WorkshopGroup.isValidID(id) else {
                throw .invalidValue("A group id is 1-64 characters: a-z, 0-9 and '-'.")
            }
            guard !groups.contains(where: { $0.id == id }) else { throw .invalidValue("The group id '\(id)' is used twice.") }
            let given = entry.name ?? profile?.title ?? LocalizedText(da: nil)
            let name = LocalizedText(
                da: try DisplayText.optional(given.da, field: "group name", limit: WorkshopGroup.maxNameLength),
                en: try DisplayText.optional(given.en, field: "group name", limit: WorkshopGroup.maxNameLength))
            guard name.da != nil || name.en != nil else { throw .emptyText(field: "group name") }
            groups.append(WorkshopGroup(id: id, name: name, roleProfile: profile?.id))
        }
        return groups
    }
}
