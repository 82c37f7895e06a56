/// A sub-group of a workshop's team (a role such as "SOSU-assistent"): participants pick one
/// when they join, and results can be shown per group beside the whole team.
public struct WorkshopGroup: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var name: LocalizedText
    /// The plugin role profile this group stands for: its expected levels are compared with
    /// the group's own level.
    public var roleProfile: String?

    public init(id: String, name: LocalizedText, roleProfile: String? = nil) {
        self.id = id
        self.name = name
        self.roleProfile = roleProfile
    }

    public static let maxGroups = 12
    /// As long as a plugin's role profile title may be, so a profile can always be a group.
    public static let maxNameLength = 80

    /// Group ids are short slugs (as long as a plugin id may be), so they can sit in URLs and
    /// CSV cells unquoted.
    public static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}
