import Foundation
import Testing
import WheelCore
@testable import WheelPlugins

private let e = "eldercare/plugin.yaml"

@Suite("Rules across plugins")
struct CatalogRuleTests {
    @Test("no_manifest: a plugin folder without plugin.yaml, plugin.yml or plugin.json")
    func noManifest() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write(Fixture.base, to: "base/plugin.yaml")
        try folder.write("# just notes\n", to: "empty-plugin/README.md")
        let catalog = PluginCatalog.load(from: folder.url)
        #expect(catalog.found("empty-plugin") == [Found("empty-plugin/", "", .noManifest)])
        #expect(catalog.status("empty-plugin")?.state == .failed)
        #expect(catalog.order == ["base"])
    }

    @Test("no_manifest: a manifest that is not UTF-8 text")
    func unreadableManifest() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write(Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]), to: "broken/plugin.yaml")
        let catalog = PluginCatalog.load(from: folder.url)
        #expect(catalog.found("broken") == [Found("broken/plugin.yaml", "", .noManifest)])
    }

    @Test("load(from:) reads plugin.yaml, plugin.yml and plugin.json, and ignores files and hidden folders")
    func loadFolder() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write(Fixture.base, to: "base/plugin.yml")
        try folder.write(Fixture.eldercare, to: "eldercare/plugin.yaml")
        let json = #"{"id": "extra", "version": "0.1.0", "coreApi": 1, "name": {"da": "Ekstra"}, "dependencies": ["base"]}"#
        try folder.write(json, to: "extra/plugin.json")
        try folder.write("{}", to: "plugin.schema.json")
        try folder.write("not: [valid", to: ".install-x-123/plugin.yaml")
        let catalog = PluginCatalog.load(from: folder.url)
        #expect(catalog.errors == [])
        #expect(catalog.order == ["base", "eldercare", "extra"])
        #expect(catalog.statuses.map(\.id) == ["base", "eldercare", "extra"])
        #expect(catalog.status("base")?.version == "1.0.0")
    }

    @Test("id_mismatch: the id must equal the folder name")
    func idMismatch() {
        let catalog = check([("base", Fixture.base), ("aeldrepleje", Fixture.eldercare)])
        #expect(catalog.found("aeldrepleje") == [Found("aeldrepleje/plugin.yaml", "id", .idMismatch)])
        #expect(catalog.status("aeldrepleje")?.version == "1.2.0")
        #expect(catalog.order == ["base"])
    }

    @Test("duplicate_id within one plugin names the first place the id is used")
    func duplicateWithinPlugin() throws {
        let broken = Fixture.eldercare(replacing: "- id: ae-sensorer", with: "- id: ae-skaermbesoeg")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.found("eldercare") == [Found(e, "dimensions[0].competences[1].id", .duplicateID)])
        let message = try #require(catalog.status("eldercare")?.errors.first?.message)
        #expect(message.contains("dimensions[0].competences[0].id"))
    }

    @Test("duplicate_id: a competence in an extend block that the base already has names the base plugin")
    func duplicateAcrossPluginsInExtend() throws {
        let broken = Fixture.eldercare(replacing: "- id: ae-mobil-dokumentation", with: "- id: dataanvendelse")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.found("eldercare") == [Found(e, "extend[0].competences[0].id", .duplicateID)])
        let message = try #require(catalog.status("eldercare")?.errors.first?.message)
        #expect(message.contains("'base'"))
    }

    @Test("duplicate_id: two sector plugins that do not know each other; the second names the first")
    func duplicateAcrossSiblings() throws {
        let schools = Fixture.minimal(id: "schools", dependencies: ["base"], dimension: "sk-teknologi", competence: "ae-sensorer")
        let catalog = check([("base", Fixture.base), ("eldercare", Fixture.eldercare), ("schools", schools)])
        #expect(catalog.order == ["base", "eldercare"])
        #expect(catalog.found("schools") == [Found("schools/plugin.yaml", "dimensions[0].competences[0].id", .duplicateID)])
        let message = try #require(catalog.status("schools")?.errors.first?.message)
        #expect(message.contains("'eldercare'"))
    }

    @Test("duplicate_id: each kind of id has its own namespace")
    func namespaces() {
        // A role profile may share an id with a competence; two dimensions may not share one.
        let sameAcrossKinds = Fixture.eldercare(replacing: "- id: ae-sosu-hjaelper", with: "- id: ae-sensorer")
        #expect(check([("base", Fixture.base), ("eldercare", sameAcrossKinds)]).errors == [])
        let sameDimension = Fixture.eldercare(replacing: "- id: ae-velfaerdsteknologi", with: "- id: formidling")
        #expect(check([("base", Fixture.base), ("eldercare", sameDimension)]).found("eldercare")
            == [Found(e, "dimensions[0].id", .duplicateID)])
    }

    struct Dangling: Sendable, CustomTestStringConvertible {
        var name: String
        var old: String
        var new: String
        var path: String
        var testDescription: String { name }
    }

    @Test("dangling_reference names the field that points nowhere", arguments: [
        Dangling(name: "extend of an unknown dimension", old: "- dimension: anvendelse", new: "- dimension: anvendelsen", path: "extend[0].dimension"),
        Dangling(name: "role profile level for an unknown competence", old: "brugerkompetencer: 3", new: "brugerkompetence: 3", path: "roleProfiles[0].levels.brugerkompetence"),
        Dangling(name: "case naming an unknown competence", old: "[ae-skaermbesoeg, digital-vejledning]", new: "[ae-skaermbesoeg, digital-vejldning]", path: "cases[0].competences[1]"),
        Dangling(name: "inspiration for an unknown competence", old: "competence: ae-skaermbesoeg", new: "competence: ae-skaermbesog", path: "inspiration[0].competence"),
        Dangling(name: "example for an unknown competence", old: "- competence: brugerkompetencer", new: "- competence: brugerkompetencerne", path: "examples[0].competence"),
    ])
    func dangling(_ dangling: Dangling) {
        let broken = Fixture.eldercare(replacing: dangling.old, with: dangling.new)
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.found("eldercare") == [Found(e, dangling.path, .danglingReference)])
        #expect(catalog.order == ["base"])
    }

    @Test("Errors found across plugins name the line of the field too")
    func crossPluginLines() throws {
        func line(of needle: String, in text: String) -> Int {
            text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }! + 1
        }
        var broken = Fixture.eldercare(replacing: "digital-vejledning]", with: "digital-vejldning]")
        broken = broken.replacingOccurrences(of: "ae-skaermbesoeg: 4", with: "ae-skarmbesoeg: 4")
        broken = broken.replacingOccurrences(of: "dependencies: [base]", with: "dependencies: [base, kl-leaders]")
        broken = broken.replacingOccurrences(of: "- id: ae-laese-skrive", with: "- id: ae-sensorer")
        let catalog = check([("base", Fixture.base), ("aeldre", broken), ("eldercare", broken)])
        let mismatch = try #require(catalog.status("aeldre")?.errors.first)
        #expect(mismatch.rule == .idMismatch)
        #expect(mismatch.line == 1)
        let missing = try #require(catalog.status("eldercare")?.errors.first)
        #expect(missing.rule == .missingDependency)
        #expect(missing.line == line(of: "dependencies:", in: broken))
        #expect(missing.description.hasPrefix("eldercare/plugin.yaml:6: dependencies[1]: missing_dependency: "))

        let fixed = broken.replacingOccurrences(of: "dependencies: [base, kl-leaders]", with: "dependencies: [base]")
        let second = check([("base", Fixture.base), ("eldercare", fixed)])
        let lines = Dictionary(uniqueKeysWithValues: (second.status("eldercare")?.errors ?? []).map { ($0.path, $0.line) })
        #expect(lines == [
            "cases[0].competences[1]": line(of: "digital-vejldning]", in: fixed),
            "roleProfiles[0].levels.ae-skarmbesoeg": line(of: "ae-skarmbesoeg: 4", in: fixed),
        ])
        // Ids are per kind: an underlying competence may share an id with a competence.
        #expect(second.found("eldercare").map(\.rule) == [.danglingReference, .danglingReference])
    }

    @Test("dangling_reference: a competence of a loaded plugin you do not depend on is not visible")
    func referenceOutsideDependencies() {
        let schools = Fixture.minimal(id: "schools", dependencies: ["base"], dimension: "sk-teknologi", competence: "sk-programmering")
        let broken = Fixture.eldercare(replacing: "[ae-skaermbesoeg, digital-vejledning]", with: "[ae-skaermbesoeg, sk-programmering]")
        let catalog = check([("base", Fixture.base), ("eldercare", broken), ("schools", schools)])
        #expect(catalog.found("eldercare") == [Found(e, "cases[0].competences[1]", .danglingReference)])
        #expect(catalog.order == ["base", "schools"])
    }

    @Test("A plugin sees what its dependencies depend on (transitively)")
    func transitiveVisibility() {
        let local = """
            id: aa-local
            version: 0.1.0
            coreApi: 1
            name: {da: Lokal}
            dependencies: [eldercare]
            examples:
              - competence: dataanvendelse
                text: {da: Fra basen}
              - competence: ae-sensorer
                text: {da: Fra ældreplejen}
            """
        let catalog = check([("base", Fixture.base), ("eldercare", Fixture.eldercare), ("aa-local", local)])
        #expect(catalog.errors == [])
        #expect(catalog.order == ["base", "eldercare", "aa-local"])
    }

    @Test("missing_dependency: a dependency that is not installed")
    func missingDependency() throws {
        let broken = Fixture.eldercare(replacing: "dependencies: [base]", with: "dependencies: [base, kl-leaders]")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.found("eldercare") == [Found(e, "dependencies[1]", .missingDependency)])
        #expect(try #require(catalog.status("eldercare")?.errors.first).message.contains("'kl-leaders'"))
        #expect(catalog.status("eldercare")?.dependencies == ["base", "kl-leaders"])
    }

    @Test("missing_dependency: a plugin that depends on a failed plugin fails too, and says why")
    func dependsOnFailed() throws {
        let brokenBase = Fixture.base.replacingOccurrences(of: "coreApi: 1", with: "coreApi: 9")
        let catalog = check([("base", brokenBase), ("eldercare", Fixture.eldercare)])
        #expect(catalog.found("base") == [Found("base/plugin.yaml", "coreApi", .unsupportedCoreAPI)])
        #expect(catalog.found("eldercare") == [Found(e, "dependencies[0]", .missingDependency)])
        #expect(try #require(catalog.status("eldercare")?.errors.first).message.contains("failed to load"))
        #expect(catalog.order == [])
    }

    @Test("missing_dependency propagates down a chain of plugins")
    func failureChain() {
        let local = Fixture.minimal(id: "aa-local", dependencies: ["eldercare"], dimension: "aa-dim", competence: "aa-comp")
        let broken = Fixture.eldercare(replacing: "kind: superuser", with: "kind: nope")
        let catalog = check([("base", Fixture.base), ("eldercare", broken), ("aa-local", local)])
        #expect(catalog.found("aa-local") == [Found("aa-local/plugin.yaml", "dependencies[0]", .missingDependency)])
        #expect(catalog.order == ["base"])
    }

    @Test("dependency_cycle: both plugins on the cycle fail, the others load")
    func cycle() {
        let a = Fixture.minimal(id: "cycle-a", dependencies: ["base", "cycle-b"], dimension: "a-dim", competence: "a-comp")
        let b = Fixture.minimal(id: "cycle-b", dependencies: ["cycle-a"], dimension: "b-dim", competence: "b-comp")
        let catalog = check([("base", Fixture.base), ("cycle-a", a), ("cycle-b", b), ("eldercare", Fixture.eldercare)])
        #expect(catalog.found("cycle-a") == [Found("cycle-a/plugin.yaml", "dependencies[1]", .dependencyCycle)])
        #expect(catalog.found("cycle-b") == [Found("cycle-b/plugin.yaml", "dependencies[0]", .dependencyCycle)])
        #expect(catalog.order == ["base", "eldercare"])
    }

    @Test("dependency_cycle: a plugin that depends on itself")
    func selfCycle() {
        let broken = Fixture.eldercare(replacing: "dependencies: [base]", with: "dependencies: [base, eldercare]")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.found("eldercare") == [Found(e, "dependencies[1]", .dependencyCycle)])
    }

    @Test("A broken plugin does not stop the others from loading")
    func isolation() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write(Fixture.base, to: "base/plugin.yaml")
        try folder.write(Fixture.eldercare, to: "eldercare/plugin.yaml")
        try folder.write(
            Fixture.minimal(id: "schools", dependencies: ["base"], dimension: "sk-dim", competence: "sk-comp")
                .replacingOccurrences(of: "version: 1.0.0", with: "version: one"),
            to: "schools/plugin.yaml")
        try folder.write(
            Fixture.minimal(id: "technical-services", dependencies: ["base"], dimension: "ts-dim", competence: "ts-comp"),
            to: "technical-services/plugin.yaml")
        let catalog = PluginCatalog.load(from: folder.url)
        #expect(catalog.order == ["base", "eldercare", "technical-services"])
        let schools = try #require(catalog.status("schools"))
        #expect(schools.state == .failed)
        #expect(schools.errors.map(Found.init) == [Found("schools/plugin.yaml", "version", .invalidVersion)])
        #expect(catalog.statuses.filter { $0.state == .loaded }.map(\.id) == ["base", "eldercare", "technical-services"])
        #expect(catalog.errors.count == 1)
        // The good ones still merge.
        let framework = try catalog.framework(for: ["eldercare", "technical-services"])
        #expect(framework.plugins.map(\.id) == ["base", "eldercare", "technical-services"])
    }

    @Test("Every PluginError.Rule has a test with a broken fixture")
    func everyRuleCovered() {
        let table = Set(singleManifestBreakages.flatMap { $0.expected.map(\.1) })
        // Rules that need more than one manifest, files on disk, or a special file.
        let elsewhere: Set<PluginError.Rule> = [
            .noManifest, .idMismatch, .duplicateID, .danglingReference, .missingDependency, .dependencyCycle, .empty,
        ]
        #expect(table.union(elsewhere) == Set(PluginError.Rule.allCases))
    }
}
