import Testing
import WheelCore
@testable import WheelPlugins

/// Issue 16: plugins carry guidance for the facilitator per dimension, competence and case.
@Suite("Facilitator notes")
struct FacilitatorNoteTests {
    /// The eldercare fixture with notes on its own items and on the base plugin's.
    static let noted = Fixture.eldercare + """

        facilitatorNotes:
          dimensions:
            ae-velfaerdsteknologi: {da: Start med borgernes teknologi, en: Start from the citizens' technology}
          competences:
            brugerkompetencer: {da: Spørg efter hverdagen}
            ae-skaermbesoeg: {da: Et godt og et dårligt skærmbesøg, en: One good and one bad screen visit}
          cases:
            ae-case-skaermbesoeg: {da: Svar i par først}
        """

    @Test("Notes are read, merged into the framework with their plugin, and left out of its public form")
    func readAndMerged() throws {
        let catalog = check([("base", Fixture.base), ("eldercare", Self.noted)])
        #expect(catalog.found("eldercare") == [])
        let framework = try catalog.framework(for: ["eldercare"])
        let notes = try #require(framework.facilitatorNotes)
        #expect(Set(notes.map { "\($0.target.rawValue):\($0.id):\($0.plugin)" }) == [
            "dimension:ae-velfaerdsteknologi:eldercare", "competence:brugerkompetencer:eldercare",
            "competence:ae-skaermbesoeg:eldercare", "case:ae-case-skaermbesoeg:eldercare",
        ])
        #expect(notes.first { $0.id == "ae-skaermbesoeg" }?.text == LocalizedText(da: "Et godt og et dårligt skærmbesøg", en: "One good and one bad screen visit"))
        #expect(framework.public.facilitatorNotes == nil)
        #expect(framework.public.competences == framework.competences)
        // A workshop on the base plugin alone gets none.
        #expect(try catalog.framework(for: ["base"]).facilitatorNotes == nil)
    }

    @Test("Broken notes name their field: unknown ids, a missing Danish text, too long, wrong shapes, typos")
    func refusals() {
        func found(_ notes: String) -> [Found] {
            check([("base", Fixture.base), ("eldercare", Fixture.eldercare + "\nfacilitatorNotes:\n" + notes)]).found("eldercare")
        }
        let e = "eldercare/plugin.yaml"
        #expect(found("  competences:\n    ae-skarmbesoeg: {da: x}")
            == [Found(e, "facilitatorNotes.competences.ae-skarmbesoeg", .danglingReference)])
        #expect(found("  dimensions:\n    brugerkompetencer: {da: x}")
            == [Found(e, "facilitatorNotes.dimensions.brugerkompetencer", .danglingReference)], "a competence is not a dimension")
        #expect(found("  cases:\n    ae-case-nope: {da: x}") == [Found(e, "facilitatorNotes.cases.ae-case-nope", .danglingReference)])
        #expect(found("  competences:\n    ae-skaermbesoeg: {en: only English}")
            == [Found(e, "facilitatorNotes.competences.ae-skaermbesoeg.da", .missingDanish)])
        #expect(found("  competences:\n    ae-skaermbesoeg: {da: \(String(repeating: "x", count: 1001))}")
            == [Found(e, "facilitatorNotes.competences.ae-skaermbesoeg.da", .tooLong)])
        #expect(found("  competences:\n    ae-skaermbesoeg: just text") == [Found(e, "facilitatorNotes.competences.ae-skaermbesoeg", .wrongType)])
        #expect(found("  competences: [ae-skaermbesoeg]") == [Found(e, "facilitatorNotes.competences", .wrongType)])
        #expect(found("  competence:\n    ae-skaermbesoeg: {da: x}") == [Found(e, "facilitatorNotes.competence", .unknownKey)])
        #expect(found("  competences:\n    Bad_Id: {da: x}") == [Found(e, "facilitatorNotes.competences.Bad_Id", .invalidID)])
    }
}
