import Foundation

/// The short lines of a page (elements of at most 160 characters with no block inside, and short runs of
/// text set loose between blocks), in document order, with where each starts and ends in the page's text;
/// navigation, the page's footer, comment sections and hidden elements left out.
struct PageLines {
    struct Line {
        let node: PageNode
        let start: Int
        let end: Int
        var text: String { node.foldedText }
        /// Whether the line has a digit, without which it holds no date we read.
        var mayHoldDate: Bool { text.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }

        /// The dates printed in the line, and the text they were read from. Markup runs elements together
        /// with no space between ("By Ann Lee" `<span>` "Mar 5, 2025" reads "By Ann LeeMar 5, 2025"), so the
        /// line is also read with a space where elements meet, and whichever reading finds more dates wins;
        /// the text as folded wins a tie, since splitting at elements breaks "12`<sup>`th`</sup>`".
        func printedDates(dates: DateParser, dayFirst: Bool?) -> (found: [PrintedDate], text: String) {
            let folded = text
            let found = PrintedDate.all(in: folded, dates: dates, dayFirst: dayFirst)
            guard node.children.count > 1 || node.children.first?.isText == false else { return (found, folded) }
            // Only a year left unread can be a date markup ran into its neighbours.
            let years = folded.split(separator: " ").flatMap(PrintedDate.splitYear).count(where: PrintedDate.hasYear)
            guard found.count < years else { return (found, folded) }
            let spaced = Self.spacedText(node)
            guard spaced != folded else { return (found, folded) }
            let other = PrintedDate.all(in: spaced, dates: dates, dayFirst: dayFirst)
            return other.count > found.count ? (other, spaced) : (found, folded)
        }

        /// The text of an element with a space wherever an element begins or ends, whitespace folded.
        static func spacedText(_ node: PageNode) -> String {
            var raw = ""
            func append(_ node: PageNode) {
                for child in node.children {
                    if child.isText {
                        raw += child.rawText
                    } else if child.name != "script" {
                        raw += " "
                        append(child)
                        raw += " "
                    }
                }
            }
            append(node)
            return TextNormalisation.foldWhitespace(raw)
        }
    }

    private(set) var lines: [Line] = []
    /// Where the article's body begins, when it was met.
    private(set) var bodyStart: Int?
    private var offset = 0
    private let body: PageNode?

    static let longestLine = 160
    static let skipped: Set<String> = ["nav", "footer", "script", "select", "button", "form", "dialog"]

    init(root: PageNode, body: PageNode?) {
        self.body = body
        self.pageLength = root.textLength
        walk(root)
    }

    private let pageLength: Int

    /// How many `<article>` elements the walk is inside.
    private var articleDepth = 0

    private mutating func walk(_ node: PageNode, amongBlocks: Bool = false) {
        if node === body { bodyStart = offset }
        // As in ``ArticleBodyFinder``, an element holding half the page is libxml2 leaving it open, not boilerplate.
        // A `<footer>` inside an `<article>` is that article's own (HTML says a footer belongs to its nearest
        // sectioning ancestor): it holds the byline and the date ("By Ann Lee · March 30, 2023"), not the site's links.
        let skipped =
            ((Self.skipped.contains(node.name) && !(node.name == "footer" && articleDepth > 0))
                || ArticleBodyFinder.hints(node).comments || Self.isHidden(node))
            && node.textLength * 2 < pageLength
        if node.isText || skipped {
            // Text set loose between blocks ("<legend>Title</legend> 20 December 2025 <div>…") is a line of
            // its own, as a reader sees it.
            if node.isText, amongBlocks, node.textLength > 0, node.textLength <= Self.longestLine {
                lines.append(Line(node: node, start: offset, end: offset + node.textLength))
            }
            offset += node.textLength + 1
            return
        }
        // A short element hiding part of itself is read part by part, so the hidden part stays out.
        let hidesPart = !node.hasBlockChild && node.textLength <= Self.longestLine && Self.hidesPart(of: node)
        if !node.hasBlockChild, node.textLength <= Self.longestLine, !hidesPart {
            if node.textLength > 0 { lines.append(Line(node: node, start: offset, end: offset + node.textLength)) }
            offset += node.textLength + 1
            return
        }
        // A block, or a long run of inline markup (libxml2 can leave a `<span>` open around a whole page).
        if node.name == "article" { articleDepth += 1 }
        for child in node.children { walk(child, amongBlocks: node.hasBlockChild || hidesPart) }
        if node.name == "article" { articleDepth -= 1 }
    }

    /// Whether an element inside a short one is hidden.
    private static func hidesPart(of node: PageNode) -> Bool {
        node.children.contains { !$0.isText && (isHidden($0) || hidesPart(of: $0)) }
    }

    /// Whether an element is hidden from readers by an inline `display: none` or `visibility: hidden`: a date
    /// in it is not one the page prints, often a stale template field. The `hidden` attribute is not enough:
    /// frameworks hide what their scripts then show (React streams a page's parts in `<div hidden id="S:0">`
    /// and moves them into place).
    static func isHidden(_ node: PageNode) -> Bool {
        guard let style = node.attributes["style"], style.utf8.count < 200 else { return false }
        // Most elements with a style hide nothing: look for the words before building anything.
        guard contains(style, "none") || contains(style, "hidden") else { return false }
        let compact = style.lowercased().filter { $0 != " " }
        return compact.contains("display:none") || compact.contains("visibility:hidden")
    }

