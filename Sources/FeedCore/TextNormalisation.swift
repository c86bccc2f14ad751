public import Foundation

/// The text normalisation that identities and content hashes are defined on.
public enum TextNormalisation {
    /// Folds every run of whitespace (Unicode `White_Space`, which includes no-break and ideographic
    /// spaces, tabs and line breaks) to one U+0020 and trims both ends.
    public static func foldWhitespace(_ text: some StringProtocol) -> String {
        var result = String()
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Unicode NFC, with an ASCII fast path (ASCII text is already NFC).
    public static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// NFC, then whitespace folded: the form the content hash reads.
    public static func canonical(_ text: String) -> String {
        foldWhitespace(nfc(text))
    }

    /// Folds whitespace inside each paragraph and keeps paragraphs apart with one blank line.
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n")
            .map { foldWhitespace($0) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n\n")
    }
}
