import Foundation
import Testing
import WheelCore
import ZIPFoundation
@testable import WheelPlugins

extension PluginArchiveTests {
    // MARK: Size

    @Test("too_large: a zip over 5 MB is refused before it is read")
    func tooLarge() throws {
        let zip = Data(count: 5 * 1024 * 1024 + 1)
        try expectRefused(zip, .tooLarge(limit: 5 * 1024 * 1024))
        #expect(PluginArchive.ArchiveError.tooLarge(limit: 5 * 1024 * 1024).message.contains("5 MB"))
    }

    @Test("too_large_unpacked: a small zip that unpacks to over 20 MB")
    func zipBomb() throws {
        let zeros = Data(count: 21 * 1024 * 1024)
        let zip = try ZipBuilder.make([
            ZipBuilder.file("bomb/plugin.yaml", Fixture.eldercare),
            .file("bomb/zeros.bin", zeros),
        ])
        #expect(zip.count < 1024 * 1024)
        let setup = try Setup()
        defer { setup.root.remove() }
        let before = setup.snapshot()
        #expect {
            try PluginArchive.install(zip, into: setup.plugins)
        } throws: { error in
            (error as? PluginArchive.ArchiveError)?.code == "too_large_unpacked"
        }
        #expect(setup.snapshot() == before)
    }

    @Test("too_large_unpacked: more than 500 entries")
    func tooManyEntries() throws {
        var items = [ZipBuilder.file("many/plugin.yaml", Fixture.eldercare)]
        for index in 0..<500 { items.append(ZipBuilder.file("many/assets/\(index).txt", "x")) }
        let zip = try ZipBuilder.make(items, compression: .none)
        let setup = try Setup()
        defer { setup.root.remove() }
        #expect {
            try PluginArchive.install(zip, into: setup.plugins)
        } throws: { error in
            (error as? PluginArchive.ArchiveError)?.code == "too_large_unpacked"
        }
        #expect(!FileManager.default.fileExists(atPath: setup.plugins.appendingPathComponent("eldercare").path))
    }

    @Test("Custom limits apply")
    func customLimits() throws {
        let zip = try ZipBuilder.make([ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare)])
        try expectRefused(zip, .tooLarge(limit: 100), limits: .init(compressedBytes: 100, uncompressedBytes: 1000, entries: 5))
        let limits = PluginArchive.Limits(compressedBytes: 1_000_000, uncompressedBytes: 500, entries: 5)
        let setup = try Setup()
        defer { setup.root.remove() }
        #expect {
            try PluginArchive.install(zip, into: setup.plugins, limits: limits)
        } throws: { error in
            (error as? PluginArchive.ArchiveError)?.code == "too_large_unpacked"
        }
    }

    // MARK: Not a zip

    @Test("not_a_zip: text, an empty upload, and a truncated zip")
    func notAZip() throws {
        try expectRefused(Data("id: eldercare\n".utf8), .notAZip)
        try expectRefused(Data(), .notAZip)
        let zip = try ZipBuilder.make([ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare)])
        try expectRefused(zip.prefix(zip.count / 2), .notAZip)
    }

    // MARK: Unsafe paths

    @Test("unsafe_path: climbing out, absolute paths, backslashes and symlinks are refused", arguments: [
        "../evil.yaml", "/etc/x", "eldercare/../../evil.yaml", "eldercare\\plugin.yaml", "C:/evil.yaml",
    ])
    func unsafePath(_ name: String) throws {
        let zip = try ZipBuilder.make([
            ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare),
            ZipBuilder.file(name, "id: evil\n"),
        ])
        try expectRefused(zip, .unsafePath(name))
    }

    @Test("unsafe_path: a symlink entry, even one pointing inside the plugin")
    func symlink() throws {
        let outside = try ZipBuilder.make([
            ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare),
            .symlink("eldercare/passwd", target: "/etc/passwd"),
        ])
        try expectRefused(outside, .unsafePath("eldercare/passwd"))
        let inside = try ZipBuilder.make([
            ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare),
            .symlink("eldercare/plugin.yml", target: "plugin.yaml"),
        ])
        try expectRefused(inside, .unsafePath("eldercare/plugin.yml"))
    }

    @Test("unsafe_path: the same file twice, or a file that is also a folder")
    func clashingPaths() throws {
        let twice = try ZipBuilder.make([
            ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare),
            ZipBuilder.file("eldercare/plugin.yaml", Fixture.base),
        ])
        try expectRefused(twice, .unsafePath("eldercare/plugin.yaml"))
        let both = try ZipBuilder.make([
            ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare),
            ZipBuilder.file("eldercare/assets", "a file"),
            ZipBuilder.file("eldercare/assets/icon.svg", "<svg/>"),
        ])
        try expectRefused(both, .unsafePath("eldercare/assets"))
    }

    // MARK: No manifest

    @Test("no_manifest: no manifest, two top-level folders, or a manifest nested too deep")
    func noManifest() throws {
        try expectRefused(try ZipBuilder.make([ZipBuilder.file("eldercare/README.md", "# hi")]), .noManifest)
        try expectRefused(
            try ZipBuilder.make([
                ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare),
                ZipBuilder.file("schools/plugin.yaml", Fixture.base),
            ]), .noManifest)
        try expectRefused(try ZipBuilder.make([ZipBuilder.file("a/eldercare/plugin.yaml", Fixture.eldercare)]), .noManifest)
        try expectRefused(try ZipBuilder.make([.folder("eldercare/")]), .noManifest)
    }

    // MARK: Invalid plugin

    @Test("invalid_plugin: the manifest's own errors, named after the manifest's id")
    func invalidManifest() throws {
        let broken = Fixture.eldercare(replacing: "title: {da: Sensorer, en: Sensors}", with: "title: {en: Sensors}")
        let zip = try ZipBuilder.make([ZipBuilder.file("upload/plugin.yaml", broken)])
        try expectRefused(zip, .invalidPlugin([PluginError(
            file: "eldercare/plugin.yaml", path: "dimensions[0].competences[1].title.da", rule: .missingDanish,
            message: "Danish text is required (English is optional).", line: 16)]))
    }

    @Test("invalid_plugin: a dependency that is not installed")
    func missingDependency() throws {
        let broken = Fixture.eldercare(replacing: "dependencies: [base]", with: "dependencies: [base, kl-leaders]")
        let setup = try Setup()
        defer { setup.root.remove() }
        let zip = try ZipBuilder.make([ZipBuilder.file("eldercare/plugin.yaml", broken)])
        #expect {
            try PluginArchive.install(zip, into: setup.plugins)
        } throws: { error in
            guard let error = error as? PluginArchive.ArchiveError, error.code == "invalid_plugin" else { return false }
            return error.errors.map(Found.init) == [Found("eldercare/plugin.yaml", "dependencies[1]", .missingDependency)]
        }
        #expect(!FileManager.default.fileExists(atPath: setup.plugins.appendingPathComponent("eldercare").path))
    }

    @Test("invalid_plugin: an id another installed plugin already uses")
    func duplicateWithInstalled() throws {
        let setup = try Setup()
        defer { setup.root.remove() }
        try setup.root.write(Fixture.eldercare, to: "Plugins/eldercare/plugin.yaml")
        let schools = Fixture.minimal(id: "schools", dependencies: ["base"], dimension: "sk-dim", competence: "ae-sensorer")
        let zip = try ZipBuilder.make([ZipBuilder.file("schools/plugin.yaml", schools)])
        let before = setup.snapshot()
        #expect {
            try PluginArchive.install(zip, into: setup.plugins)
        } throws: { error in
            let errors = (error as? PluginArchive.ArchiveError)?.errors ?? []
            return errors.map(Found.init) == [Found("schools/plugin.yaml", "dimensions[0].competences[0].id", .duplicateID)]
                && errors[0].message.contains("'eldercare'")
        }
        #expect(setup.snapshot() == before)
    }

    @Test("invalid_plugin: an upgrade that would break an installed plugin is refused, the old version stays")
    func upgradeBreaksDependent() throws {
        let setup = try Setup()
        defer { setup.root.remove() }
        try setup.root.write(Fixture.eldercare, to: "Plugins/eldercare/plugin.yaml")
        // base 2.0.0 drops `digital-vejledning`, which an eldercare case uses.
        let base2 = Fixture.base
            .replacingOccurrences(of: "version: 1.0.0", with: "version: 2.0.0")
            .replacingOccurrences(of: "- id: digital-vejledning", with: "- id: digital-vejledning-2")
        let zip = try ZipBuilder.make([ZipBuilder.file("base/plugin.yaml", base2)])
        let before = setup.snapshot()
        #expect {
            try PluginArchive.install(zip, into: setup.plugins)
        } throws: { error in
            ((error as? PluginArchive.ArchiveError)?.errors ?? []).map(Found.init)
                == [Found("eldercare/plugin.yaml", "cases[0].competences[1]", .danglingReference)]
        }
        #expect(setup.snapshot() == before)
        #expect(PluginCatalog.load(from: setup.plugins).status("base")?.version == "1.0.0")
    }

    @Test("A broken plugin already in the folder does not block an unrelated upload")
    func unrelatedBrokenPlugin() throws {
        let setup = try Setup()
        defer { setup.root.remove() }
        try setup.root.write("id: [broken", to: "Plugins/schools/plugin.yaml")
        let zip = try ZipBuilder.make([ZipBuilder.file("eldercare/plugin.yaml", Fixture.eldercare)])
        #expect(try PluginArchive.install(zip, into: setup.plugins) == "eldercare")
        #expect(PluginCatalog.load(from: setup.plugins).order == ["base", "eldercare"])
    }

    @Test("Error codes are stable")
    func codes() {
        let all: [PluginArchive.ArchiveError] = [
            .tooLarge(limit: 1), .tooLargeUnpacked("x"), .notAZip, .unsafePath("x"), .noManifest, .invalidPlugin([]),
            .writeFailed("x"),
        ]
        #expect(all.map(\.code) == [
            "too_large", "too_large_unpacked", "not_a_zip", "unsafe_path", "no_manifest", "invalid_plugin", "write_failed",
        ])
        #expect(all.allSatisfy { !$0.message.isEmpty })
    }
}
