/// Guidance for the facilitator on one dimension, competence or case, from a plugin. Kept in
/// `WorkshopInfo`, apart from the `Framework` that boards and phones fetch, so no encoding of
/// the wheel can carry them; only the facilitator's console reads them
/// (`GET /api/workshops/{id}/notes`).
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
