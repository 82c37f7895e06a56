import Foundation

/// The rules a manifest's values follow, as predicates (and the hint for a mistyped key).
extension ManifestReader {
    static func isIdentifier(_ value: String) -> Bool {
        guard ManifestLimits.idLength.contains(value.count) else { return false }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
        }
    }

    static func idRule(_ value: String) -> String {
        "'\(value)' is not an id: use 2-64 lowercase letters a-z, digits and single hyphens."
    }

    /// MAJOR.MINOR.PATCH, digits only, no leading zeros (as semver and the JSON Schema say).
    static func isSemver(_ value: String) -> Bool {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0 >= "0" && $0 <= "9" } && (part == "0" || part.first != "0")
        }
    }

    static func isColor(_ value: String) -> Bool {
        value.count == 7 && value.first == "#" && value.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// The allowed key a typo most likely meant (edit distance at most 2).
    static func closest(_ name: String, in keys: [String]) -> String? {
        keys.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
