/// The facts a workshop's state is made of. Stored in order; replaying them rebuilds the state.
public enum WorkshopEvent: Codable, Hashable, Sendable {
    case joined(participant: String, token: String, name: String?, proxy: Bool)
    case renamed(participant: String, name: String?)
    /// A participant picks a sub-group (`nil`: none).
    case grouped(participant: String, group: String?)
    case roundOpened(RoundKind)
    case roundClosed(RoundKind)
    case roundRevealed(RoundKind)
    case roundReset(RoundKind)
    case rated(participant: String, round: RoundKind, competence: String, value: Int)
    case dotsSet(participant: String, competence: String, count: Int)
    case pointsAllocated(participant: String, points: [String: Int])
    case ideaSubmitted(idea: String, participant: String, text: String, competence: String?)
    case ideaModerated(idea: String, status: IdeaStatus)
    /// A participant backs an approved idea (`backed`), or withdraws that backing.
    case ideaBacked(participant: String, idea: String, backed: Bool)
    /// `idea` is a duplicate of `into`: its backers move to `into`.
    case ideaMerged(idea: String, into: String)
    case focused(BoardFocus)
    /// A countdown started on an open round, or a running one was extended (replaces any timer).
    case timerStarted(RoundTimer)
    case timerCancelled(RoundKind)
    case actionSaved(ActionItem)
    case actionRemoved(String)
}
