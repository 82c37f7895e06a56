import Foundation
import Testing
import WheelCore
@testable import WheelPlugins

@Suite("Merging plugins into one framework")
struct MergeTests {
    let catalog: PluginCatalog = check([
        ("base", Fixture.base),
        ("eldercare", Fixture.eldercare),
        ("aa-local", """
            id: aa-local
            version: 0.3.1
            coreApi: 1
            name: {da: Lokalt, en: Local}
            dependencies: [eldercare]
            extend:
              - dimension: ae-velfaerdsteknologi
                competences:
                  - id: aa-robotstoevsuger
                    title: {da: Robotstøvsuger, en: Robot vacuum}
            examples:
              - competence: ae-sensorer
                text: {da: Lokal sensor, en: Local sensor}
            """),
        ("schools", Fixture.minimal(id: "schools", dependencies: ["base"], dimension: "sk-dim", competence: "sk-comp")),
    ])

    @Test("The fixture catalog loads in dependency order (not alphabetical)")
    func order() {
        #expect(catalog.errors == [])
        #expect(catalog.order.firstIndex(of: "base")! < catalog.order.firstIndex(of: "eldercare")!)
        #expect(catalog.order.firstIndex(of: "eldercare")! < catalog.order.firstIndex(of: "aa-local")!)
    }

    @Test("Dependencies are included transitively, in dependency order, and nothing else")
    func transitive() throws {
        let framework = try catalog.framework(for: ["aa-local"])
        #expect(framework.plugins.map(\.id) == ["base", "eldercare", "aa-local"])
        #expect(framework.plugins.map(\.version) == ["1.0.0", "1.2.0", "0.3.1"])
        // The names travel with the workshop's wheel, so exports name their plugins.
        #expect(framework.plugins.map { $0.name?.resolved(.en) } == ["Base", "Eldercare", "Local"])
        #expect(framework.dimensions.map(\.id) == ["anvendelse", "formidling", "ae-velfaerdsteknologi"])
        #expect(framework.competence("sk-comp") == nil)
    }

    @Test("extend adds competences to the end of the target dimension, tagged with the extending plugin")
    func extend() throws {
        let framework = try catalog.framework(for: ["aa-local"])
        let anvendelse = try #require(framework.dimensions.first { $0.id == "anvendelse" })
        #expect(anvendelse.competences.map(\.id) == ["brugerkompetencer", "dataanvendelse", "ae-mobil-dokumentation"])
        let added = try #require(framework.competence("ae-mobil-dokumentation"))
        #expect(added.plugin == "eldercare")
        #expect(added.dimension == "anvendelse")
        let welfare = try #require(framework.dimensions.first { $0.id == "ae-velfaerdsteknologi" })
        #expect(welfare.competences.map(\.id) == ["ae-skaermbesoeg", "ae-sensorer", "aa-robotstoevsuger"])
        #expect(framework.competence("aa-robotstoevsuger")?.plugin == "aa-local")
    }

    @Test("Extra examples are appended to the competence they name")
    func examples() throws {
        let framework = try catalog.framework(for: ["aa-local"])
        #expect(framework.competence("brugerkompetencer")?.examples.map { $0.resolved(.en) } == [
            "Using the professional system", "Documenting on a tablet at the citizen's home",
        ])
        #expect(framework.competence("ae-sensorer")?.examples.map { $0.resolved(.da) } == [
            "Skifte batteri i en sensor", "Lokal sensor",
        ])
    }

    @Test("Role profiles, cases, inspiration and underlying competences come along")
    func content() throws {
        let framework = try catalog.framework(for: ["eldercare"])
        #expect(framework.roleProfile("ae-sosu-hjaelper")?.levels == ["brugerkompetencer": 3, "ae-skaermbesoeg": 4])
        #expect(framework.cases.map(\.id) == ["ae-case-skaermbesoeg"])
        #expect(framework.cases.first?.competences == ["ae-skaermbesoeg", "digital-vejledning"])
        #expect(framework.inspiration.map(\.id) == ["ae-insp-superbruger"])
        #expect(framework.inspiration.first?.kind == .superuser)
        #expect(framework.underlying.map(\.id) == ["ae-laese-skrive"])
        #expect(framework.dimensions.first { $0.id == "ae-velfaerdsteknologi" }?.color == "#C0392B")
    }

    @Test("Choosing a plugin and its dependency explicitly gives the same framework, once")
    func explicitDependency() throws {
        let implicit = try catalog.framework(for: ["eldercare"])
        let explicit = try catalog.framework(for: ["eldercare", "base", "eldercare"])
        #expect(implicit == explicit)
        #expect(Set(explicit.competences.map(\.id)).count == explicit.competences.count)
    }

    @Test("Two independent sector plugins merge over one base")
    func siblings() throws {
        let framework = try catalog.framework(for: ["schools", "eldercare"])
        #expect(framework.plugins.map(\.id) == ["base", "eldercare", "schools"])
        #expect(framework.competenceIDs.isSuperset(of: ["sk-comp", "ae-sensorer", "digital-vejledning"]))
    }

    @Test("Typed errors: unknown plugin, failed plugin, empty selection")
    func errors() {
        #expect(throws: CatalogError.noPlugins) { try catalog.framework(for: []) }
        #expect(throws: CatalogError.unknownPlugin("kl-leaders")) { try catalog.framework(for: ["base", "kl-leaders"]) }
        let broken = check([("base", Fixture.base), ("eldercare", Fixture.eldercare(replacing: "coreApi: 1", with: "coreApi: 3"))])
        #expect(throws: CatalogError.pluginFailed("eldercare")) { try broken.framework(for: ["eldercare"]) }
        #expect(CatalogError.pluginFailed("eldercare").message.contains("eldercare"))
    }
}
