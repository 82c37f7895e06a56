import Foundation
import FuzzDriver
import WheelChecks

/// The workshop core: the fuzzer's bytes choose commands and actors (see `Scenario`) and the
/// minimum group size, and after every step the tally equals a recount, every role's
/// delta-built state equals a fresh snapshot, no figure comes from fewer answers than the
/// minimum and shown answers move only in steps of the minimum; at the end a replay of the
/// logged events gives the same state. A trap
/// anywhere in `decide` or `apply` is a crash, as it would be in the server.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var choices = ByteChoices(Array(UnsafeBufferPointer(start: data, count: size)))
    let blind = choices.chance(70)
    var scenario = Scenario(blindVoting: blind, minGroupSize: 1 + choices.choose(4))
    var clients = [DeltaClient(role: .participant, workshop: scenario.workshop),
                   DeltaClient(role: .board, workshop: scenario.workshop),
                   DeltaClient(role: .facilitator, workshop: scenario.workshop)]
    var steps = 0
    while !choices.isExhausted, steps < 120 {
        steps += 1
        let before = scenario.workshop
        let step = scenario.step(&choices)
        guard !step.events.isEmpty else { continue }
        if let problem = Invariants.tallyMatchesRecount(scenario) ?? Invariants.backingHolds(scenario)
            ?? Invariants.timerHolds(scenario)
            ?? Invariants.shownFollowsLive(scenario) ?? Invariants.withheldBelowMinimum(scenario)
            ?? Invariants.shownMovesInSteps(before: before, after: scenario.workshop, events: step.events)
        {
            preconditionFailure(problem)
        }
        for index in clients.indices {
            if let problem = clients[index].receive(step.events, after: scenario.workshop) { preconditionFailure(problem) }
        }
    }
    if let problem = Invariants.replayMatches(scenario) { preconditionFailure(problem) }
    return 0
}

runFuzzer(fuzzEntry)
