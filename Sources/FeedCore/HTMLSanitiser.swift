internal import Foundation
internal import Markup

/// Rewrites HTML events into safe markup and plain text at once.
///
/// An allow-list, not a block-list: elements outside it lose their tags but keep their text, except the
/// active or invisible ones (`script`, `style`, `iframe`, `object`, `embed`, forms, `template`…), which
/// are dropped with everything inside them. Attributes outside the allow-list, every `on*` handler and
/// every URL whose scheme is not http, https or mailto (`javascript:`, `vbscript:`, `data:`…) are dropped.
/// Not Sendable: one instance serves one conversion.
final class HTMLSanitiser: HTMLContentHandler {
    static let keptElements: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "audio", "video", "source", "picture",
    ]
    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "object", "applet", "noscript", "template", "form", "button", "select",
        "textarea", "option", "head", "title", "svg", "math", "frame", "frameset", "noembed", "noframes",
        "canvas", "dialog",
    ]
    /// Void in HTML5 but containers to libxml2's HTML 4 parser, which would nest the rest of the page
    /// inside them: only the tag is dropped, never what follows it.
    static let droppedTagOnly: Set<String> = ["embed", "param", "input", "meta", "link", "base", "keygen", "track"]
    static let voidElements: Set<String> = ["br", "hr", "img", "source", "wbr", "col", "area"]
    static let keptAttributes: Set<String> = [
        "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "datetime", "cite", "lang",
        "dir", "start", "reversed", "type", "controls", "poster", "scope", "abbr",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite", "poster"]
    static let blockElements: Set<String> = [
        "p", "div", "blockquote", "pre", "ul", "ol", "dl", "table", "tr", "figure", "figcaption", "section",
        "article", "header", "footer", "aside", "nav", "main", "address", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "center", "details", "summary", "caption",
    ]
    static let lineElements: Set<String> = ["br", "li", "dt", "dd", "td", "th"]

    /// What the sets above say about one element, looked up once per tag rather than once per set.
    struct Policy: OptionSet, Sendable {
        let rawValue: UInt8
        static let kept = Policy(rawValue: 1)
        static let droppedWithContent = Policy(rawValue: 2)
        static let droppedTagOnly = Policy(rawValue: 4)
        static let void = Policy(rawValue: 8)
        static let block = Policy(rawValue: 16)
        static let line = Policy(rawValue: 32)
    }

    static let policies: ShortNameTable<Policy> = {
        var table: [String: Policy] = [:]
        for (names, policy) in [
            (keptElements, Policy.kept), (droppedWithContent, .droppedWithContent), (droppedTagOnly, .droppedTagOnly),
            (voidElements, .void), (blockElements, .block), (lineElements, .line),
        ] {
            for name in names { table[name, default: []].insert(policy) }
        }
        return ShortNameTable(table)
    }()

    /// Kept attributes, and whether each holds a URL; looked up from libxml2's bytes.
    static let attributePolicies: ShortNameTable<Bool> = ShortNameTable(
        Dictionary(uniqueKeysWithValues: keptAttributes.map { ($0, urlAttributes.contains($0)) })
    )

    /// Everything a conversion changes, in one value: each event is then one access to the sanitiser's
    /// storage rather than one per field touched, and the work inside is on a local struct.
    ///
    /// Unchecked: each event mutates `state` once and calls nothing that could reach this sanitiser again
    /// (one conversion on one thread), so accesses never overlap; the dynamic exclusivity check cost two
    /// runtime calls per event.
    @exclusivity(unchecked) private var state: State

    /// `writesHTML: false` makes the text alone (a title or summary), with no markup written or links resolved.
    init(base: URL?, expectedBytes: Int = 0, writesHTML: Bool = true) {
        state = State(base: base, expectedBytes: expectedBytes, writesHTML: writesHTML)
    }

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: HTMLAttributes) {
        state.startElement(name, attributes: attributes)
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        state.endElement(name)
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        state.characters(bytes)
    }

    /// The sanitised markup.
    func finishedHTML() -> String {
        state.finishedHTML()
    }

    /// The text: paragraphs kept apart by one blank line, lines by one newline, whitespace folded within.
    func finishedText() -> String {
        state.finishedText()
    }

    /// ``finishedHTML()`` when what was written is known to be valid UTF-8, and ASCII if `inputIsASCII`
    /// (bar resolved URLs, which the sanitiser itself accounts for).
    func finishedHTML(validated inputIsASCII: Bool) -> String {
        state.finishedHTML(validated: inputIsASCII)
    }

    /// ``finishedText()`` when what was written is known to be valid UTF-8, and ASCII if `inputIsASCII`.
    func finishedText(validated inputIsASCII: Bool) -> String {
        state.finishedText(validated: inputIsASCII)
    }

    private struct State {
        private let base: URL?
        // The tables, read once per conversion rather than through a static's accessor on every tag.
        private let policies = HTMLSanitiser.policies
        private let attributePolicies = HTMLSanitiser.attributePolicies
        private var html: [UInt8] = []
        private var text = TextFolder()
        /// Depth inside an element dropped with its content; 0 when text is being kept.
        private var droppedDepth = 0
        /// Whether a resolved URL written into the markup holds a byte above 0x7F (the one part of the
        /// markup not copied from the input or ASCII).
        private var resolvedNonASCII = false
        private let writesHTML: Bool

        init(base: URL?, expectedBytes: Int, writesHTML: Bool) {
            self.base = base
            self.writesHTML = writesHTML
            if writesHTML { html.reserveCapacity(expectedBytes) }
            text.output.reserveCapacity(expectedBytes)
        }

        mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: HTMLAttributes) {
            // libxml2's HTML parser reports an end for every start, void elements and auto-closed ones
            // included, so plain counting tracks the dropped subtree.
            if droppedDepth > 0 {
                droppedDepth += 1
                return
            }
            let policy = policies[name] ?? []
            if policy.contains(.droppedWithContent) {
                droppedDepth += 1
                return
            }
            if policy.contains(.droppedTagOnly) { return }
            if policy.contains(.block) { breakParagraph() } else if policy.contains(.line) { breakLine() }
            guard policy.contains(.kept), writesHTML else { return }
            html.append(UInt8(ascii: "<"))
            html.append(contentsOf: name)
            for attribute in attributes {
                guard let isURL = attributePolicies[attribute.name] else { continue }
                if isURL {
                    switch safeURL(attribute.value) {
                    case nil: continue
                    case .asWritten(let bytes)?:
                        appendAttribute(attribute.name) { HTMLSanitiser.escape(bytes, into: &$0, quotes: true) }
                    case .resolved(let url)?:
                        if !resolvedNonASCII { resolvedNonASCII = url.utf8.contains { $0 >= 0x80 } }
                        appendAttribute(attribute.name) { HTMLSanitiser.escape(url, into: &$0, quotes: true) }
                    }
                } else {
                    appendAttribute(attribute.name) { HTMLSanitiser.escape(attribute.value, into: &$0, quotes: true) }
                }
            }
            html.append(UInt8(ascii: ">"))
        }

        @inline(__always)
        private mutating func appendAttribute(_ name: UnsafeBufferPointer<UInt8>, value: (inout [UInt8]) -> Void) {
            html.append(UInt8(ascii: " "))
            html.append(contentsOf: name)
            html.append(UInt8(ascii: "="))
            html.append(UInt8(ascii: "\""))
            value(&html)
            html.append(UInt8(ascii: "\""))
        }

        mutating func endElement(_ name: UnsafeBufferPointer<UInt8>) {
            if droppedDepth > 0 {
                droppedDepth -= 1
                return
            }
            let policy = policies[name] ?? []
            if policy.contains(.droppedTagOnly) { return }
            if policy.contains(.block) { breakParagraph() } else if policy.contains(.line) { breakLine() }
            guard policy.contains(.kept), !policy.contains(.void), writesHTML else { return }
            html.append(UInt8(ascii: "<"))
            html.append(UInt8(ascii: "/"))
            html.append(contentsOf: name)
            html.append(UInt8(ascii: ">"))
        }

        mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard droppedDepth == 0 else { return }
            if writesHTML { HTMLSanitiser.escape(bytes, into: &html, quotes: false) }
            text.append(bytes)
        }

        func finishedHTML() -> String {
            html.withUnsafeBufferPointer { bytes in
                // Valid UTF-8 (as it is whenever the input was) is trimmed as bytes and made a string once.
                let validation = UTF8Validation.firstInvalid(bytes)
                guard validation.offset == bytes.count else {
                    return TextNormalisation.trimmed(String(decoding: bytes, as: UTF8.self))
                }
                return String(validatedUTF8: TextNormalisation.trimmedRange(bytes), isASCII: validation.isASCII)
            }
        }

        func finishedText() -> String {
            String(utf8Repairing: text.output)
        }

        func finishedHTML(validated inputIsASCII: Bool) -> String {
            html.withUnsafeBufferPointer { bytes in
                String(validatedUTF8: TextNormalisation.trimmedRange(bytes), isASCII: inputIsASCII && !resolvedNonASCII)
            }
        }

        func finishedText(validated inputIsASCII: Bool) -> String {
            text.output.withUnsafeBufferPointer { String(validatedUTF8: $0, isASCII: inputIsASCII) }
        }

        private mutating func breakParagraph() {
            text.paragraphBreak()
        }

        private mutating func breakLine() {
            text.lineBreak()
        }

        /// A URL kept: its trimmed bytes when resolving would give them back unchanged, or the resolved URL.
        enum SafeURL {
            case asWritten(UnsafeBufferPointer<UInt8>)
            case resolved(String)
        }

        /// The URL to keep for an `href`/`src` value: trimmed, made absolute; nil when empty or of a scheme
        /// other than http, https or mailto.
        private func safeURL(_ raw: UnsafeBufferPointer<UInt8>) -> SafeURL? {
            var start = 0
            var end = raw.count
            while start < end, case let length = TextNormalisation.whitespaceLength(raw, start), length > 0 {
                start += length
            }
            while end > start, case let length = TextNormalisation.whitespaceLength(before: end, raw), length > 0 {
                end -= length
            }
            guard start < end else { return nil }
            let trimmed = UnsafeBufferPointer(rebasing: raw[start..<end])
            switch HTMLSanitiser.schemeKind(of: trimmed) {
            case .relative, .allowed: break
            case .refused: return nil
            }
            // Already trimmed: a plain absolute http(s) URL is what resolving it would give back.
            if URLResolution.isPlainAbsoluteHTTP(trimmed) { return .asWritten(trimmed) }
            let value = String(utf8Repairing: trimmed)
            return .resolved(URLResolution.resolve(value, against: base) ?? value)
        }
    }

    enum SchemeKind { case relative, allowed, refused }

    /// ``scheme(of:)`` reduced to what the sanitiser needs, without building the scheme's string.
    static func schemeKind(of url: UnsafeBufferPointer<UInt8>) -> SchemeKind {
        // Room for "mailto" plus one: anything longer is refused once it proves to be a scheme.
        var scheme: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0)
        var length = 0
        for byte in url.prefix(64) {
            var lowered = byte
            switch byte {
            case UInt8(ascii: ":"):
                guard length > 0 else { return .relative }
                let allowed: Bool
                switch length {
                case 4: allowed = scheme.0 == 0x68 && scheme.1 == 0x74 && scheme.2 == 0x74 && scheme.3 == 0x70
                case 5:
                    allowed =
                        scheme.0 == 0x68 && scheme.1 == 0x74 && scheme.2 == 0x74 && scheme.3 == 0x70 && scheme.4 == 0x73
                case 6:
                    allowed =
                        scheme.0 == 0x6D && scheme.1 == 0x61 && scheme.2 == 0x69 && scheme.3 == 0x6C
                        && scheme.4 == 0x74 && scheme.5 == 0x6F
                default: allowed = false
                }
                return allowed ? .allowed : .refused
            case 0x00...0x20:
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                lowered = byte | 0x20
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"),
                UInt8(ascii: "-"), UInt8(ascii: "."):
                break
            default:
                return .relative
            }
            switch length {
            case 0: scheme.0 = lowered
            case 1: scheme.1 = lowered
            case 2: scheme.2 = lowered
            case 3: scheme.3 = lowered
            case 4: scheme.4 = lowered
            case 5: scheme.5 = lowered
            default: scheme.6 = lowered
            }
            length += 1
        }
        return .relative
    }

    /// The scheme a browser would see, lower-cased, or nil for a relative reference. Browsers ignore tabs,
    /// newlines and control characters inside a scheme ("java\tscript:"), so this does too.
    static func scheme(of url: String) -> String? {
        var scheme: [UInt8] = []
        for byte in url.utf8.prefix(64) {
            switch byte {
            case UInt8(ascii: ":"):
                return scheme.isEmpty ? nil : String(decoding: scheme, as: UTF8.self)
            case 0x00...0x20:
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                scheme.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"),
                UInt8(ascii: "-"), UInt8(ascii: "."):
                scheme.append(byte)
            default:
                return nil
            }
        }
        return nil
    }

    /// Appends `bytes` with `<`, `>`, `&` (and `"` when `quotes`) escaped; unescaped runs are copied whole.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], quotes: Bool) {
        guard let base = bytes.baseAddress else { return }
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            // Sixteen bytes at once while none of them needs escaping, then straight to the first that does.
            if index &+ ByteBlock.size <= count {
                let length = ByteBlock.offsetOfFirst(escapeMarks(UnsafeRawPointer(base + index), quotes: quotes))
                index &+= length
                if length == ByteBlock.size { continue }
            }
            defer { index += 1 }
            let replacement: StaticString
            switch base[index] {
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "\"") where quotes: replacement = "&quot;"
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            output.append(
                contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount)
            )
            runStart = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// The bytes of the sixteen at `pointer` that are `<`, `>`, `&` (or `"` when `quotes`).
    @inline(__always)
    static func escapeMarks(_ pointer: UnsafeRawPointer, quotes: Bool) -> UInt32 {
        let block = ByteBlock(pointer)
        let marks =
            block.marks(of: UInt8(ascii: "<")) | block.marks(of: UInt8(ascii: ">")) | block.marks(of: UInt8(ascii: "&"))
        return quotes ? marks | block.marks(of: UInt8(ascii: "\"")) : marks
    }

    /// ``escape(_:into:quotes:)`` for a string.
    static func escape(_ text: String, into output: inout [UInt8], quotes: Bool) {
        var copy = text
        copy.withUTF8 { escape($0, into: &output, quotes: quotes) }
    }

    /// ``escape(_:into:quotes:)`` for a byte array.
    static func escape(_ bytes: [UInt8], into output: inout [UInt8], quotes: Bool) {
        bytes.withUnsafeBufferPointer { escape($0, into: &output, quotes: quotes) }
    }

}
