/// Why a command was refused. Each case has a stable `code` that travels on the wire.
public enum WorkshopError: Error, Equatable, Sendable {
    case roundNotOpen(RoundKind)
    case wrongRound(expected: String, got: RoundKind)
    case unknownCompetence(String)
    case invalidValue(String)
    case dotsExhausted(limit: Int)
    case dotsPerCompetence(limit: Int)
    case pointsSum(got: Int)
    case textTooLong(field: String, limit: Int)
    case emptyText(field: String)
    case tooManyIdeas(limit: Int)
    case unknownIdea(String)
    /// Backing: this participant already backs `limit` ideas (0: backing is off).
    case backingLimit(limit: Int)
    /// Backing one's own idea.
    case ownIdea(String)
    case unknownParticipant(String)
    /// A group id that is not among the workshop's `settings.groups`.
    case unknownGroup(String)
    case workshopFull(limit: Int)
    case invalidTransition(round: RoundKind, from: RoundPhase, action: String)
    case notFacilitator
    /// Extending a timer when none runs.
    case noTimer
    /// The sender used this `opId` before for a different change.
    case operationReused(String)

    public var code: String {
        switch self {
        case .roundNotOpen: "round_closed"
        case .wrongRound: "wrong_round"
        case .unknownCompetence: "unknown_competence"
        case .invalidValue: "invalid_value"
        case .dotsExhausted: "dots_exhausted"
        case .dotsPerCompetence: "dots_per_competence"
        case .pointsSum: "points_sum"
        case .textTooLong: "text_too_long"
        case .emptyText: "empty_text"
        case .tooManyIdeas: "too_many_ideas"
        case .unknownIdea: "unknown_idea"
        case .backingLimit: "backing_limit"
        case .ownIdea: "own_idea"
        case .unknownParticipant: "unknown_participant"
        case .unknownGroup: "unknown_group"
        case .workshopFull: "workshop_full"
        case .invalidTransition, .noTimer: "invalid_transition"
        case .notFacilitator: "not_facilitator"
        case .operationReused: "op_reused"
        }
    }

    public var message: String {
        switch self {
        case .roundNotOpen(let round): "The \(round.rawValue) round is not open."
        case .wrongRound(let expected, let got): "Expected a \(expected) round, got \(got.rawValue)."
        case .unknownCompetence(let id): "No competence '\(id)' in this workshop's wheel."
        case .invalidValue(let why): why
        case .dotsExhausted(let limit): "That would use more than your \(limit) dots."
        case .dotsPerCompetence(let limit): "At most \(limit) dots on one competence."
        case .pointsSum(let got): "Points must sum to \(Limits.pointsTotal), got \(got)."
        case .textTooLong(let field, let limit): "\(field) is longer than \(limit) characters."
        case .emptyText(let field): "\(field) is empty."
        case .tooManyIdeas(let limit): "At most \(limit) ideas per participant."
        case .unknownIdea(let id): "No idea '\(id)'."
        case .backingLimit(let limit):
            limit == 0 ? "Backing ideas is turned off in this workshop." : "You can back at most \(limit) ideas."
        case .ownIdea(let id): "You cannot back your own idea '\(id)'."
        case .unknownParticipant(let id): "No participant '\(id)'."
        case .unknownGroup(let id): "No group '\(id)' in this workshop."
        case .workshopFull(let limit): "The workshop is full (\(limit) participants)."
        case .invalidTransition(let round, let from, let action):
            "Cannot \(action) the \(round.rawValue) round while it is \(from.rawValue)."
        case .notFacilitator: "Only the facilitator can do that."
        case .noTimer: "No timer runs."
        case .operationReused(let opId): "The opId '\(opId)' was already used for a different change; use a new one."
        }
    }
}
