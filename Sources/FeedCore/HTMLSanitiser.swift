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

    private let base: URL?
    private var html: [UInt8] = []
    private var text: [UInt8] = []
    /// Depth inside an element dropped with its content; 0 when text is being kept.
    private var droppedDepth = 0

    init(base: URL?) {
        self.base = base
    }

    func startElement(_ name: String, attributes: [(name: String, value: String)]) {
        // libxml2's HTML parser reports an end for every start, void elements and auto-closed ones
        // included, so plain counting tracks the dropped subtree.
        if droppedDepth > 0 || Self.droppedWithContent.contains(name) {
            droppedDepth += 1
            return
        }
        if Self.droppedTagOnly.contains(name) { return }
        if Self.blockElements.contains(name) { breakParagraph() } else if Self.lineElements.contains(name) { breakLine() }
        guard Self.keptElements.contains(name) else { return }
        html.append(UInt8(ascii: "<"))
        html.append(contentsOf: name.utf8)
        for attribute in attributes {
            let attributeName = attribute.name
            guard Self.keptAttributes.contains(attributeName) else { continue }
            var value = attribute.value
            if Self.urlAttributes.contains(attributeName) {
                guard let safe = safeURL(value) else { continue }
                value = safe
            }
            html.append(UInt8(ascii: " "))
            html.append(contentsOf: attributeName.utf8)
            html.append(contentsOf: "=\"".utf8)
            Self.escape(value.utf8, into: &html, quotes: true)
            html.append(UInt8(ascii: "\""))
        }
        html.append(UInt8(ascii: ">"))
    }

    func endElement(_ name: String) {
        if droppedDepth > 0 {
            droppedDepth -= 1
            return
        }
        if Self.droppedTagOnly.contains(name) { return }
        if Self.blockElements.contains(name) { breakParagraph() } else if Self.lineElements.contains(name) { breakLine() }
        guard Self.keptElements.contains(name), !Self.voidElements.contains(name) else { return }
        html.append(contentsOf: "</".utf8)
        html.append(contentsOf: name.utf8)
        html.append(UInt8(ascii: ">"))
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard droppedDepth == 0 else { return }
        Self.escape(bytes, into: &html, quotes: false)
        text.append(contentsOf: bytes)
    }

    /// The sanitised markup.
    func finishedHTML() -> String {
        TextNormalisation.trimmed(String(decoding: html, as: UTF8.self))
    }

    /// The text: paragraphs kept apart by one blank line, lines by one newline, whitespace folded within.
    func finishedText() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        text.withUnsafeBufferPointer { bytes in
            var pendingBreak = 0
            var start = 0
            var index = 0
            while index <= bytes.count {
                guard index == bytes.count || bytes[index] == 0 else {
                    index += 1
                    continue
                }
                var breaks = 0
                let end = index
                while index < bytes.count && bytes[index] == 0 {
                    breaks += 1
                    index += 1
                }
                let mark = out.count
                if !out.isEmpty { out.append(contentsOf: pendingBreak >= 2 ? [0x0A, 0x0A] : [0x0A]) }
                let wordsStart = out.count
                TextNormalisation.appendFolded(bytes, start..<end, into: &out)
                if out.count == wordsStart {
                    out.removeSubrange(mark...)
                    pendingBreak = max(pendingBreak, breaks)
                } else {
                    pendingBreak = breaks
                }
                start = index
                if index == bytes.count { break }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // NUL marks breaks in the text buffer: it cannot occur in libxml2's output, and it survives the
    // whitespace folding that real newlines in the source must go through.
    private func breakParagraph() {
        if text.last == 0 { if text.count >= 2 && text[text.count - 2] == 0 { return } }
        text.append(0)
        text.append(0)
    }

    private func breakLine() {
        if text.last != 0 { text.append(0) }
    }

    private func safeURL(_ raw: String) -> String? {
        let trimmed = TextNormalisation.trimmed(raw)
        guard !trimmed.isEmpty else { return nil }
        if let scheme = Self.scheme(of: trimmed), !["http", "https", "mailto"].contains(scheme) { return nil }
        return URLResolution.resolve(trimmed, against: base) ?? trimmed
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

    static func escape(_ bytes: some Sequence<UInt8>, into output: inout [UInt8], quotes: Bool) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\"") where quotes: output.append(contentsOf: "&quot;".utf8)
            default: output.append(byte)
            }
        }
    }
}
