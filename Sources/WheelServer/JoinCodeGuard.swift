import Foundation
import Synchronization

/// Limits unknown join codes per client address, across all its sockets.
///
/// A join code is 6 characters from 25 (about 244 million codes). A per-socket limit alone
/// lets a client open a new socket every few guesses; counted per address, each address gets
/// `burst` free misses, then one more every `refill`; past that it is locked out, for a time
/// that doubles with each lockout in a row (`firstLockout` up to `maxLockout`, back to the
/// first after `forgiveAfter` without a miss). During a
/// lockout even a correct code is refused, so a locked-out guesser learns nothing.
/// A phone that mistypes a code a few times never notices.
final class JoinCodeGuard: Sendable {
    struct Policy: Sendable {
        var burst = 10.0
        var refill: Duration = .seconds(6)
        var firstLockout: Duration = .seconds(10)
        var maxLockout: Duration = .seconds(300)
        /// A spell without misses this long starts the doubling from `firstLockout` again.
        var forgiveAfter: Duration = .seconds(900)
        /// Addresses remembered at most; the quietest are forgotten first.
        var maxAddresses = 10_000
    }

    enum Verdict: Equatable {
        case allowed
        case lockedOut(retryAfter: Duration)
    }

    private struct Entry {
        var tokens: Double
        var updated: ContinuousClock.Instant
        var lockedUntil: ContinuousClock.Instant?
        var lockouts = 0
    }

    let policy: Policy
    private let entries = Mutex<[String: Entry]>([:])

    init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Whether `address` may try a join code now.
    func check(_ address: String, now: ContinuousClock.Instant = .now) -> Verdict {
        entries.withLock { entries in
            guard let until = entries[address]?.lockedUntil, until > now else { return .allowed }
            return .lockedOut(retryAfter: until - now)
        }
    }

    /// Records an unknown code from `address`; returns a lockout if this miss started one.
    @discardableResult
    func recordMiss(_ address: String, now: ContinuousClock.Instant = .now) -> Verdict {
        entries.withLock { entries in
            var entry = entries[address] ?? Entry(tokens: policy.burst, updated: now)
            let seconds = Double((now - entry.updated) / .milliseconds(1)) / 1000
            let perSecond = 1 / Double(policy.refill / .milliseconds(1)) * 1000
            entry.tokens = min(policy.burst, entry.tokens + seconds * perSecond)
            // A long quiet spell (not just a lockout sat out): lockouts start short again.
            if now - entry.updated >= policy.forgiveAfter { entry.lockouts = 0 }
            entry.updated = now
            entry.tokens -= 1
            var verdict = Verdict.allowed
            if entry.tokens < 1 {
                let lockout = min(policy.maxLockout, policy.firstLockout * (1 << min(entry.lockouts, 16)))
                entry.lockouts += 1
                entry.lockedUntil = now + lockout
                verdict = .lockedOut(retryAfter: lockout)
            }
            entries[address] = entry
            if entries.count > policy.maxAddresses { Self.forgetQuietest(&entries, keeping: policy.maxAddresses / 2) }
            return verdict
        }
    }

    private static func forgetQuietest(_ entries: inout [String: Entry], keeping count: Int) {
        let keep = entries.sorted { $0.value.updated > $1.value.updated }.prefix(count)
        entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}
