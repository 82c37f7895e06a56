import Foundation
import WheelCore

/// The rules that hold across plugins: ids owned once, references that resolve.
extension PluginCatalog {
    /// Which plugin owns each id, per kind of id.
    struct IDOwners {
        var byKind: [String: [String: String]] = [:]

        mutating func register(_ manifest: PluginManifest) {
            for (kind, ids) in PluginCatalog.ownedIDs(manifest) {
                for (id, _) in ids { byKind[kind, default: [:]][id] = manifest.id }
            }
        }
    }

    /// The ids a manifest defines, by kind, each with its field path.
    static func ownedIDs(_ manifest: PluginManifest) -> [(String, [(String, String)])] {
        var competences: [(String, String)] = []
        for (d, dimension) in manifest.dimensions.enumerated() {
            for (c, competence) in dimension.competences.enumerated() {
                competences.append((competence.id, "dimensions[\(d)].competences[\(c)].id"))
            }
        }
        for (e, block) in manifest.extensions.enumerated() {
            for (c, competence) in block.competences.enumerated() {
                competences.append((competence.id, "extend[\(e)].competences[\(c)].id"))
            }
        }
        return [
            ("dimension", manifest.dimensions.enumerated().map { ($1.id, "dimensions[\($0)].id") }),
            ("competence", competences),
            ("underlying", manifest.underlying.enumerated().map { ($1.id, "underlying[\($0)].id") }),
            ("role profile", manifest.roleProfiles.enumerated().map { ($1.id, "roleProfiles[\($0)].id") }),
            ("case", manifest.cases.enumerated().map { ($1.id, "cases[\($0)].id") }),
            ("inspiration", manifest.inspiration.enumerated().map { ($1.id, "inspiration[\($0)].id") }),
        ]
    }

    static func checkIDs(_ manifest: PluginManifest, file: String, owners: IDOwners) -> [PluginError] {
        var errors: [PluginError] = []
        for (kind, ids) in ownedIDs(manifest) {
            var seen: [String: String] = [:]
            for (id, path) in ids {
                if let first = seen[id] {
                    errors.append(PluginError(
                        file: file, path: path, rule: .duplicateID, message: "The \(kind) id '\(id)' is already used at \(first).",
                        line: manifest.lines[path]))
                } else if let owner = owners.byKind[kind]?[id] {
                    errors.append(PluginError(
                        file: file, path: path, rule: .duplicateID,
                        message: "The \(kind) id '\(id)' is already defined by plugin '\(owner)'.",
                        line: manifest.lines[path]))
                }
                seen[id] = seen[id] ?? path
            }
        }
        return errors
    }

    /// Every competence or dimension a manifest names must exist in it or in what it depends on.
    static func checkReferences(_ manifest: PluginManifest, file: String, visible: [PluginManifest]) -> [PluginError] {
        let competences = Set(visible.flatMap { $0.competences.map(\.id) })
        let dimensions = Set(visible.flatMap { $0.dimensions.map(\.id) })
        var errors: [PluginError] = []
        func require(_ id: String, in set: Set<String>, _ kind: String, at path: String) {
            guard !set.contains(id) else { return }
            errors.append(PluginError(
                file: file, path: path, rule: .danglingReference,
                message: "No \(kind) '\(id)' in this plugin or the plugins it depends on.", line: manifest.lines[path]))
        }
        for (index, block) in manifest.extensions.enumerated() {
            require(block.dimension, in: dimensions, "dimension", at: "extend[\(index)].dimension")
        }
        for (index, example) in manifest.examples.enumerated() {
            require(example.competence, in: competences, "competence", at: "examples[\(index)].competence")
        }
        for (index, profile) in manifest.roleProfiles.enumerated() {
            for competence in profile.levels.keys.sorted() {
                require(competence, in: competences, "competence", at: "roleProfiles[\(index)].levels.\(competence)")
            }
        }
        for (index, story) in manifest.cases.enumerated() {
            for (c, competence) in story.competences.enumerated() {
                require(competence, in: competences, "competence", at: "cases[\(index)].competences[\(c)]")
            }
        }
        for (index, item) in manifest.inspiration.enumerated() {
            require(item.competence, in: competences, "competence", at: "inspiration[\(index)].competence")
        }
        let cases = Set(visible.flatMap { $0.cases.map(\.id) })
        for note in manifest.facilitatorNotes {
            let known = switch note.target {
            case .dimension: dimensions
            case .competence: competences
            case .case: cases
            }
            require(note.id, in: known, note.target.rawValue, at: "facilitatorNotes.\(note.target.plural).\(note.id)")
        }
        return errors
    }
}
