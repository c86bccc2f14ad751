import Foundation

extension DocumentCharset {
    /// Decodes an HTML page. Precedence: a byte order mark; then the caller's charset (what HTTP said);
    /// then the page's own `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`,
    /// whichever comes first in the first 4 KiB (the HTML prescan); then UTF-8.
    ///
    /// As for XML, a caller saying UTF-8 about bytes that are not UTF-8 loses to a `<meta>` naming another
    /// charset: servers stamp "utf-8" on everything, pages rarely lie about themselves. A `<meta>` naming
    /// UTF-16 is read as UTF-8, as the HTML standard says (the prescan itself proved the bytes ASCII-compatible).
    public static func decodeHTML(_ bytes: [UInt8], callerCharset: String?) -> DecodedDocument {
        if let mark = XMLEncodingSniffer.byteOrderMark(bytes) {
            let decoded = transcodeUnicode(bytes[mark.length...], canonical: mark.charset)
            return DecodedDocument(
                utf8: decoded.utf8,
                charset: mark.charset,
                source: .byteOrderMark,
                replacedSequences: decoded.replaced
            )
        }
        var warnings: [ParseWarning] = []
        let meta = metaCharsetLabel(bytes).flatMap { label -> String? in
            guard let name = canonicalName(label) else {
                warnings.append(ParseWarning("Ignored the page's <meta> charset \"\(label)\": unknown charset"))
                return nil
            }
            return name.hasPrefix("utf-16") ? "utf-8" : name
        }
        if let callerCharset {
            if let caller = canonicalName(callerCharset) {
                let callerWrong =
                    caller == "utf-8" && meta != nil && meta != "utf-8"
                    && String(validating: bytes, as: UTF8.self) == nil
                if callerWrong, let meta, let decoded = decode(bytes, charset: meta) {
                    warnings.append(
                        ParseWarning(
                            "The server said utf-8 but the page is not valid UTF-8; "
                                + "used its <meta> charset \(meta) instead"
                        )
                    )
                    return DecodedDocument(
                        utf8: decoded.utf8,
                        charset: meta,
                        source: .declaration,
                        replacedSequences: decoded.replaced,
                        warnings: warnings
                    )
                }
                if let decoded = decode(bytes, charset: caller) {
                    return DecodedDocument(
                        utf8: decoded.utf8,
                        charset: caller,
                        source: .caller,
                        replacedSequences: decoded.replaced,
                        warnings: warnings
                    )
                }
            }
            warnings.append(
                ParseWarning("Ignored charset \"\(callerCharset)\" from the caller: unknown or unsupported")
            )
        }
        if let meta, let decoded = decode(bytes, charset: meta) {
            return DecodedDocument(
                utf8: decoded.utf8,
                charset: meta,
                source: .declaration,
                replacedSequences: decoded.replaced,
                warnings: warnings
            )
        }
        let decoded = decode(bytes, charset: "utf-8") ?? (bytes, 0)
        return DecodedDocument(
            utf8: decoded.utf8,
            charset: "utf-8",
            source: .defaulted,
            replacedSequences: decoded.replaced,
            warnings: warnings
        )
    }

    /// The charset label of the first `<meta>` in the first 4 KiB that names one, either form.
    ///
    /// Read as bytes (ASCII case folded): every page pays for this prescan, so it builds no String until it
    /// has the label.
    static func metaCharsetLabel(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let meta = Array("<meta".utf8)
        let charset = Array("charset".utf8)
        func matches(_ word: [UInt8], at index: Int, end: Int) -> Bool {
            guard index + word.count <= end else { return false }
            for offset in word.indices where head[index + offset] != word[offset] { return false }
            return true
        }
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
        }
        func isLabel(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x3A
                || byte == 0x2E || byte == 0x2D
        }
        var index = 0
        while index < head.count {
            guard head[index] == UInt8(ascii: "<"), matches(meta, at: index, end: head.count) else {
                index += 1
                continue
            }
            let tagStart = index + meta.count
            var tagEnd = tagStart
            while tagEnd < head.count, head[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
            var position = tagStart
            while position < tagEnd {
                guard matches(charset, at: position, end: tagEnd) else {
                    position += 1
                    continue
                }
                var cursor = position + charset.count
                while cursor < tagEnd, isSpace(head[cursor]) { cursor += 1 }
                guard cursor < tagEnd, head[cursor] == UInt8(ascii: "=") else {
                    position += 1
                    continue
                }
                cursor += 1
                // Spaces and an opening quote, `"` or `'`.
                while cursor < tagEnd, isSpace(head[cursor]) || head[cursor] == 0x22 || head[cursor] == 0x27 {
                    cursor += 1
                }
                let valueStart = cursor
                while cursor < tagEnd, isLabel(head[cursor]) { cursor += 1 }
                if cursor > valueStart { return String(decoding: head[valueStart..<cursor], as: UTF8.self) }
                position += 1
            }
            index = tagEnd
        }
        return nil
    }
}
