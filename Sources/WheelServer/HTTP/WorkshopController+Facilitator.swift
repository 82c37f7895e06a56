import Foundation
import Hummingbird
import WheelCore

/// What only the facilitator's token reads over HTTP besides the exports: the plugins' notes
/// and the action plan as a calendar. (The QR code that opens the console on a phone is
/// drawn in the browser, `web/js/console/qr.js`, so the token never needs a server round trip.)
extension WorkshopController {
    /// The notes endpoint's answer: target kind (`dimensions`, `competences`, `cases`) → id →
    /// the notes on it, one per plugin.
    struct NotesAnswer: ResponseEncodable {
        struct Note: Encodable {
            var plugin: String
            var text: LocalizedText
        }

        var dimensions: [String: [Note]]?
        var competences: [String: [Note]]?
        var cases: [String: [Note]]?

        init(_ notes: [FacilitatorNote]) {
            func group(_ target: FacilitatorNote.Target) -> [String: [Note]]? {
                let chosen = notes.filter { $0.target == target }
                guard !chosen.isEmpty else { return nil }
                return Dictionary(grouping: chosen, by: \.id).mapValues { $0.map { Note(plugin: $0.plugin, text: $0.text) } }
            }
            dimensions = group(.dimension)
            competences = group(.competence)
            cases = group(.case)
        }
    }

    func addFacilitatorRoutes(to router: Router<some RemoteAddressRequestContext>) {
        router.get("api/workshops/:id/notes") { request, context -> Response in
            let room = try await facilitatorRoom(request, context)
            return try Self.json(NotesAnswer(room.info.framework.facilitatorNotes ?? []), headers: [.cacheControl: "no-store"])
        }
        router.get("api/workshops/:id/actions.ics") { request, context -> Response in
            let room = try await facilitatorRoom(request, context)
            let workshop = await room.workshop
            let calendar = ActionCalendar.render(workshop: workshop, now: Date())
            return Response(
                status: .ok,
                headers: [.contentType: "text/calendar; charset=utf-8",
                          .contentDisposition: "attachment; filename=\"wheelhouse-\(room.id)-actions.ics\""],
                body: .init(byteBuffer: ByteBuffer(string: calendar)))
        }
    }
}
