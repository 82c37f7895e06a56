/// One broken rule in one plugin: the file, the field path inside it, and the rule.
///
/// `description` reads like a compiler diagnostic, e.g.
/// `eldercare/plugin.yaml:12: dimensions[0].competences[1].title.da: missing_danish: ...`
public struct PluginError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Rule: String, Codable, Sendable, CaseIterable {
        case syntax
        case noManifest = "no_manifest"
        case unknownKey = "unknown_key"
        case missingField = "missing_field"
        case wrongType = "wrong_type"
        case missingDanish = "missing_danish"
        case tooLong = "too_long"
        case invalidID = "invalid_id"
        case idMismatch = "id_mismatch"
        case invalidVersion = "invalid_version"
        case unsupportedCoreAPI = "unsupported_core_api"
        case invalidColor = "invalid_color"
        case invalidLevel = "invalid_level"
        case invalidKind = "invalid_kind"
        case empty
        case duplicateID = "duplicate_id"
        case danglingReference = "dangling_reference"
        case missingDependency = "missing_dependency"
        case dependencyCycle = "dependency_cycle"
    }

    /// The manifest's path relative to the plugins folder, e.g. `eldercare/plugin.yaml`.
    public var file: String
    /// The field path, e.g. `dimensions[2].competences[0].title.da`; empty for the whole file.
    public var path: String
    public var rule: Rule
    public var message: String
    /// 1-based line in the file, where known.
    public var line: Int?

    public init(file: String, path: String, rule: Rule, message: String, line: Int? = nil) {
        self.file = file
        self.path = path
        self.rule = rule
        self.message = message
        self.line = line
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let field = path.isEmpty ? "" : " \(path):"
        return "\(location):\(field) \(rule.rawValue): \(message)"
    }
}
