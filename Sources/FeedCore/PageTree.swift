internal import Markup

/// A page's element tree copied out of libxml2 once, so extraction can score, annotate and walk it freely
/// without touching C. Text runs keep their raw text; elements keep lower-case names and attributes.
final class PageNode {
    /// Lower-case element name, or "#text" for a text run.
    let name: String
    let attributes: [String: String]
    /// Raw text for a text run; empty for an element.
    let rawText: String
    private(set) var children: [PageNode] = []
    private(set) weak var parent: PageNode?
    /// The content score while the body is being looked for.
    var score: Double = 0
    var isCandidate = false
    /// Characters of prose inside, once ``ArticleBodyFinder`` has counted them.
    var proseLength: Int?

    init(name: String, attributes: [String: String] = [:], rawText: String = "") {
        self.name = name
        self.attributes = attributes
        self.rawText = rawText
    }

    var isText: Bool { name == "#text" }

    /// `class` and `id` as lower-case words ("article-body share_bar" → article, body, share, bar),
    /// plus `itemprop` and `role`, which say the same kind of thing.
    lazy var hintWords: [Substring] = {
        let joined = [attributes["class"], attributes["id"], attributes["itemprop"], attributes["role"]]
            .compactMap { $0 }.joined(separator: " ").lowercased()
        return joined.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
    }()

    /// All descendant text, whitespace folded (script and style already left out of the tree).
    lazy var foldedText: String = TextNormalisation.foldWhitespace(collectText())

    /// Characters of text inside `<a>` elements.
    lazy var linkTextLength: Int = {
        if name == "a" { return foldedText.count }
        return children.reduce(0) { $0 + ($1.isText ? 0 : $1.linkTextLength) }
    }()

    /// Share of the text that is link text, 0…1.
    var linkDensity: Double {
        let length = foldedText.count
        return length == 0 ? 0 : Double(linkTextLength) / Double(length)
    }

    func append(_ child: PageNode) {
        child.parent = self
        children.append(child)
    }

    private func collectText() -> String {
        if isText { return rawText }
        var out = ""
        for child in children where child.name != "script" {
            out += child.isText ? child.rawText : child.collectText()
            // Block boundaries are word boundaries even when the markup has no space between them.
            if !child.isText, PageTree.blockElements.contains(child.name) || child.name == "br" { out += " " }
        }
        return out
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
        "style", "noscript", "template", "svg", "math", "iframe", "button", "select", "input", "textarea",
        "canvas", "object", "embed", "video", "audio", "map", "picture", "source", "img",
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
                return
            }
            for child in node.children { copy(child, into: element, depth: depth + 1, maxDepth: maxDepth) }
        case .other:
            break
        }
    }
}
