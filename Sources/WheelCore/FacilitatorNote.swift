/// Guidance for the facilitator on one dimension, competence or case, from a plugin. Only the
/// facilitator's console reads notes (`GET /api/workshops/{id}/notes`): the wheel boards and
/// phones fetch is sent without them (`Framework.public`).
public struct FacilitatorNote: Codable, Hashable, Sendable {
    public enum Target: String, Codable, Sendable, CaseIterable {
        case dimension, competence, `case`

        /// The key of the manifest's `facilitatorNotes` mapping, and of the notes endpoint's answer.
        public var plural: String {
            switch self {
            case .dimension: "dimensions"
            case .competence: "competences"
            case .case: "cases"
            }
        }
    }

    public var target: Target
    /// The id of the dimension, competence or case.
    public var id: String
    public var plugin: String
    public var text: LocalizedText

    public init(target: Target, id: String, plugin: String, text: LocalizedText) {
        self.target = target
        self.id = id
        self.plugin = plugin
        self.text = text
    }
}

extension Framework {
    /// The framework as everyone may see it: without the facilitator's notes.
    public var `public`: Framework {
        var copy = self
        copy.facilitatorNotes = nil
        return copy
    }
}
