import Foundation
import WheelCore

/// How one plugin folder fared: loaded, or failed with every error found.
public struct PluginStatus: Codable, Hashable, Sendable {
    public enum State: String, Codable, Sendable {
        case loaded
        case failed
    }

    public var id: String
    public var version: String?
    public var name: LocalizedText?
    public var dependencies: [String]
    public var state: State
    public var errors: [PluginError]
}

public enum CatalogError: Error, Equatable, Sendable {
    case unknownPlugin(String)
    case pluginFailed(String)
    case noPlugins

    public var message: String {
        switch self {
        case .unknownPlugin(let id): "No plugin '\(id)'."
        case .pluginFailed(let id): "Plugin '\(id)' failed to load; see the plugin list for its errors."
        case .noPlugins: "Choose at least one plugin."
        }
    }
}

/// The plugins of one folder after every rule was checked: the ones that loaded, in
/// dependency order, and a status (with errors) for every folder.
public struct PluginCatalog: Sendable {
    /// Loaded plugins by id.
    public let manifests: [String: PluginManifest]
    /// Loaded plugin ids, dependencies first.
    public let order: [String]
    /// One entry per plugin folder, sorted by id.
    public let statuses: [PluginStatus]

    public var errors: [PluginError] { statuses.flatMap(\.errors) }

    /// Reads every sub-folder of `directory` as a plugin. Never throws: an unreadable
    /// folder or file becomes an error in that plugin's status.
    public static func load(from directory: URL) -> PluginCatalog {
        check(sources(in: directory))
    }

    /// Checks manifests alone and against each other; pure, so tests need no files.
    public static func check(_ sources: [PluginSource]) -> PluginCatalog {
        var parsed: [String: (manifest: PluginManifest, file: String)] = [:]
        var failures: [String: [PluginError]] = [:]
        var partial: [String: PluginManifest] = [:]

        for source in sources {
            guard let text = source.text else {
                let message = source.file.hasSuffix("/")
                    ? "No plugin.yaml or plugin.json in this folder." : "The manifest is not readable UTF-8 text."
                failures[source.folder] = [PluginError(file: source.file, path: "", rule: .noManifest, message: message)]
                continue
            }
            let (manifest, errors) = ManifestReader.read(text, file: source.file)
            guard let manifest else {
                failures[source.folder] = errors
                continue
            }
            if manifest.id != source.folder {
                failures[source.folder] = [PluginError(
                    file: source.file, path: "id", rule: .idMismatch,
                    message: "The id '\(manifest.id)' must equal the folder name '\(source.folder)'.",
                    line: manifest.lines["id"])]
                partial[source.folder] = manifest
                continue
            }
            parsed[manifest.id] = (manifest, source.file)
        }

        // Dependencies: missing ones and cycles, then dependency order.
        let cycles = findCycles(parsed.mapValues(\.manifest.dependencies))
        var order: [String] = []
        var accepted: [String: PluginManifest] = [:]
        var owners = IDOwners()
        for id in topologicalOrder(parsed.mapValues(\.manifest.dependencies)) {
            let (manifest, file) = parsed[id]!
            var errors: [PluginError] = []
            for (index, dependency) in manifest.dependencies.enumerated() {
                let path = "dependencies[\(index)]"
                if cycles.contains(id) && cycles.contains(dependency) {
                    errors.append(PluginError(
                        file: file, path: path, rule: .dependencyCycle,
                        message: "'\(id)' and '\(dependency)' depend on each other (directly or through others).",
                        line: manifest.lines[path]))
                } else if accepted[dependency] == nil {
                    let why = parsed[dependency] != nil || failures[dependency] != nil ? "failed to load" : "is not installed"
                    errors.append(PluginError(
                        file: file, path: path, rule: .missingDependency, message: "Depends on '\(dependency)', which \(why).",
                        line: manifest.lines[path]))
                }
            }
            if errors.isEmpty {
                let visible = closure(of: manifest.dependencies, in: accepted).map { accepted[$0]! } + [manifest]
                errors = checkIDs(manifest, file: file, owners: owners) + checkReferences(manifest, file: file, visible: visible)
            }
            if errors.isEmpty {
                accepted[id] = manifest
                order.append(id)
                owners.register(manifest)
            } else {
                failures[id] = errors
            }
        }

        let allIDs = Set(parsed.keys).union(failures.keys)
        let statuses = allIDs.sorted().map { id -> PluginStatus in
            let manifest = accepted[id] ?? parsed[id]?.manifest ?? partial[id]
            return PluginStatus(
                id: id, version: manifest?.version, name: manifest?.name, dependencies: manifest?.dependencies ?? [],
                state: accepted[id] != nil ? .loaded : .failed, errors: failures[id] ?? [])
        }
        return PluginCatalog(manifests: accepted, order: order, statuses: statuses)
    }
}
