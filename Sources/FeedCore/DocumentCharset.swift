internal import Markup

/// Where the charset used to read a document came from.
public enum CharsetSource: String, Sendable, Hashable {
    /// A byte order mark at the start of the document.
    case byteOrderMark = "bom"
    /// The caller, normally the charset parameter of the HTTP Content-Type.
    case caller = "caller"
    /// The `encoding` of the XML declaration.
    case declaration = "declaration"
    /// Nothing named one: UTF-8, or UTF-16/32 when the first bytes show it.
    case defaulted = "default"
}

/// A document's text as UTF-8, and how its charset was chosen.
public struct DecodedDocument: Sendable {
    /// Valid UTF-8 with any byte order mark removed; invalid input sequences are replaced by U+FFFD.
    public var utf8: [UInt8]
    /// Canonical name of the charset actually used, e.g. "utf-8", "windows-1251", "koi8-r", "windows-1252".
    public var charset: String
    /// Which rule picked `charset`.
    public var source: CharsetSource
    /// How many invalid input sequences became U+FFFD.
    public var replacedSequences: Int
    /// Everything that was overridden, ignored or repaired on the way.
    public var warnings: [ParseWarning]

    /// Creates a decoded document.
    public init(
        utf8: [UInt8],
        charset: String,
        source: CharsetSource,
        replacedSequences: Int = 0,
        warnings: [ParseWarning] = []
    ) {
        self.utf8 = utf8
        self.charset = charset
        self.source = source
        self.replacedSequences = replacedSequences
        self.warnings = warnings
    }
}

/// Turns a document's bytes into UTF-8, choosing the charset the way XML and HTTP say to.
///
/// `decodeXML` picks the charset in this order:
/// 1. A byte order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE) wins over everything, and is removed.
/// 2. The caller's charset, normally the `charset` parameter of the HTTP Content-Type, as RFC 7303 says.
///    Pass nil when the header has none: RFC 7303 no longer defaults text/xml to us-ascii.
/// 3. The `encoding` of the XML declaration.
/// 4. UTF-8 (or UTF-16/32 when the first bytes are `<\0?\0`-style, with no BOM and nothing else to go on).
///
/// Labels follow the WHATWG Encoding Standard, so "ISO-8859-1", "latin1" and "us-ascii" read as
/// windows-1252 and curly quotes and € in 0x80–0x9F come out right.
///
/// Deliberate exception to 2: when the caller says UTF-8, the bytes are not valid UTF-8, and the declaration
/// names another charset we know, the declaration is used (with a warning). Servers that stamp "utf-8" on
/// every response are common, while a document that declares windows-1251 and is not valid UTF-8 is almost
/// certainly windows-1251; believing the server would turn all its text into U+FFFD.
///
/// A name is skipped, with a warning, when it is unknown, or when the first bytes rule it out: a caller or
/// declaration saying UTF-16 for a document that starts with ASCII `<?xml` (or the reverse) cannot be right.
/// The first bytes also settle the byte order of a name like "utf-16" that leaves it open.
public enum DocumentCharset {
    /// Decodes an XML document. Precedence: BOM, then the caller's charset (e.g. from HTTP Content-Type), then the
    /// XML declaration's encoding, then UTF-8.
    public static func decodeXML(_ bytes: [UInt8], callerCharset: String?) -> DecodedDocument {
        var warnings: [ParseWarning] = []
        let callerLabel = callerCharset.map(unquoted)

        if let mark = XMLEncodingSniffer.byteOrderMark(bytes) {
            let declared = XMLEncodingSniffer.declaredEncoding(bytes, from: mark.length, layout: mark.layout)
            if let callerLabel, !agrees(callerLabel, with: mark.charset) {
                warnings.append(
                    ParseWarning(
                        "Ignored charset \"\(callerLabel)\" from the server: the byte order mark says \(mark.charset)"
                    )
                )
            }
            if let declared, !agrees(declared, with: mark.charset) {
                warnings.append(
                    ParseWarning(
                        "Ignored the declared encoding \"\(declared)\": the byte order mark says \(mark.charset)"
                    )
                )
            }
            let decoded = transcodeUnicode(bytes[mark.length...], canonical: mark.charset)
            return finish(decoded, charset: mark.charset, source: .byteOrderMark, warnings: warnings)
        }

        let layout = XMLEncodingSniffer.layout(bytes)
        let declaredLabel = XMLEncodingSniffer.declaredEncoding(bytes, from: 0, layout: layout)
        let declared = declaredLabel.flatMap { resolve($0, role: .declaration, layout: layout, warnings: &warnings) }

        if let callerLabel, let charset = resolve(callerLabel, role: .caller, layout: layout, warnings: &warnings) {
            // The deliberate exception (see above). Checked before decoding so that a mislabelled document
            // costs one cheap scan up to its first non-UTF-8 byte, not a full decode that is thrown away.
            if charset == "utf-8", let declared, declared != "utf-8", !isValidUTF8(bytes),
                let decoded = transcodeOrWarn(bytes, charset: declared, warnings: &warnings)
            {
                warnings.append(
                    ParseWarning(
                        "The server said utf-8 but the document is not valid UTF-8; "
                            + "used its declared encoding \(declared) instead"
                    )
                )
                return finish(decoded, charset: declared, source: .declaration, warnings: warnings)
            }
            if let decoded = transcodeOrWarn(bytes, charset: charset, warnings: &warnings) {
                if let declared, declared != charset, !decodesAlike(bytes, charset, declared) {
                    warnings.append(
                        ParseWarning(
                            "The server's charset \(charset) overrides the declared encoding \(declared) (RFC 7303)"
                        )
                    )
                }
                return finish(decoded, charset: charset, source: .caller, warnings: warnings)
            }
        }

        if let declared, let decoded = transcodeOrWarn(bytes, charset: declared, warnings: &warnings) {
            return finish(decoded, charset: declared, source: .declaration, warnings: warnings)
        }

        let charset = XMLEncodingSniffer.impliedCharset(layout)
        let decoded = transcodeUnicode(bytes, canonical: charset)
        return finish(decoded, charset: charset, source: .defaulted, warnings: warnings)
    }

