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
        convert(utf8: Array(html.utf8), base: base)
    }

    /// Converts UTF-8 `html`, resolving relative `href` and `src` against `base`.
    public static func convert(utf8 html: [UInt8], base: URL?) -> HTMLConversion {
        convert(utf8: html, base: base, reader: HTMLFragmentReader())
    }

    /// ``convert(utf8:base:)`` with a reader kept by the caller's thread, so that the items of a feed
    /// share one libxml2 context; `validUTF8` says the caller knows `html` is valid UTF-8.
    static func convert(
        utf8 html: [UInt8],
        base: URL?,
        reader: HTMLFragmentReader,
        validUTF8: Bool = false
    ) -> HTMLConversion {
        guard let (sanitiser, fastPath) = sanitised(html, base: base, reader: reader, writesHTML: true) else {
            // Over the size limit: keep nothing active, and keep the words.
            return HTMLConversion(
                html: "",
                text: TextNormalisation.foldWhitespace(String(decoding: html, as: UTF8.self))
            )
        }
        // From the fast path's events the sanitiser writes only whole characters of the input, ASCII and
        // resolved URLs (strings), and the folder cuts text only around whole spaces: both outputs are valid
        // UTF-8 when the input is, so one check of the input stands for one of each output.
        if fastPath, let inputIsASCII = Self.isASCII(html, knownValid: validUTF8) {
            return HTMLConversion(
                html: sanitiser.finishedHTML(validated: inputIsASCII),
                text: sanitiser.finishedText(validated: inputIsASCII)
            )
        }
        return HTMLConversion(html: sanitiser.finishedHTML(), text: sanitiser.finishedText())
    }

    /// Whether `bytes` are all ASCII, or nil when they are not valid UTF-8. With `knownValid` the bytes are
    /// not validated, only looked at up to the first byte above 0x7F.
    private static func isASCII(_ bytes: [UInt8], knownValid: Bool) -> Bool? {
        bytes.withUnsafeBufferPointer { buffer in
            if knownValid {
                assert(UTF8Validation.firstInvalid(buffer).offset == buffer.count, "text said to be valid UTF-8 is not")
                return CharsetDecoders.isASCII(buffer)
            }
            let validation = UTF8Validation.firstInvalid(buffer)
            return validation.offset == buffer.count ? validation.isASCII : nil
        }
    }

    /// The sanitiser that has read `html` and whether the fast path read it, or nil when the parser refused
    /// it (over the size limit).
    private static func sanitised(
        _ html: [UInt8],
        base: URL?,
        reader: HTMLFragmentReader,
        writesHTML: Bool
    ) -> (HTMLSanitiser, fastPath: Bool)? {
        let sanitiser = HTMLSanitiser(base: base, expectedBytes: html.count, writesHTML: writesHTML)
        let fastPath: Bool? = html.withUnsafeBytes { bytes in
            try? reader.parse(utf8: bytes, handler: sanitiser)
        }
        return fastPath.map { (sanitiser, $0) }
    }

    /// True when `bytes` hold a `<` or a `&`: one pass, sixteen bytes at a time, for both.
    static func holdsMarkupOrReference(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index &+ ByteBlock.size <= bytes.count {
            let block = ByteBlock(base + index)
            if block.marks(of: UInt8(ascii: "<")) | block.marks(of: UInt8(ascii: "&")) != 0 { return true }
            index &+= ByteBlock.size
        }
        while index < bytes.count {
            if base[index] == UInt8(ascii: "<") || base[index] == UInt8(ascii: "&") { return true }
            index += 1
        }
        return false
    }

    /// Plain text of a title or summary that may hold markup or entities; fast when it holds neither.
    public static func plainText(_ text: String) -> String {
        plainText(utf8: Array(text.utf8))
    }

    /// Plain text of UTF-8 that may hold markup or entities; fast when it holds neither.
    public static func plainText(utf8 text: [UInt8]) -> String {
        plainText(utf8: text, reader: nil)
    }

    /// ``plainText(utf8:)``, parsing any markup with `reader` when one is given.
    static func plainText(utf8 text: [UInt8], reader: HTMLFragmentReader?) -> String {
        if !text.withUnsafeBufferPointer(Self.holdsMarkupOrReference) {
            var folder = TextFolder()
            text.withUnsafeBufferPointer { folder.append($0) }
            return String(utf8Repairing: folder.output)
        }
        // The text alone: the sanitised markup would be thrown away.
        guard let (sanitiser, _) = sanitised(text, base: nil, reader: reader ?? HTMLFragmentReader(), writesHTML: false)
        else {
            return TextNormalisation.foldWhitespace(String(decoding: text, as: UTF8.self))
        }
        return TextNormalisation.foldWhitespace(sanitiser.finishedText())
    }
}
