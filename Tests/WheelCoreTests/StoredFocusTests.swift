import Foundation
import Testing
import WheelCore

@Suite("Stored focus events")
struct StoredFocusTests {
    private func event(view: String) throws -> WorkshopEvent {
        let json = #"{"focused":{"_0":{"screen":"results","view":"\#(view)"}}}"#
        return try JSONDecoder().decode(WorkshopEvent.self, from: Data(json.utf8))
    }

    @Test("A stored focus with a view name reads it back")
    func knownView() throws {
        let focus = BoardFocus(screen: .results, view: .ranking)
        let stored = try JSONEncoder().encode(WorkshopEvent.focused(focus))
        #expect(String(decoding: stored, as: UTF8.self).contains(#""view":"ranking""#))
        #expect(try event(view: "ranking") == .focused(focus))
    }

    @Test("A stored focus with a view the server does not know loads as no view (the wheel)")
    func unknownView() throws {
        #expect(try event(view: "gap") == .focused(BoardFocus(screen: .results)))
    }
}
