public import Foundation
internal import Markup

/// Feed HTML turned into sanitised HTML and plain text, in one pass of libxml2's HTML parser.
public struct HTMLConversion: Sendable, Hashable {
    /// The markup with everything active removed: see ``HTMLSanitiser``.
    public var html: String
    /// The text, paragraphs separated by blank lines, whitespace folded inside them.
    public var text: String

    /// Converts `html`, resolving relative `href` and `src` against `base`.
    public static func convert(_ html: String, base: URL?) -> HTMLConversion {
        var source = html
        let sanitiser = HTMLSanitiser(base: base)
        let parsed: Void? = source.withUTF8 { bytes in
            try? HTMLStreamParser().parse(utf8: UnsafeRawBufferPointer(bytes), handler: sanitiser)
        }
        if parsed == nil {
            // Over the size limit: keep nothing active, and keep the words.
            return HTMLConversion(html: "", text: TextNormalisation.foldWhitespace(html))
        }
        return HTMLConversion(html: sanitiser.finishedHTML(), text: sanitiser.finishedText())
    }

    /// Plain text of a title or summary that may hold markup or entities; fast when it holds neither.
    public static func plainText(_ text: String) -> String {
        if !text.utf8.contains(UInt8(ascii: "<")) && !text.utf8.contains(UInt8(ascii: "&")) {
            return TextNormalisation.foldWhitespace(text)
        }
        return TextNormalisation.foldWhitespace(convert(text, base: nil).text)
    }
}
