import Foundation
import Yams
import ZIPFoundation

/// Why an uploaded plugin zip was refused (also reachable as `PluginArchive.ArchiveError`).
public typealias ArchiveError = PluginArchive.ArchiveError

/// Installs a plugin uploaded as a zip of one plugin folder.
///
/// Everything is checked in memory first: size limits, entry paths, the manifest, and
/// the catalog rules together with the plugins already installed. Only then is the
/// plugin written, into a hidden folder inside the plugins folder (hidden folders are
/// never loaded), and moved into place by rename. An upgrade replaces the old folder
/// the same way, so a reader never sees a half-written plugin. On any error nothing is
/// left in the plugins folder.
public enum PluginArchive {
    public struct Limits: Hashable, Sendable {
        /// The largest zip accepted, in bytes.
        public var compressedBytes: Int
        /// The largest total of all unpacked files, in bytes.
        public var uncompressedBytes: Int
        /// The most entries (files and folders) in one zip.
        public var entries: Int

        public init(compressedBytes: Int, uncompressedBytes: Int, entries: Int) {
            self.compressedBytes = compressedBytes
            self.uncompressedBytes = uncompressedBytes
            self.entries = entries
        }

        /// 5 MB zipped, 20 MB unpacked, 500 entries.
        public static let `default` = Limits(
            compressedBytes: 5 * 1024 * 1024, uncompressedBytes: 20 * 1024 * 1024, entries: 500)
    }

    /// Why an upload was refused. `code` is stable (clients and docs rely on it).
    public enum ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The zip itself is over `Limits.compressedBytes`.
        case tooLarge(limit: Int)
        /// The unpacked files are over `Limits.uncompressedBytes`, or there are over `Limits.entries` entries.
        case tooLargeUnpacked(String)
        /// Not a readable zip archive.
        case notAZip
        /// An entry with `..`, an absolute path, a backslash, a symlink, or a clashing path.
        case unsafePath(String)
        /// No `plugin.yaml`, `plugin.yml` or `plugin.json` at the root or in the single top-level folder.
        case noManifest
        /// The manifest breaks the format, or the plugin does not fit with the installed ones.
        case invalidPlugin([PluginError])
        /// The plugins folder could not be written; nothing was changed.
        case writeFailed(String)

        public var code: String {
            switch self {
            case .tooLarge: "too_large"
            case .tooLargeUnpacked: "too_large_unpacked"
            case .notAZip: "not_a_zip"
            case .unsafePath: "unsafe_path"
            case .noManifest: "no_manifest"
            case .invalidPlugin: "invalid_plugin"
            case .writeFailed: "write_failed"
            }
        }

        public var message: String {
            switch self {
            case .tooLarge(let limit):
                "The zip is larger than \(PluginArchive.megabytes(limit))."
            case .tooLargeUnpacked(let detail):
                "The zip unpacks to too much: \(detail)."
            case .notAZip:
                "The upload is not a readable zip archive."
            case .unsafePath(let path):
                "Unsafe entry '\(path)': entries must be plain relative files and folders (no '..', absolute paths, backslashes or symlinks)."
            case .noManifest:
                "No plugin.yaml, plugin.yml or plugin.json at the root of the zip or inside its single top-level folder."
            case .invalidPlugin(let errors):
                "The plugin is not valid (\(errors.count) error\(errors.count == 1 ? "" : "s"))."
            case .writeFailed(let detail):
                "The plugin could not be written to the plugins folder: \(detail)."
            }
        }

        /// The validation errors of `invalidPlugin`; empty otherwise.
        public var errors: [PluginError] {
            if case .invalidPlugin(let errors) = self { errors } else { [] }
        }

