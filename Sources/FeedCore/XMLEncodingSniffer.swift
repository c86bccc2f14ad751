/// What the first bytes of an XML document say about its encoding: a byte order mark, the code unit width
/// and byte order (XML 1.0 Appendix F), and the `encoding` pseudo-attribute of the XML declaration.
enum XMLEncodingSniffer {
    /// How the document's first characters are laid out in bytes.
    enum Layout: Equatable {
        /// One byte per ASCII character: UTF-8 or any legacy charset.
        case asciiCompatible
        case utf16(bigEndian: Bool)
        case utf32(bigEndian: Bool)
        /// Too short, or not starting with markup, to tell.
        case unknown
    }

    /// A byte order mark: the charset it proves and how many bytes it takes.
    struct ByteOrderMark: Equatable {
        var charset: String
        var length: Int
        var layout: Layout
    }

    /// The byte order mark at the start of `bytes`, if any.
    static func byteOrderMark(_ bytes: [UInt8]) -> ByteOrderMark? {
        let n = bytes.count
        // UTF-32LE first: its mark begins with UTF-16LE's, and FF FE 00 00 cannot be UTF-16 XML since
        // U+0000 is not allowed in a document.
        if n >= 4, bytes[0] == 0xFF, bytes[1] == 0xFE, bytes[2] == 0, bytes[3] == 0 {
            return ByteOrderMark(charset: "utf-32le", length: 4, layout: .utf32(bigEndian: false))
        }
        if n >= 4, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0xFE, bytes[3] == 0xFF {
            return ByteOrderMark(charset: "utf-32be", length: 4, layout: .utf32(bigEndian: true))
        }
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return ByteOrderMark(charset: "utf-8", length: 3, layout: .asciiCompatible)
        }
        if n >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return ByteOrderMark(charset: "utf-16be", length: 2, layout: .utf16(bigEndian: true))
        }
        if n >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return ByteOrderMark(charset: "utf-16le", length: 2, layout: .utf16(bigEndian: false))
        }
        return nil
    }

    /// A byte that can be the first character of a document: `<` or XML whitespace.
    @inline(__always)
    private static func canStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The layout of a document without a byte order mark, from the NUL bytes around its first character.
    ///
    /// A document must start with `<` or whitespace, so `<\0?\0` can only be UTF-16LE, `\0<\0?` only
    /// UTF-16BE, and `<?` with no NUL only an ASCII-compatible charset.
    static func layout(_ bytes: [UInt8]) -> Layout {
        let n = bytes.count
        guard n >= 2 else { return .unknown }
        if n >= 4 {
            let (b0, b1, b2, b3) = (bytes[0], bytes[1], bytes[2], bytes[3])
            if b0 == 0, b1 == 0, b2 == 0, canStart(b3) { return .utf32(bigEndian: true) }
            if canStart(b0), b1 == 0, b2 == 0, b3 == 0 { return .utf32(bigEndian: false) }
            if b0 == 0, canStart(b1), b2 == 0, b3 != 0 { return .utf16(bigEndian: true) }
            if canStart(b0), b1 == 0, b2 != 0, b3 == 0 { return .utf16(bigEndian: false) }
            if canStart(b0), b1 != 0, b2 != 0, b3 != 0 { return .asciiCompatible }
            return .unknown
        }
        if bytes[0] == 0, canStart(bytes[1]) { return .utf16(bigEndian: true) }
        if canStart(bytes[0]), bytes[1] == 0 { return .utf16(bigEndian: false) }
        return canStart(bytes[0]) ? .asciiCompatible : .unknown
    }

    /// The bytes per code unit of a canonical charset's layout.
    static func width(ofCanonicalName name: String) -> Int {
        switch name {
        case "utf-16le", "utf-16be": 2
        case "utf-32le", "utf-32be": 4
        default: 1
        }
    }

    /// The charset to use for `canonical` in a document laid out as `layout`: the same one, the byte order
    /// the layout proves, or nil when the layout rules the charset out.
    static func fit(_ canonical: String, to layout: Layout) -> String? {
        let width = width(ofCanonicalName: canonical)
        switch layout {
        case .unknown: return canonical
        case .asciiCompatible: return width == 1 ? canonical : nil
        case .utf16(let bigEndian): return width == 2 ? (bigEndian ? "utf-16be" : "utf-16le") : nil
        case .utf32(let bigEndian): return width == 4 ? (bigEndian ? "utf-32be" : "utf-32le") : nil
        }
    }

    /// The charset a layout implies when nothing names one.
    static func impliedCharset(_ layout: Layout) -> String {
        switch layout {
        case .asciiCompatible, .unknown: "utf-8"
        case .utf16(let bigEndian): bigEndian ? "utf-16be" : "utf-16le"
        case .utf32(let bigEndian): bigEndian ? "utf-32be" : "utf-32le"
        }
    }

    // MARK: - XML declaration

    /// The XML declaration never needs more: anything longer is not a declaration we should trust.
    private static let declarationWindow = 1024

    /// The raw value of the declaration's `encoding` pseudo-attribute, read from the first bytes after `start`.
    static func declaredEncoding(_ bytes: [UInt8], from start: Int, layout: Layout) -> String? {
        parseDeclaration(asciiPrefix(bytes, from: start, layout: layout))
    }

    /// The leading ASCII characters of the document as single bytes, whatever the code unit width.
    private static func asciiPrefix(_ bytes: [UInt8], from start: Int, layout: Layout) -> [UInt8] {
        let (width, lowByte): (Int, Int) =
            switch layout {
            case .asciiCompatible, .unknown: (1, 0)
            case .utf16(let bigEndian): (2, bigEndian ? 1 : 0)
            case .utf32(let bigEndian): (4, bigEndian ? 3 : 0)
            }
        let end = min(bytes.count, start + declarationWindow * width)
        if width == 1 { return Array(bytes[start..<end]) }
        var prefix: [UInt8] = []
        var i = start
        outer: while i + width <= end {
            for k in 0..<width where k != lowByte && bytes[i + k] != 0 { break outer }
            prefix.append(bytes[i + lowByte])
            i += width
        }
        return prefix
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Reads `<?xml version="1.0" encoding="…" …?>`, pseudo-attribute by pseudo-attribute so that a value
    /// which merely contains the word "encoding" is not mistaken for it.
    static func parseDeclaration(_ text: [UInt8]) -> String? {
        let n = text.count
        var i = 0
        // Leading whitespace is not allowed, but common in the wild and harmless to skip.
        while i < n, isSpace(text[i]) { i += 1 }
        let opening = Array("<?xml".utf8)
        guard i + opening.count < n, Array(text[i..<i + opening.count]) == opening,
            isSpace(text[i + opening.count])
        else { return nil }
        i += opening.count
        while true {
            while i < n, isSpace(text[i]) { i += 1 }
            guard i < n, text[i] != UInt8(ascii: "?") else { return nil }
            let nameStart = i
            while i < n, !isSpace(text[i]), text[i] != UInt8(ascii: "="), text[i] != UInt8(ascii: "?") { i += 1 }
            let name = text[nameStart..<i]
            while i < n, isSpace(text[i]) { i += 1 }
            guard i < n, text[i] == UInt8(ascii: "=") else { return nil }
            i += 1
            while i < n, isSpace(text[i]) { i += 1 }
            guard i < n, text[i] == UInt8(ascii: "\"") || text[i] == UInt8(ascii: "'") else { return nil }
            let quote = text[i]
            i += 1
            let valueStart = i
            while i < n, text[i] != quote { i += 1 }
            guard i < n else { return nil }
            if name.elementsEqual("encoding".utf8) {
                return String(decoding: text[valueStart..<i], as: UTF8.self)
            }
            i += 1
        }
    }
}
