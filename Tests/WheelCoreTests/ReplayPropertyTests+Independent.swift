import Foundation
import Testing
import WheelCore

/// Rating statistics computed another way than RatingStats does.
struct Independent {
    var count: Int
    var dontKnow: Int
    var mean: Double?
    var median: Double?
    var spread: Double?
    var distribution: [Int]

    init(_ values: [Int]) {
        let scores = values.filter { $0 >= 1 && $0 <= 5 }
        count = scores.count
        dontKnow = values.filter { $0 == 0 }.count
        distribution = (1...5).map { v in scores.reduce(0) { $0 + ($1 == v ? 1 : 0) } }
        guard !scores.isEmpty else { return }
        let n = Double(scores.count)
        let mean = Double(scores.reduce(0, +)) / n
        self.mean = mean
        // Median from the distribution: the value(s) at the middle position(s).
        func value(at position: Int) -> Int {
            var seen = 0
            for (i, c) in distribution.enumerated() {
                seen += c
                if position < seen { return i + 1 }
            }
            return 5
        }
        let a = value(at: (scores.count - 1) / 2), b = value(at: scores.count / 2)
        median = Double(a + b) / 2
        // Variance as E[x²] − E[x]².
        let meanOfSquares = Double(scores.map { $0 * $0 }.reduce(0, +)) / n
        spread = max(0, meanOfSquares - mean * mean).squareRoot()
    }

    func check(_ stats: RatingStats, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(stats.count == count, "\(label) count", sourceLocation: sourceLocation)
        #expect(stats.dontKnow == dontKnow, "\(label) dontKnow", sourceLocation: sourceLocation)
        #expect(stats.distribution == distribution, "\(label) distribution", sourceLocation: sourceLocation)
        #expect(stats.median == median, "\(label) median", sourceLocation: sourceLocation)
        for (got, want) in [(stats.mean, mean), (stats.spread, spread)] {
            if let want {
                #expect(got.map { $0.isClose(to: want, tolerance: 1e-7) } == true, "\(label): \(String(describing: got)) ≠ \(want)",
                        sourceLocation: sourceLocation)
            } else {
                #expect(got == nil, "\(label)", sourceLocation: sourceLocation)
            }
        }
    }
}
