import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU time and memory of a process, from /proc (Linux).
struct ProcessSample: Codable, Sendable {
    /// User + system CPU seconds since the process started.
    var cpuSeconds: Double
    /// Resident memory now, and its peak.
    var rssBytes: Int
    var peakRSSBytes: Int
    var threads: Int

    static func read(pid: Int32?) -> ProcessSample? {
        let path = pid.map { "/proc/\($0)" } ?? "/proc/self"
        guard let stat = try? String(contentsOfFile: path + "/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: path + "/status", encoding: .utf8)
        else { return nil }
        // Fields after the command name, which is in parentheses and may hold spaces.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        func kilobytes(_ key: String) -> Int {
            for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
                return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "0") ?? 0
            }
            return 0
        }
        return ProcessSample(
            cpuSeconds: (user + system) / ticks, rssBytes: kilobytes("VmRSS") * 1024,
            peakRSSBytes: kilobytes("VmHWM") * 1024, threads: kilobytes("Threads"))
    }
}

/// Raises the soft limit on open files to the hard limit: each connection is one.
func raiseOpenFileLimit() -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    if limit.rlim_cur < limit.rlim_max {
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    return Int(limit.rlim_cur)
}
