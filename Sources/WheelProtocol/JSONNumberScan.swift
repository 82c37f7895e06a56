/// Finds, in text that is valid JSON, the field of the first number that no Swift number
/// type can hold (`1e400`, 400 digits). Foundation's decoder refuses such text as a whole,
/// as if it were not JSON; this tells `WireCoding` that it is JSON after all, with a value
/// out of range, and where. A small RFC 8259 syntax walk: nil for text that is not JSON.
enum JSONNumberScan {
    static func fieldOfHugeNumber(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.value(path: [], depth: 0) else { return nil }
        scanner.skipSpace()
        guard scanner.index == bytes.count else { return nil }
        return scanner.found
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var found: String?

        init(bytes: [UInt8]) { self.bytes = bytes }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        mutating func value(path: [String], depth: Int) -> Bool {
            guard depth < 256, let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "{"): return object(path: path, depth: depth)
            case UInt8(ascii: "["): return array(path: path, depth: depth)
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number(path: path)
            }
        }

        mutating func object(path: [String], depth: Int) -> Bool {
            index += 1
            skipSpace()
            if expect(UInt8(ascii: "}")) { return true }
            while true {
                skipSpace()
                guard let key = string() else { return false }
                skipSpace()
                guard expect(UInt8(ascii: ":")) else { return false }
                skipSpace()
                guard value(path: path + [key], depth: depth + 1) else { return false }
                skipSpace()
                if expect(UInt8(ascii: "}")) { return true }
                guard expect(UInt8(ascii: ",")) else { return false }
            }
        }

        mutating func array(path: [String], depth: Int) -> Bool {
            index += 1
            skipSpace()
            if expect(UInt8(ascii: "]")) { return true }
            var position = 0
            while true {
                skipSpace()
                guard value(path: path + ["[\(position)]"], depth: depth + 1) else { return false }
                position += 1
                skipSpace()
                if expect(UInt8(ascii: "]")) { return true }
                guard expect(UInt8(ascii: ",")) else { return false }
            }
        }

        /// A string's text (escapes kept as written: keys here are plain ASCII names).
        mutating func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while let byte = current {
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: bytes[start..<index], as: UTF8.self)
                    index += 1
                    return text
                }
                guard byte >= 0x20 else { return nil }
                index += byte == UInt8(ascii: "\\") ? 2 : 1
            }
            return nil
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
            guard bytes[index..<(index + count)].elementsEqual(expected) else { return false }
            index += count
            return true
        }

        /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; a long mantissa or exponent is huge.
        mutating func number(path: [String]) -> Bool {
            let start = index
            _ = expect(UInt8(ascii: "-"))
            func digits() -> Int {
                let from = index
                while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
                return index - from
            }
            let integerStart = index
            let integerDigits = digits()
            guard integerDigits > 0, !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else { return false }
            if expect(UInt8(ascii: ".")) { guard digits() > 0 else { return false } }
            var exponentDigits = 0
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                exponentDigits = digits()
                guard exponentDigits > 0 else { return false }
            }
            if found == nil, integerDigits > 300 || exponentDigits > 2 || index - start > 300 {
                found = path.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
            }
            return true
        }
    }
}
