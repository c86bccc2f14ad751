internal import Markup

/// A page's element tree copied out of libxml2 once, so extraction can score, annotate and walk it freely
/// without touching C. Text runs keep their raw text; elements keep lower-case names and attributes.
///
/// Every node knows, from the moment the tree is built, how long its text is once whitespace is folded and
/// how much of that is link text, so scoring never re-reads a subtree to measure it: the walks that decide
/// what the article is stay linear in the size of the page. The folded text itself is built on demand.
final class PageNode {
    /// Lower-case element name, or "#text" for a text run.
    let name: String
    let attributes: [String: String]
    /// Raw text for a text run; empty for an element.
    let rawText: String
    private(set) var children: [PageNode] = []
    // Unowned: a node lives as long as its tree, which every walk holds from the root, and a weak reference
    // would cost a side table for every node of every page.
    private(set) unowned(unsafe) var parent: PageNode?
    /// Whether the element starts a new block of text (``PageTree/blockElements``).
    let isBlock: Bool
    /// Whether any child element is a block.
    private(set) var hasBlockChild = false
    /// Characters (Unicode scalars) of the folded text: what `foldedText.unicodeScalars.count` would be.
    private(set) var textLength = 0
    /// Characters of text inside `<a>` elements.
    private(set) var linkTextLength = 0
    /// Characters of the text and inline elements directly inside (outside any child block), and the link
    /// text among them: text that a page without `<p>` tags sets between `<br>`s.
    private(set) var looseTextLength = 0
    private(set) var looseLinkLength = 0
    // Whitespace at either end of the unfolded text, which decides whether neighbours are joined by a space.
    private var startsWithSpace = false
    private var endsWithSpace = false
    /// The content score while the body is being looked for.
    var score: Double = 0
    var isCandidate = false
    /// Characters of prose inside, once ``ArticleBodyFinder`` has counted them.
    var proseLength: Int?
    /// The class/id hints as ``ArticleBodyFinder`` reads them, once read.
    var hintCache: (content: Bool, boilerplate: Bool, comments: Bool)?

    init(name: String, attributes: [String: String] = [:], rawText: String = "") {
        self.name = name
        self.attributes = attributes
        self.rawText = rawText
        self.isBlock = PageTree.blockElements.contains(name)
        if name == "#text" { measureText() }
    }

    var isText: Bool { name == "#text" }

