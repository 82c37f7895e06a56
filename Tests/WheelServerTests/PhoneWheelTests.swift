import Foundation
import HummingbirdTesting
import NIOCore
import Testing
import WheelCore

@testable import WheelServer

/// `GET /api/workshops/{id}/wheel?view=phone`: what the phone draws, nothing it does not.
@Suite struct PhoneWheelTests {
    private func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
    }

    @Test("The phone's wheel has every competence with its (i) texts and drops what the phone never shows")
    func phoneView() async throws {
        try await withServer(on: .memory) { client in
            let workshop = try await makeWorkshop(client)
            let whole = try await client.execute(uri: "/api/workshops/\(workshop.id)/wheel", method: .get) { response in
                #expect(response.status == .ok)
                return (try json(response.body), response.body.readableBytes)
            }
            let phone = try await client.execute(uri: "/api/workshops/\(workshop.id)/wheel?view=phone", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=86400, immutable")
                return (try json(response.body), response.body.readableBytes)
            }
            #expect(Set(phone.0.keys) == ["dimensions", "cases", "inspiration"])
            #expect(phone.1 < whole.1)

            let wholeDimensions = try #require(whole.0["dimensions"] as? [[String: Any]])
            let phoneDimensions = try #require(phone.0["dimensions"] as? [[String: Any]])
            #expect(phoneDimensions.map { $0["id"] as? String } == wholeDimensions.map { $0["id"] as? String })
            for (full, lean) in zip(wholeDimensions, phoneDimensions) {
                #expect(Set(lean.keys).isSubset(of: ["id", "color", "title", "competences"]))
                #expect((lean["title"] as? [String: String]) == (full["title"] as? [String: String]))
                let fullCompetences = try #require(full["competences"] as? [[String: Any]])
                let leanCompetences = try #require(lean["competences"] as? [[String: Any]])
                #expect(leanCompetences.map { $0["id"] as? String } == fullCompetences.map { $0["id"] as? String })
                for (c, l) in zip(fullCompetences, leanCompetences) {
                    #expect((l["description"] as? [String: String]) == (c["description"] as? [String: String]))
                    let examples = try #require(c["examples"] as? [[String: String]])
                    #expect((l["examples"] as? [[String: String]]) == Array(examples.prefix(PhoneWheel.examplesShown)))
                }
            }
            let cases = try #require(phone.0["cases"] as? [[String: Any]])
            #expect(!cases.isEmpty && cases.allSatisfy { Set($0.keys) == ["id", "title"] })
            let inspiration = try #require(phone.0["inspiration"] as? [[String: Any]])
            #expect(!inspiration.isEmpty && inspiration.allSatisfy { Set($0.keys) == ["id", "competence", "title"] })
        }
    }

    @Test("Another view is refused with invalid_value")
    func unknownView() async throws {
        try await withServer(on: .memory) { client in
            let workshop = try await makeWorkshop(client)
            try await client.execute(uri: "/api/workshops/\(workshop.id)/wheel?view=board", method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try json(response.body)["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_value")
            }
        }
    }
}
