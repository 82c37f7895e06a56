import Foundation
import WheelCore
import Yams

/// The manifest format, field by field: what each part must hold (see docs/plugins.md).
extension ManifestReader {
    mutating func manifest(_ node: Node) -> PluginManifest? {
        guard
            let map = object(
                node, at: "",
                keys: ["id", "version", "coreApi", "name", "description", "dependencies", "dimensions",
                       "extend", "examples", "underlying", "roleProfiles", "cases", "inspiration", "facilitatorNotes"],
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
        let description = optionalDescription(map, at: "")
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
        let notes = facilitatorNotes(map["facilitatorNotes"], plugin: id)
        return PluginManifest(
            id: id, version: version, coreAPI: coreAPI, name: name, description: description,
            dependencies: dependencies, dimensions: dimensions, extensions: extensions, examples: examples,
            underlying: underlying, roleProfiles: roleProfiles, cases: cases, inspiration: inspiration,
            facilitatorNotes: notes, lines: lines)
    }

    /// `facilitatorNotes: {dimensions: {id: text}, competences: {...}, cases: {...}}`; whether
    /// each id exists is checked across plugins (`PluginCatalog.checkReferences`).
    private mutating func facilitatorNotes(_ node: Node?, plugin: String) -> [FacilitatorNote] {
        let path = "facilitatorNotes"
        guard let map = object(node, at: path, keys: FacilitatorNote.Target.allCases.map(\.plural), required: []) else {
            return []
        }
        var notes: [FacilitatorNote] = []
        for target in FacilitatorNote.Target.allCases {
            guard let group = map[target.plural] else { continue }
            guard let mapping = group.mapping else {
                fail("\(path).\(target.plural)", .wrongType, "Expected a mapping of \(target.rawValue) id to a {da, en} text.", group)
                continue
            }
            for (key, value) in mapping {
                let id = key.string ?? ""
                let fieldPath = "\(path).\(target.plural).\(id)"
                guard Self.isIdentifier(id) else {
                    fail(fieldPath, .invalidID, Self.idRule(id), key)
                    continue
                }
                noteLine(of: key, at: fieldPath)
                guard let text = text(value, at: fieldPath, limit: ManifestLimits.facilitatorNote) else { continue }
                notes.append(FacilitatorNote(target: target, id: id, plugin: plugin, text: text))
            }
        }
        return notes
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
        let description = optionalDescription(map, at: path)
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
            let description = reader.optionalDescription(map, at: path)
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
        let description = optionalDescription(map, at: path)
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
                    noteLine(of: key, at: fieldPath)
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
        let description = optionalDescription(map, at: path)
        return Inspiration(id: id, plugin: plugin, competence: competence, kind: kind, title: title, description: description)
    }
}