        public var description: String { "\(code): \(message)" }
    }

    /// Checks `zip` and installs the plugin in it as `<pluginsDirectory>/<id>`, replacing
    /// an installed version. Returns the plugin id (taken from the manifest).
    @discardableResult
    public static func install(
        _ zip: Data, into pluginsDirectory: URL, limits: Limits = .default
    ) throws(ArchiveError) -> String {
        let files = try unpack(zip, limits: limits)
        let (id, pluginFiles) = try validate(files, against: pluginsDirectory)
        try write(pluginFiles, id: id, into: pluginsDirectory)
        return id
    }

    // MARK: Reading the zip in memory

    /// Names that zip tools add and that are never part of a plugin.
    static func isJunk(_ components: [Substring]) -> Bool {
        components.first == "__MACOSX" || components.last == ".DS_Store"
    }

    /// A path inside the zip is safe when it is relative, uses `/`, and never climbs out.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return false }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty else { return false }
        // A Windows drive ("C:") is absolute too.
        if let first = components.first, first.count == 2, first.last == ":" { return false }
        return !components.contains("..")
    }

    private struct BudgetExceeded: Error {}

    /// Every file in the zip by its relative path (folders implied), with all limits checked.
    static func unpack(_ zip: Data, limits: Limits) throws(ArchiveError) -> [String: Data] {
        guard zip.count <= limits.compressedBytes else { throw .tooLarge(limit: limits.compressedBytes) }
        let archive: Archive
        do {
            archive = try Archive(data: zip, accessMode: .read)
        } catch {
            throw .notAZip
        }

        // First pass: the central directory only (paths, kinds, declared sizes).
        var entries: [Entry] = []
        var declared: UInt64 = 0
        for entry in archive {
            entries.append(entry)
            guard entries.count <= limits.entries else {
                throw .tooLargeUnpacked("more than \(limits.entries) entries")
            }
            let path = entry.path
            guard isSafe(path), entry.type != .symlink else { throw .unsafePath(path) }
            guard entry.uncompressedSize <= UInt64(limits.uncompressedBytes) - declared else {
                throw .tooLargeUnpacked("more than \(megabytes(limits.uncompressedBytes)) of files")
            }
            declared += entry.uncompressedSize
        }

        // Second pass: the contents, counting real bytes (declared sizes can lie).
        var files: [String: Data] = [:]
        var folders: Set<String> = []
        var total = 0
        for entry in entries {
            let components = entry.path.split(separator: "/").filter { $0 != "." }
            guard !components.isEmpty, !isJunk(components) else { continue }
            let path = components.joined(separator: "/")
            for depth in 1..<components.count {
                folders.insert(components.prefix(depth).joined(separator: "/"))
            }
            if entry.type == .directory {
                folders.insert(path)
                continue
            }
            guard files[path] == nil else { throw .unsafePath(entry.path) }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    total += chunk.count
                    guard total <= limits.uncompressedBytes else { throw BudgetExceeded() }
                    data.append(chunk)
                }
            } catch is BudgetExceeded {
                throw .tooLargeUnpacked("more than \(megabytes(limits.uncompressedBytes)) of files")
            } catch {
                throw .notAZip
            }
            files[path] = data
        }
        // A path that is both a file and a folder cannot be written.
        if let clash = files.keys.sorted().first(where: { folders.contains($0) }) {
            throw .unsafePath(clash)
        }
        return files
    }

    // MARK: Validating

    /// Finds the manifest, checks it alone and with the installed plugins. Returns the
    /// plugin id and the plugin's files relative to its folder.
    static func validate(
        _ files: [String: Data], against pluginsDirectory: URL
    ) throws(ArchiveError) -> (id: String, files: [String: Data]) {
        // The plugin root: the zip root, or its single top-level folder.
        var prefix = ""
        if !ManifestLimits.manifestNames.contains(where: { files[$0] != nil }) {
            let tops = Set(files.keys.map { String($0.split(separator: "/")[0]) })
            guard tops.count == 1, let top = tops.first else { throw .noManifest }
            prefix = top + "/"
        }
        guard let manifestName = ManifestLimits.manifestNames.first(where: { files[prefix + $0] != nil }) else {
            throw .noManifest
        }
        var pluginFiles: [String: Data] = [:]
        for (path, data) in files { pluginFiles[String(path.dropFirst(prefix.count))] = data }

        let text = String(data: pluginFiles[manifestName]!, encoding: .utf8)
        // Name the file after the plugin id, as the catalog will once installed.
        let topFolder = prefix.isEmpty ? nil : String(prefix.dropLast())
        let provisional = text.flatMap(declaredID) ?? topFolder.flatMap { ManifestReader.isIdentifier($0) ? $0 : nil } ?? "upload"
        let file = "\(provisional)/\(manifestName)"
        guard let text else {
            throw .invalidPlugin([PluginError(
                file: file, path: "", rule: .noManifest, message: "The manifest is not readable UTF-8 text.")])
        }
        let (manifest, errors) = ManifestReader.read(text, file: file)
        guard let manifest, errors.isEmpty else { throw .invalidPlugin(errors) }
        let id = manifest.id

        // Together with what is installed: dependencies, duplicate ids, references, and
        // no plugin that loads today may fail because of this one (e.g. an upgrade that
        // drops a competence another plugin uses).
        let installed = PluginCatalog.sources(in: pluginsDirectory)
        let before = PluginCatalog.check(installed)
        let candidate = PluginCatalog.PluginSource(folder: id, file: "\(id)/\(manifestName)", text: text)
        let after = PluginCatalog.check(installed.filter { $0.folder != id } + [candidate])
        var problems = after.statuses.first { $0.id == id }?.errors ?? []
        for status in after.statuses where status.id != id && status.state == .failed && before.order.contains(status.id) {
            problems += status.errors
        }
        guard problems.isEmpty else { throw .invalidPlugin(problems) }
        return (id, pluginFiles)
    }

    /// The top-level `id` of a manifest when it is a valid id, else nil.
    private static func declaredID(_ text: String) -> String? {
        guard let node = try? Yams.compose(yaml: text), let mapping = node.mapping,
            let id = mapping["id"]?.string, ManifestReader.isIdentifier(id)
        else { return nil }
        return id
    }

    // MARK: Writing

    /// Writes the files to a hidden folder beside the plugins, then renames it into place.
    static func write(_ files: [String: Data], id: String, into pluginsDirectory: URL) throws(ArchiveError) {
        let fileManager = FileManager.default
        let token = UUID().uuidString.lowercased()
        let staging = pluginsDirectory.appendingPathComponent(".install-\(id)-\(token)", isDirectory: true)
        let retired = pluginsDirectory.appendingPathComponent(".replaced-\(id)-\(token)", isDirectory: true)
        let target = pluginsDirectory.appendingPathComponent(id, isDirectory: true)
        do {
            try fileManager.createDirectory(at: pluginsDirectory, withIntermediateDirectories: true)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let url = staging.appendingPathComponent(path)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw .writeFailed(error.localizedDescription)
        }
        var replaced = false
        do {
            if fileManager.fileExists(atPath: target.path) {
                try fileManager.moveItem(at: target, to: retired)
                replaced = true
            }
            try fileManager.moveItem(at: staging, to: target)
        } catch {
            // Put the old version back; leave nothing behind.
            if replaced { try? fileManager.moveItem(at: retired, to: target) }
            try? fileManager.removeItem(at: staging)
            throw .writeFailed(error.localizedDescription)
        }
        if replaced { try? fileManager.removeItem(at: retired) }
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024)) MB" : "\(bytes) bytes"
    }
}
