import Foundation

/// Lines up several generator processes driving one server (scenario (d): more sockets than
/// one process may open). Each party leaves a file in a shared folder when it reaches a phase
/// and waits until every party has; all then go on at the same wall-clock instant, shortly
/// after the last arrival, so their vote phases overlap exactly.
struct Barrier: Sendable {
    let directory: URL
    let parties: Int
    let label: String

    /// Waits for every party at `phase`; returns the monotonic instant to go on at, or nil
    /// when the others did not all arrive within `timeout` seconds (this party goes on alone).
    func arrive(at phase: String, timeout: Double, margin: Double = 0.5) async -> UInt64? {
        let fm = FileManager.default
        try? fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let mine = directory.appendingPathComponent("\(phase).\(label)")
        try? Data(String(Date().timeIntervalSince1970).utf8).write(to: mine, options: .atomic)
        let deadline = nowNanos() + UInt64(timeout * 1e9)
        while nowNanos() < deadline {
            let times = arrivals(at: phase)
            if times.count >= parties, let last = times.max() {
                let wait = max(0, last + margin - Date().timeIntervalSince1970)
                return nowNanos() + UInt64(wait * 1e9)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        note("\(label): only \(arrivals(at: phase).count) of \(parties) parties reached \(phase)")
        return nil
    }

    private func arrivals(at phase: String) -> [Double] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(phase + ".") }.compactMap { name in
            (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)).flatMap(Double.init)
        }
    }
}
