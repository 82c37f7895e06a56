/// The part of a workshop's wheel a participant's phone draws (`GET
/// /api/workshops/{id}/wheel?view=phone`): dimension and competence titles, a competence's
/// description and first examples (its (i) panel), case titles (the "next up" line) and
/// inspiration titles (the action plan's cards). Stories, role profiles, underlying
/// competences and the long descriptions stay with the board, the console and the report,
/// which fetch the whole wheel: on a weak phone connection every kilobyte before the first
/// vote counts.
public struct PhoneWheel: Encodable, Hashable, Sendable {
    /// The (i) panel shows this many examples of a competence.
    public static let examplesShown = 3

    public struct Dimension: Encodable, Hashable, Sendable {
        public var id: String
        public var color: String?
        public var title: LocalizedText
        public var competences: [Competence]
    }

    public struct Competence: Encodable, Hashable, Sendable {
        public var id: String
        public var title: LocalizedText
        public var description: LocalizedText?
        public var examples: [LocalizedText]
    }

    public struct Titled: Encodable, Hashable, Sendable {
        public var id: String
        public var title: LocalizedText
    }

    public struct InspirationTitle: Encodable, Hashable, Sendable {
        public var id: String
        public var competence: String
        public var title: LocalizedText
    }

    public var dimensions: [Dimension]
    public var cases: [Titled]
    public var inspiration: [InspirationTitle]

    public init(_ framework: Framework) {
        dimensions = framework.dimensions.map { dimension in
            Dimension(
                id: dimension.id, color: dimension.color, title: dimension.title,
                competences: dimension.competences.map {
                    Competence(
                        id: $0.id, title: $0.title, description: $0.description,
                        examples: Array($0.examples.prefix(Self.examplesShown)))
                })
        }
        cases = framework.cases.map { Titled(id: $0.id, title: $0.title) }
        inspiration = framework.inspiration.map { InspirationTitle(id: $0.id, competence: $0.competence, title: $0.title) }
    }
}
