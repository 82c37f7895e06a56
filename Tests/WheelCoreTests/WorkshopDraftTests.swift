import Foundation
import Testing
import WheelCore

/// A new workshop's title and settings (`POST /api/workshops`): the limits, the messages the
/// API answers with, and how a re-run's earlier settings meet the ones given.
@Suite("Workshop draft")
struct WorkshopDraftTests {
    private typealias Requested = WorkshopSettings.Requested

    private func settings(
        _ requested: Requested?, earlier: WorkshopSettings? = nil, max: Int = 2000
    ) throws(WorkshopError) -> WorkshopSettings {
        try WorkshopDraft.settings(requested, earlier: earlier, maxParticipants: max, framework: Wheel.framework)
    }

    private func refused(_ requested: Requested?, earlier: WorkshopSettings? = nil, max: Int = 2000) -> WorkshopError? {
        refusal { _ = try settings(requested, earlier: earlier, max: max) }
    }

    // MARK: Title

    @Test("The title is cleaned like every text people type")
    func cleanedTitle() throws {
        #expect(try WorkshopDraft.title("  Team \u{202E}Nord\n ") == "Team Nord")
    }

    @Test("An empty or invisible title is an invalid value", arguments: ["", "   ", "\u{200B}\u{3164}"])
    func emptyTitle(title: String) {
        let error = refusal { _ = try WorkshopDraft.title(title) }
        #expect(error == .invalidValue("The title is empty."))
        #expect(error?.code == "invalid_value")
        #expect(error?.message == "The title is empty.")
    }

    @Test("A title of 120 characters is taken, 121 is too long")
    func titleLength() throws {
        #expect(try WorkshopDraft.title(String(repeating: "a", count: 120)).count == 120)
        let error = refusal { _ = try WorkshopDraft.title(String(repeating: "a", count: 121)) }
        #expect(error?.code == "text_too_long")
        #expect(error?.message == "title is longer than 120 characters.")
    }

    // MARK: Defaults

    @Test("No settings: the defaults, with the server's participant limit")
    func defaults() throws {
        let result = try settings(nil, max: 300)
        #expect(result == WorkshopSettings(maxParticipants: 300))
        #expect(try settings(Requested(), max: 300) == WorkshopSettings(maxParticipants: 300))
    }

    // MARK: Dots

    @Test("Dots per participant: 1 and 50 are taken", arguments: [1, 50])
    func dotsTaken(dots: Int) throws {
        let result = try settings(Requested(dotsPerParticipant: dots))
        #expect(result.dotsPerParticipant == dots)
        // Left out, the dots per competence stay at the default, at most the dots.
        #expect(result.maxDotsPerCompetence == min(3, dots))
    }

    @Test("Dots per participant: 0, 51 and beyond are refused", arguments: [0, 51, -1, Int.min, Int.max])
    func dotsRefused(dots: Int) {
        let error = refused(Requested(dotsPerParticipant: dots))
        #expect(error == .invalidValue("dotsPerParticipant must be 1-50."))
        #expect(error?.code == "invalid_value")
    }

    @Test("Dots on one competence: 1 up to the dots per participant", arguments: [1, 7])
    func dotsPerCompetenceTaken(limit: Int) throws {
        let result = try settings(Requested(dotsPerParticipant: 7, maxDotsPerCompetence: limit))
        #expect(result.maxDotsPerCompetence == limit)
    }

