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
                utf8: decoded.utf8, charset: mark.charset, source: .byteOrderMark, replacedSequences: decoded.replaced)
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
                let callerWrong = caller == "utf-8" && meta != nil && meta != "utf-8"
                    && String(validating: bytes, as: UTF8.self) == nil
                if callerWrong, let meta, let decoded = decode(bytes, charset: meta) {
                    warnings.append(ParseWarning(
                        "The server said utf-8 but the page is not valid UTF-8; "
                            + "used its <meta> charset \(meta) instead"))
                    return DecodedDocument(
                        utf8: decoded.utf8, charset: meta, source: .declaration, replacedSequences: decoded.replaced,
                        warnings: warnings)
                }
                if let decoded = decode(bytes, charset: caller) {
                    return DecodedDocument(
                        utf8: decoded.utf8, charset: caller, source: .caller, replacedSequences: decoded.replaced,
                        warnings: warnings)
                }
            }
            warnings.append(
                ParseWarning("Ignored charset \"\(callerCharset)\" from the caller: unknown or unsupported"))
        }
        if let meta, let decoded = decode(bytes, charset: meta) {
            return DecodedDocument(
                utf8: decoded.utf8, charset: meta, source: .declaration, replacedSequences: decoded.replaced,
                warnings: warnings)
        }
        let decoded = decode(bytes, charset: "utf-8") ?? (bytes, 0)
        return DecodedDocument(
            utf8: decoded.utf8, charset: "utf-8", source: .defaulted, replacedSequences: decoded.replaced,
            warnings: warnings)
    }

    /// The charset label of the first `<meta>` in the first 4 KiB that names one, either form.
    static func metaCharsetLabel(_ bytes: [UInt8]) -> String? {
        // Latin-1 view: every byte maps to one character, so no multi-byte sequence can hide a `<`.
        let head = String(bytes.prefix(4096).map { Character(Unicode.Scalar($0)) }).lowercased()
        var searchStart = head.startIndex
        while let open = head.range(of: "<meta", range: searchStart..<head.endIndex) {
            let end = head[open.upperBound...].firstIndex(of: ">") ?? head.endIndex
            let tag = head[open.upperBound..<end]
            if let charset = tag.range(of: #"charset\s*=\s*["']?\s*[a-z0-9_:.\-]+"#, options: .regularExpression) {
                let value = tag[charset].drop(while: { $0 != "=" }).dropFirst()
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t\n\r"))
                if !value.isEmpty { return value }
            }
            searchStart = end
        }
        return nil
    }
}
