import Foundation
import Testing
import WheelCore
@testable import WheelPlugins

/// The plugins in the repository's `Plugins/` folder, as the server loads them.
@Suite("Shipped plugins")
struct ShippedPluginTests {
    static let pluginsFolder = repositoryRoot.appendingPathComponent("Plugins", isDirectory: true)
    static let shipped = ["eldercare", "kl-base", "schools", "technical-services"]

    let catalog = PluginCatalog.load(from: ShippedPluginTests.pluginsFolder)

    @Test("kl-base, eldercare, schools and technical-services load with no errors")
    func loadCleanly() {
        for error in catalog.errors { Issue.record("\(error)") }
        #expect(catalog.errors.isEmpty)
        #expect(Set(catalog.order).isSuperset(of: Self.shipped))
        #expect(catalog.order.first == "kl-base")
        for id in Self.shipped {
            #expect(catalog.status(id)?.state == .loaded, "\(id)")
            #expect(catalog.manifests[id]?.coreAPI == 1, "\(id)")
        }
        for id in Self.shipped where id != "kl-base" {
            #expect(catalog.manifests[id]?.dependencies.contains("kl-base") == true, "\(id) depends on kl-base")
        }
    }

    @Test("kl-base is KL's wheel: 4 dimensions × 3 competences, with the agreed ids in wheel order")
    func baseWheel() throws {
        let base = try #require(catalog.manifests["kl-base"])
        #expect(base.dimensions.map(\.id) == ["anvendelse", "teknologiforstaaelse", "formidling", "udvikling"])
        #expect(base.dimensions.map { $0.competences.map(\.id) } == [
            ["brugerkompetencer", "dataanvendelse", "informationssikkerhed"],
            ["teknologi-faglighed-mennesker", "teknologivurdering", "retssikkerhed-etik"],
            ["kommunikation-1-mange", "kommunikation-1-1", "digital-vejledning"],
            ["implementering-anskaffelse", "udviklingsarbejde", "forandring-forankring"],
        ])
        #expect(base.extensions.isEmpty)
        #expect(base.dependencies.isEmpty)
        #expect(base.dimensions.allSatisfy { $0.color != nil })
    }

    @Test("kl-base + eldercare + schools merge into one framework with unique competence ids")
    func mergeUnique() throws {
        let framework = try catalog.framework(for: ["kl-base", "eldercare", "schools"])
        #expect(framework.plugins.map(\.id).first == "kl-base")
        #expect(Set(framework.plugins.map(\.id)) == ["kl-base", "eldercare", "schools"])
        let ids = framework.competences.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate competence ids: \(ids)")
        #expect(ids.count > 12)
        #expect(framework.dimensions.count > 4)
    }

    @Test("Every text in the shipped plugins has Danish and English", arguments: [
        ["kl-base", "eldercare", "schools"], ["technical-services"],
    ])
    func bilingual(_ selection: [String]) throws {
        let framework = try catalog.framework(for: selection)
        var incomplete: [String] = []
        func check(_ text: LocalizedText?, _ what: String, required: Bool = true) {
            guard let text else {
                if required { incomplete.append("\(what) (missing)") }
                return
            }
            if !text.isComplete || text.da!.trimmingCharacters(in: .whitespaces).isEmpty
                || text.en!.trimmingCharacters(in: .whitespaces).isEmpty
            {
                incomplete.append(what)
            }
        }
        for plugin in framework.plugins {
            let manifest = try #require(catalog.manifests[plugin.id])
            check(manifest.name, "\(plugin.id) name")
            check(manifest.description, "\(plugin.id) description")
        }
        for dimension in framework.dimensions {
            check(dimension.title, "dimension \(dimension.id) title")
            check(dimension.description, "dimension \(dimension.id) description")
            for competence in dimension.competences {
                check(competence.title, "competence \(competence.id) title")
                check(competence.description, "competence \(competence.id) description")
                for (index, example) in competence.examples.enumerated() {
                    check(example, "competence \(competence.id) example \(index)")
                }
            }
        }
        for profile in framework.roleProfiles {
            check(profile.title, "role profile \(profile.id) title")
            check(profile.description, "role profile \(profile.id) description", required: false)
        }
        for story in framework.cases {
            check(story.title, "case \(story.id) title")
            check(story.story, "case \(story.id) story")
        }
        for item in framework.inspiration {
            check(item.title, "inspiration \(item.id) title")
            check(item.description, "inspiration \(item.id) description")
        }
        for item in framework.underlying {
            check(item.title, "underlying \(item.id) title")
        }
        #expect(incomplete == [])
    }

    @Test("Each shipped plugin has at least two cases", arguments: ShippedPluginTests.shipped)
    func cases(_ id: String) throws {
        let manifest = try #require(catalog.manifests[id])
        #expect(manifest.cases.count >= 2)
    }

    @Test("Non-base ids carry their sector prefix", arguments: [
        ("eldercare", "ae-"), ("schools", "sk-"), ("technical-services", "ts-"),
    ])
    func prefixes(_ id: String, _ prefix: String) throws {
        let manifest = try #require(catalog.manifests[id])
        let owned = PluginCatalog.ownedIDs(manifest).flatMap { $0.1.map(\.0) }
        #expect(!owned.isEmpty)
        #expect(owned.filter { !$0.hasPrefix(prefix) } == [])
    }

    @Test("Every role profile level names a competence in its plugin's framework")
    func roleProfiles() throws {
        for id in Self.shipped {
            let framework = try catalog.framework(for: [id])
            for profile in framework.roleProfiles {
                #expect(!profile.levels.isEmpty, "\(profile.id)")
                #expect(Set(profile.levels.keys).isSubset(of: framework.competenceIDs), "\(profile.id)")
            }
        }
    }
}

