/// The languages the product speaks. Danish first: it is the fallback for every text.
public enum Language: String, Codable, Sendable, CaseIterable {
    case da
    case en
}

/// A text in Danish and, optionally, English.
///
/// Fallback rule: the requested language, then Danish, then English, then "".
public struct LocalizedText: Codable, Hashable, Sendable {
    public var da: String?
    public var en: String?

    public init(da: String?, en: String? = nil) {
        self.da = da
        self.en = en
    }

    public func resolved(_ language: Language) -> String {
        let preferred = language == .da ? da : en
        for candidate in [preferred, da, en] {
            if let text = candidate, !text.isEmpty { return text }
        }
        return ""
    }

    /// True when both languages are present and non-empty.
    public var isComplete: Bool {
        !(da ?? "").isEmpty && !(en ?? "").isEmpty
    }
}
