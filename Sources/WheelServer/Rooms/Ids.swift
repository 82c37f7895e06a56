// The ids, codes and secrets the server makes.

/// Six characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
enum JoinCode {
    static let alphabet = Array("ACDEFGHJKMNPQRTUVWXY34679")
    static let length = 6

    static func make() -> String {
        String((0..<length).map { _ in alphabet.randomElement()! })
    }

    /// Upper-cases and drops spaces and dashes, so "k7p-m2x" finds "K7PM2X".
    static func normalize(_ code: String) -> String {
        code.uppercased().filter { $0 != " " && $0 != "-" }
    }
}

enum Tokens {
    private static let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// A random secret from the system's cryptographic generator.
    static func make(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// The ids and secrets the server makes: random, from the system's cryptographic generator.
enum Mint {
    static func workshopID() -> String { "w" + Tokens.make(length: 11) }
    static func participantID() -> String { "p" + Tokens.make(length: 10) }
    static func proxyID() -> String { "x" + Tokens.make(length: 10) }
    static func ideaID() -> String { "i" + Tokens.make(length: 10) }
    /// A phone's resume token, or the facilitator's.
    static func secret() -> String { Tokens.make(length: 32) }
}
