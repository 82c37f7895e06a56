/// What the board shows besides a round: the lobby, the introduction to the wheel
/// (optionally one dimension, competence or case), or a result view.
public struct BoardFocus: Codable, Hashable, Sendable {
    public enum Screen: String, Codable, Sendable {
        case lobby, intro, round, results, actions
    }

    public var screen: Screen
    public var dimension: String?
    public var competence: String?
    public var caseID: String?
    public var view: String?

    public init(
        screen: Screen, dimension: String? = nil, competence: String? = nil, caseID: String? = nil,
        view: String? = nil
    ) {
        self.screen = screen
        self.dimension = dimension
        self.competence = competence
        self.caseID = caseID
        self.view = view
    }

    public static let lobby = BoardFocus(screen: .lobby)
}
