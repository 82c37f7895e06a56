import Logging
import ServiceLifecycle
import UnixSignals
import WheelStore

/// SIGHUP re-reads the plugins folder, like the admin reload endpoint, and the TLS
/// certificate: the next connection uses the new one, open sockets keep theirs.
struct ReloadOnHangup: Service {
    let plugins: PluginLibrary
    let certificates: TLSCertificates?
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            logger.notice("SIGHUP: reloading plugins")
            await plugins.reload()
            guard let certificates else { continue }
            do {
                try certificates.reload()
                logger.notice("SIGHUP: reloaded the TLS certificate \(certificates.certificate.path)")
            } catch {
                logger.error("SIGHUP: the TLS certificate did not load; keeping the one in use", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// Closes the store after the server has stopped taking requests.
struct StoreCloser: Service {
    let store: any WorkshopStore
    let registry: RoomRegistry

    func run() async throws {
        // Returns on graceful shutdown, and also when the group is cancelled (a shutdown that
        // ran past its grace period, or a port that could not be bound).
        try? await gracefulShutdown()
        // Commits already sent finish first: their phones get their acks or typed errors.
        await registry.finishCommits(within: .seconds(2))
        // Close even then: a detached task does not inherit the cancellation.
        try await Task.detached { try await store.close() }.value
    }
}

/// Follows the other instances' commits on a shared database and shows them in this
/// instance's rooms (RoomRegistry.notice).
struct StoreFollower: Service {
    let feed: any WorkshopFeed
    let registry: RoomRegistry

    func run() async throws {
        await cancelWhenGracefulShutdown { [feed, registry] in
            await feed.follow { notice in await registry.notice(notice) }
        }
    }
}

/// Lets go of rooms nobody uses (RoomRegistry.releaseIdleRooms), once a minute.
struct RoomReleaser: Service {
    let registry: RoomRegistry
    /// A room with no socket and no change for this long is released.
    var idle: Duration = .seconds(600)
    var interval: Duration = .seconds(60)

    func run() async throws {
        // Ends at once on graceful shutdown, not after the sleep.
        while (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: interval) })) != nil {
            await registry.releaseIdleRooms(idleFor: idle)
        }
    }
}
