import Foundation

/// Text people type (names, ideas, actions) as it is stored and shown on every screen.
///
/// A name is on every board snapshot, so it must be small and must not change how the text
/// around it is laid out: the text is NFC-normalised; control characters, bidi overrides
/// and other invisible format characters are removed (ZWJ and ZWNJ stay: emoji and some
/// scripts need them); runs of white space become one space (ideas keep line breaks); and it
/// must fit both a grapheme limit (what a person sees) and a UTF-8 byte limit (what it
/// costs: one letter with 8,000 combining marks is one grapheme of 16 KB).
public enum DisplayText {
    /// UTF-8 bytes allowed per grapheme of the limit: room for accents and emoji sequences.
    public static let bytesPerGrapheme = 12

    /// A display name: nil (anonymous) when nothing visible is left.
    static func name(_ name: String?) throws(WorkshopError) -> String? {
        try optional(name, field: "name", limit: Limits.nameLength)
    }

    /// A workshop's title: refused when nothing visible is left.
    public static func title(_ text: String) throws(WorkshopError) -> String {
        try required(text, field: "title", limit: Limits.titleLength, multiline: false)
    }

    /// An idea's text: refused when nothing visible is left.
    static func idea(_ text: String) throws(WorkshopError) -> String {
        try required(text, field: "idea", limit: Limits.ideaLength, multiline: true)
    }

    /// A required text field: cleaned, at least one visible character, within `limit`.
    static func required(_ text: String, field: String, limit: Int, multiline: Bool) throws(WorkshopError) -> String {
        let cleaned = clean(text, multiline: multiline)
        guard isVisible(cleaned) else { throw .emptyText(field: field) }
        try check(cleaned, field: field, limit: limit)
        return cleaned
    }

    /// An optional text field: nil when nothing visible is left.
    static func optional(_ text: String?, field: String, limit: Int) throws(WorkshopError) -> String? {
        guard let text else { return nil }
        let cleaned = clean(text, multiline: false)
        guard isVisible(cleaned) else { return nil }
        try check(cleaned, field: field, limit: limit)
        return cleaned
    }

    private static func check(_ text: String, field: String, limit: Int) throws(WorkshopError) {
        guard text.utf8.count <= limit * bytesPerGrapheme, text.count <= limit else {
            throw .textTooLong(field: field, limit: limit)
        }
    }

    /// Combining marks kept on one character: enough for any script, not for a tower.
    public static let marksPerCharacter = 8

    /// NFC, invisible characters removed, white space folded, trimmed. Controls count as
    /// white space (so "a\u{0}b" reads "a b"); blank look-alikes (Hangul fillers, the blank
    /// braille cell) too.
    public static func clean(_ text: String, multiline: Bool) -> String {
        let input = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false, pendingBreaks = 0
        var marks = 0
        var previous: Unicode.Scalar?  // the last scalar kept
        func flush() {
            guard !scalars.isEmpty else {
                pendingSpace = false
                pendingBreaks = 0
                return
            }
            if pendingBreaks > 0 {
                // At most one empty line between paragraphs.
                for _ in 0..<min(pendingBreaks, 2) { scalars.append("\n") }
                previous = "\n"
            } else if pendingSpace {
                scalars.append(" ")
                previous = " "
            }
            pendingSpace = false
            pendingBreaks = 0
        }
        for (index, scalar) in input.enumerated() {
            let next = index + 1 < input.count ? input[index + 1] : nil
            if multiline, scalar == "\n" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                pendingBreaks += 1
            } else if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control || isBlank(scalar) {
                pendingSpace = true
            } else if isMark(scalar) {
                // Marks belong to the character before them: none at the start, a few at most.
                guard let previous, !isSpace(previous), !pendingSpace, pendingBreaks == 0, marks < marksPerCharacter else {
                    continue
                }
                marks += 1
                scalars.append(scalar)
            } else if scalar.properties.generalCategory == .format {
                guard keepsFormat(scalar, after: previous, before: next), !pendingSpace, pendingBreaks == 0 else { continue }
                scalars.append(scalar)
                previous = scalar
            } else {
                flush()
                marks = 0
                scalars.append(scalar)
                previous = scalar
            }
        }
        return String(scalars)
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: true
        default: false
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\n" }

    /// Characters that render as nothing but are not white space to Unicode.
    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        ["\u{115F}", "\u{1160}", "\u{3164}", "\u{FFA0}", "\u{2800}"].contains(scalar)
    }

    /// Format characters that change layout or hide text are dropped: bidi embeddings,
    /// overrides and isolates, zero-width spaces, word joiners, the BOM. Kept: the zero-width
    /// joiner between two emoji (👩‍⚕️), the non-joiner after a letter of a script that needs
    /// it (Persian, Indic), and tag characters after a black flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿, the Scottish flag).
    private static func keepsFormat(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        guard let previous else { return false }
        switch scalar.value {
        case 0x200D:
            return previous.properties.isEmoji && previous.value > 0xFF && (next?.properties.isEmoji ?? false)
        case 0x200C:
            return previous.value >= 0x0370 && previous.properties.isAlphabetic
        case 0xE0020...0xE007F:
            return previous.value == 0x1F3F4 || (0xE0020...0xE007F).contains(previous.value)
        default:
            return false
        }
    }

    /// Whether any character would show: not only marks, joiners and blank look-alikes.
    static func isVisible(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format, .control, .spaceSeparator,
                .lineSeparator, .paragraphSeparator:
                return false
            default:
                return !isBlank(scalar)
            }
        }
    }
}
