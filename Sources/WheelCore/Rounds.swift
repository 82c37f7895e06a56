/// The kinds of round a facilitator steps a team through. A workshop has one round of
/// each kind; a round can be reset and run again.
public enum RoundKind: String, Codable, Sendable, CaseIterable, Comparable {
    /// How important is the competence for our work (1-5, 0 = "don't know").
    case importance
    /// How well does the team master it today (1-5, 0 = "don't know").
    case level
    /// N dots per participant, stackable up to a maximum per competence.
    case dots
    /// 100 points spread over competences; must sum to 100.
    case points
    /// Short free-text ideas, held for the facilitator's approval.
    case ideas

    public var isRating: Bool { self == .importance || self == .level }

    public static func < (lhs: RoundKind, rhs: RoundKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum RoundPhase: String, Codable, Sendable {
    /// Not started yet, or reset.
    case idle
    /// Taking answers.
    case open
    /// No more answers; results still hidden from participants while voting is blind.
    case closed
    /// Results shown to everyone.
    case revealed
}

/// The scale of the rating rounds. 0 is "don't know" ("Ved ikke") and -1 "not relevant for my
/// work" ("Ikke relevant"): both stored and counted as answers, each on its own, but left out
/// of means, medians, distributions and gaps.
public enum RatingScale {
    public static let dontKnow = 0
    public static let notRelevant = -1
    public static let range = 1...5

    public static func isValid(_ value: Int) -> Bool {
        value == dontKnow || value == notRelevant || range.contains(value)
    }
}

public struct WorkshopSettings: Codable, Hashable, Sendable {
    public var dotsPerParticipant: Int
    public var maxDotsPerCompetence: Int
    /// Blind voting hides totals from participants and the board until a reveal.
    public var blindVoting: Bool
    public var maxParticipants: Int
    /// A role profile from the workshop's plugins whose expected levels results show.
    public var roleProfile: String?
    /// How many approved ideas one participant may back at a time (0 turns backing off).
    public var ideaBackings: Int
    /// The fewest participants whose answers a figure may show (see `Workshop+Publication.swift`):
    /// below it a figure reads "for få svar", and shown figures move only in steps of at least
    /// this many changed answers.
    public var minGroupSize: Int
    /// Sub-groups participants may pick when they join; empty: no groups.
    public var groups: [WorkshopGroup]

    public init(
        dotsPerParticipant: Int = 5, maxDotsPerCompetence: Int = 3, blindVoting: Bool = true,
        maxParticipants: Int = 2000, roleProfile: String? = nil, ideaBackings: Int = Self.defaultIdeaBackings,
        minGroupSize: Int = Self.defaultMinGroupSize, groups: [WorkshopGroup] = []
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

    public func group(_ id: String) -> WorkshopGroup? { groups.first { $0.id == id } }

    public static let defaults = WorkshopSettings()
    public static let defaultIdeaBackings = 3
    public static let ideaBackingsRange = 0...10
    public static let defaultMinGroupSize = 3
    public static let minGroupSizeRange = 1...20

    private enum CodingKeys: String, CodingKey {
        case dotsPerParticipant, maxDotsPerCompetence, blindVoting, maxParticipants, roleProfile, ideaBackings
        case minGroupSize, groups
    }

    /// Workshops stored before a setting existed get its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dotsPerParticipant = try c.decode(Int.self, forKey: .dotsPerParticipant)
        maxDotsPerCompetence = try c.decode(Int.self, forKey: .maxDotsPerCompetence)
        blindVoting = try c.decode(Bool.self, forKey: .blindVoting)
        maxParticipants = try c.decode(Int.self, forKey: .maxParticipants)
        roleProfile = try c.decodeIfPresent(String.self, forKey: .roleProfile)
        ideaBackings = try c.decodeIfPresent(Int.self, forKey: .ideaBackings) ?? Self.defaultIdeaBackings
        minGroupSize = try c.decodeIfPresent(Int.self, forKey: .minGroupSize) ?? Self.defaultMinGroupSize
        groups = try c.decodeIfPresent([WorkshopGroup].self, forKey: .groups) ?? []
    }
}

/// Text limits users meet; exceeding one is a typed error.
public enum Limits {
    public static let ideaLength = 280
    public static let nameLength = 40
    public static let titleLength = 120
    public static let ideasPerParticipant = 20
    public static let pointsTotal = 100
}

// Dictionaries keyed by round encode as JSON objects ({"importance": ...}), not pairs.
extension RoundKind: CodingKeyRepresentable {}