    /// Whether ASCII `word` (lower case) is in `text`, ignoring ASCII case, without allocating.
    private static func contains(_ text: String, _ word: StaticString) -> Bool {
        let bytes = text.utf8
        let pattern = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.count >= pattern.count else { return false }
        var start = bytes.startIndex
        while let end = bytes.index(start, offsetBy: pattern.count, limitedBy: bytes.endIndex) {
            if zip(bytes[start..<end], pattern).allSatisfy({ $0 | 0x20 == $1 }) { return true }
            start = bytes.index(after: start)
        }
        return false
    }

    /// The page's headline as a line: the `<h1>` that reads as the title, else the first `<h1>`.
    func headline(matching title: String?) -> Line? {
        let headings = lines.filter { $0.node.name == "h1" }
        if let title = title?.lowercased(), !title.isEmpty {
            if let same = headings.first(where: {
                let text = $0.text.lowercased()
                return text == title || text.contains(title) || title.contains(text)
            }) {
                return same
            }
        }
        return headings.first
    }

    /// The first line anywhere that is a date line ("Martedì 5 Aprile 2022, 16:48 - Ultimo aggiornamento: 18:50",
    /// "Published on: …", "Dec. 19, 2025 · Ann Lee").
    func firstDateLine(_ dates: DateParser) -> (published: FeedDate, updated: FeedDate?)? {
        for line in lines where line.mayHoldDate {
            if let found = Self.datedLines(line.text).lazy.compactMap({ ArticleLines.dateLine($0, dates) }).first {
                return (found.0, found.1)
            }
        }
        return nil
    }

    /// The first date anywhere that its line says is the publication date ("Published on March 2, 2025"), or
    /// that stands before an update in the same line ("December 3, 2025. Updated: December 7, 2025").
    func firstLabelledDate(dates: DateParser, dayFirst: Bool?) -> FeedDate? {
        for line in lines where line.mayHoldDate {
            let found = line.printedDates(dates: dates, dayFirst: dayFirst).found
            if let published = found.first(where: { $0.label == .published }) { return published.date }
            if found.count >= 2, found[0].label == .none, found[1].label == .updated { return found[0].date }
        }
        return nil
    }

    /// The first of the month a labelled line names when it gives no day ("Last updated: June 2022",
    /// "Published March 2022"): the date a page with nothing more precise is known by, read as the first of
    /// the month, as a citation of it would be.
    func firstLabelledMonth(dates: DateParser) -> FeedDate? {
        for line in lines where line.mayHoldDate && line.node.textLength <= 40 {
            let text = line.text
            let lower = text.lowercased()
            guard let label = Self.dateLabels.first(where: { lower.hasPrefix($0 + ":") || lower.hasPrefix($0 + " ") }),
                label != "on", label != "date"
            else { continue }
            let rest = text.dropFirst(label.count).drop { $0 == ":" || $0 == " " }.split(separator: " ")
            guard rest.count == 2, rest[1].count == 4, rest[1].allSatisfy(\.isWholeNumber),
                rest[0].first?.isLetter == true
            else { continue }
            if let date = dates.parse("1 \(rest[0]) \(rest[1])") { return date }
        }
        return nil
    }

    /// The first reading time anywhere: a line of its own ("2 Minuti di Lettura"), or one inside a byline
    /// ("Ann Lee · 12 March 2024 · 3 min read").
    func readingTime() -> Int? {
        for line in lines where line.node.textLength <= 120 && line.mayHoldDate {
            if line.node.textLength <= 60, let minutes = ArticleLines.readingTime(line.text) { return minutes }
            if let minutes = Self.statedReadingTime(in: line.text) { return minutes }
        }
        return nil
    }

    /// Words that say "reading" after "N min", in the languages we read.
    static let readingWords: Set<String> = [
        "read", "reading", "lettura", "lecture", "lectura", "leitura", "lesezeit", "lesen", "чтения", "читання",
    ]

    /// "3 min read", "3 minuti di lettura" inside a longer line: a number, a minutes word, and a reading word
    /// within the next two words.
    static func statedReadingTime(in text: String) -> Int? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "·" || $0 == "|" || $0 == "•" })
            .map { $0.trimmingCharacters(in: .punctuationCharacters) }
        for index in words.indices.dropLast() {
            guard let minutes = Int(words[index]), minutes > 0, minutes < 240,
                ArticleLines.readingWords.contains(words[index + 1])
            else { continue }
            let after = words[(index + 2)..<min(words.count, index + 4)]
            if after.contains(where: readingWords.contains) { return minutes }
        }
        return nil
    }

    /// Labels that open a visible publication date, lower case, in the languages we read.
    static let dateLabels = [
        "published on", "published", "posted on", "posted", "last updated on", "last updated", "updated on", "updated",
        "date", "on", "pubblicato il", "pubblicato", "publié le", "publié", "veröffentlicht am", "veröffentlicht",
        "publicado el", "publicado em", "publicado", "опубликовано", "опубліковано",
    ]

    /// The line as it is, then without a date label ("Published on: …"), then its first part before a
    /// byline separator ("Dec. 19, 2025 · Ann Lee").
    static func datedLines(_ text: String) -> [String] {
        var lines = [text]
        let lower = text.lowercased()
        if let label = dateLabels.first(where: { lower.hasPrefix($0 + ":") || lower.hasPrefix($0 + " ") }) {
            let rest = text.dropFirst(label.count).drop { $0 == ":" || $0 == " " }
            if !rest.isEmpty { lines.append(String(rest)) }
        }
        for separator in [" · ", " | ", " • ", " — "] {
            for line in lines where line.contains(separator) {
                if let first = line.components(separatedBy: separator).first, !first.isEmpty { lines.append(first) }
            }
        }
        return lines
    }
}
