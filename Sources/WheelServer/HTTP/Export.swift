import CSV
import Foundation
import WheelCore
import WheelProtocol

/// The complete, versioned JSON export of a workshop: the wheel, the results, the ideas,
/// the action plan. Individual answers are not part of it: only aggregates leave the server.
struct WorkshopExport: Codable {
    static let format = "wheelhouse-export"
    static let currentVersion = 1

    var format = Self.format
    var version = Self.currentVersion
    var exportedAt: Date
    var workshop: WorkshopSummary
    var createdAt: Date
    var rerunOf: String?
    /// The earlier run this one is compared with, when it is a re-run.
    var earlier: Earlier?
    var framework: Framework
    var rounds: [RoundKind: RoundPhase]
    var participants: Int
    var proxyParticipants: Int
    var results: Tally
    /// Every idea, each with its `backing`: most backed first (ties in submission order),
    /// merged ideas last (they are counted in the idea they were merged into).
    var ideas: [PublicIdea]
    var actions: [ActionItem]

    struct Earlier: Codable {
        var id: String
        var title: String
        var createdAt: Date
    }

    init(workshop: Workshop, baseline: Workshop?, now: Date = Date()) {
        let info = workshop.info
        exportedAt = now
        self.workshop = WorkshopSummary(info)
        createdAt = info.createdAt
        rerunOf = info.rerunOf
        earlier = baseline.map { Earlier(id: $0.info.id, title: $0.info.title, createdAt: $0.info.createdAt) }
        framework = info.framework
        rounds = Dictionary(uniqueKeysWithValues: RoundKind.allCases.map { ($0, workshop.phase($0)) })
        participants = workshop.participants.count
        proxyParticipants = workshop.participants.values.filter(\.proxy).count
        let tally = workshop.tally()
        results = baseline.map { tally.compared(to: $0.tally()) } ?? tally
        let counts = workshop.backingCounts()
        let ranked = workshop.rankedIdeas()
        let merged = workshop.ideas.filter { $0.status == .merged }
        ideas = (ranked + merged).map { PublicIdea($0, backing: counts[$0.id] ?? 0) }
        actions = workshop.actions
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

/// Results as CSV: one row per competence and round, then one row per idea (round `ideas`,
/// most backed first, `rank` its place; merged ideas left out). UTF-8 with a byte-order mark so Excel
/// reads æ, ø and å; `semicolon` uses `;` between fields and a decimal comma, as Danish Excel expects.
/// Quoting is CSV.swift's.
enum CSVExport {
    static let header = [
        "competence", "dimension", "title", "round", "answers", "dont_know", "mean", "median", "spread",
        "n1", "n2", "n3", "n4", "n5", "total", "gap", "priority", "rank", "disagreement", "expected_level",
        "change_mean", "idea", "idea_status", "backing",
    ]

    static func render(_ export: WorkshopExport, semicolon: Bool) throws -> Data {
        func number(_ value: Double?) -> String {
            guard let value else { return "" }
            let text = String(format: "%.3f", value)
            return semicolon ? text.replacingOccurrences(of: ".", with: ",") : text
        }
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, delimiter: semicolon ? ";" : ",", newline: .crlf)
        try writer.write(row: header)
        let language = export.workshop.language
        let noIdea = ["", "", ""]
        for competence in export.framework.competences {
            guard let row = export.results.competence(competence.id) else { continue }
            let common = [competence.id, competence.dimension, competence.title.resolved(language)]
            let shared = [number(row.gap), number(row.priority), String(row.rank), row.disagreement ? "yes" : "no",
                          row.expectedLevel.map(String.init) ?? ""]
            for round in RoundKind.allCases {
                let cells: [String]
                switch round {
                case .importance, .level:
                    let stats = round == .importance ? row.importance : row.level
                    let change = round == .importance ? row.change?.importance : row.change?.level
                    cells = [String(stats.count), String(stats.dontKnow), number(stats.mean), number(stats.median),
                             number(stats.spread)] + stats.distribution.map(String.init) + [""] + shared + [number(change)]
                        + noIdea
                case .dots, .points:
                    let total = round == .dots ? row.dots : row.points
                    cells = Array(repeating: "", count: 10) + [String(total)] + shared + [""] + noIdea
                case .ideas:
                    continue
                }
                try writer.write(row: common + [round.rawValue] + cells)
            }
        }
        let competences = Dictionary(export.framework.competences.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (place, idea) in export.ideas.filter({ $0.status != .merged }).enumerated() {
            let competence = idea.competence.flatMap { competences[$0] }
            let common = [idea.competence ?? "", competence?.dimension ?? "", competence?.title.resolved(language) ?? ""]
            // Of the competence columns only `rank` applies: the idea's place by backing.
            let cells = Array(repeating: "", count: 13) + [String(place + 1)] + Array(repeating: "", count: 3)
            try writer.write(row: common + [RoundKind.ideas.rawValue] + cells
                + [idea.text, idea.status.rawValue, String(idea.backing ?? 0)])
        }
        stream.close()
        let written = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data("\u{FEFF}".utf8) + written + Data("\r\n".utf8)
    }
}
