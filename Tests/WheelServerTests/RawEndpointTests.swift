import Testing

@testable import WheelRawEndpoint
@testable import WheelServer

/// The raw benchmark endpoint's parts that need no socket: its switch and its JSON scanner
/// (its sockets: SocketTests).
@Suite struct RawEndpointTests {
    @Test func isOffUnlessAskedFor() throws {
        #expect(try ServerConfig.resolve(environment: [:]).rawEndpoint == false)
        #expect(try ServerConfig.resolve(environment: ["WHEELHOUSE_RAW_ENDPOINT": "1"]).rawEndpoint)
        #expect(try ServerConfig.resolve(rawEndpoint: false, environment: ["WHEELHOUSE_RAW_ENDPOINT": "1"]).rawEndpoint == false)
        #expect(throws: ServerConfig.ConfigError.self) {
            try ServerConfig.resolve(environment: ["WHEELHOUSE_RAW_ENDPOINT": "maybe"])
        }
    }

    private func fields(_ text: String) -> (type: String, payload: String?)? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            TopLevelJSON.fields(in: raw).map { found in
                (String(decoding: bytes[found.type], as: UTF8.self),
                 found.payload.map { String(decoding: bytes[$0], as: UTF8.self) })
            }
        }
    }

    @Test func findsTheTypeAndThePayloadOfAnyShape() {
        #expect(fields(#"{"type":"echo","payload":{"a":[1,"}",{"b":null}]}}"#)! == ("echo", #"{"a":[1,"}",{"b":null}]}"#))
        #expect(fields(#" { "payload" : "x \" y" , "type" : "broadcast" } "#)! == ("broadcast", #""x \" y""#))
        #expect(fields(#"{"type":"broadcast","payload":-12.5e3}"#)! == ("broadcast", "-12.5e3"))
        #expect(fields(#"{"type":"echo"}"#)! == ("echo", nil))
        #expect(fields(#"{"nested":{"type":"no"},"type":"yes","payload":[]}"#)! == ("yes", "[]"))
    }

    @Test func refusesWhatIsNotAnObjectWithAType() {
        for text in ["", "[]", "not json", #"{"type":1}"#, #"{"payload":2}"#, #"{"type":"echo""#, #"{"type" "echo"}"#] {
            #expect(fields(text) == nil, "\(text)")
        }
    }
}
