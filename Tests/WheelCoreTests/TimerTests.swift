import Testing

@testable import WheelCore

/// Issue 16: round timers. The server's side (its clock, the scheduled close) is in
/// Tests/e2e/test_timer_protocol.py.
@Suite("Round timers")
struct TimerTests {
    private let start = 1_800_000_000_000

    private func openRound() throws -> Harness {
        var h = Harness()
        try h.join("p1")
        try h.facilitator(.openRound(.importance))
        return h
    }

    @Test("A timer runs on an open round only, for 5 to 3600 seconds")
    func startRules() throws {
        var h = Harness()
        try h.join("p1")
        #expect(refusal { try h.facilitator(.startTimer(round: .importance, seconds: 60, now: start)) } == .roundNotOpen(.importance))
        try h.facilitator(.openRound(.importance))
        for seconds in [4, 0, -1, 3601, Int.max, Int.min] {
            #expect(refusal { try h.facilitator(.startTimer(round: .importance, seconds: seconds, now: start)) }?.code == "invalid_value")
        }
        #expect(refusal { try h.participant("p1", .startTimer(round: .importance, seconds: 60, now: start)) } == .notFacilitator)
        try h.facilitator(.startTimer(round: .importance, seconds: 60, now: start))
        #expect(h.workshop.timer == RoundTimer(round: .importance, endsAt: start + 60_000, seconds: 60))
        // A new start replaces it.
        try h.facilitator(.startTimer(round: .importance, seconds: 120, now: start + 10_000))
        #expect(h.workshop.timer == RoundTimer(round: .importance, endsAt: start + 130_000, seconds: 120))
    }

    @Test("Extending adds to what is left, up to an hour; cancelling stops it and leaves the round open")
    func extendAndCancel() throws {
        var h = try openRound()
        #expect(refusal { try h.facilitator(.extendTimer(seconds: 30, now: start)) } == .noTimer)
        #expect(try h.facilitator(.cancelTimer).isEmpty)
        try h.facilitator(.startTimer(round: .importance, seconds: 60, now: start))
        try h.facilitator(.extendTimer(seconds: 30, now: start + 20_000))
        #expect(h.workshop.timer == RoundTimer(round: .importance, endsAt: start + 90_000, seconds: 90))
        // Past zero (in the grace), an extension counts from now.
        try h.facilitator(.extendTimer(seconds: 30, now: start + 91_000))
        #expect(h.workshop.timer?.endsAt == start + 121_000)
        #expect(refusal { try h.facilitator(.extendTimer(seconds: 3600, now: start + 91_000)) }?.code == "invalid_value")
        try h.facilitator(.cancelTimer)
        #expect(h.workshop.timer == nil && h.workshop.phase(.importance) == .open)
        #expect(h.replayed().timer == nil)
    }

    @Test("At zero plus the grace the round closes; a cancelled, replaced or early expiry changes nothing")
    func expiry() throws {
        var h = try openRound()
        try h.facilitator(.startTimer(round: .importance, seconds: 60, now: start))
        let timer = try #require(h.workshop.timer)
        #expect(try h.facilitator(.expireTimer(timer, now: start + 60_000)).isEmpty, "within the grace")
        try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 4))
        #expect(try h.facilitator(.expireTimer(timer, now: start + 60_000 + RoundTimer.grace)) == [.roundClosed(.importance)])
        #expect(h.workshop.phase(.importance) == .closed && h.workshop.timer == nil)
        #expect(refusal { try h.participant("p1", .rate(round: .importance, competence: Wheel.data, value: 2)) } == .roundNotOpen(.importance))
        // The same expiry again (a second instance, a retry) is a no-op.
        #expect(try h.facilitator(.expireTimer(timer, now: start + 100_000)).isEmpty)

        try h.facilitator(.openRound(.importance))
        try h.facilitator(.startTimer(round: .importance, seconds: 60, now: start + 200_000))
        let replaced = try #require(h.workshop.timer)
        try h.facilitator(.extendTimer(seconds: 60, now: start + 210_000))
        #expect(try h.facilitator(.expireTimer(replaced, now: start + 400_000)).isEmpty, "the extended timer is another one")
        #expect(h.workshop.phase(.importance) == .open)
    }

    @Test("Any phase change of its round ends the timer; opening another round closes the timed one")
    func phaseChangesEndIt() throws {
        for change in [Command.closeRound(.importance), .revealRound(.importance), .resetRound(.importance), .openRound(.level)] {
            var h = try openRound()
            try h.facilitator(.startTimer(round: .importance, seconds: 60, now: start))
            try h.facilitator(change)
            #expect(h.workshop.timer == nil, "\(change)")
            #expect(h.replayed().timer == nil)
        }
    }

    @Test("Replay rebuilds the timer; a retried start has the same fingerprint at another time")
    func replayAndRetry() throws {
        var h = try openRound()
        try h.facilitator(.startTimer(round: .importance, seconds: 90, now: start))
        #expect(h.replayed().timer == h.workshop.timer)
        #expect(Command.startTimer(round: .importance, seconds: 90, now: start).fingerprint
            == Command.startTimer(round: .importance, seconds: 90, now: start + 5_000).fingerprint)
        #expect(Command.startTimer(round: .importance, seconds: 90, now: start).fingerprint
            != Command.startTimer(round: .level, seconds: 90, now: start).fingerprint)
    }

    @Test("Board focus: blank keeps the rest; overlays are checked against the workshop")
    func focusBlankAndOverlays() throws {
        var settings = WorkshopSettings.defaults
        settings.groups = [WorkshopGroup(id: "a", name: LocalizedText(da: "A"))]
        var h = Harness(settings)
        let results = BoardFocus(screen: .results, view: .wheel)
        var blank = results
        blank.blank = true
        try h.facilitator(.focus(blank))
        #expect(h.workshop.focus.blank == true && h.workshop.focus.view == .wheel)
        #expect(Command.focus(results).fingerprint != Command.focus(blank).fingerprint)
        // Focus operations stored before the new fields keep their fingerprint.
        #expect(Command.focus(results).fingerprint == "focus|results||||wheel")

        var layered = results
        layered.overlays = ["group:a"]
        try h.facilitator(.focus(layered))
        for (overlays, code) in [(["roleProfile"], "invalid_value"), (["earlier"], "invalid_value"), (["group:b"], "unknown_group"),
                                 (["wheel"], "invalid_value"), (["group:a", "group:a"], "invalid_value")] {
            layered.overlays = overlays
            #expect(refusal { try h.facilitator(.focus(layered)) }?.code == code, "\(overlays)")
        }
        settings.roleProfile = Wheel.profileID
        var profiled = Harness(settings)
        layered.overlays = ["roleProfile", "group:a"]
        try profiled.facilitator(.focus(layered))
        #expect(profiled.workshop.focus.overlays == ["roleProfile", "group:a"])
    }
}
