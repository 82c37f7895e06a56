import Testing
import WheelChecks
import WheelCore
import WheelProtocol

/// Properties over random command sequences from random actors (`Scenario`): re-opening after
/// a reveal, resets, ideas and their moderation, proxies, focus, actions, joins and renames,
/// and plenty of refused commands with huge, negative or nonsensical values in between.
/// A failure names its seed: `Scenario` with `SeededChoices(seed:)` replays it exactly.
@Suite("Scenario properties")
struct ScenarioPropertyTests {
    static let seeds: [UInt64] = Array(1...240)
    static let steps = 160

    @Test("Delta invariant: welcome + updates equals a fresh welcome, for every role, after every change",
          arguments: seeds)
    func deltasEqualAFreshSnapshot(seed: UInt64) {
        var choices = SeededChoices(seed: seed)
        var scenario = Scenario(blindVoting: seed % 3 != 0, minGroupSize: Self.minimum(seed))
        var clients = [Role.participant, .board, .facilitator].map { DeltaClient(role: $0, workshop: scenario.workshop) }
        var changes = 0
        for _ in 0..<Self.steps {
            let step = scenario.step(&choices)
            guard !step.events.isEmpty else { continue }
            changes += 1
            for index in clients.indices {
                if let problem = clients[index].receive(step.events, after: scenario.workshop) {
                    Issue.record("seed \(seed), change \(changes) (\(String(describing: step.command))): \(problem)")
                    return
                }
            }
        }
        #expect(changes > 20, "seed \(seed): too few accepted changes to mean much")
    }

    /// Minimum group sizes 1-4 across seeds: 1 shows every change, 2-4 hold figures back.
    static func minimum(_ seed: UInt64) -> Int { Int(seed % 4) + 1 }

    @Test("Tallies equal a recount, and replaying the events gives the same state", arguments: seeds)
    func talliesAndReplay(seed: UInt64) {
        var choices = SeededChoices(seed: seed &* 7919)
        var scenario = Scenario(minGroupSize: Self.minimum(seed))
        for _ in 0..<Self.steps {
            let step = scenario.step(&choices)
            guard !step.events.isEmpty else { continue }
            if let problem = Invariants.tallyMatchesRecount(scenario) ?? Invariants.backingHolds(scenario)
            ?? Invariants.timerHolds(scenario) {
                Issue.record("seed \(seed): \(problem)")
                return
            }
        }
        #expect(Invariants.replayMatches(scenario) == nil, "seed \(seed)")
    }

    @Test("Small-team trust: no figure from fewer than the minimum, and shown answers move in steps of at least the minimum",
          arguments: seeds)
    func withholdingAndSteps(seed: UInt64) {
        var choices = SeededChoices(seed: seed &* 104_729)
        var scenario = Scenario(blindVoting: seed % 2 == 0, minGroupSize: Self.minimum(seed) + 1)
        for _ in 0..<Self.steps {
            let before = scenario.workshop
            let step = scenario.step(&choices)
            guard !step.events.isEmpty else { continue }
            let problem = Invariants.shownFollowsLive(scenario) ?? Invariants.withheldBelowMinimum(scenario)
                ?? Invariants.shownMovesInSteps(before: before, after: scenario.workshop, events: step.events)
            if let problem {
                Issue.record("seed \(seed) (\(String(describing: step.command))): \(problem)")
                return
            }
        }
    }

    /// The properties above mean little for small-team trust unless random sequences reach it.
    @Test func sequencesWithholdFiguresAndPublishInSteps() {
        var withheld = 0, steps = 0, grouped = 0, notRelevant = 0
        for seed in Self.seeds {
            var choices = SeededChoices(seed: seed &* 104_729)
            var scenario = Scenario(blindVoting: false, minGroupSize: 3)
            for _ in 0..<Self.steps {
                let before = scenario.workshop.shown
                let step = scenario.step(&choices)
                for event in step.events {
                    switch event {
                    case .grouped: grouped += 1
                    case .rated(_, _, _, RatingScale.notRelevant): notRelevant += 1
                    case .rated, .dotsSet, .pointsAllocated: if scenario.workshop.shown != before { steps += 1 }
                    default: break
                    }
                }
                withheld += scenario.workshop.tally().withheldFigures > 0 ? 1 : 0
            }
        }
        #expect(withheld > 100 && steps > 20 && grouped > 50 && notRelevant > 10,
                "withheld \(withheld), vote-driven steps \(steps), group changes \(grouped), not relevant \(notRelevant)")
    }

    /// The properties above mean little for backing unless random sequences reach it.
    @Test func sequencesBackWithdrawAndMergeIdeas() {
        var backed = 0, withdrawn = 0, merged = 0, mergedBacked = 0
        for seed in Self.seeds {
            var choices = SeededChoices(seed: seed &* 7919)
            var scenario = Scenario()
            for _ in 0..<Self.steps {
                let before = scenario.workshop
                for event in scenario.step(&choices).events {
                    switch event {
                    case .ideaBacked(_, _, true): backed += 1
                    case .ideaBacked(_, _, false): withdrawn += 1
                    case .ideaMerged(let idea, _):
                        merged += 1
                        if before.backing(of: idea) > 0 { mergedBacked += 1 }
                    default: break
                    }
                }
            }
        }
        #expect(backed > 50 && withdrawn > 5 && merged > 20 && mergedBacked > 1,
                "backed \(backed), withdrawn \(withdrawn), merged \(merged), merged while backed \(mergedBacked)")
    }
}