    /// Canonical name for a charset label (WHATWG Encoding Standard labels: "latin1", "ISO-8859-1", "us-ascii" →
    /// "windows-1252"; "cp1251" → "windows-1251"; "utf8" → "utf-8"; …), nil if unknown.
    public static func canonicalName(_ label: String) -> String? {
        // WHATWG matching: ASCII whitespace trimmed, ASCII case folded, nothing else.
        var bytes = Array(label.utf8)
        while let last = bytes.last, isASCIIWhitespace(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !isASCIIWhitespace($0) } ?? bytes.endIndex
        let folded = bytes[start...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return CharsetLabels.canonicalByLabel[String(decoding: folded, as: UTF8.self)]
    }

    /// Decodes bytes in a named charset (canonical or label) to UTF-8; nil if the charset is unknown.
    ///
    /// No byte order mark is looked for or removed. Charsets without a built-in table (Shift_JIS, EUC-JP,
    /// GBK/gb18030, Big5, EUC-KR, ISO-2022-JP) go through iconv and are nil where the C library lacks them.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String) -> (utf8: [UInt8], replaced: Int)? {
        guard let canonical = canonicalName(charset) else { return nil }
        guard let decoded = transcode(bytes, canonical: canonical) else { return nil }
        return (decoded.utf8, decoded.replaced)
    }

    // MARK: - Implementation

    /// Decodes with a canonical charset; nil only when it needs iconv and iconv lacks it.
    static func transcode<C: Collection<UInt8>>(_ bytes: C, canonical: String) -> CharsetDecoders.Output? {
        switch canonical {
        case "utf-8", "utf-16le", "utf-16be", "utf-32le", "utf-32be":
            return transcodeUnicode(bytes, canonical: canonical)
        default:
            if let table = SingleByteCharsets.table(forCanonicalName: canonical) {
                return CharsetDecoders.withContiguousBytes(bytes) {
                    CharsetDecoders.decodeSingleByte($0, upperHalf: table)
                }
            }
            guard let iconvName = CharsetLabels.iconvName(forCanonicalName: canonical) else { return nil }
            let array = bytes as? [UInt8] ?? Array(bytes)
            guard let converted = IconvTranscoder.transcode(array, from: iconvName) else { return nil }
            return (converted.utf8, converted.replaced)
        }
    }

    /// Decodes with a Unicode encoding form, which cannot fail; any other name is read as UTF-8.
    static func transcodeUnicode<C: Collection<UInt8>>(_ bytes: C, canonical: String) -> CharsetDecoders.Output {
        switch canonical {
        case "utf-16le", "utf-16be":
            return CharsetDecoders.withContiguousBytes(bytes) {
                CharsetDecoders.decodeUTF16($0, bigEndian: canonical == "utf-16be")
            }
        case "utf-32le", "utf-32be":
            return CharsetDecoders.withContiguousBytes(bytes) {
                CharsetDecoders.decodeUTF32($0, bigEndian: canonical == "utf-32be")
            }
        default:
            let firstInvalid = CharsetDecoders.withContiguousBytes(bytes, CharsetDecoders.firstInvalidUTF8)
            if firstInvalid == bytes.count {
                // Valid input is handed back untouched: an array is shared, not copied.
                if let array = bytes as? [UInt8] { return (array, 0) }
                return (Array(bytes), 0)
            }
            return CharsetDecoders.withContiguousBytes(bytes) {
                CharsetDecoders.repairUTF8($0, firstInvalid: firstInvalid)
            }
        }
    }

