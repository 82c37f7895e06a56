import Foundation
import Testing
import WheelCore
import WheelProtocol

@Suite("Wire coding")
struct WireCodingTests {
    // MARK: Round trips

    @Test func everyClientTypeHasASample() {
        let sampled = Set(Catalogue.clientSamples.map(Catalogue.clientType))
        #expect(sampled == Set(Catalogue.clientTypes))
        #expect(Catalogue.clientTypes.count == Set(Catalogue.clientTypes).count)
        for message in Catalogue.clientSamples {
            #expect(message.type == Catalogue.clientType(message))
        }
    }

    @Test func everyServerTypeHasASample() {
        let sampled = Set(Catalogue.serverSamples.map(Catalogue.serverType))
        #expect(sampled == Set(Catalogue.serverTypes))
        for message in Catalogue.serverSamples {
            #expect(message.type == Catalogue.serverType(message))
        }
    }

    @Test(arguments: Catalogue.clientSamples)
    func clientMessageRoundTrips(_ message: ClientMessage) throws {
        let encoded = WireCoding.encode(message)
        #expect(try WireCoding.decodeClient(encoded) == message)
        #expect(try JSONValue(encoded)["type"] == .string(message.type))
    }

    @Test func serverMessagesRoundTrip() throws {
        for message in Catalogue.serverSamples {
            let encoded = WireCoding.encode(message)
            #expect(try WireCoding.decodeServer(encoded) == message)
            #expect(try JSONValue(encoded)["type"] == .string(message.type))
        }
    }

    /// The wire form is canonical: sorted keys, `type` beside the payload, absent optionals omitted.
    @Test func encodingIsCanonical() {
        let rate = ClientMessage.rate(.init(opId: "a1", round: .importance, competence: "dataanvendelse", value: 4))
        #expect(String(decoding: WireCoding.encode(rate), as: UTF8.self)
            == #"{"competence":"dataanvendelse","opId":"a1","round":"importance","type":"rate","value":4}"#)
        #expect(String(decoding: WireCoding.encode(ServerMessage.ack(.init(opId: "a1"))), as: UTF8.self)
            == #"{"ok":true,"opId":"a1","type":"ack"}"#)
        #expect(String(decoding: WireCoding.encode(ServerMessage.pong), as: UTF8.self) == #"{"type":"pong"}"#)
        #expect(String(decoding: WireCoding.encode(ServerMessage.error(.init(opId: nil, code: "too_large", message: "x"))), as: UTF8.self)
            == #"{"code":"too_large","message":"x","type":"error"}"#)
        // Dictionaries keyed by round are JSON objects, not key/value arrays.
        var view = View()
        view.rounds = [.importance: .open, .level: .idle, .dots: .idle, .points: .idle, .ideas: .idle]
        // With `rounds` come `activeRound`, `timer` (both may be null) and the server's clock.
        #expect(String(decoding: WireCoding.encode(.update(.init(seq: 1, state: view, serverTime: 1_764_680_400_000))), as: UTF8.self)
            == #"{"seq":1,"serverTime":1764680400000,"state":{"activeRound":null,"rounds":{"dots":"idle","ideas":"idle","importance":"open","level":"idle","points":"idle"},"timer":null},"type":"update"}"#)
    }

    // MARK: Decoding errors

