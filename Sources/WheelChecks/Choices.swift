/// Where a scenario's choices come from: a seeded generator in property tests, the fuzzer's
/// bytes in fuzz targets. The same scenario code serves both.
public protocol ChoiceSource {
    /// A number in `0..<count` (`count` > 0).
    mutating func choose(_ count: Int) -> Int
    /// No more choices worth making (the fuzz input is used up).
    var isExhausted: Bool { get }
}

extension ChoiceSource {
    public mutating func pick<T>(_ options: [T]) -> T { options[choose(options.count)] }
    public mutating func chance(_ percent: Int) -> Bool { choose(100) < percent }
}

/// SplitMix64: small, fast, and a failing seed reruns exactly.
public struct SeededChoices: ChoiceSource, RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func choose(_ count: Int) -> Int { Int(next() % UInt64(count)) }
    public var isExhausted: Bool { false }
}

/// Choices read from fuzz input, one byte each (two when `count` exceeds 256).
public struct ByteChoices: ChoiceSource {
    private let bytes: [UInt8]
    private var index = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func choose(_ count: Int) -> Int {
        var value = 0
        for _ in 0..<(count > 256 ? 2 : 1) {
            value = value << 8 | Int(index < bytes.count ? bytes[index] : 0)
            index += 1
        }
        return value % count
    }

    public var isExhausted: Bool { index >= bytes.count }
}
