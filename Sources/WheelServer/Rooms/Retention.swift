import Foundation
import Logging
import ServiceLifecycle
import WheelStore

/// How long workshops are kept (`--retention-days`, default 180; 0 keeps them for ever).
/// A workshop is deleted for good once it is older than that, unless its facilitator kept it
/// longer (`POST /api/workshops/{id}/retention`); the console warns `warningDays` before.
struct RetentionPolicy: Sendable {
    var days: Int
    var warningDays = 14
    /// The server's clock (tests move it: `WHEELHOUSE_TEST_CLOCK_OFFSET_DAYS`).
    var now: @Sendable () -> Date

    static let day: TimeInterval = 86_400

    /// When the workshop will be deleted; nil: never.
    func deleteAfter(createdAt: Date, keepUntil: Date?) -> Date? {
        guard days > 0 else { return nil }
        let byAge = createdAt.addingTimeInterval(Double(days) * Self.day)
        return max(byAge, keepUntil ?? byAge)
    }

    func isExpired(_ listing: WorkshopListing) -> Bool {
        deleteAfter(createdAt: listing.createdAt, keepUntil: listing.keepUntil).map { $0 <= now() } ?? false
    }

    func warns(deleteAfter: Date?) -> Bool {
        deleteAfter.map { $0.timeIntervalSince(now()) <= Double(warningDays) * Self.day } ?? false
    }
}

/// Deletes the workshops whose retention has run out: shortly after start, then every hour.
/// Each deletion is as thorough as the facilitator's (secure_delete, the WAL checkpointed)
/// and leaves one line in the deletion log and in the service log: id, creation, reason.
struct RetentionSweeper: Service {
    let registry: RoomRegistry
    let policy: RetentionPolicy
    let logger: Logger
    var interval: Duration = .seconds(3600)

    /// Runs until shutdown; install it only with a retention period (`days` > 0).
    func run() async throws {
        var wait: Duration = .seconds(1)
        while true {
            let pause = wait
            guard (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: pause) })) != nil else { return }
            await sweep()
            wait = interval
        }
    }

    func sweep() async {
        do {
            for listing in try await registry.store.list() where policy.isExpired(listing) {
                try await registry.delete(id: listing.id, reason: .retention)
                logger.notice(
                    "workshop deleted: its retention period ran out",
                    metadata: ["workshop": "\(listing.id)", "created": "\(listing.createdAt)", "days": "\(policy.days)"])
            }
        } catch {
            logger.error("retention sweep failed; it runs again in an hour", metadata: ["error": "\(error)"])
        }
    }
}