    private func decodingError(_ text: String) -> ProtocolError? {
        do {
            _ = try WireCoding.decodeClient(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [#"{"type":"rate","#, "", "not json", #"{"type":"ping"} trailing"#, "{'type':'ping'}"])
    func malformedJSON(_ text: String) {
        let error = decodingError(text)
        #expect(error == .malformedJSON)
        #expect(error?.code == "malformed_json")
    }

    @Test func unknownType() {
        let error = decodingError(#"{"type":"vote","opId":"a1"}"#)
        #expect(error == .unknownType("vote"))
        #expect(error?.code == "unknown_type")
        #expect(error?.message == "Unknown message type 'vote'.")
    }

    @Test func typeNamesAreCaseSensitive() {
        #expect(decodingError(#"{"type":"Rate","opId":"a1","round":"level","competence":"x","value":3}"#) == .unknownType("Rate"))
    }

    @Test(arguments: [
        (#"{"type":"rate","opId":"a1","round":"level","competence":"x"}"#, "value"),
        (#"{"type":"rate","round":"level","competence":"x","value":3}"#, "opId"),
        (#"{"type":"setDots","opId":"a1","competence":"x"}"#, "count"),
        (#"{"type":"allocatePoints","opId":"a1"}"#, "points"),
        (#"{"type":"submitIdea","opId":"a1"}"#, "text"),
        (#"{"type":"openRound","opId":"a1"}"#, "round"),
        (#"{"type":"moderateIdea","opId":"a1","idea":"i1"}"#, "approve"),
        (#"{"type":"focus","opId":"a1","focus":{}}"#, "focus.screen"),
        (#"{"type":"addProxy","opId":"a1"}"#, "name"),
        (#"{"type":"proxyVote","opId":"a1","participant":"x1","vote":{"type":"rate","round":"level","value":3}}"#, "vote.competence"),
        (#"{"type":"removeAction","opId":"a1"}"#, "action"),
        (#"{"opId":"a1"}"#, "type"),
    ])
    func missingFieldIsNamed(_ text: String, field: String) throws {
        let error = try #require(decodingError(text))
        #expect(error.code == "invalid_message")
        #expect(error.message == "Missing field '\(field)'.")
    }

    @Test(arguments: [
        (#"{"type":"rate","opId":"a1","round":"level","competence":"x","value":"4"}"#, "value"),
        (#"{"type":"rate","opId":7,"round":"level","competence":"x","value":4}"#, "opId"),
        (#"{"type":"moderateIdea","opId":"a1","idea":"i1","approve":"yes"}"#, "approve"),
        (#"{"type":"allocatePoints","opId":"a1","points":[60,40]}"#, "points"),
        (#"{"type":"rename","opId":"a1","name":5}"#, "name"),
        (#"{"type":5}"#, "type"),
    ])
    func wrongTypeIsInvalidMessage(_ text: String, field: String) throws {
        let error = try #require(decodingError(text))
        #expect(error.code == "invalid_message")
        #expect(error.message == "Field '\(field)' has the wrong type.")
    }

    @Test(arguments: [
        (#"{"type":"rate","opId":"a1","round":"weekly","competence":"x","value":4}"#, "round"),
        (#"{"type":"focus","opId":"a1","focus":{"screen":"cinema"}}"#, "focus.screen"),
        (#"{"type":"proxyVote","opId":"a1","participant":"x1","vote":{"type":"rename"}}"#, "vote.type"),
    ])
    func invalidValueIsNamed(_ text: String, field: String) throws {
        let error = try #require(decodingError(text))
        #expect(error.code == "invalid_message")
        #expect(error.message.hasPrefix("Field '\(field)' is invalid"))
    }

    /// Valid JSON that is not an object: not malformed, but not a message either.
    @Test(arguments: ["[]", #""hello""#, "42", "null"])
    func nonObjectIsInvalidMessage(_ text: String) {
        #expect(decodingError(text)?.code == "invalid_message")
    }

    /// Optional fields may be absent or null; unknown fields are ignored.
    @Test func optionalAndUnknownFields() throws {
        #expect(try WireCoding.decodeClient(Array(#"{"type":"hello"}"#.utf8)) == .hello(.init(protocol: nil)))
        #expect(try WireCoding.decodeClient(Array(#"{"type":"rename","opId":"a1","name":null}"#.utf8))
            == .rename(.init(opId: "a1", name: nil)))
        #expect(try WireCoding.decodeClient(Array(#"{"type":"ping","extra":1}"#.utf8)) == .ping)
        #expect(try WireCoding.decodeClient(Array(#"{"type":"submitIdea","opId":"a1","text":"Idé"}"#.utf8))
            == .submitIdea(.init(opId: "a1", text: "Idé", competence: nil)))
    }

    @Test func protocolErrorCodes() {
        #expect(ProtocolError.tooLarge(limit: 16384).code == "too_large")
        #expect(ProtocolError.tooLarge(limit: 16384).message == "The frame is larger than 16384 bytes.")
        #expect(ProtocolError.binaryFrame.code == "invalid_message")
        #expect(ProtocolError.invalidMessage("Why.").message == "Why.")
    }

    @Test func unknownServerTypeDoesNotDecode() {
        #expect(throws: (any Error).self) {
            try WireCoding.decodeServer(Data(#"{"type":"goodbye"}"#.utf8))
        }
    }

    @Test func protocolVersionIsOne() {
        #expect(ProtocolVersion.current == 1)
        #expect(ClientMessage.Hello().protocol == 1)
    }
}
