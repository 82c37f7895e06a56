/// Who is asking.
public enum Actor: Hashable, Sendable {
    case participant(String)
    case facilitator
}

/// A request to change a workshop. `decide` validates it against the current state.
public enum Command: Hashable, Sendable {
    case rate(round: RoundKind, competence: String, value: Int)
    case setDots(competence: String, count: Int)
    case allocatePoints([String: Int])
    case submitIdea(idea: String, text: String, competence: String?)
    case rename(String?)
    /// Picks one of `settings.groups`, or none.
    case setGroup(String?)
    case openRound(RoundKind)
    case closeRound(RoundKind)
    case revealRound(RoundKind)
    case resetRound(RoundKind)
    case moderateIdea(idea: String, approve: Bool)
    case backIdea(idea: String, backed: Bool)
    case mergeIdea(idea: String, into: String)
    case focus(BoardFocus)
    /// A countdown on the open `round`; `now` is the server's clock (ms since the epoch).
    case startTimer(round: RoundKind, seconds: Int, now: Int)
    case extendTimer(seconds: Int, now: Int)
    case cancelTimer
    /// The server itself, once `timer` ran out: closes its round (never sent by a client).
    case expireTimer(RoundTimer, now: Int)
    case saveAction(ActionItem)
    case removeAction(String)
    indirect case proxy(participant: String, Command)

    var needsFacilitator: Bool {
        switch self {
        case .rate, .setDots, .allocatePoints, .submitIdea, .backIdea, .rename, .setGroup: false
        default: true
        }
    }
}
