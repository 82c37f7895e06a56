import Foundation
import Logging
import WheelCore
import WheelPlugins

/// The plugins the server offers. A reload (admin endpoint or SIGHUP) swaps in a freshly
/// checked catalog; workshops already created keep the framework they copied at creation.
actor PluginLibrary {
    let directory: URL
    private(set) var catalog: PluginCatalog
    private let logger: Logger

    init(directory: URL, logger: Logger) {
        self.directory = directory
        self.logger = logger
        self.catalog = PluginCatalog.load(from: directory)
        Self.log(catalog, logger: logger)
    }

    @discardableResult
    func reload() -> PluginCatalog {
        catalog = PluginCatalog.load(from: directory)
        Self.log(catalog, logger: logger)
        return catalog
    }

    /// Validates and installs an uploaded zip, then reloads. Nothing is written on error.
    func install(zip: Data) throws(PluginArchive.ArchiveError) -> String {
        let id = try PluginArchive.install(zip, into: directory)
        logger.notice("plugin uploaded", metadata: ["plugin": "\(id)"])
        reload()
        return id
    }

    private static func log(_ catalog: PluginCatalog, logger: Logger) {
        logger.info("plugins loaded", metadata: ["loaded": "\(catalog.order.joined(separator: ","))"])
        for error in catalog.errors {
            logger.warning("plugin error: \(error)")
        }
    }
}
