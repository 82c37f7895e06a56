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
        ideas = workshop.ideas.map(PublicIdea.init)
        actions = workshop.actions
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

/// Results as CSV: one row per competence and round. UTF-8 with a byte-order mark so Excel
/// reads æ, ø and å; `semicolon` uses `;` between fields and a decimal comma, as Danish Excel expects.
/// Quoting is CSV.swift's.
enum CSVExport {
    static let header = [
        "competence", "dimension", "title", "round", "answers", "dont_know", "mean", "median", "spread",
        "n1", "n2", "n3", "n4", "n5", "total", "gap", "priority", "rank", "disagreement", "expected_level",
        "change_mean",
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
                case .dots, .points:
                    let total = round == .dots ? row.dots : row.points
                    cells = Array(repeating: "", count: 10) + [String(total)] + shared + [""]
                case .ideas:
                    continue
                }
                try writer.write(row: common + [round.rawValue] + cells)
            }
        }
        stream.close()
        let written = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data("\u{FEFF}".utf8) + written + Data("\r\n".utf8)
    }
}
