import Foundation
import Testing
import WheelCore
import ZIPFoundation
@testable import WheelPlugins

@Suite("Installing an uploaded plugin zip")
struct PluginArchiveTests {
    /// A plugins folder with `base` installed, and a sibling folder to catch escapes.
    struct Setup {
        let root: TempFolder
        var plugins: URL { root.url.appendingPathComponent("Plugins", isDirectory: true) }

        init() throws {
            root = try TempFolder()
            try root.write(Fixture.base, to: "Plugins/base/plugin.yaml")
        }

        /// Everything under the temp root, hidden files included.
        func snapshot() -> [String] { root.listing() }
    }

    /// Asserts that installing `zip` fails with `expected` and leaves every file as it was.
    func expectRefused(
        _ zip: Data, _ expected: PluginArchive.ArchiveError, limits: PluginArchive.Limits = .default,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let setup = try Setup()
        defer { setup.root.remove() }
        let before = setup.snapshot()
        #expect(throws: expected, sourceLocation: sourceLocation) {
            try PluginArchive.install(zip, into: setup.plugins, limits: limits)
        }
        #expect(setup.snapshot() == before, "nothing may be written on error", sourceLocation: sourceLocation)
    }

    // MARK: Success

    @Test("A zip of one plugin folder (any folder name) installs under the manifest's id and then loads")
    func installs() throws {
        let setup = try Setup()
        defer { setup.root.remove() }
        let zip = try ZipBuilder.make([
            .folder("my-upload (2)/"),
            ZipBuilder.file("my-upload (2)/plugin.yaml", Fixture.eldercare),
            ZipBuilder.file("my-upload (2)/assets/icon.svg", "<svg/>"),
        ])
        let id = try PluginArchive.install(zip, into: setup.plugins)
        #expect(id == "eldercare")
        let folder = setup.plugins.appendingPathComponent("eldercare")
        #expect(try String(contentsOf: folder.appendingPathComponent("plugin.yaml"), encoding: .utf8) == Fixture.eldercare)
        #expect(try String(contentsOf: folder.appendingPathComponent("assets/icon.svg"), encoding: .utf8) == "<svg/>")
        // No staging or leftover folders, hidden or not.
        #expect(setup.snapshot() == [
            "Plugins", "Plugins/base", "Plugins/base/plugin.yaml",
            "Plugins/eldercare", "Plugins/eldercare/assets", "Plugins/eldercare/assets/icon.svg",
            "Plugins/eldercare/plugin.yaml",
        ])
        let catalog = PluginCatalog.load(from: setup.plugins)
        #expect(catalog.errors == [])
        #expect(catalog.order == ["base", "eldercare"])
    }

    @Test("Files may sit at the zip root; plugin.json works; stored (uncompressed) entries work")
    func rootAndJSON() throws {
        let setup = try Setup()
        defer { setup.root.remove() }
        let json = #"{"id": "extra", "version": "0.1.0", "coreApi": 1, "name": {"da": "Ekstra"}, "dependencies": ["base"]}"#
        let zip = try ZipBuilder.make([ZipBuilder.file("plugin.json", json)], compression: .none)
        #expect(try PluginArchive.install(zip, into: setup.plugins) == "extra")
        let catalog = PluginCatalog.load(from: setup.plugins)
        #expect(catalog.errors == [])
        #expect(catalog.status("extra")?.state == .loaded)
    }

    @Test("A zip made by macOS Finder (with __MACOSX and .DS_Store) installs without the junk")
    func finderZip() throws {
        let setup = try Setup()
        defer { setup.root.remove() }
        let zip = try ZipBuilder.make([
            ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare),
            ZipBuilder.file("eldercare/.DS_Store", "junk"),
            ZipBuilder.file("__MACOSX/eldercare/._plugin.yaml", "junk"),
        ])
        #expect(try PluginArchive.install(zip, into: setup.plugins) == "eldercare")
        let installed = try FileManager.default.contentsOfDirectory(atPath: setup.plugins.appendingPathComponent("eldercare").path)
        #expect(installed == ["plugin.yaml"])
    }

    @Test("An upgrade replaces the installed folder as a whole")
    func upgrade() throws {
        let setup = try Setup()
        defer { setup.root.remove() }
        let v1 = try ZipBuilder.make([
            ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare),
            ZipBuilder.file("eldercare/old-notes.txt", "v1 only"),
        ])
        try PluginArchive.install(v1, into: setup.plugins)
        let upgraded = Fixture.eldercare(replacing: "version: 1.2.0", with: "version: 1.3.0")
        let v2 = try ZipBuilder.make([ZipBuilder.file("eldercare-1.3.0/plugin.yaml", upgraded)])
        #expect(try PluginArchive.install(v2, into: setup.plugins) == "eldercare")
        let installed = try FileManager.default.contentsOfDirectory(atPath: setup.plugins.appendingPathComponent("eldercare").path)
        #expect(installed == ["plugin.yaml"])
        let catalog = PluginCatalog.load(from: setup.plugins)
        #expect(catalog.status("eldercare")?.version == "1.3.0")
        #expect(catalog.errors == [])
        #expect(setup.snapshot().filter { $0.contains("/.") } == [])
    }

    @Test("The plugins folder is created when it does not exist yet")
    func createsFolder() throws {
        let root = try TempFolder()
        defer { root.remove() }
        let plugins = root.url.appendingPathComponent("fresh/Plugins")
        let zip = try ZipBuilder.make([ZipBuilder.file("base/plugin.yaml", Fixture.base)])
        #expect(try PluginArchive.install(zip, into: plugins) == "base")
        #expect(PluginCatalog.load(from: plugins).order == ["base"])
    }
}
