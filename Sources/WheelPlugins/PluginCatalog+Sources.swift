import Foundation

/// Reading a plugins folder from disk: one manifest text per sub-folder.
extension PluginCatalog {
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
}
