import Foundation
import WheelCore

/// The action plan as an iCalendar file (RFC 5545): one all-day event per action that has a
/// due date, so a team can put its plan in its calendars. Written by hand: the format is a
/// few lines of text, and escaping and line folding are the only rules that matter here.
enum ActionCalendar {
    static func render(workshop: Workshop, now: Date) -> String {
        let info = workshop.info
        let language = info.language
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wheelhouse//Action plan//\(language.rawValue.uppercased())",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:\(escape(info.title))",
        ]
        let stamp = Self.timestamp(now)
        for action in workshop.actions {
            guard let due = action.due, let day = Self.day(due) else { continue }
            let competence = info.framework.competence(action.competence)?.title.resolved(language) ?? action.competence
            let labels = language == .da
                ? (competence: "Kompetence", owner: "Ansvarlig", status: "Status", workshop: "Workshop")
                : (competence: "Competence", owner: "Owner", status: "Status", workshop: "Workshop")
            var description = ["\(labels.competence): \(competence)"]
            if let owner = action.owner { description.append("\(labels.owner): \(owner)") }
            description.append("\(labels.status): \(Self.status(action.status, language))")
            description.append("\(labels.workshop): \(info.title)")
            lines += [
                "BEGIN:VEVENT",
                "UID:\(escape(action.id))@\(info.id).wheelhouse",
                "DTSTAMP:\(stamp)",
                "DTSTART;VALUE=DATE:\(day.start)",
                "DTEND;VALUE=DATE:\(day.end)",
                "SUMMARY:\(escape(action.owner.map { "\(action.what) (\($0))" } ?? action.what))",
                "DESCRIPTION:\(escape(description.joined(separator: "\n")))",
                "CATEGORIES:\(escape(competence))",
                "STATUS:\(action.status == .done ? "CONFIRMED" : "TENTATIVE")",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Backslash, semicolon, comma and line breaks are escaped in text values.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n", "\r": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a
    /// UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + size > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }

    /// `YYYY-MM-DD` as the event's first day and the day after (an all-day event's end).
    static func day(_ date: String) -> (start: String, end: String)? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3,
            let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return nil }
        func text(_ day: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day], from: day)
            return String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
        }
        return (text(start), text(end))
    }

    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func status(_ status: ActionItem.Status, _ language: Language) -> String {
        switch (status, language) {
        case (.planned, .da): "planlagt"
        case (.doing, .da): "i gang"
        case (.done, .da): "færdig"
        case (.planned, _): "planned"
        case (.doing, _): "in progress"
        case (.done, _): "done"
        }
    }
}
