import Foundation

/// One agreed action for a competence the team develops: what, who, by when.
public struct ActionItem: Codable, Hashable, Sendable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case planned
        case doing
        case done
    }

    public var id: String
    public var competence: String
    public var what: String
    public var owner: String?
    /// A calendar date, `YYYY-MM-DD`.
    public var due: String?
    public var status: Status
    /// The plugin inspiration it started from, if any.
    public var inspiration: String?

    public init(
        id: String, competence: String, what: String, owner: String? = nil, due: String? = nil,
        status: Status = .planned, inspiration: String? = nil
    ) {
        self.id = id
        self.competence = competence
        self.what = what
        self.owner = owner
        self.due = due
        self.status = status
        self.inspiration = inspiration
    }

    public static let whatLength = 280
    public static let ownerLength = 80
    public static let maxActions = 100

    /// Checks an action against the workshop's framework; returns it trimmed.
    func validated(in workshop: Workshop) throws(WorkshopError) -> ActionItem {
        var action = self
        guard workshop.info.framework.competenceIDs.contains(competence) else { throw .unknownCompetence(competence) }
        guard (1...64).contains(id.count) else { throw .invalidValue("An action id is 1-64 characters.") }
        action.what = try DisplayText.required(what, field: "what", limit: Self.whatLength, multiline: true)
        action.owner = try DisplayText.optional(owner, field: "owner", limit: Self.ownerLength)
        if let due = action.due, !Self.isDate(due) { throw .invalidValue("A due date is YYYY-MM-DD.") }
        if let inspiration, !workshop.info.framework.inspiration.contains(where: { $0.id == inspiration }) {
            throw .invalidValue("No inspiration '\(inspiration)'.")
        }
        return action
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1, (1...12).contains(month)
        else { return false }
        let leap = year.isMultiple(of: 4) && (!year.isMultiple(of: 100) || year.isMultiple(of: 400))
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
