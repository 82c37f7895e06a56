import Foundation
import HummingbirdCore
import Logging
import NIOCore

/// How many connections the server holds at once: what the open-file limit leaves after a
/// reserve for the store, static files and the runtime.
///
/// NIO's `AcceptBackoffHandler` does not stop a spin at the limit by itself: when the first
/// `accept` of a wake-up fails with EMFILE no read completes, the listening socket stays
/// registered, and epoll reports it again at once (measured before this change: 52,000 failed
/// `accept4` calls in 3 s, one core at 100 %). Hummingbird's `availableConnectionsDelegate`
/// withholds the listening socket's reads while this budget is used up, so the socket is
/// deregistered and new connections wait in the kernel's backlog until one closes.
struct ConnectionBudget: AvailableConnectionsDelegate {
    let maxConnections: Int
    let logger: Logger
    private var open = 0
    private var lastWarning: ContinuousClock.Instant?

    init(maxConnections: Int, logger: Logger) {
        self.maxConnections = maxConnections
        self.logger = logger
    }

    /// The budget for an open-file limit: a tenth of it, at least 64 and at most 512, is kept for
    /// everything else. What else the server holds is small and does not grow with the phones:
    /// the store's files or its 16 database connections, two descriptors per event loop, a static
    /// file while it is sent; a tenth of 20,000 would leave 1,800 phones outside for nothing.
    static func connections(forOpenFileLimit limit: Int) -> Int {
        max(8, limit - min(512, max(64, limit / 10)))
    }

    mutating func connectionOpened() {
        open += 1
        if open >= maxConnections {
            let now = ContinuousClock.now
            if lastWarning.map({ now - $0 >= .seconds(10) }) ?? true {
                lastWarning = now
                logger.warning(
                    "At the connection limit the open-file limit allows: new connections wait until one closes",
                    metadata: ["connections": "\(open)", "limit": "\(maxConnections)"])
            }
        }
    }

    mutating func connectionClosed() { open -= 1 }

    func isAcceptingNewConnections() -> Bool { open < maxConnections }
}

/// The process's open-file limit (RLIMIT_NOFILE).
enum OpenFileLimit {
    /// Raises the soft limit to the hard one (Debian's default soft limit, 1,024, is about as
    /// many phones) and returns the soft limit now in force.
    static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            // An "unlimited" hard limit is not a number of descriptors: stop at 2^20.
            raised.rlim_cur = min(limit.rlim_max, 1 << 20)
            if raised.rlim_cur > limit.rlim_cur, setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    #if os(Linux)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resource = RLIMIT_NOFILE
    #endif
}
