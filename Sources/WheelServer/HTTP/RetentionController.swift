import Foundation
import Hummingbird
import WheelProtocol
import WheelStore

/// `GET` and `POST /api/workshops/{id}/retention`: when a workshop will be deleted, and the
/// facilitator keeping it longer (to export first, or for a re-run).
struct RetentionController: Sendable {
    let workshops: WorkshopController
    let registry: RoomRegistry
    let policy: RetentionPolicy

    struct Status: Encodable {
        /// Absent: never (the server keeps workshops for ever).
        var deleteAfter: Date?
        var retentionDays: Int
        /// Within the warning period: the console says so.
        var warning: Bool
    }

    struct Extension: Decodable {
        /// Keep the workshop at least this many days from now (1-365).
        var days: Int
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/workshops/:id/retention") { request, context -> Response in
            let room = try await workshops.facilitatorRoom(request, context)
            return try status(of: try await listing(room.id))
        }
        router.post("api/workshops/:id/retention") { request, context -> Response in
            let room = try await workshops.facilitatorRoom(request, context)
            let body = try await request.decodeJSON(Extension.self)
            guard (1...365).contains(body.days) else {
                throw APIError.badRequest(.invalidValue, "days must be 1-365.")
            }
            let until = policy.now().addingTimeInterval(Double(body.days) * RetentionPolicy.day)
            var current = try await listing(room.id)
            // Only ever longer: a shorter request keeps the later date.
            if current.keepUntil.map({ $0 < until }) ?? true {
                try await registry.store.setKeepUntil(id: room.id, date: until)
                current.keepUntil = until
            }
            return try status(of: current)
        }
    }

    private func listing(_ id: String) async throws -> WorkshopListing {
        guard let listing = try await registry.store.list().first(where: { $0.id == id }) else { throw APIError.notFound }
        return listing
    }

    private func status(of listing: WorkshopListing) throws -> Response {
        let after = policy.deleteAfter(createdAt: listing.createdAt, keepUntil: listing.keepUntil)
        return try WorkshopController.json(
            Status(deleteAfter: after, retentionDays: policy.days, warning: policy.warns(deleteAfter: after)))
    }
}
