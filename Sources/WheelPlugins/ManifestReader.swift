import Foundation
import WheelCore
import Yams

/// Reads one manifest (YAML or JSON; YAML 1.2 reads both) into a `PluginManifest`,
/// collecting every broken rule with its field path instead of stopping at the first.
public struct ManifestReader {
    let file: String
    private(set) var errors: [PluginError] = []
    /// The line of every id-valued field, by field path, for errors found later across plugins.
    private(set) var lines: [String: Int] = [:]

    init(file: String) { self.file = file }

    /// The manifest, or every rule it breaks (then no manifest). Never traps, whatever the text.
    public static func read(_ text: String, file: String) -> (PluginManifest?, [PluginError]) {
        var reader = ManifestReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let (line, message) = Self.describe(error)
            return (nil, [PluginError(file: file, path: "", rule: .syntax, message: message, line: line)])
        }
        guard let root else {
            return (nil, [PluginError(file: file, path: "", rule: .empty, message: "The manifest is empty.")])
        }
        let manifest = reader.manifest(root)
        return (reader.errors.isEmpty ? manifest : nil, reader.errors)
    }

    // MARK: Building blocks

    mutating func fail(_ path: String, _ rule: PluginError.Rule, _ message: String, _ node: Node?) {
        errors.append(PluginError(file: file, path: path, rule: rule, message: message, line: node?.mark.map { $0.line }))
    }

    /// A mapping with only `keys`, and all of `required`.
    mutating func object(_ node: Node?, at path: String, keys: [String], required: [String]) -> [String: Node]? {
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            fail(path, .wrongType, "Expected a mapping.", node)
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if keys.contains(name) {
                result[name] = value
            } else {
                let hint = Self.closest(name, in: keys).map { " Did you mean '\($0)'?" } ?? ""
                fail(Self.join(path, name), .unknownKey, "Unknown key '\(name)'.\(hint)", key)
            }
        }
        for key in required where result[key] == nil {
            fail(Self.join(path, key), .missingField, "'\(key)' is required.", node)
        }
        return result
    }

    mutating func string(_ node: Node?, at path: String) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else {
            fail(path, .wrongType, "Expected text.", node)
            return nil
        }
        return scalar.string
    }

    mutating func identifier(_ node: Node?, at path: String) -> String? {
        guard let value = string(node, at: path) else { return nil }
        guard Self.isIdentifier(value) else {
            fail(path, .invalidID, Self.idRule(value), node)
            return nil
        }
        noteLine(of: node, at: path)
        return value
    }

    /// A `{da, en}` text: Danish required, each within `limit` characters.
    mutating func text(_ node: Node?, at path: String, limit: Int) -> LocalizedText? {
        guard let map = object(node, at: path, keys: ["da", "en"], required: []) else { return nil }
        var result = LocalizedText(da: nil)
        for language in Language.allCases {
            guard let valueNode = map[language.rawValue] else { continue }
            let fieldPath = "\(path).\(language.rawValue)"
            guard let value = string(valueNode, at: fieldPath) else { continue }
            if value.count > limit {
                fail(fieldPath, .tooLong, "\(value.count) characters; the limit is \(limit).", valueNode)
            }
            if language == .da { result.da = value } else { result.en = value }
        }
        if (result.da ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fail(path + ".da", .missingDanish, "Danish text is required (English is optional).", node)
        }
        return result
    }

    /// The optional `description` text of the object at `path`.
    mutating func optionalDescription(_ map: [String: Node], at path: String) -> LocalizedText? {
        map["description"].flatMap { text($0, at: Self.join(path, "description"), limit: ManifestLimits.description) }
    }

    mutating func list<T>(
        _ node: Node?, at path: String, _ element: (inout ManifestReader, Node, String) -> T?
    ) -> [T] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            fail(path, .wrongType, "Expected a list.", node)
            return []
        }
        return sequence.enumerated().compactMap { index, item in element(&self, item, "\(path)[\(index)]") }
    }

    /// Remembers the line `node` stands on, for errors found later (across plugins).
    mutating func noteLine(of node: Node?, at path: String) {
        if let line = node?.mark?.line { lines[path] = line }
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// A YAML error as one line and its line number (Yams' own text spans several lines).
    static func describe(_ error: Error) -> (line: Int?, message: String) {
        guard let yamlError = error as? YamlError else { return (nil, "\(error)") }
        func text(_ context: YamlError.Context?, _ problem: String) -> String {
            let detail = context.map { "\($0.text) (line \($0.mark.line)), " } ?? ""
            return "YAML syntax error: \(detail)\(problem)."
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return (mark.line, text(context, problem) + " (column \(mark.column))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark.line, "YAML syntax error: duplicate key \(keys).")
        default:
            let firstLine = "\(yamlError)".split(separator: "\n").first.map(String.init) ?? ""
            return (nil, "YAML syntax error: \(firstLine)")
        }
    }
}
