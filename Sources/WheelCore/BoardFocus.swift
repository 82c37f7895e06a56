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
    public var view: BoardView?
    /// The projector shows nothing (a pause); the rest of the focus stays for when it returns.
    public var blank: Bool?
    /// Layers drawn over the wheel and the matrix (see `BoardOverlay`).
    public var overlays: [String]?

    public init(
        screen: Screen, dimension: String? = nil, competence: String? = nil, caseID: String? = nil,
        view: BoardView? = nil, blank: Bool? = nil, overlays: [String]? = nil
    ) {
        self.screen = screen
        self.dimension = dimension
        self.competence = competence
        self.caseID = caseID
        self.view = view
        self.blank = blank
        self.overlays = overlays
    }

    public static let lobby = BoardFocus(screen: .lobby)

    /// Reads a view this server does not know as none (the board then shows the wheel, as it
    /// always did for one): events stored before views were checked still load. A client's
    /// `focus` message is checked strictly (`ClientMessage.Focus`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        screen = try c.decode(Screen.self, forKey: .screen)
        dimension = try c.decodeIfPresent(String.self, forKey: .dimension)
        competence = try c.decodeIfPresent(String.self, forKey: .competence)
        caseID = try c.decodeIfPresent(String.self, forKey: .caseID)
        view = try c.decodeIfPresent(String.self, forKey: .view).flatMap(BoardView.init(rawValue:))
        blank = try c.decodeIfPresent(Bool.self, forKey: .blank)
        overlays = try c.decodeIfPresent([String].self, forKey: .overlays)
    }
}

/// A layer over the wheel and the matrix, as `BoardFocus.overlays` names it.
public enum BoardOverlay: Hashable, Sendable {
    /// The expected levels of the workshop's role profile (`settings.roleProfile`).
    case roleProfile
    /// The earlier run this workshop re-runs.
    case earlier
    /// One of `settings.groups`.
    case group(String)

    public init?(name: String) {
        switch name {
        case "roleProfile": self = .roleProfile
        case "earlier": self = .earlier
        default:
            guard name.hasPrefix("group:"), name.count > 6 else { return nil }
            self = .group(String(name.dropFirst(6)))
        }
    }

    public static let maxLayers = 3
}

/// The result views the board can show (`BoardFocus.view` on the `results` screen); no
/// view means the wheel.
public enum BoardView: String, CaseIterable, Codable, Sendable {
    /// `points`: the 100-point round per competence; `priority`: the combined priority
    /// ranking (docs/results.md), which the board computes from `results`.
    case wheel, ranking, matrix, dots, points, ideas, priority

    /// Refuses a name that is not a view, saying which names are.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let view = BoardView(rawValue: name) else {
            let views = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "'\(name)' is not one of \(views)."))
        }
        self = view
    }
}
