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

    // MARK: The format

    private mutating func manifest(_ node: Node) -> PluginManifest? {
        guard
            let map = object(
                node, at: "",
                keys: ["id", "version", "coreApi", "name", "description", "dependencies", "dimensions",
                       "extend", "examples", "underlying", "roleProfiles", "cases", "inspiration"],
                required: ["id", "version", "coreApi", "name"])
        else { return nil }
        let id = identifier(map["id"], at: "id") ?? ""
        let version = string(map["version"], at: "version") ?? ""
        if !version.isEmpty && !Self.isSemver(version) {
            fail("version", .invalidVersion, "'\(version)' is not a semantic version (MAJOR.MINOR.PATCH).", map["version"])
        }
        var coreAPI = 0
        if let node = map["coreApi"] {
            if let value = node.int, node.scalar?.style == .plain {
                coreAPI = value
                if !WheelhouseVersion.supportedCoreAPIs.contains(value) {
                    let supported = WheelhouseVersion.supportedCoreAPIs.sorted().map(String.init).joined(separator: ", ")
                    fail("coreApi", .unsupportedCoreAPI, "coreApi \(value) is not supported; this server supports \(supported).", node)
                }
            } else {
                fail("coreApi", .wrongType, "Expected a whole number.", node)
            }
        }
        let name = text(map["name"], at: "name", limit: ManifestLimits.title) ?? LocalizedText(da: "")
        let description = map["description"].flatMap { text($0, at: "description", limit: ManifestLimits.description) }
        let dependencies = list(map["dependencies"], at: "dependencies") { reader, node, path in
            reader.identifier(node, at: path)
        }
        let dimensions = list(map["dimensions"], at: "dimensions") { reader, node, path in
            reader.dimension(node, at: path, plugin: id)
        }
        let extensions = list(map["extend"], at: "extend") { reader, node, path in
            reader.dimensionExtension(node, at: path, plugin: id)
        }
        let examples = list(map["examples"], at: "examples") { reader, node, path -> CompetenceExample? in
            guard let map = reader.object(node, at: path, keys: ["competence", "text"], required: ["competence", "text"]),
                let competence = reader.identifier(map["competence"], at: path + ".competence"),
                let text = reader.text(map["text"], at: path + ".text", limit: ManifestLimits.example)
            else { return nil }
            return CompetenceExample(competence: competence, text: text)
        }
        let underlying = list(map["underlying"], at: "underlying") { reader, node, path -> UnderlyingCompetence? in
            guard let map = reader.object(node, at: path, keys: ["id", "title"], required: ["id", "title"]),
                let itemID = reader.identifier(map["id"], at: path + ".id"),
                let title = reader.text(map["title"], at: path + ".title", limit: ManifestLimits.title)
            else { return nil }
            return UnderlyingCompetence(id: itemID, plugin: id, title: title)
        }
        let roleProfiles = list(map["roleProfiles"], at: "roleProfiles") { reader, node, path in
            reader.roleProfile(node, at: path, plugin: id)
        }
        let cases = list(map["cases"], at: "cases") { reader, node, path in
            reader.discussionCase(node, at: path, plugin: id)
        }
        let inspiration = list(map["inspiration"], at: "inspiration") { reader, node, path in
            reader.inspiration(node, at: path, plugin: id)
        }
        return PluginManifest(
            id: id, version: version, coreAPI: coreAPI, name: name, description: description,
            dependencies: dependencies, dimensions: dimensions, extensions: extensions, examples: examples,
            underlying: underlying, roleProfiles: roleProfiles, cases: cases, inspiration: inspiration,
            lines: lines)
    }

    private mutating func dimension(_ node: Node, at path: String, plugin: String) -> WheelDimension? {
        guard
            let map = object(
                node, at: path, keys: ["id", "color", "title", "description", "competences"],
                required: ["id", "title", "competences"])
        else { return nil }
        // Check every field even when the id is broken, so all errors show at once.
        let id = identifier(map["id"], at: path + ".id")
        let title = text(map["title"], at: path + ".title", limit: ManifestLimits.title)
        let description = map["description"].flatMap { text($0, at: path + ".description", limit: ManifestLimits.description) }
        var color: String?
        if let node = map["color"], let value = string(node, at: path + ".color") {
            if Self.isColor(value) { color = value } else {
                fail(path + ".color", .invalidColor, "'\(value)' is not a colour like #2E6DB4.", node)
            }
        }
        let competences = competenceList(map["competences"], at: path + ".competences", plugin: plugin, dimension: id ?? "")
        guard let id, let title else { return nil }
        return WheelDimension(id: id, plugin: plugin, color: color, title: title, description: description, competences: competences)
    }

    private mutating func dimensionExtension(_ node: Node, at path: String, plugin: String) -> DimensionExtension? {
        guard
            let map = object(node, at: path, keys: ["dimension", "competences"], required: ["dimension", "competences"]),
            let dimension = identifier(map["dimension"], at: path + ".dimension")
        else { return nil }
        let competences = competenceList(map["competences"], at: path + ".competences", plugin: plugin, dimension: dimension)
        return DimensionExtension(dimension: dimension, competences: competences)
    }

    private mutating func competenceList(_ node: Node?, at path: String, plugin: String, dimension: String) -> [Competence] {
        let competences = list(node, at: path) { reader, node, path -> Competence? in
            guard
                let map = reader.object(
                    node, at: path, keys: ["id", "title", "description", "examples"], required: ["id", "title"]),
                let id = reader.identifier(map["id"], at: path + ".id"),
                let title = reader.text(map["title"], at: path + ".title", limit: ManifestLimits.title)
            else { return nil }
            let description = map["description"].flatMap {
                reader.text($0, at: path + ".description", limit: ManifestLimits.description)
            }
            let examples = reader.list(map["examples"], at: path + ".examples") { reader, node, path in
                reader.text(node, at: path, limit: ManifestLimits.example)
            }
            return Competence(id: id, plugin: plugin, dimension: dimension, title: title, description: description, examples: examples)
        }
        if let node, node.sequence?.isEmpty == true {
            fail(path, .empty, "A dimension needs at least one competence.", node)
        }
        return competences
    }

    private mutating func roleProfile(_ node: Node, at path: String, plugin: String) -> RoleProfile? {
        guard
            let map = object(node, at: path, keys: ["id", "title", "description", "levels"], required: ["id", "title", "levels"]),
            let id = identifier(map["id"], at: path + ".id"),
            let title = text(map["title"], at: path + ".title", limit: ManifestLimits.title)
        else { return nil }
        let description = map["description"].flatMap { text($0, at: path + ".description", limit: ManifestLimits.description) }
        var levels: [String: Int] = [:]
        if let levelsNode = map["levels"] {
            if let mapping = levelsNode.mapping {
                for (key, value) in mapping {
                    let competence = key.string ?? ""
                    let fieldPath = "\(path).levels.\(competence)"
                    guard Self.isIdentifier(competence) else {
                        fail(fieldPath, .invalidID, Self.idRule(competence), key)
                        continue
                    }
                    guard let level = value.int, RatingScale.range.contains(level) else {
                        fail(fieldPath, .invalidLevel, "An expected level is a whole number from 1 to 5.", value)
                        continue
                    }
                    levels[competence] = level
                    if let line = key.mark?.line { lines[fieldPath] = line }
                }
            } else {
                fail(path + ".levels", .wrongType, "Expected a mapping of competence id to level.", levelsNode)
            }
        }
        return RoleProfile(id: id, plugin: plugin, title: title, description: description, levels: levels)
    }

    private mutating func discussionCase(_ node: Node, at path: String, plugin: String) -> DiscussionCase? {
        guard
            let map = object(node, at: path, keys: ["id", "title", "story", "competences"], required: ["id", "title", "story", "competences"]),
            let id = identifier(map["id"], at: path + ".id"),
            let title = text(map["title"], at: path + ".title", limit: ManifestLimits.title),
            let story = text(map["story"], at: path + ".story", limit: ManifestLimits.story)
        else { return nil }
        let competences = list(map["competences"], at: path + ".competences") { reader, node, path in
            reader.identifier(node, at: path)
        }
        if let node = map["competences"], node.sequence?.isEmpty == true {
            fail(path + ".competences", .empty, "A case names at least one competence.", node)
        }
        return DiscussionCase(id: id, plugin: plugin, title: title, story: story, competences: competences)
    }

    private mutating func inspiration(_ node: Node, at path: String, plugin: String) -> Inspiration? {
        guard
            let map = object(
                node, at: path, keys: ["id", "competence", "kind", "title", "description"],
                required: ["id", "competence", "kind", "title"]),
            let id = identifier(map["id"], at: path + ".id"),
            let competence = identifier(map["competence"], at: path + ".competence"),
            let kindName = string(map["kind"], at: path + ".kind"),
            let title = text(map["title"], at: path + ".title", limit: ManifestLimits.title)
        else { return nil }
        guard let kind = Inspiration.Kind(rawValue: kindName) else {
            let kinds = Inspiration.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            fail(path + ".kind", .invalidKind, "'\(kindName)' is not one of \(kinds).", map["kind"])
            return nil
        }
        let description = map["description"].flatMap { text($0, at: path + ".description", limit: ManifestLimits.description) }
        return Inspiration(id: id, plugin: plugin, competence: competence, kind: kind, title: title, description: description)
    }

    // MARK: Building blocks

    private mutating func fail(_ path: String, _ rule: PluginError.Rule, _ message: String, _ node: Node?) {
        errors.append(PluginError(file: file, path: path, rule: rule, message: message, line: node?.mark.map { $0.line }))
    }

    /// A mapping with only `keys`, and all of `required`.
    private mutating func object(_ node: Node?, at path: String, keys: [String], required: [String]) -> [String: Node]? {
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

    private mutating func string(_ node: Node?, at path: String) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else {
            fail(path, .wrongType, "Expected text.", node)
            return nil
        }
        return scalar.string
    }

    private mutating func identifier(_ node: Node?, at path: String) -> String? {
        guard let value = string(node, at: path) else { return nil }
        guard Self.isIdentifier(value) else {
            fail(path, .invalidID, Self.idRule(value), node)
            return nil
        }
        if let line = node?.mark?.line { lines[path] = line }
        return value
    }

    /// A `{da, en}` text: Danish required, each within `limit` characters.
    private mutating func text(_ node: Node?, at path: String, limit: Int) -> LocalizedText? {
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

    private mutating func list<T>(
        _ node: Node?, at path: String, _ element: (inout ManifestReader, Node, String) -> T?
    ) -> [T] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            fail(path, .wrongType, "Expected a list.", node)
            return []
        }
        return sequence.enumerated().compactMap { index, item in element(&self, item, "\(path)[\(index)]") }
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

    // MARK: Rules as predicates

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

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
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
