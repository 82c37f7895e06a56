import Foundation
import Testing
import WheelCore
import WheelProtocol

// MARK: - The documentation

/// One example in docs/protocol.md: a ```json block directly below `<!-- kind: name -->`.
struct DocExample: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable { case client, server, http }

    var kind: Kind
    var name: String
    /// 1-based line of the marker in docs/protocol.md.
    var line: Int
    var json: String

    var testDescription: String { "\(kind.rawValue): \(name) (docs/protocol.md:\(line))" }
}

enum ProtocolDoc {
    static let path = "docs/protocol.md"
    static let url = repositoryRoot.appendingPathComponent(path)

    /// The document's text, or nil when it cannot be read (a test reports that).
    static let text: String? = try? String(contentsOf: url, encoding: .utf8)

    /// Every marked example, and every marker that is not directly followed by a json block.
    static let parsed: (examples: [DocExample], problems: [String]) = parse(text ?? "")

    static func examples(_ kind: DocExample.Kind) -> [DocExample] {
        parsed.examples.filter { $0.kind == kind }
    }

    static func parse(_ text: String) -> (examples: [DocExample], problems: [String]) {
        let lines = text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        var examples: [DocExample] = []
        var problems: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("<!--"), line.hasSuffix("-->") else {
                index += 1
                continue
            }
            let inner = line.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
            let parts = inner.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let kind = DocExample.Kind(rawValue: parts[0]) else {
                index += 1
                continue
            }
            let markerLine = index + 1
            guard !parts[1].isEmpty, !parts[1].contains(" ") else {
                problems.append("line \(markerLine): marker '\(line)' needs one name")
                index += 1
                continue
            }
            guard index + 1 < lines.count, lines[index + 1].trimmingCharacters(in: .whitespaces) == "```json" else {
                problems.append("line \(markerLine): '\(line)' is not directly followed by a ```json line")
                index += 1
                continue
            }
            var body: [String] = []
            var end = index + 2
            while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces) != "```" {
                body.append(lines[end])
                end += 1
            }
            if end == lines.count { problems.append("line \(markerLine): the json block is never closed") }
            examples.append(DocExample(kind: kind, name: parts[1], line: markerLine, json: body.joined(separator: "\n")))
            index = end + 1
        }
        return (examples, problems)
    }
}
