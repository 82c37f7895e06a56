import Foundation
import Testing
import WheelCore
import WheelProtocol

// MARK: - Comparing JSON by meaning

/// A JSON value, to compare two texts by meaning (key order and number spelling aside).
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    init(_ data: Data) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    init(_ text: String) throws {
        try self.init(Data(text.utf8))
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }

    /// The keys of an object, or nil for anything else.
    var keys: Set<String>? {
        if case .object(let members) = self { Set(members.keys) } else { nil }
    }

    /// Where `other` differs from this value, as a path like `state.results.competences[0].spread`;
    /// nil when they are equal.
    func difference(from other: JSONValue, at path: String = "") -> String? {
        switch (self, other) {
        case (.object(let mine), .object(let theirs)):
            for key in Set(mine.keys).union(theirs.keys).sorted() {
                let here = path.isEmpty ? key : "\(path).\(key)"
                switch (mine[key], theirs[key]) {
                case (nil, _?): return "\(here) is only in the documentation"
                case (_?, nil): return "\(here) is missing from the documentation"
                case (let a?, let b?): if let found = a.difference(from: b, at: here) { return found }
                case (nil, nil): break
                }
            }
            return nil
        case (.array(let mine), .array(let theirs)):
            guard mine.count == theirs.count else { return "\(path) has \(theirs.count) elements, expected \(mine.count)" }
            for (index, (a, b)) in zip(mine, theirs).enumerated() {
                if let found = a.difference(from: b, at: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return self == other ? nil : "\(path.isEmpty ? "the value" : path) is \(other), expected \(self)"
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }
}
