/// Reads the chosen body as paragraphs: headings, paragraphs and blockquotes each become one paragraph,
/// a list becomes one paragraph with an item per line, and whatever is boilerplate inside the body
/// (share bars, captions, author boxes, ad slots, "read also" teasers) goes to ``boilerplate`` instead.
struct BodyReader {
    private(set) var paragraphs: [String] = []
    private(set) var boilerplate: [String] = []
    /// Characters of text in the whole body, so a hinted wrapper holding most of it is not dropped.
    let wrapperLength: Int
    private var buffer = ""
    private var bufferLinkCharacters = 0
    private var bufferIsHeading = false
    /// Whether the last paragraph filed was a heading, with nothing after it yet.
    private var lastParagraphIsHeading = false

    /// Whether class/id hints drop an element, or only its name does.
    let dropsByHints: Bool

    init(wrapperLength: Int, dropsByHints: Bool = true) {
        self.wrapperLength = wrapperLength
        self.dropsByHints = dropsByHints
    }

    /// Labels of ad slots and share bars that are often bare text.
    static let slotLabels: Set<String> = [
        "advertisement", "advertising", "ad", "pubblicità", "anzeige", "werbung", "publicité", "publicidad",
        "publicidade", "реклама", "реклама.", "share", "tweet", "condividi", "partager", "teilen",
        "compartir",
    ]
    /// Openings of "read also" teasers, in the languages we read.
    static let teaserOpenings = [
        "read also", "read more", "see also", "related:", "also read", "more:", "leggi anche", "leggi pure",
        "potrebbe interessarti", "lire aussi", "à lire aussi", "a lire aussi", "lesen sie auch", "mehr zum thema",
        "lea también", "lee también", "leia também", "veja também", "читайте также", "читайте також",
        "смотрите также",
    ]

    mutating func read(_ node: PageNode) {
        if node.isText {
            buffer += node.rawText
            return
        }
        let name = node.name
        switch name {
        case "script":
            return
        case "br":
            buffer += " "
            return
        default:
            break
        }
        if isBoilerplate(node) {
            flush()
            let text = node.foldedText
            if !text.isEmpty { boilerplate.append(text) }
            return
        }
        switch name {
        case "ul", "ol", "dl":
            flush()
            let items = node.children.filter { !$0.isText }.map(\.foldedText).filter { !$0.isEmpty }
            guard !items.isEmpty else { return }
            if node.linkDensity > 0.5 {
                // A heading that only introduced the links ("Related coverage") goes with them.
                if lastParagraphIsHeading, let heading = paragraphs.popLast() { boilerplate.append(heading) }
                boilerplate.append(items.joined(separator: "\n"))
            } else {
                paragraphs.append(items.joined(separator: "\n"))
            }
        case "h1", "h2", "h3", "h4", "h5", "h6":
            flush()
            bufferIsHeading = true
            for child in node.children { read(child) }
            flush()
        case "a":
            let before = buffer.count
            for child in node.children { read(child) }
            bufferLinkCharacters += buffer.count - before
        default:
            let block = PageTree.blockElements.contains(name)
            if block { flush() }
            for child in node.children { read(child) }
            if block { flush() }
        }
    }

    /// Ends the paragraph being gathered and files it as text or boilerplate.
    mutating func flush() {
        defer {
            buffer = ""
            bufferLinkCharacters = 0
            bufferIsHeading = false
        }
        let text = TextNormalisation.foldWhitespace(buffer)
        guard !text.isEmpty else { return }
        lastParagraphIsHeading = bufferIsHeading
        if bufferIsHeading {
            paragraphs.append(text)
            return
        }
        let linkShare = Double(bufferLinkCharacters) / Double(max(buffer.count, 1))
        let lower = text.lowercased()
        if Self.slotLabels.contains(lower) || Self.teaserOpenings.contains(where: { lower.hasPrefix($0) })
            || (linkShare > 0.8 && text.split(separator: " ").count <= 25)
            || (linkShare > 0.5 && ArticleLines.isTeaser(text))
        {
            boilerplate.append(text)
        } else {
            paragraphs.append(text)
        }
    }

    private func isBoilerplate(_ node: PageNode) -> Bool {
        let isWrapper = node.textLength * 10 >= wrapperLength * 6
        if ArticleBodyFinder.boilerplateElements.contains(node.name) { return !isWrapper || node.name == "figure" }
        // A hinted element holding most of the body is the body's own wrapper ("article-content has-ads"),
        // unless it is the comments, which can outweigh a short story.
        guard dropsByHints else { return false }
        let hints = ArticleBodyFinder.hints(node)
        return hints.comments || (hints.boilerplate && !isWrapper)
    }
}
