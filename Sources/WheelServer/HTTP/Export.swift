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
    /// What was withheld and why: the minimum group size and how many figures it hid.
    var anonymity: Anonymity

    struct Anonymity: Codable {
        var minGroupSize: Int
        var withheldFigures: Int
        var rule: String

        init(_ tally: Tally) {
            minGroupSize = tally.minGroupSize
            withheldFigures = tally.withheldFigures
            rule = "A figure (count, mean, median, spread, distribution, gap, priority, dots, points) is shown only "
                + "when at least \(tally.minGroupSize) participants answered (for dots and points: took part in the round); "
                + "means, medians, spreads and distributions also need \(tally.minGroupSize) numeric answers. "
                + "Proxies entered by the facilitator never count toward the minimum. Groups follow the same rule. "
                + "Once the room has seen a round, its figures change only in steps of at least "
                + "\(tally.minGroupSize) changed answers in the team and in every group the step touches; "
                + "a reset starts the round afresh."
        }
    }

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
        // The results travel on (a committee's slides): the facilitator's notes stay behind.
        framework = info.framework.public
        rounds = Dictionary(uniqueKeysWithValues: RoundKind.allCases.map { ($0, workshop.phase($0)) })
        participants = workshop.participants.count
        proxyParticipants = workshop.participants.values.filter(\.proxy).count
        // The facilitator's results, as the console shows them: rounds not yet revealed (with
        // blind voting) count as unanswered, and figures are withheld as on the board.
        let rounds = Visibility.resultRounds(for: .facilitator, in: workshop)
        let tally = workshop.tally(rounds: rounds)
        results = baseline.map { tally.compared(to: $0.tally(rounds: rounds)) } ?? tally
        let counts = workshop.backingCounts()
        let ranked = workshop.rankedIdeas()
        let merged = workshop.ideas.filter { $0.status == .merged }
        ideas = (ranked + merged).map { PublicIdea($0, backing: counts[$0.id] ?? 0) }
        actions = workshop.actions
        anonymity = Anonymity(results)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

/// Results as CSV: a first comment line with the anonymity report (`# ...`), the header, one
/// row per competence and round for the team (`group` empty) and then for each group, then one
/// row per idea (round `ideas`, most backed first, `rank` its place; merged ideas left out).
/// A withheld figure is an empty cell, and `withheld` says `yes`. UTF-8 with a byte-order mark
/// so Excel reads æ, ø and å; `semicolon` uses `;` between fields and a decimal comma, as
/// Danish Excel expects. Quoting is CSV.swift's.
enum CSVExport {
    static let header = [
        "competence", "dimension", "title", "group", "round", "answers", "dont_know", "not_relevant", "mean",
        "median", "spread", "n1", "n2", "n3", "n4", "n5", "total", "gap", "priority", "rank", "disagreement",
        "expected_level", "change_mean", "withheld", "idea", "idea_status", "backing",
    ]

    /// One line without separators, so a spreadsheet keeps it in its first cell; readers that
    /// skip comments (`comment='#'`) skip it.
    static func comment(_ anonymity: WorkshopExport.Anonymity) -> String {
        let rule = anonymity.rule.replacingOccurrences(of: ", ", with: " / ").replacingOccurrences(of: ";", with: " -")
            .replacingOccurrences(of: ",", with: " ")
        return "# anonymity: minGroupSize=\(anonymity.minGroupSize) · withheld figures=\(anonymity.withheldFigures) · rule: \(rule)\r\n"
    }

    static func render(_ export: WorkshopExport, semicolon: Bool) throws -> Data {
        func number(_ value: Double?) -> String {
            guard let value else { return "" }
            let text = String(format: "%.3f", value)
            return semicolon ? text.replacingOccurrences(of: ".", with: ",") : text
        }
        func count(_ value: Int?) -> String { value.map(String.init) ?? "" }
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, delimiter: semicolon ? ";" : ",", newline: .crlf)
        try writer.write(row: header)
        // Rows are built by column name, then laid out in the header's order.
        func write(_ cells: [String: String]) throws { try writer.write(row: header.map { cells[$0] ?? "" }) }
        let language = export.workshop.language
        let sections = [(group: "", rows: export.results.competences)]
            + (export.results.groups ?? []).map { (group: $0.group, rows: $0.competences) }
        for section in sections {
            for competence in export.framework.competences {
                guard let row = section.rows.first(where: { $0.competence == competence.id }) else { continue }
                let common = [
                    "competence": competence.id, "dimension": competence.dimension,
                    "title": competence.title.resolved(language), "group": section.group,
                    "gap": number(row.gap), "priority": number(row.priority), "rank": count(row.rank),
                    "disagreement": row.disagreement ? "yes" : "no", "expected_level": count(row.expectedLevel),
                ]
                for round in [RoundKind.importance, .level] {
                    let stats = round == .importance ? row.importance : row.level
                    var cells = common.merging(["round": round.rawValue, "withheld": stats.withholds ? "yes" : "no"]) { $1 }
                    if !stats.suppressed {
                        cells["answers"] = String(stats.count)
                        cells["dont_know"] = String(stats.dontKnow)
                        cells["not_relevant"] = String(stats.notRelevant)
                    }
                    cells["mean"] = number(stats.mean)
                    cells["median"] = number(stats.median)
                    cells["spread"] = number(stats.spread)
                    for (index, n) in stats.distribution.enumerated() { cells["n\(index + 1)"] = String(n) }
                    cells["change_mean"] = number(round == .importance ? row.change?.importance : row.change?.level)
                    try write(cells)
                }
                for round in [RoundKind.dots, .points] {
                    let total = round == .dots ? row.dots : row.points
                    try write(common.merging(
                        ["round": round.rawValue, "total": count(total), "withheld": total == nil ? "yes" : "no"]) { $1 })
                }
            }
        }
        let competences = Dictionary(export.framework.competences.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (place, idea) in export.ideas.filter({ $0.status != .merged }).enumerated() {
            let competence = idea.competence.flatMap { competences[$0] }
            // Of the competence columns only `rank` applies: the idea's place by backing.
            try write([
                "competence": idea.competence ?? "", "dimension": competence?.dimension ?? "",
                "title": competence?.title.resolved(language) ?? "", "round": RoundKind.ideas.rawValue,
                "rank": String(place + 1), "idea": idea.text, "idea_status": idea.status.rawValue,
                "backing": String(idea.backing ?? 0),
            ])
        }
        stream.close()
        let written = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data("\u{FEFF}".utf8) + Data(comment(export.anonymity).utf8) + written + Data("\r\n".utf8)
    }
}
