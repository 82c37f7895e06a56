import Foundation
import Synchronization

/// Limits unknown join codes per client address, across all its sockets.
///
/// A join code is 6 characters from 25 (about 244 million codes). A per-socket limit alone
/// lets a client open a new socket every few guesses; counted per address, each unknown code
/// takes a token, atomically, before the client is told the code is unknown (so parallel
/// sockets cannot all learn their answer). An address has `burst` tokens and gets one back
/// every `refill`; a miss with none left is refused and locks the address out, for a time
/// that doubles with each lockout in a row (`firstLockout` up to `maxLockout`, back to the
/// first after `forgiveAfter` without a miss). During a lockout a code alone is refused even
/// when it is right, so a guesser learns nothing; a phone that resumes with its own token
/// still gets in (the session checks that). Codes that exist cost nothing, so a room of
/// phones behind one NAT address joins at once. IPv6 addresses count by their /64.
final class JoinCodeGuard: Sendable {
    struct Policy: Sendable {
        /// 0 turns the limit off (e.g. behind a proxy that hides client addresses).
        var burst = 10
        var refill: Duration = .seconds(6)
        var firstLockout: Duration = .seconds(10)
        var maxLockout: Duration = .seconds(300)
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

    /// How long `address` is still locked out, if it is.
    func lockout(_ address: String, now: ContinuousClock.Instant = .now) -> Duration? {
        guard policy.burst > 0 else { return nil }
        let key = Self.key(address)
        return entries.withLock { entries in
            guard let until = entries[key]?.lockedUntil, until > now else { return nil }
            return until - now
        }
    }

    /// Records an unknown code from `address`: `.allowed` when a token paid for it (say
    /// "unknown"), `.lockedOut` when none was left (refuse, and the lockout starts now).
    func recordMiss(_ address: String, now: ContinuousClock.Instant = .now) -> Verdict {
        guard policy.burst > 0 else { return .allowed }
        let key = Self.key(address)
        return entries.withLock { entries in
            var entry = refilled(entries[key], now: now)
            defer {
                entries[key] = entry
                if entries.count > policy.maxAddresses { Self.forgetQuietest(&entries, keeping: policy.maxAddresses / 2) }
            }
            if let until = entry.lockedUntil, until > now { return .lockedOut(retryAfter: until - now) }
            guard entry.tokens >= 1 else {
                let lockout = min(policy.maxLockout, policy.firstLockout * (1 << min(entry.lockouts, 16)))
                entry.lockouts += 1
                entry.lockedUntil = now + lockout
                return .lockedOut(retryAfter: lockout)
            }
            entry.tokens -= 1
            return .allowed
        }
    }

    private func refilled(_ entry: Entry?, now: ContinuousClock.Instant) -> Entry {
        guard var entry else { return Entry(tokens: Double(policy.burst), updated: now) }
        let elapsed = now - entry.updated
        // A long quiet spell (not just a lockout sat out): lockouts start short again.
        if elapsed >= policy.forgiveAfter { entry.lockouts = 0 }
        entry.tokens = min(Double(policy.burst), entry.tokens + elapsed / policy.refill)
        entry.updated = now
        return entry
    }

    /// The address an attempt counts against: IPv4 as it is, IPv6 by its /64.
    static func key(_ address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard address.contains(":"), inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")  // IPv4-mapped
        }
        return stride(from: 0, to: 8, by: 2).map { String(format: "%02x%02x", bytes[$0], bytes[$0 + 1]) }
            .joined(separator: ":") + "::/64"
    }

    private static func forgetQuietest(_ entries: inout [String: Entry], keeping count: Int) {
        let keep = entries.sorted { $0.value.updated > $1.value.updated }.prefix(count)
        entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}
