/// Finds the top-level `"type"` (a string) and `"payload"` (any JSON value) of an object
/// without building it: the raw endpoint only routes on the type and copies the payload.
enum TopLevelJSON {
    /// Byte ranges of the type string's contents and the payload value's text.
    struct Fields {
        var type: Range<Int>
        var payload: Range<Int>?
    }

    static func fields(in bytes: UnsafeRawBufferPointer) -> Fields? {
        var i = skipSpace(bytes, 0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var type: Range<Int>?
        var payload: Range<Int>?
        while true {
            i = skipSpace(bytes, i)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { break }
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = skipString(bytes, i) else { return nil }
            let key = UnsafeRawBufferPointer(rebasing: bytes[(i + 1)..<(keyEnd - 1)])
            i = skipSpace(bytes, keyEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipSpace(bytes, i + 1)
            guard let valueEnd = skipValue(bytes, valueStart) else { return nil }
            if key.elementsEqual("type".utf8) {
                guard bytes[valueStart] == UInt8(ascii: "\"") else { return nil }
                type = (valueStart + 1)..<(valueEnd - 1)
            } else if key.elementsEqual("payload".utf8) {
                payload = valueStart..<valueEnd
            }
            i = skipSpace(bytes, valueEnd)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] != UInt8(ascii: "}") {
                return nil
            }
        }
        return type.map { Fields(type: $0, payload: payload) }
    }

    private static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i
    }

    /// The index after the closing quote of the string starting at `start`.
    private static func skipString(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// The index after the value starting at `start`.
    private static func skipValue(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return skipString(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard let end = skipString(bytes, i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
                    return i == start ? nil : i
                default:
                    i += 1
                }
            }
            return nil
        }
    }
}
