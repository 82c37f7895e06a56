import Foundation
import Testing
import WheelCore
import WheelProtocol

@Suite("Board views on the wire")
struct BoardViewWireTests {
    private func decode(_ text: String) throws(ProtocolError) -> ClientMessage {
        try WireCoding.decodeClient(Array(text.utf8))
    }

    @Test("Every board view is accepted by name", arguments: BoardView.allCases)
    func knownView(_ view: BoardView) throws {
        let text = #"{"type":"focus","opId":"f1","focus":{"screen":"results","view":"\#(view.rawValue)"}}"#
        #expect(try decode(text) == .focus(.init(opId: "f1", focus: BoardFocus(screen: .results, view: view))))
    }

    @Test("No view, or null, is no view")
    func noView() throws {
        let expected = ClientMessage.focus(.init(opId: "f1", focus: BoardFocus(screen: .results)))
        #expect(try decode(#"{"type":"focus","opId":"f1","focus":{"screen":"results"}}"#) == expected)
        #expect(try decode(#"{"type":"focus","opId":"f1","focus":{"screen":"results","view":null}}"#) == expected)
    }

    @Test("An unknown view is refused as invalid_message naming focus.view and the views")
    func unknownView() {
        #expect(throws: ProtocolError.invalidMessage(
            "Field 'focus.view' is invalid: 'gap' is not one of wheel, ranking, matrix, dots, points, ideas, priority.")) {
            try decode(#"{"type":"focus","opId":"f1","focus":{"screen":"results","view":"gap"}}"#)
        }
        #expect(throws: ProtocolError.invalidMessage("Field 'focus.view' has the wrong type.")) {
            try decode(#"{"type":"focus","opId":"f1","focus":{"screen":"results","view":3}}"#)
        }
    }

    @Test("A focus encodes its view by name")
    func encodesByName() throws {
        let message = ClientMessage.focus(.init(opId: "f1", focus: BoardFocus(screen: .results, view: .matrix)))
        let json = String(decoding: WireCoding.encode(message), as: UTF8.self)
        #expect(json.contains(#""view":"matrix""#))
        #expect(try WireCoding.decodeClient(WireCoding.encode(message)) == message)
    }
}
