import Foundation
import Testing
import WheelCore
@testable import WheelPlugins

/// Small, valid manifests that the tests break one rule at a time.
enum Fixture {
    /// A base wheel: two dimensions, three competences.
    static let base = """
        id: base
        version: 1.0.0
        coreApi: 1
        name: {da: Basis, en: Base}
        dimensions:
          - id: anvendelse
            color: "#2E6DB4"
            title: {da: Anvendelse, en: Application}
            competences:
              - id: brugerkompetencer
                title: {da: Brugerkompetencer, en: User competences}
                examples:
                  - {da: Bruge fagsystemet, en: Using the professional system}
              - id: dataanvendelse
                title: {da: Dataanvendelse, en: Data application}
          - id: formidling
            title: {da: Formidling, en: Dissemination}
            competences:
              - id: digital-vejledning
                title: {da: Digital vejledning, en: Guiding citizens}
        """

    /// A sector plugin on top of `base` that uses every section of the format.
    /// Line numbers matter to one test: `dimensions:` is line 7.
    static let eldercare = """
        id: eldercare
        version: 1.2.0
        coreApi: 1
        name: {da: Ældrepleje, en: Eldercare}
        description: {da: Velfærdsteknologi i hjemmeplejen, en: Welfare technology in home care}
        dependencies: [base]
        dimensions:
          - id: ae-velfaerdsteknologi
            color: "#C0392B"
            title: {da: Velfærdsteknologi, en: Welfare technology}
            description: {da: Teknologi hos borgeren, en: Technology in the citizen's home}
            competences:
              - id: ae-skaermbesoeg
                title: {da: Skærmbesøg, en: Screen visits}
              - id: ae-sensorer
                title: {da: Sensorer, en: Sensors}
                description: {da: Sengesensorer og alarmer, en: Bed sensors and alarms}
                examples:
                  - {da: Skifte batteri i en sensor, en: Replacing a sensor battery}
        extend:
          - dimension: anvendelse
            competences:
              - id: ae-mobil-dokumentation
                title: {da: Mobil dokumentation, en: Mobile documentation}
        examples:
          - competence: brugerkompetencer
            text: {da: Dokumentere på tablet hos borgeren, en: Documenting on a tablet at the citizen's home}
        underlying:
          - id: ae-laese-skrive
            title: {da: Læse og skrive, en: Reading and writing}
        roleProfiles:
          - id: ae-sosu-hjaelper
            title: {da: SOSU-hjælper, en: Social and healthcare helper}
            levels:
              brugerkompetencer: 3
              ae-skaermbesoeg: 4
        cases:
          - id: ae-case-skaermbesoeg
            title: {da: Første skærmbesøg, en: The first screen visit}
            story: {da: Fru Hansen skal have sit første skærmbesøg., en: Mrs Hansen is about to have her first screen visit.}
            competences: [ae-skaermbesoeg, digital-vejledning]
        inspiration:
          - id: ae-insp-superbruger
            competence: ae-skaermbesoeg
            kind: superuser
            title: {da: Superbruger i hver gruppe, en: A super-user in every group}
            description: {da: En kollega lærer de andre op, en: One colleague trains the others}
        """

    /// `eldercare` with one exact piece of text replaced; the piece must occur exactly once.
    static func eldercare(replacing old: String, with new: String) -> String {
        let parts = eldercare.components(separatedBy: old)
        precondition(parts.count == 2, "Fixture text '\(old)' must occur exactly once in the eldercare fixture.")
        return parts.joined(separator: new)
    }

    /// A minimal plugin with one dimension and one competence.
    static func minimal(id: String, dependencies: [String] = [], dimension: String, competence: String) -> String {
        """
        id: \(id)
        version: 1.0.0
        coreApi: 1
        name: {da: \(id), en: \(id)}
        dependencies: [\(dependencies.joined(separator: ", "))]
        dimensions:
          - id: \(dimension)
            title: {da: \(dimension), en: \(dimension)}
            competences:
              - id: \(competence)
                title: {da: \(competence), en: \(competence)}
        """
    }
}

/// The comparable part of an error: file, field path and rule (messages are for people).
struct Found: Hashable, CustomStringConvertible {
    var file: String
    var path: String
    var rule: PluginError.Rule

    init(_ file: String, _ path: String, _ rule: PluginError.Rule) {
        self.file = file
        self.path = path
        self.rule = rule
    }

    init(_ error: PluginError) { self.init(error.file, error.path, error.rule) }

    var description: String { "\(file) \(path) \(rule.rawValue)" }
}

/// Checks manifests given as (folder, YAML) pairs, each as `<folder>/plugin.yaml`.
func check(_ plugins: [(String, String)]) -> PluginCatalog {
    PluginCatalog.check(plugins.map { PluginCatalog.PluginSource(folder: $0.0, file: "\($0.0)/plugin.yaml", text: $0.1) })
}

extension PluginCatalog {
    func status(_ id: String) -> PluginStatus? { statuses.first { $0.id == id } }
    func found(_ id: String) -> [Found] { (status(id)?.errors ?? []).map(Found.init) }
}

/// A fresh folder under the system temp folder, removed by `remove()`.
struct TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("wheelplugins-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `relativePath`, creating folders on the way.
    @discardableResult
    func write(_ text: String, to relativePath: String) throws -> URL {
        try write(Data(text.utf8), to: relativePath)
    }

    @discardableResult
    func write(_ data: Data, to relativePath: String) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }

    /// Every path below the folder (hidden ones too), sorted, relative to it.
    func listing() -> [String] {
        let root = url.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return enumerator.compactMap { $0 as? String }.sorted()
    }
}

/// The repository root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // WheelPluginsTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()
