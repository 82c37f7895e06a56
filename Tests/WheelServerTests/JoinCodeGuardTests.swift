import Testing

@testable import WheelServer

/// The per-address limit on join-code attempts, with time passed in.
@Suite("Join code guard")
struct JoinCodeGuardTests {
    let start = ContinuousClock.now

    @Test("Ten misses are told, the eleventh starts a lockout; other addresses are not affected")
    func burstThenLockout() {
        let guardian = JoinCodeGuard()
        for n in 0..<10 { #expect(guardian.recordMiss("10.0.0.1", now: start + .milliseconds(n)) == .allowed) }
        #expect(guardian.recordMiss("10.0.0.1", now: start + .milliseconds(10)) == .lockedOut(retryAfter: .seconds(10)))
        #expect(guardian.recordMiss("10.0.0.1", now: start + .seconds(5)) == .lockedOut(retryAfter: .seconds(5) + .milliseconds(10)))
        #expect(guardian.recordMiss("10.0.0.2", now: start + .seconds(5)) == .allowed)
        #expect(guardian.recordMiss("10.0.0.1", now: start + .seconds(11)) == .allowed)
    }

    @Test("A lockout is visible without spending anything")
    func lockoutIsReadOnly() {
        let guardian = JoinCodeGuard()
        for _ in 0..<11 { _ = guardian.recordMiss("a", now: start) }
        #expect(guardian.lockout("a", now: start + .seconds(3)) == .seconds(7))
        #expect(guardian.lockout("a", now: start + .seconds(11)) == nil)
        #expect(guardian.lockout("b", now: start) == nil)
    }

    @Test("Misses are counted atomically, so parallel sockets cannot all learn their answer")
    func parallelAttemptsAreCounted() async {
        let guardian = JoinCodeGuard()
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<256 { group.addTask { guardian.recordMiss("10.0.0.9") == .allowed } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 10)
    }

    @Test("Lockouts in a row double, up to the maximum; a quiet spell resets them")
    func lockoutsDouble() {
        let guardian = JoinCodeGuard()
        var now = start
        var lockouts: [Duration] = []
        var waiting = false
        for _ in 0..<300 {
            switch guardian.recordMiss("a", now: now) {
            case .allowed:
                waiting = false
                now += .milliseconds(10)
            case .lockedOut(let wait):
                if !waiting { lockouts.append(wait) }
                waiting = true
                now += wait
            }
        }
        #expect(Array(lockouts.prefix(7)) == [.seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(160), .seconds(300), .seconds(300)])
        now += .seconds(3600)
        for _ in 0..<10 { _ = guardian.recordMiss("a", now: now) }
        #expect(guardian.recordMiss("a", now: now) == .lockedOut(retryAfter: .seconds(10)))
    }

    @Test("Guessing at full speed gets far less than one code a second")
    func longRunRate() {
        let guardian = JoinCodeGuard()
        var now = start
        var tried = 0
        let hour = start + .seconds(3600)
        while now < hour {
            switch guardian.recordMiss("a", now: now) {
            case .allowed: tried += 1; now += .milliseconds(1)
            case .lockedOut(let wait): now += wait
            }
        }
        #expect(tried < 700, "\(tried) guesses in an hour")
    }

    @Test("IPv6 addresses count by their /64; IPv4-mapped ones as IPv4")
    func keys() {
        #expect(JoinCodeGuard.key("2001:db8:1:2:aaaa::1") == JoinCodeGuard.key("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
        #expect(JoinCodeGuard.key("2001:db8:1:2::1") != JoinCodeGuard.key("2001:db8:1:3::1"))
        #expect(JoinCodeGuard.key("::ffff:10.1.2.3") == "10.1.2.3")
        #expect(JoinCodeGuard.key("10.1.2.3") == "10.1.2.3")
    }

    @Test("Off with a burst of 0")
    func off() {
        let guardian = JoinCodeGuard(policy: .init(burst: 0))
        for _ in 0..<1000 { #expect(guardian.recordMiss("a", now: start) == .allowed) }
        #expect(guardian.lockout("a") == nil)
    }

    @Test("Memory is bounded: the quietest addresses are forgotten")
    func manyAddresses() {
        let guardian = JoinCodeGuard(policy: .init(maxAddresses: 100))
        for n in 0..<10_000 { _ = guardian.recordMiss("10.0.\(n / 256).\(n % 256)", now: start + .milliseconds(n)) }
        #expect(guardian.recordMiss("10.0.39.15", now: start + .seconds(11)) == .allowed)
    }
}