    private enum Role {
        case caller, declaration

        func describe(_ label: String) -> String {
            switch self {
            case .caller: "charset \"\(label)\" from the server"
            case .declaration: "declared encoding \"\(label)\""
            }
        }
    }

    /// The charset a label stands for in this document, or nil (with a warning) when it cannot be used.
    private static func resolve(
        _ label: String,
        role: Role,
        layout: XMLEncodingSniffer.Layout,
        warnings: inout [ParseWarning]
    ) -> String? {
        guard let canonical = canonicalName(label) else {
            warnings.append(ParseWarning("Ignored unknown \(role.describe(label))"))
            return nil
        }
        guard let charset = XMLEncodingSniffer.fit(canonical, to: layout) else {
            warnings.append(
                ParseWarning(
                    "Ignored \(role.describe(label)): the document's first bytes are in \(describe(layout))"
                )
            )
            return nil
        }
        if charset != canonical, !isOrderless(label) {
            warnings.append(
                ParseWarning(
                    "The \(role.describe(label)) has the wrong byte order; the document's first bytes are \(charset)"
                )
            )
        }
        return charset
    }

    private static func transcodeOrWarn(
        _ bytes: [UInt8],
        charset: String,
        warnings: inout [ParseWarning]
    ) -> CharsetDecoders.Output? {
        if let decoded = transcode(bytes, canonical: charset) { return decoded }
        let warning = ParseWarning("Charset \(charset) is not supported on this system")
        if !warnings.contains(warning) { warnings.append(warning) }
        return nil
    }

    private static func finish(
        _ decoded: CharsetDecoders.Output,
        charset: String,
        source: CharsetSource,
        warnings: [ParseWarning]
    ) -> DecodedDocument {
        var warnings = warnings
        if decoded.replaced > 0 {
            let noun = decoded.replaced == 1 ? "invalid byte sequence" : "invalid byte sequences"
            warnings.append(ParseWarning("\(decoded.replaced) \(noun) in \(charset) replaced with U+FFFD"))
        }
        return DecodedDocument(
            utf8: decoded.utf8,
            charset: charset,
            source: source,
            replacedSequences: decoded.replaced,
            warnings: warnings
        )
    }

    /// Whether a label names the same charset as a byte order mark proved.
    private static func agrees(_ label: String, with charset: String) -> Bool {
        // An unknown label is no evidence against the mark, and its warning would only repeat this one.
        guard let canonical = canonicalName(label) else { return true }
        if canonical == charset { return true }
        let sameWidth =
            XMLEncodingSniffer.width(ofCanonicalName: canonical) == XMLEncodingSniffer.width(ofCanonicalName: charset)
        return sameWidth && isOrderless(label)
    }

    /// Whether the caller's and the declaration's charsets would give the same text, so their
    /// disagreement is not worth a warning: both ASCII-compatible and the document pure ASCII.
    private static func decodesAlike(_ bytes: [UInt8], _ first: String, _ second: String) -> Bool {
        // ISO-2022-JP hides its text in ASCII bytes, so pure ASCII proves nothing for it.
        func asciiCompatible(_ charset: String) -> Bool {
            XMLEncodingSniffer.width(ofCanonicalName: charset) == 1 && charset != "iso-2022-jp"
        }
        guard asciiCompatible(first), asciiCompatible(second) else { return false }
        return bytes.withUnsafeBufferPointer(CharsetDecoders.isASCII)
    }

    /// Names a layout for a warning, where "utf-8" would claim more than the first bytes show.
    private static func describe(_ layout: XMLEncodingSniffer.Layout) -> String {
        switch layout {
        case .asciiCompatible, .unknown: "an ASCII-compatible charset"
        case .utf16, .utf32: XMLEncodingSniffer.impliedCharset(layout)
        }
    }

    private static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { CharsetDecoders.firstInvalidUTF8($0) == $0.count }
    }

    private static func isOrderless(_ label: String) -> Bool {
        CharsetLabels.orderlessUnicodeLabels.contains(unquoted(label).lowercased())
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    /// A charset parameter may arrive as an HTTP quoted-string; the quotes are not part of the name.
    private static func unquoted(_ label: String) -> String {
        var text = Substring(label)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        if text.count >= 2, text.first == "\"", text.last == "\"" {
            text = text.dropFirst().dropLast()
        }
        return String(text)
    }
}
