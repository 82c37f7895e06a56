import Foundation

/// Reading the frames the generator sees most without a JSON decoder. The server writes
/// sorted keys (`WireCoding`), so an ack of a vote is exactly
/// `{"ok":true,"opId":"v<n>","type":"ack"}`; anything else goes to the Codable path.
enum FastFrames {
    private static let ackPrefix = Array(#"{"ok":true,"opId":"v"#.utf8)
    private static let ackSuffix = Array(#"","type":"ack"}"#.utf8)
    private static let updateSuffix = Array(#""type":"update"}"#.utf8)
    private static let progressKey = Array(#""progress":{"#.utf8)

    static func voteAck(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count > ackPrefix.count + ackSuffix.count, bytes.starts(with: ackPrefix),
            bytes.reversed().starts(with: ackSuffix.reversed())
        else { return nil }
        var value = 0
        var digits = 0
        for index in ackPrefix.count..<(bytes.count - ackSuffix.count) {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    static func isUpdate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count > updateSuffix.count && bytes.reversed().starts(with: updateSuffix.reversed())
    }

    /// The sum of the `progress` object's numbers (competence ids hold no quotes or braces).
    static func progressTotal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count > progressKey.count else { return nil }
        var start: Int?
        for index in 0...(bytes.count - progressKey.count)
        where bytes[index] == progressKey[0]
            && bytes[index..<(index + progressKey.count)].elementsEqual(progressKey)
        {
            start = index + progressKey.count
            break
        }
        guard var index = start else { return nil }
        var total = 0
        var inString = false
        var number = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte >= 0x30 && byte <= 0x39 {
                number = number * 10 + Int(byte - 0x30)
            } else {
                total += number
                number = 0
                if byte == UInt8(ascii: "}") { return total }
            }
            index += 1
        }
        return nil
    }
}

/// Finds `"key":<digits>` in a JSON text and reads the number; nil when absent.
@inline(__always)
func scanInteger(after key: StaticString, in bytes: UnsafeRawBufferPointer) -> UInt64? {
    let needle = UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
    guard needle.count <= bytes.count else { return nil }
    var i = 0
    let last = bytes.count - needle.count
    while i <= last {
        if bytes[i] == needle[0] && memcmp(bytes.baseAddress! + i, needle.baseAddress!, needle.count) == 0 {
            var j = i + needle.count
            var value: UInt64 = 0
            var digits = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 {
                value = value &* 10 &+ UInt64(bytes[j] - 0x30)
                j += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        i += 1
    }
    return nil
}