    @Test("Dots on one competence: 0, or more than the dots, are refused", arguments: [0, 8, -3, Int.max])
    func dotsPerCompetenceRefused(limit: Int) {
        #expect(refused(Requested(dotsPerParticipant: 7, maxDotsPerCompetence: limit))
            == .invalidValue("maxDotsPerCompetence must be 1 to dotsPerParticipant."))
    }

    @Test("Dots on one competence above the default dots are refused when the dots are left out")
    func dotsPerCompetenceAboveDefault() {
        #expect(refused(Requested(maxDotsPerCompetence: 6))
            == .invalidValue("maxDotsPerCompetence must be 1 to dotsPerParticipant."))
    }

    // MARK: Participants

    @Test("Participants: 1 up to the server's limit", arguments: [1, 250])
    func participantsTaken(count: Int) throws {
        #expect(try settings(Requested(maxParticipants: count), max: 250).maxParticipants == count)
    }

    @Test("Participants: 0, or above the server's limit, are refused", arguments: [0, 251, -1, Int.max])
    func participantsRefused(count: Int) {
        let error = refused(Requested(maxParticipants: count), max: 250)
        #expect(error == .invalidValue("maxParticipants must be 1-250."))
    }

    // MARK: Role profile

    @Test("A role profile of the chosen plugins is taken")
    func knownProfile() throws {
        #expect(try settings(Requested(roleProfile: Wheel.profileID)).roleProfile == Wheel.profileID)
    }

    @Test("A role profile the chosen plugins lack is refused")
    func unknownProfile() {
        let error = refused(Requested(roleProfile: "astronaut"))
        #expect(error == .invalidValue("No role profile 'astronaut' in the chosen plugins."))
        #expect(error?.code == "invalid_value")
    }

    // MARK: Idea backings

    @Test("Idea backings: 3 by default, 0 (off) to 10 taken", arguments: [0, 1, 10])
    func backingsTaken(count: Int) throws {
        #expect(try settings(nil).ideaBackings == 3)
        #expect(try settings(Requested(ideaBackings: count)).ideaBackings == count)
    }

    @Test("Idea backings: below 0 or above 10 are refused", arguments: [-1, 11, Int.max, Int.min])
    func backingsRefused(count: Int) {
        #expect(refused(Requested(ideaBackings: count)) == .invalidValue("ideaBackings must be 0-10."))
    }

    @Test("Settings stored before idea backings existed read with the default")
    func storedSettingsWithoutBackings() throws {
        let json = #"{"dotsPerParticipant":5,"maxDotsPerCompetence":3,"blindVoting":true,"maxParticipants":40}"#
        let stored = try JSONDecoder().decode(WorkshopSettings.self, from: Data(json.utf8))
        #expect(stored == WorkshopSettings(maxParticipants: 40))
        let roundTrip = try JSONDecoder().decode(
            WorkshopSettings.self, from: JSONEncoder().encode(WorkshopSettings(ideaBackings: 7)))
        #expect(roundTrip.ideaBackings == 7)
    }

    // MARK: Re-runs

    private let earlier = WorkshopSettings(
        dotsPerParticipant: 10, maxDotsPerCompetence: 4, blindVoting: false, maxParticipants: 40,
        roleProfile: Wheel.profileID, ideaBackings: 5)

    @Test("A re-run without settings keeps every earlier one, the role profile too")
    func rerunKeepsAll() throws {
        #expect(try settings(nil, earlier: earlier) == earlier)
    }

    @Test("A re-run with some settings keeps the others, but not the role profile")
    func rerunMerges() throws {
        let result = try settings(Requested(blindVoting: true, maxParticipants: 60), earlier: earlier)
        #expect(result == WorkshopSettings(
            dotsPerParticipant: 10, maxDotsPerCompetence: 4, blindVoting: true, maxParticipants: 60, roleProfile: nil,
            ideaBackings: 5))
        #expect(try settings(Requested(roleProfile: Wheel.profileID), earlier: earlier).roleProfile == Wheel.profileID)
    }

    @Test("A re-run with fewer dots lowers the earlier dots per competence to fit")
    func rerunFewerDots() throws {
        let result = try settings(Requested(dotsPerParticipant: 2), earlier: earlier)
        #expect(result.dotsPerParticipant == 2)
        #expect(result.maxDotsPerCompetence == 2)
    }

    @Test("A re-run's earlier settings are checked again: the server's limit may be lower now")
    func rerunChecked() {
        #expect(refused(nil, earlier: earlier, max: 30) == .invalidValue("maxParticipants must be 1-30."))
    }

    @Test("A re-run's earlier role profile must be in the plugins chosen now")
    func rerunProfileChecked() {
        let gone = WorkshopSettings(roleProfile: "retired")
        #expect(refused(nil, earlier: gone) == .invalidValue("No role profile 'retired' in the chosen plugins."))
    }
}
