import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import WheelServer

/// Behind a trusted proxy the per-address limits count the client, not the proxy; a client
/// that is not behind one cannot pick its own address with a header.
@Suite("Client address behind a proxy")
struct ClientAddressTests {
    private func request(forwardedFor: String?) -> Request {
        var head = HTTPRequest(method: .get, scheme: "http", authority: "wheel.example", path: "/ws/participant")
        if let forwardedFor { head.headerFields[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    private let proxy = try! SocketAddress(ipAddress: "10.0.0.2", port: 40000)
    private let stranger = try! SocketAddress(ipAddress: "192.0.2.7", port: 40000)
    private let addresses = ClientAddress(trustedProxies: ["10.0.0.2"])

    @Test("A trusted proxy's last X-Forwarded-For entry is the client; earlier entries are the client's own claim")
    func trustedProxy() {
        #expect(addresses.of(request(forwardedFor: "203.0.113.5"), peer: proxy) == "203.0.113.5")
        #expect(addresses.of(request(forwardedFor: "6.6.6.6, 203.0.113.5"), peer: proxy) == "203.0.113.5")
        #expect(addresses.of(request(forwardedFor: "2001:db8::1"), peer: proxy) == "2001:db8::1")
        // With a port, in brackets, or from a dual-stack socket: still the one host.
        #expect(addresses.of(request(forwardedFor: "203.0.113.5:51234"), peer: proxy) == "203.0.113.5")
        #expect(addresses.of(request(forwardedFor: "[2001:db8::1]:443"), peer: proxy) == "2001:db8::1")
        let mapped = try! SocketAddress(ipAddress: "::ffff:10.0.0.2", port: 40000)
        #expect(addresses.of(request(forwardedFor: "203.0.113.5"), peer: mapped) == "203.0.113.5")
    }

    @Test("Anyone else's header is ignored, and so is a value that is not an address")
    func untrusted() {
        #expect(addresses.of(request(forwardedFor: "203.0.113.5"), peer: stranger) == "192.0.2.7")
        #expect(addresses.of(request(forwardedFor: "not-an-ip"), peer: proxy) == "10.0.0.2")
        #expect(addresses.of(request(forwardedFor: ""), peer: proxy) == "10.0.0.2")
        #expect(addresses.of(request(forwardedFor: nil), peer: proxy) == "10.0.0.2")
    }
}
