/// Every integer a client sends is a whole JSON number within `range`. Anything else that is
/// a number (`3.5`, `1e308`, twenty digits) is refused as `invalid_value` naming the field,
/// before the core sees it, so no client value can make arithmetic overflow.
public enum ClientInteger {
    /// Far beyond any count the protocol has (ratings 0-5, dots, 100 points), far within `Int32`.
    public static let range = -1_000_000...1_000_000

    static func decode(from decoder: any Decoder) throws -> Int {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self), range.contains(value) { return value }
        // Not an Int in range: say so if it is a number at all, else the usual type error.
        if (try? container.decode(Double.self)) != nil {
            throw ProtocolError.invalidValue(field: WireCoding.fieldPath(decoder.codingPath))
        }
        do {
            return try container.decode(Int.self)
        } catch DecodingError.dataCorrupted {
            // A number beyond even Double's range (`1e400`, 400 digits): still a number.
            throw ProtocolError.invalidValue(field: WireCoding.fieldPath(decoder.codingPath))
        }
    }
}

/// An `Int` field read with `ClientInteger`'s rules.
struct BoundedInt: Decodable {
    let value: Int
    init(from decoder: any Decoder) throws { value = try ClientInteger.decode(from: decoder) }
}

extension KeyedDecodingContainer {
    func decodeBounded(forKey key: Key) throws -> Int {
        try decode(BoundedInt.self, forKey: key).value
    }

    func decodeBoundedIfPresent(forKey key: Key) throws -> Int? {
        try decodeIfPresent(BoundedInt.self, forKey: key)?.value
    }

    func decodeBoundedMap(forKey key: Key) throws -> [String: Int] {
        try decode([String: BoundedInt].self, forKey: key).mapValues(\.value)
    }
}
