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

    /// One source per visible sub-folder of `directory`, sorted by folder name.
    static func sources(in directory: URL) -> [PluginSource] {
        let fileManager = FileManager.default
        let folders = ((try? fileManager.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? [])
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let sources = folders.map { folder -> PluginSource in
            let name = folder.lastPathComponent
            for manifestName in ManifestLimits.manifestNames {
                let url = folder.appendingPathComponent(manifestName)
                guard fileManager.fileExists(atPath: url.path) else { continue }
                let file = "\(name)/\(manifestName)"
                guard let data = fileManager.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                    return PluginSource(folder: name, file: file, text: nil)
                }
                return PluginSource(folder: name, file: file, text: text)
            }
            return PluginSource(folder: name, file: "\(name)/", text: nil)
        }
        return sources
    }

    /// One plugin folder's manifest text (nil when missing or unreadable).
    public struct PluginSource: Sendable {
        public var folder: String
        public var file: String
        public var text: String?

        public init(folder: String, file: String, text: String?) {
            self.folder = folder
            self.file = file
            self.text = text
        }
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

    // MARK: Merging

    /// The merged wheel for `ids` and everything they depend on.
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
        }
        return framework
    }

    /// `ids` and all they depend on, as a set.
    static func closure(of ids: [String], in manifests: [String: PluginManifest]) -> Set<String> {
        var seen: Set<String> = []
        var stack = ids
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let manifest = manifests[id] else { continue }
            stack += manifest.dependencies
        }
        return seen.filter { manifests[$0] != nil }
    }

    // MARK: Rules across plugins

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
        return errors
    }

    // MARK: Graphs

    /// Ids in an order where dependencies come first; ties alphabetical. Members of cycles
    /// come last, so their errors are still reported.
    static func topologicalOrder(_ graph: [String: [String]]) -> [String] {
        var remaining = Set(graph.keys)
        var order: [String] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { id in graph[id]!.allSatisfy { !remaining.contains($0) } }.sorted()
            let next = ready.first ?? remaining.sorted().first!
            order.append(next)
            remaining.remove(next)
        }
        return order
    }

    /// Every id that lies on a dependency cycle.
    static func findCycles(_ graph: [String: [String]]) -> Set<String> {
        var onCycle: Set<String> = []
        for start in graph.keys {
            // Is `start` reachable from its own dependencies?
            var seen: Set<String> = []
            var stack = graph[start] ?? []
            while let id = stack.popLast() {
                if id == start { onCycle.insert(start); break }
                guard seen.insert(id).inserted else { continue }
                stack += graph[id] ?? []
            }
        }
        return onCycle
    }
}