    /// `class` and `id` as lower-case words ("article-body share_bar" → article, body, share, bar),
    /// plus `itemprop` and `role`, which say the same kind of thing.
    lazy var hintWords: [String] = {
        var words: [String] = []
        var word: [UInt8] = []
        for key in ["class", "id", "itemprop", "role"] {
            guard let value = attributes[key] else { continue }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...:
                    word.append(byte)
                default:
                    if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
                    word.removeAll(keepingCapacity: true)
                }
            }
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        return words
    }()

    /// All descendant text, whitespace folded, with a space at every block boundary (script and style are
    /// already left out of the tree).
    lazy var foldedText: String = {
        if isText { return TextNormalisation.foldWhitespace(rawText) }
        guard textLength > 0 else { return "" }
        var folder = TextFolder()
        appendText(to: &folder)
        return String(decoding: folder.output, as: UTF8.self)
    }()

    /// Share of the text that is link text, 0…1.
    var linkDensity: Double {
        textLength == 0 ? 0 : Double(linkTextLength) / Double(textLength)
    }

    func append(_ child: PageNode) {
        child.parent = self
        children.append(child)
    }

    private static let space: [UInt8] = [0x20]

    private func appendText(to folder: inout TextFolder) {
        for child in children {
            if child.isText {
                var raw = child.rawText
                raw.withUTF8 { folder.append($0) }
            } else if child.name != "script" {
                let boundary = child.isBlock || child.name == "br"
                if boundary { Self.space.withUnsafeBufferPointer { folder.append($0) } }
                child.appendText(to: &folder)
                if boundary { Self.space.withUnsafeBufferPointer { folder.append($0) } }
            }
        }
    }

    /// A text run's folded length and whether it begins or ends with whitespace.
    private func measureText() {
        var raw = rawText
        raw.withUTF8 { bytes in
            var index = 0
            var length = 0
            var pendingSpace = false
            var sawWord = false
            while index < bytes.count {
                let byte = bytes[index]
                let space = (byte <= 0x20 || byte >= 0x80) ? TextNormalisation.whitespaceLength(bytes, index) : 0
                if space > 0 {
                    if !sawWord { startsWithSpace = true }
                    pendingSpace = true
                    index += space
                    continue
                }
                if pendingSpace && sawWord { length += 1 }
                pendingSpace = false
                sawWord = true
                if byte & 0xC0 != 0x80 { length += 1 }
                index += 1
            }
            endsWithSpace = pendingSpace
            if !sawWord { startsWithSpace = pendingSpace }
            textLength = length
        }
    }

    /// Measures an element from its children, once they are all in place.
    fileprivate func finish() {
        var length = 0
        var links = 0
        var pendingSpace = false
        var sawWord = false
        var leading = false
        var loose = 0
        var looseLinks = 0
        for child in children where child.name != "script" {
            let boundary = !child.isText && (child.isBlock || child.name == "br")
            if !child.isText { links += child.linkTextLength }
            if !boundary {
                loose += child.textLength
                looseLinks += child.isText ? 0 : child.linkTextLength
            }
            if child.isBlock { hasBlockChild = true }
            if boundary || child.startsWithSpace {
                if !sawWord { leading = true }
                pendingSpace = true
            }
            if child.textLength > 0 {
                if pendingSpace && sawWord { length += 1 }
                length += child.textLength
                sawWord = true
                pendingSpace = false
            }
            if boundary || child.endsWithSpace { pendingSpace = true }
        }
        textLength = length
        linkTextLength = name == "a" ? length : links
        looseTextLength = loose
        looseLinkLength = name == "a" ? loose : looseLinks
        startsWithSpace = leading || (!sawWord && pendingSpace)
        endsWithSpace = pendingSpace
    }

    /// The first descendant element (self included) satisfying `predicate`, depth first.
    func first(where predicate: (PageNode) -> Bool) -> PageNode? {
        if predicate(self) { return self }
        for child in children where !child.isText {
            if let found = child.first(where: predicate) { return found }
        }
        return nil
    }

    /// Every descendant element (self included) satisfying `predicate`, in document order.
    func all(where predicate: (PageNode) -> Bool) -> [PageNode] {
        var found: [PageNode] = []
        visit { if predicate($0) { found.append($0) } }
        return found
    }

    /// Calls `body` on every element of the subtree, in document order.
    func visit(_ body: (PageNode) -> Void) {
        body(self)
        for child in children where !child.isText { child.visit(body) }
    }
}

/// Builds a ``PageNode`` tree from parsed HTML.
enum PageTree {
    /// Elements whose content is never article text; `<script>` is kept only for JSON-LD.
    static let invisible: Set<String> = [
        "style", "noscript", "template", "svg", "math", "iframe", "select", "input", "textarea",
        "canvas", "object", "embed", "video", "audio", "map", "picture", "source", "img",
        // AMP's own elements for ads, embeds and tracking.
        "amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads", "amp-analytics", "amp-pixel", "amp-img",
        "amp-video", "amp-iframe", "amp-consent", "amp-user-notification",
    ]
    /// Elements that start a new block of text.
    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4",
        "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
        "figure", "figcaption", "form", "address", "hr", "body", "html", "center", "details", "summary",
    ]

    /// The page as UTF-8 HTML, parsed with libxml2 and copied out; nil when libxml2 refuses it.
    static func parse(utf8 bytes: [UInt8]) throws(MarkupError) -> PageNode {
        let document = try HTMLDocument(utf8: bytes)
        let root = PageNode(name: "#document")
        if let html = document.root { copy(html, into: root, depth: 0, maxDepth: document.maxDepth) }
        root.finish()
        return root
    }

    private static func copy(_ node: HTMLNode, into parent: PageNode, depth: Int, maxDepth: Int) {
        guard depth < maxDepth else { return }
        switch node.kind {
        case .text:
            parent.append(PageNode(name: "#text", rawText: node.text))
        case .element:
            let name = node.name
            guard !invisible.contains(name) else { return }
            var attributes: [String: String] = [:]
            for attribute in node.attributes where attributes[attribute.name] == nil {
                attributes[attribute.name] = attribute.value
            }
            let element = PageNode(name: name, attributes: attributes)
            parent.append(element)
            if name == "script" {
                // Only structured data is worth keeping; other scripts never reach the text.
                guard (attributes["type"] ?? "").lowercased().contains("ld+json") else { return }
                element.append(PageNode(name: "#text", rawText: node.text))
                element.finish()
                return
            }
            for child in node.children { copy(child, into: element, depth: depth + 1, maxDepth: maxDepth) }
            element.finish()
        case .other:
            break
        }
    }
}
