import Foundation
import Testing
import WheelCore
@testable import WheelPlugins

private let e = "eldercare/plugin.yaml"

@Suite("A manifest's own rules")
struct ManifestRuleTests {
    @Test("The eldercare fixture is valid on top of base")
    func fixtureIsValid() throws {
        let catalog = check([("base", Fixture.base), ("eldercare", Fixture.eldercare)])
        #expect(catalog.errors == [])
        #expect(catalog.order == ["base", "eldercare"])
    }

    @Test("Each broken rule names the file, the field path and the rule", arguments: singleManifestBreakages)
    func breakage(_ breakage: Breakage) throws {
        let broken = Fixture.eldercare(replacing: breakage.old, with: breakage.new)
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        let status = try #require(catalog.status("eldercare"))
        #expect(status.state == .failed)
        #expect(catalog.found("eldercare") == breakage.expected.map { Found(e, $0.0, $0.1) })
        if let text = breakage.messageContains {
            for error in status.errors {
                #expect(error.message.contains(text), "\(error)")
            }
        }
        // The base plugin is untouched by eldercare's problems.
        #expect(catalog.order == ["base"])
    }

    @Test("A field error carries the 1-based line it is on, and prints like a compiler diagnostic")
    func lineNumbers() throws {
        let broken = Fixture.eldercare(replacing: "dimensions:\n", with: "dimension:\n")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        let error = try #require(catalog.status("eldercare")?.errors.first)
        #expect(error.rule == .unknownKey)
        #expect(error.line == 7)
        #expect(error.description.hasPrefix("eldercare/plugin.yaml:7: dimension: unknown_key: Unknown key 'dimension'."))
        #expect(error.message.contains("Did you mean 'dimensions'?"))
    }

    @Test("A YAML syntax error is one line and names the line it is on")
    func syntaxErrorLine() throws {
        let broken = Fixture.eldercare(replacing: secondCompetenceTitle, with: "title: {da: Sensorer, en: Sensors")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        let error = try #require(catalog.status("eldercare")?.errors.first)
        #expect(error.rule == .syntax)
        let line = try #require(error.line)
        #expect(line >= 16)
        #expect(!error.message.contains("\n"))
    }

    @Test("A duplicated key is a syntax error, not a silent overwrite")
    func duplicateKey() throws {
        let broken = Fixture.eldercare(replacing: "version: 1.2.0\n", with: "version: 1.2.0\nversion: 1.3.0\n")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.found("eldercare").map(\.rule) == [.syntax])
    }

    @Test("An empty manifest file is rejected")
    func emptyFile() {
        let catalog = check([("eldercare", "# nothing yet\n")])
        #expect(catalog.found("eldercare") == [Found(e, "", .empty)])
    }

    @Test("A manifest that is not a mapping is the wrong type")
    func notAMapping() {
        let catalog = check([("eldercare", "- id: eldercare\n")])
        #expect(catalog.found("eldercare") == [Found(e, "", .wrongType)])
    }

    @Test("Every error in a manifest is reported at once, not just the first")
    func collectsAllErrors() {
        var broken = Fixture.eldercare(replacing: "coreApi: 1", with: "coreApi: 2")
        broken = broken.replacingOccurrences(of: "kind: superuser", with: "kind: mentoring")
        broken = broken.replacingOccurrences(of: "- id: ae-sensorer", with: "- id: Sensorer")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(Set(catalog.found("eldercare")) == [
            Found(e, "coreApi", .unsupportedCoreAPI),
            Found(e, "inspiration[0].kind", .invalidKind),
            Found(e, "dimensions[0].competences[1].id", .invalidID),
        ])
    }

    @Test("A broken dimension id still lets its competences be checked")
    func brokenDimensionIDKeepsChecking() {
        var broken = Fixture.eldercare(replacing: "- id: ae-velfaerdsteknologi", with: "- id: Velfaerd")
        broken = broken.replacingOccurrences(of: secondCompetenceTitle, with: "title: {en: Sensors}")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.found("eldercare") == [
            Found(e, "dimensions[0].id", .invalidID),
            Found(e, "dimensions[0].competences[1].title.da", .missingDanish),
        ])
    }

    @Test("Limits are inclusive: exactly 80 characters is fine")
    func limitBoundary() {
        let broken = Fixture.eldercare(
            replacing: secondCompetenceTitle, with: "title: {da: \(String(repeating: "å", count: 80)), en: Sensors}")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.errors == [])
    }

    @Test("English is optional: a Danish-only text loads")
    func danishOnly() {
        let broken = Fixture.eldercare(replacing: secondCompetenceTitle, with: "title: {da: Sensorer}")
        let catalog = check([("base", Fixture.base), ("eldercare", broken)])
        #expect(catalog.errors == [])
        let title = catalog.manifests["eldercare"]?.dimensions.first?.competences.last?.title
        #expect(title?.resolved(.en) == "Sensorer")
    }

    @Test("Every inspiration kind of the format is accepted", arguments: ["superuser", "peer-learning", "course", "pilot", "other"])
    func inspirationKinds(_ kind: String) {
        let manifest = Fixture.eldercare(replacing: "kind: superuser", with: "kind: \(kind)")
        let catalog = check([("base", Fixture.base), ("eldercare", manifest)])
        #expect(catalog.errors == [])
        #expect(catalog.manifests["eldercare"]?.inspiration.first?.kind.rawValue == kind)
    }

    @Test("A JSON manifest (plugin.json) works, indented with tabs too")
    func jsonManifest() throws {
        let json = """
            {
            \t"id": "eldercare",
            \t"version": "1.2.0",
            \t"coreApi": 1,
            \t"name": {"da": "Ældrepleje", "en": "Eldercare"},
            \t"dependencies": ["base"],
            \t"extend": [
            \t\t{"dimension": "anvendelse", "competences": [
            \t\t\t{"id": "ae-mobil-dokumentation", "title": {"da": "Mobil dokumentation"}}
            \t\t]}
            \t],
            \t"roleProfiles": [
            \t\t{"id": "ae-sosu-hjaelper", "title": {"da": "SOSU-hjælper"}, "levels": {"ae-mobil-dokumentation": 4}}
            \t]
            }
            """
        let catalog = PluginCatalog.check([
            .init(folder: "base", file: "base/plugin.yaml", text: Fixture.base),
            .init(folder: "eldercare", file: "eldercare/plugin.json", text: json),
        ])
        #expect(catalog.errors == [])
        #expect(catalog.order == ["base", "eldercare"])
        let framework = try catalog.framework(for: ["eldercare"])
        #expect(framework.competence("ae-mobil-dokumentation")?.dimension == "anvendelse")
    }

    @Test("A JSON manifest's errors name plugin.json and the same field paths")
    func jsonErrors() {
        let json = ##"{"id": "eldercare", "version": "1.2.0", "coreApi": 1, "name": {"en": "Eldercare"}, "colour": "#fff"}"##
        let catalog = PluginCatalog.check([.init(folder: "eldercare", file: "eldercare/plugin.json", text: json)])
        #expect(Set(catalog.found("eldercare")) == [
            Found("eldercare/plugin.json", "name.da", .missingDanish),
            Found("eldercare/plugin.json", "colour", .unknownKey),
        ])
    }
}
