import Foundation
import WheelCore

/// Merging the chosen plugins into the framework a workshop copies.
extension PluginCatalog {
    /// The merged framework for `ids` and everything they depend on.
    public func framework(for ids: [String]) throws(CatalogError) -> Framework {
        guard !ids.isEmpty else { throw .noPlugins }
        for id in ids where manifests[id] == nil {
            throw statuses.contains { $0.id == id } ? .pluginFailed(id) : .unknownPlugin(id)
        }
        let chosen = Self.closure(of: ids, in: manifests)
        var framework = Framework()
        for id in order where chosen.contains(id) {
            let manifest = manifests[id]!
            framework.plugins.append(PluginReference(id: id, version: manifest.version, name: manifest.name))
            framework.dimensions += manifest.dimensions
            for extensionBlock in manifest.extensions {
                if let index = framework.dimensions.firstIndex(where: { $0.id == extensionBlock.dimension }) {
                    framework.dimensions[index].competences += extensionBlock.competences
                }
            }
            for example in manifest.examples {
                for d in framework.dimensions.indices {
                    if let c = framework.dimensions[d].competences.firstIndex(where: { $0.id == example.competence }) {
                        framework.dimensions[d].competences[c].examples.append(example.text)
                    }
                }
            }
            framework.underlying += manifest.underlying
            framework.roleProfiles += manifest.roleProfiles
            framework.cases += manifest.cases
            framework.inspiration += manifest.inspiration
            if !manifest.facilitatorNotes.isEmpty {
                framework.facilitatorNotes = (framework.facilitatorNotes ?? []) + manifest.facilitatorNotes
            }
        }
        return framework
    }

    /// `ids` and all they depend on, as a set.
    static func closure(of ids: [String], in manifests: [String: PluginManifest]) -> Set<String> {
        reachable(from: ids, in: manifests.mapValues(\.dependencies)).filter { manifests[$0] != nil }
    }
}
