import Foundation
import WheelProtocol

/// After the votes: whether the final tallies hold exactly the acknowledged votes.
extension AppScenario {
    /// The final tally of each workshop (a fresh facilitator snapshot) against the votes the
    /// generator saw acknowledged, and the board's last count against both.
    func verify(
        runs: [WorkshopRun], staff: [(board: Connection, facilitator: Connection)], phones: [[Connection]],
        into summary: inout AppSummary
    ) async {
        var lost = 0
        var unexpected = 0
        var problems: [String] = []
        for (index, run) in runs.enumerated() {
            // Expected per competence: counts of the last acked value 0-5.
            var expected = Array(repeating: [Int](repeating: 0, count: 6), count: run.competences.count)
            for phone in phones[index] {
                for (competence, value) in phone.lastAcked.enumerated() where value >= 0 {
                    expected[competence][Int(value)] += 1
                }
            }
            let answers = expected.reduce(0) { $0 + $1.reduce(0, +) }
            // The facilitator sees results once the round is revealed, as the board does.
            let reveal = await staff[index].facilitator.command(.revealRound(.init(opId: "reveal-importance", round: .importance)))
            if case .ack = reveal {} else { problems.append("workshop \(index + 1): reveal refused") }
            guard let welcome = await staff[index].facilitator.resync(), let results = welcome.state.results else {
                problems.append("workshop \(index + 1): no final snapshot")
                lost += answers
                continue
            }
            for (competence, id) in run.competences.enumerated() {
                let actual: [Int]
                if let row = results.competences.first(where: { $0.competence == id }) {
                    actual = [row.importance.dontKnow] + row.importance.distribution
                } else {
                    actual = Array(repeating: 0, count: 6)
                }
                for value in 0..<6 {
                    let want = expected[competence][value]
                    let have = value < actual.count ? actual[value] : 0
                    if have < want { lost += want - have }
                    if have > want { unexpected += have - want }
                }
            }
            let boardTotal = run.boardTotal
            if boardTotal != answers {
                problems.append("workshop \(index + 1): board counts \(boardTotal) answers, generator \(answers)")
            }
            if problems.count > 20 { break }
        }
        summary.votes.lost = lost
        summary.votes.unexpected = unexpected
        if lost > 0 { problems.append("\(lost) acknowledged votes missing from the final tallies") }
        if unexpected > 0 { problems.append("\(unexpected) tally entries no acknowledged vote explains") }
        summary.tallyProblems = problems
        summary.talliesConsistent = problems.isEmpty
    }

    /// `wheelhouse_votes_total` from /metrics.
    static func serverVotes(_ server: ServerAPI) async -> Int? {
        guard let response = try? await server.request(.GET, "/metrics"), response.status == 200 else { return nil }
        let text = String(decoding: response.body, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("wheelhouse_votes_total ") {
            return Int(Double(line.split(separator: " ").last ?? "") ?? -1)
        }
        return nil
    }
}
