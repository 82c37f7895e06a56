import Testing

@testable import WheelServer

/// The per-address limit on unknown join codes, with time passed in.
@Suite("Join code guard")
struct JoinCodeGuardTests {
    let start = ContinuousClock.now

    @Test("Ten misses are free, then the address is locked out; other addresses are not")
    func burstThenLockout() {
        let guardian = JoinCodeGuard()
        for n in 0..<9 { #expect(guardian.recordMiss("10.0.0.1", now: start + .milliseconds(n)) == .allowed) }
        #expect(guardian.recordMiss("10.0.0.1", now: start + .milliseconds(9)) == .lockedOut(retryAfter: .seconds(10)))
        #expect(guardian.check("10.0.0.1", now: start + .seconds(5)) == .lockedOut(retryAfter: .seconds(5) + .milliseconds(9)))
        #expect(guardian.check("10.0.0.2", now: start + .seconds(5)) == .allowed)
        #expect(guardian.check("10.0.0.1", now: start + .seconds(11)) == .allowed)
    }

    @Test("Lockouts in a row double, up to the maximum; a quiet spell resets them")
    func lockoutsDouble() {
        let guardian = JoinCodeGuard()
        var now = start
        var lockouts: [Duration] = []
        for _ in 0..<200 {
            if case .lockedOut(let wait) = guardian.check("a", now: now) { now += wait; continue }
            if case .lockedOut(let wait) = guardian.recordMiss("a", now: now) { lockouts.append(wait) }
            now += .milliseconds(10)
        }
        #expect(Array(lockouts.prefix(6)) == [.seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(160), .seconds(300)])
        #expect(lockouts.allSatisfy { $0 <= .seconds(300) })
        // An hour later the bucket is full again and the first lockout is short again.
        now += .seconds(3600)
        var first: Duration?
        while first == nil {
            if case .lockedOut(let wait) = guardian.recordMiss("a", now: now) { first = wait }
        }
        #expect(first == .seconds(10))
    }

    @Test("Guessing at full speed gets about one code every 6 s, whatever the number of sockets")
    func longRunRate() {
        let guardian = JoinCodeGuard()
        var now = start
        var tried = 0
        let hour = start + .seconds(3600)
        while now < hour {
            if case .lockedOut(let wait) = guardian.check("a", now: now) { now += wait; continue }
            guardian.recordMiss("a", now: now)
            tried += 1
            now += .milliseconds(1)
        }
        // Without the guard: millions. With it: far fewer than one a second.
        #expect(tried < 700, "\(tried) guesses in an hour")
    }

    @Test("Memory is bounded: the quietest addresses are forgotten")
    func manyAddresses() {
        let guardian = JoinCodeGuard(policy: .init(maxAddresses: 100))
        for n in 0..<10_000 { guardian.recordMiss("10.0.\(n / 256).\(n % 256)", now: start + .milliseconds(n)) }
        #expect(guardian.check("10.0.39.15", now: start + .seconds(11)) == .allowed)
    }
}
