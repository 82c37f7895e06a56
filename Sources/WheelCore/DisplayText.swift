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
        guard let name else { return nil }
        let cleaned = clean(name, multiline: false)
        guard isVisible(cleaned) else { return nil }
        try check(cleaned, field: "name", limit: Limits.nameLength)
        return cleaned
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

    /// NFC, invisible characters removed, white space folded, trimmed.
    public static func clean(_ text: String, multiline: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false, pendingBreaks = 0
        func flush() {
            guard !scalars.isEmpty else {
                pendingSpace = false
                pendingBreaks = 0
                return
            }
            if pendingBreaks > 0 {
                // At most one empty line between paragraphs.
                for _ in 0..<min(pendingBreaks, 2) { scalars.append("\n") }
            } else if pendingSpace {
                scalars.append(" ")
            }
            pendingSpace = false
            pendingBreaks = 0
        }
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if multiline, scalar == "\n" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                pendingBreaks += 1
            } else if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = true
            } else if isInvisible(scalar) {
                continue
            } else {
                flush()
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Format characters that change layout or hide text: bidi embeddings, overrides and
    /// isolates, zero-width spaces, word joiners, the BOM. Joiners stay.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.generalCategory == .format else { return false }
        return scalar != "\u{200C}" && scalar != "\u{200D}"
    }

    /// Whether any character would show: not only marks, joiners and blank look-alikes.
    static func isVisible(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format, .control, .spaceSeparator,
                .lineSeparator, .paragraphSeparator:
                return false
            default:
                // Hangul fillers and the blank braille pattern render as nothing.
                return !["\u{115F}", "\u{1160}", "\u{3164}", "\u{FFA0}", "\u{2800}"].contains(scalar)
            }
        }
    }
}