/// The example plugin in docs/plugins.md must be a plugin that really loads.
@Suite("The docs example plugin")
struct DocsExampleTests {
    /// The ```yaml block right after the `<!-- example-plugin -->` line.
    static func exampleYAML() throws -> String {
        let guide = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/plugins.md"), encoding: .utf8)
        let lines = guide.components(separatedBy: "\n")
        let marker = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "<!-- example-plugin -->" })
        var index = marker + 1
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
        try #require(index < lines.count && lines[index].trimmingCharacters(in: .whitespaces) == "```yaml")
        let body = lines[(index + 1)...].prefix { $0.trimmingCharacters(in: .whitespaces) != "```" }
        try #require(index + 1 + body.count < lines.count, "the yaml block is not closed")
        return body.joined(separator: "\n") + "\n"
    }

    @Test("aarhus-library loads beside kl-base with no errors, and has what the guide promises")
    func loads() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(
            at: ShippedPluginTests.pluginsFolder.appendingPathComponent("kl-base"),
            to: folder.url.appendingPathComponent("kl-base"))
        try folder.write(try Self.exampleYAML(), to: "aarhus-library/plugin.yaml")

        let catalog = PluginCatalog.load(from: folder.url)
        for error in catalog.errors { Issue.record("\(error)") }
        #expect(catalog.order == ["kl-base", "aarhus-library"])

        let manifest = try #require(catalog.manifests["aarhus-library"])
        #expect(manifest.dependencies == ["kl-base"])
        #expect(manifest.dimensions.count == 1)
        #expect(manifest.dimensions.first?.competences.count == 2)
        #expect(manifest.extensions.map(\.dimension) == ["formidling"])
        #expect(manifest.roleProfiles.count == 1)
        #expect(manifest.cases.count == 1)
        #expect(manifest.inspiration.count == 2)

        let framework = try catalog.framework(for: ["aarhus-library"])
        #expect(framework.plugins.map(\.id) == ["kl-base", "aarhus-library"])
        let texts: [LocalizedText?] = [manifest.name, manifest.description]
            + manifest.dimensions.flatMap { [$0.title, $0.description] }
            + manifest.competences.flatMap { [$0.title, $0.description] + $0.examples }
            + manifest.examples.map(\.text)
            + manifest.roleProfiles.flatMap { [$0.title, $0.description] }
            + manifest.cases.flatMap { [$0.title, $0.story] }
            + manifest.inspiration.flatMap { [$0.title, $0.description] }
        #expect(texts.allSatisfy { $0?.isComplete == true }, "every text of the example has da and en")
    }
}
