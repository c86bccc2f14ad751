/// Finds the article body in a page and reads it as paragraphs.
///
/// Scoring, after Readability: every paragraph-like block (`<p>`, `<pre>`, `<td>`, a `<div>` holding only
/// inline content) of 25 characters or more scores 1, plus one per comma, plus one per 100 characters (at most
/// 3), and gives that score to its parent, half to its grandparent and a sixth to the level above. A
/// candidate starts from its element (`<article>` +10, `<div>` +5, lists and headings negative) and its
/// class/id hints (±25), and its total is scaled by the share of its text that is not link text. Subtrees
/// that are navigation, footers, asides, or hinted as boilerplate (and not also as content) never score.
/// The best candidate is the body, with those of its siblings that score at least a fifth as well or are
/// plain paragraphs of prose.
struct ArticleBodyFinder {
    static let contentWords: Set<String> = [
        "article", "articlebody", "content", "story", "body", "entry", "post", "main", "text", "blog", "prose",
        "news", "column", "page", "articolo", "testo", "corpo", "artikel", "inhalt", "contenu", "texte", "contenido",
        "cuerpo", "noticia", "conteudo", "materia",
    ]
    /// Hints that mark boilerplate even on an element that also has a content hint ("article-share").
    static let strongBoilerplateWords: Set<String> = [
        "comment", "comments", "share", "sharing", "social", "related", "cookie", "cookies", "consent", "gdpr",
        "subscribe", "subscription", "newsletter", "promo", "sponsor", "sponsored", "ad", "ads", "advert",
        "advertisement", "adslot", "caption", "credit", "credits", "byline", "author", "bio", "breadcrumb",
        "breadcrumbs", "outbrain", "taboola", "recommended", "recirculation", "teaser", "teasers", "paywall",
        "disqus", "dfp",
    ]
    /// Hints that mark boilerplate only on an element with no content hint ("elementor-widget" is often
    /// the article's own container).
    static let weakBoilerplateWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "footer", "signup", "banner", "sidebar", "tags", "popup",
        "modal", "also", "masthead", "toolbar", "rating", "pagination", "hidden", "more", "readmore", "meta",
        "date", "timestamp", "copyright", "disclaimer", "login", "print", "follow",
    ]
    /// Elements that are never article text, wherever they are.
    /// (`<button>` is kept in the tree rather than dropped unread: libxml2 2.9 can leave one open around the
    /// rest of the page.)
    static let boilerplateElements: Set<String> = [
        "nav", "footer", "aside", "figure", "figcaption", "header", "dialog", "menu", "form", "button",
        "amp-sidebar", "amp-social-share",
    ]

    /// The body's paragraphs and what was dropped from inside it, or nil when no block scores.
    static func find(in root: PageNode) -> (paragraphs: [String], boilerplate: [String], start: PageNode?)? {
        guard let body = bestCandidate(in: root) else { return nil }
        let length = body.reduce(0) { $0 + $1.textLength }
        // When the hints drop everything (a page builder's every block called "widget"), read again trusting
        // only the elements.
        for byHints in [true, false] {
            var reader = BodyReader(wrapperLength: length, dropsByHints: byHints)
            for node in body {
                reader.read(node)
                reader.flush()
            }
            if !reader.paragraphs.isEmpty { return (reader.paragraphs, reader.boilerplate, body.first) }
        }
        return nil
    }

    /// Whether the class/id hints say content, whether they say boilerplate (a strong boilerplate word, or a
    /// weak one with no content word beside it), and whether they name a comment section (and no content).
    static func hints(_ node: PageNode) -> (content: Bool, boilerplate: Bool, comments: Bool) {
        if let known = node.hintCache { return known }
        guard !node.attributes.isEmpty else { return (false, false, false) }
        var content = false
        var strong = false
        var weak = false
        var comments = false
        for word in node.hintWords {
            if contentWords.contains(word) { content = true }
            if strongBoilerplateWords.contains(word) { strong = true }
            if weakBoilerplateWords.contains(word) { weak = true }
            if commentWords.contains(word) { comments = true }
        }
        let hints = (content, strong || (weak && !content), comments && !content)
        node.hintCache = hints
        return hints
    }

    /// Hints of a comment section, which is boilerplate however much of the page it holds.
    static let commentWords: Set<String> = ["comment", "comments", "commentlist", "disqus", "respond"]

    /// Whether a subtree is navigation or boilerplate and not worth scoring. A subtree holding half the
    /// page's text never is: libxml2 2.9 does not know HTML5's `<header>` or `<nav>`, and after a stray end
    /// tag it can leave one open around the whole rest of the page.
    static func isUnlikely(_ node: PageNode, byHints: Bool, pageLength: Int) -> Bool {
        if ["html", "body", "article", "main", "#document"].contains(node.name) { return false }
        if byHints && hints(node).comments { return true }
        if node.textLength * 2 >= pageLength { return false }
        if boilerplateElements.contains(node.name) { return true }
        guard byHints else { return false }
        let (content, boilerplate, _) = hints(node)
        return boilerplate && !content
    }

    /// The top candidate, followed by the siblings that belong with it, in document order.
    static func bestCandidate(in root: PageNode) -> [PageNode]? {
        // As Readability does: when skipping hinted subtrees leaves nothing, score again without skipping.
        var candidates: [PageNode] = []
        let pageLength = root.textLength
        score(root, byHints: true, pageLength: pageLength, into: &candidates)
        if candidates.isEmpty { score(root, byHints: false, pageLength: pageLength, into: &candidates) }
        var top: PageNode?
        for candidate in candidates {
            candidate.score *= 1 - candidate.linkDensity
            if candidate.score > (top?.score ?? 0) { top = candidate }
        }
        guard var top else { return nil }
        // A body split into sections (page builders, "key takeaways" boxes) leaves the best candidate holding
        // one part: climb while the parent holds at least 30% more prose and is not mostly links.
        // Wrappers holding no more prose than the part (a page builder nests each section six deep) are passed
        // through on the way up, not stopped at.
        var topProse = prose(top, pageLength: pageLength)
        var ancestor = top.parent
        while let current = ancestor, !["body", "html", "#document"].contains(current.name),
            current.linkDensity < 0.35
        {
            let currentProse = prose(current, pageLength: pageLength)
            if currentProse * 10 >= topProse * 13 {
                current.score = max(current.score, top.score)
                top = current
                topProse = currentProse
            }
            ancestor = current.parent
        }
        guard let parent = top.parent else { return [top] }
        let threshold = max(10, top.score * 0.2)
        return parent.children.filter { sibling in
            if sibling === top { return true }
            guard !sibling.isText, !isUnlikely(sibling, byHints: true, pageLength: pageLength) else { return false }
            if sibling.isCandidate, sibling.score >= threshold { return true }
            guard sibling.name == "p" else { return false }
            let length = sibling.textLength
            return (length > 80 && sibling.linkDensity < 0.25)
                || (length > 0 && sibling.linkDensity == 0 && sibling.foldedText.hasSuffix("."))
        }
    }

    private static func score(_ node: PageNode, byHints: Bool, pageLength: Int, into candidates: inout [PageNode]) {
        guard !isUnlikely(node, byHints: byHints, pageLength: pageLength) else { return }
        // A paragraph gives its points to its parent and the two levels above; text set loose between the
        // blocks of an element (a page with `<br>`s and no `<p>`) is a paragraph whose parent is that element.
        let paragraph = isParagraphLike(node)
        let looseText = !paragraph && hasLooseProse(node)
        if (paragraph && node.textLength >= 25) || looseText {
            do {
                let length = paragraph ? node.textLength : node.looseTextLength
                let points = 1 + Double(commas(in: node, looseOnly: looseText)) + Double(min(length / 100, 3))
                var ancestor = looseText ? node : node.parent
                for level in 0..<3 {
                    guard let current = ancestor, current.name != "#document" else { break }
                    if !current.isCandidate {
                        current.isCandidate = true
                        current.score = initialScore(current)
                        candidates.append(current)
                    }
                    current.score += points / (level == 0 ? 1 : level == 1 ? 2 : 6)
                    ancestor = current.parent
                }
            }
        }
        for child in node.children where !child.isText {
            score(child, byHints: byHints, pageLength: pageLength, into: &candidates)
        }
    }

    /// Characters in the paragraph-like blocks of a subtree that are prose (25 characters or more, under half
    /// link text), skipping unlikely subtrees.
    static func prose(_ node: PageNode, pageLength: Int) -> Int {
        if let known = node.proseLength { return known }
        var total = 0
        if !isUnlikely(node, byHints: true, pageLength: pageLength) {
            if isParagraphLike(node) {
                let length = node.textLength
                if length >= 25, node.linkDensity < 0.5 { total = length }
            } else {
                if hasLooseProse(node) { total = node.looseTextLength }
                for child in node.children where !child.isText { total += prose(child, pageLength: pageLength) }
            }
        }
        node.proseLength = total
        return total
    }

    /// Whether an element with blocks inside also holds prose directly: 25 characters or more outside its
    /// blocks, under half of it link text.
    static func hasLooseProse(_ node: PageNode) -> Bool {
        node.hasBlockChild && node.looseTextLength >= 25 && node.looseLinkLength * 2 < node.looseTextLength
    }

    /// Commas (ASCII and full-width) in a block's text, or only in its loose text.
    static func commas(in node: PageNode, looseOnly: Bool) -> Int {
        var count = 0
        func add(_ text: String) {
            for byte in text.utf8 where byte == UInt8(ascii: ",") { count += 1 }
            if text.utf8.contains(0xEF) { count += text.unicodeScalars.count(where: { $0 == "，" }) }
        }
        if !looseOnly {
            add(node.foldedText)
        } else {
            for child in node.children where child.isText || !(child.isBlock || child.name == "br") {
                add(child.isText ? child.rawText : child.foldedText)
            }
        }
        return count
    }

    static func isParagraphLike(_ node: PageNode) -> Bool {
        switch node.name {
        case "p", "pre", "td": return true
        case "div", "section": return !node.hasBlockChild
        default: return false
        }
    }

    private static func initialScore(_ node: PageNode) -> Double {
        var score: Double
        switch node.name {
        case "article": score = 10
        case "div", "main": score = 5
        case "pre", "td", "blockquote", "section": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score = -5
        default: score = 0
        }
        let (content, boilerplate, _) = hints(node)
        if content { score += 25 }
        if boilerplate { score -= 25 }
        return score
    }
}
