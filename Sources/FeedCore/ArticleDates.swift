public import Foundation

/// Decides when an article was published and updated, from everything the page says, in this order:
///
/// 1. A full date in the URL (`/2025/12/16/`, `/2025-12-17-…`) names the day: it is when the story was filed,
///    and unlike the page's dates it is never restamped. A stated or printed date on that day lends it its
///    time and zone.
/// 2. The date printed by the headline: the nearest dated line after the page's `<h1>` (or just before it;
///    failing a headline, just before the body), one labelled "Published" before an unlabelled one. When the
///    metadata (``PageMetadata``) names the same day, its instant is kept; when only its modification date
///    does, that is the date the page presents the story under. A printed date no metadata confirms still
///    wins: pages restamp their metadata when a template changes, but print the date the story carries. A
///    printed date labelled as an update does not outrank a stated publication date.
/// 3. The metadata's published date, the first `<time datetime>`, the first date anywhere labelled as the
///    publication date, the metadata's modification date, and last the first date line anywhere.
struct ArticleDates {
    var published: FeedDate?
    var updated: FeedDate?

    /// How far from the headline (in characters of page text) a printed date still belongs to it.
    static let windowAfterHeadline = 1_000
    static let windowBeforeHeadline = 300

    init(
        metadata: PageMetadata, lines: PageLines, urls: [String], dates: DateParser
    ) {
        let dayFirst = Self.readsDayFirst(locale: metadata.locale)
        // Metadata is meant for machines, but some of it is written for people ("Published Oct 20, 2025").
        func stated(_ text: String?) -> FeedDate? {
            guard let text else { return nil }
            if let date = dates.parse(text) { return date }
            guard text.count <= 100 else { return nil }
            return PrintedDate.all(in: text, dates: dates, dayFirst: dayFirst).first?.date
        }
        let statedPublished = stated(metadata.published)
        let statedUpdated = stated(metadata.updated)
        updated = statedUpdated

        // A full date in the URL is when the story was filed, and outranks what the page says: a page's
        // dates are restamped by updates and templates, its address is not. A stated or printed date on
        // the same day lends it its time.
        let filed = urls.lazy.compactMap { Self.dateInURL($0, dates) }.first
        if let filed {
            let day = Self.day(filed, dates)
            let printed = Self.printedDate(lines: lines, title: metadata.title, dates: dates, dayFirst: dayFirst)
            published = [statedPublished, statedUpdated, printed?.date].lazy.compactMap { $0 }
                .first { Self.day($0, dates) == day } ?? filed
            return
        }
        // With no stated date to go on, a printed one is looked for further from the headline.
        let reach = statedPublished == nil ? Self.windowAfterHeadline * 5 / 2 : Self.windowAfterHeadline
        let printed = Self.printedDate(
            lines: lines, title: metadata.title, dates: dates, dayFirst: dayFirst, reach: reach)
        if let printed, printed.label != .updated || statedPublished == nil {
            let day = Self.day(printed.date, dates)
            // A line with both dates ("May 21, 2025 April 24, 2025", modified then published) confirms the
            // stated published date by either.
            let lineDays = printed.line.map {
                PrintedDate.all(in: $0, dates: dates, dayFirst: dayFirst).map { Self.day($0.date, dates) }
            } ?? [day]
            if let statedPublished, lineDays.contains(Self.day(statedPublished, dates)) {
                published = statedPublished
            } else if let statedUpdated, Self.day(statedUpdated, dates) == day {
                published = statedUpdated
            } else {
                published = printed.date
                if printed.label == .updated, updated == nil { updated = printed.date }
            }
            // "Martedì 5 Aprile 2022, 16:48 - Ultimo aggiornamento: 18:50" says when it was updated too.
            if updated == nil, let line = printed.line {
                updated = PageLines.datedLines(line).lazy.compactMap { ArticleLines.dateLine($0, dates)?.1 }.first
            }
            return
        }
        // A page that states only when it was modified was published no later: that is the best date it has.
        published = statedPublished ?? stated(metadata.firstTime)
            ?? lines.firstLabelledDate(dates: dates, dayFirst: dayFirst) ?? statedUpdated
        if published == nil, let line = lines.firstDateLine(dates) {
            published = line.published
            updated = updated ?? line.updated
        }
    }

    /// The calendar day a date names where it was written: its stated offset, else the assumed zone.
    static func day(_ date: FeedDate, _ dates: DateParser) -> Int {
        let offset = date.statedOffset ?? dates.assumedTimeZone.secondsFromGMT(for: date.instant)
        let seconds = Int(date.instant.timeIntervalSince1970.rounded(.down)) + offset
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// Whether an all-numeric date with both parts under 13 ("05/04/2022") puts the day first: everywhere but
    /// in US English (and English with no region, which the web mostly writes in the US style).
    static func readsDayFirst(locale: String?) -> Bool? {
        guard let locale = locale?.lowercased().replacingOccurrences(of: "_", with: "-"), !locale.isEmpty else {
            return nil
        }
        return !(locale == "en" || locale == "en-us")
    }

    // MARK: printed dates

    /// The date printed by the headline: the nearest dated line after it, else before it, preferring one
    /// labelled as the publication date over an unlabelled one, and either over one labelled as an update.
    static func printedDate(
        lines: PageLines, title: String?, dates: DateParser, dayFirst: Bool?, reach: Int = windowAfterHeadline
    ) -> PrintedDate? {
        let window: [PageLines.Line]
        if let heading = lines.headline(matching: title) {
            // Nearest first; a line before the headline counts as twice as far (kickers are rarer than bylines).
            var near: [(distance: Int, line: PageLines.Line)] = []
            for line in lines.lines {
                if line.start >= heading.end, line.start <= heading.end + reach {
                    near.append((line.start - heading.end, line))
                } else if line.end <= heading.start, line.end >= heading.start - windowBeforeHeadline {
                    near.append((2 * (heading.start - line.end), line))
                }
            }
            window = near.sorted { $0.distance < $1.distance }.map(\.line)
        } else if let bodyStart = lines.bodyStart {
            window = lines.lines.filter {
                $0.end <= bodyStart && $0.end >= bodyStart - reach
            }.reversed()
        } else {
            return nil
        }
        var unlabelled: PrintedDate?
        var updated: PrintedDate?
        for line in window where line.mayHoldDate {
            for var found in PrintedDate.all(in: line.text, dates: dates, dayFirst: dayFirst) {
                found.line = line.text
                switch found.label {
                case .published: return found
                case .none: if unlabelled == nil { unlabelled = found }
                case .updated: if updated == nil { updated = found }
                }
            }
        }
        return unlabelled ?? updated
    }

    /// Month names as URLs spell them (`/2023/october/03/`).
    static let urlMonths = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// A date in a URL's path: three components `/2025/12/16/` (or `/2023/october/03/`), or one starting
    /// `2025-12-17`.
    static func dateInURL(_ url: String, _ dates: DateParser) -> FeedDate? {
        let path = url.split(separator: "?", maxSplits: 1).first ?? ""
        let parts = path.split(separator: "/").map(String.init)
        func number(_ text: String, digits: ClosedRange<Int>) -> Int? {
            guard digits.contains(text.count), text.allSatisfy(\.isASCII), let value = Int(text) else { return nil }
            return value
        }
        for (index, part) in parts.enumerated() {
            if let year = number(part, digits: 4...4), (1990...2100).contains(year), index + 2 < parts.count,
                let month = number(parts[index + 1], digits: 1...2)
                    ?? urlMonths.firstIndex(of: parts[index + 1].lowercased()).map({ $0 + 1 }),
                (1...12).contains(month),
                let day = number(parts[index + 2], digits: 1...2), (1...31).contains(day)
            {
                return dates.parse(String(format: "%04d-%02d-%02d", year, month, day))
            }
            let head = part.prefix(10)
            if head.count == 10, head.dropFirst(4).first == "-", head.dropFirst(7).first == "-",
                let year = number(String(head.prefix(4)), digits: 4...4), (1990...2100).contains(year),
                let date = dates.parse(String(head))
            {
                return date
            }
        }
        return nil
    }
}

/// A date printed in a line of the page, and whether the words before it say it is the publication date
/// ("Published", "Posted on", "Pubblicato il") or an update ("Last updated", "Aggiornato").
struct PrintedDate {
    enum Label { case published, updated, none }
    var date: FeedDate
    var label: Label
    /// The line it was printed in, once chosen.
    var line: String?

    static let updatedWords = [
        "updat", "modif", "revised", "edited", "refreshed", "reviewed", "aggiornat", "actualiz", "atualiz",
        "mis à jour", "mise à jour", "aktualisiert", "обновл", "оновл",
    ]
    static let publishedWords = [
        "publi", "posted", "written", "created", "pubblicat", "veröffentlicht", "опубликован", "опубліковано",
    ]

    /// Every date in a short line, left to right: for each token holding a year (or an all-numeric date),
    /// the longest run of the tokens around it that reads as a date.
    static func all(in text: String, dates: DateParser, dayFirst: Bool?) -> [PrintedDate] {
        var tokens = text.split(separator: " ").flatMap(splitYear)
        var anchors: [Int] = []
        for index in tokens.indices {
            if let iso = numericDate(tokens[index], dayFirst: dayFirst) {
                tokens[index] = iso
                anchors.append(index)
            } else if hasYear(tokens[index]) {
                anchors.append(index)
            }
        }
        var found: [PrintedDate] = []
        var consumed = 0
        var dateTokens = 0
        for anchor in anchors where anchor >= consumed {
            guard let (range, date) = longestDate(around: anchor, in: tokens, from: consumed, dates: dates) else {
                continue
            }
            let before = tokens[consumed..<range.lowerBound].joined(separator: " ").lowercased()
            let label: Label =
                updatedWords.contains(where: before.contains) ? .updated
                : publishedWords.contains(where: before.contains) ? .published : .none
            found.append(PrintedDate(date: date, label: label))
            consumed = range.upperBound
            dateTokens += range.count
        }
        // A sentence that mentions a date ("The season ends on April 15, 2025, for most people") is no date line.
        return tokens.count - dateTokens <= maximumOtherWords ? found : []
    }

    /// Words besides its dates that a date line may have ("By Ann Lee · Updated on", "5 min read").
    static let maximumOtherWords = 12

    private static func longestDate(
        around anchor: Int, in tokens: [String], from first: Int, dates: DateParser
    ) -> (Range<Int>, FeedDate)? {
        let lowest = max(first, anchor - 4)
        let highest = min(tokens.count, anchor + 5)
        for length in stride(from: highest - lowest, through: 1, by: -1) {
            for start in lowest...(anchor) where start + length <= highest && start + length > anchor {
                let candidate = tokens[start..<(start + length)].joined(separator: " ")
                    .trimmingCharacters(in: CharacterSet(charactersIn: ",;:|·•()[]"))
                if let date = dates.parse(candidate) { return (start..<(start + length), date) }
            }
        }
        return nil
    }

    /// A year run into the next word by markup with no space between ("2025Julian", "2019January") as two
    /// tokens.
    static func splitYear(_ token: Substring) -> [String] {
        let bytes = Array(token.utf8)
        guard bytes.count > 4, bytes.prefix(4).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), isYear(bytes, at: 0),
            (bytes[4] | 0x20) >= 0x61, (bytes[4] | 0x20) <= 0x7A
        else { return [String(token)] }
        return [String(decoding: bytes.prefix(4), as: UTF8.self), String(decoding: bytes.dropFirst(4), as: UTF8.self)]
    }

    /// Whether a token holds a plausible year: four digits from 1900 to 2099 not run into other digits.
    static func hasYear(_ token: String) -> Bool {
        var run = 0
        var runStart = 0
        let bytes = Array(token.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if run == 0 { runStart = index }
                run += 1
            } else {
                if run == 4, isYear(bytes, at: runStart) { return true }
                run = 0
            }
        }
        return run == 4 && isYear(bytes, at: runStart)
    }

    private static func isYear(_ bytes: [UInt8], at start: Int) -> Bool {
        (bytes[start] == UInt8(ascii: "1") && bytes[start + 1] == UInt8(ascii: "9"))
            || (bytes[start] == UInt8(ascii: "2") && bytes[start + 1] == UInt8(ascii: "0"))
    }

    /// "31/10/2024", "10/31/2024", "17.05.2021", "2/24/26" as "2024-10-31": a part over 12 says which is the
    /// day, else the page's locale does (`dayFirst`: US English puts the month first), and with no locale
    /// the date is left unread; dots put the day first but in US English.
    static func numericDate(_ token: String, dayFirst: Bool?) -> String? {
        var token = Substring(token)
        while let last = token.last, last == "," || last == "." || last == ";" { token = token.dropLast() }
        // A name run into the date by markup with no space between ("Ann Lee3/4/2025").
        while let first = token.first, first.isLetter { token = token.dropFirst() }
        var parts: [Int] = []
        var separator: Character?
        var digits = 0
        var value = 0
        for character in token {
            if let digit = character.wholeNumberValue, character.isASCII {
                value = value * 10 + digit
                digits += 1
                guard digits <= 4 else { return nil }
            } else if character == "/" || character == "." || character == "-" {
                guard separator == nil || separator == character, digits > 0 else { return nil }
                separator = character
                parts.append(value)
                (value, digits) = (0, 0)
            } else {
                return nil
            }
        }
        parts.append(value)
        guard parts.count == 3, parts[0] < 100, parts[1] < 100, let separator else { return nil }
        // Two-digit years only with slashes ("2/24/26"); "12.31.23" is as likely a version or a code.
        guard digits == 4 || (digits == 2 && separator == "/") else { return nil }
        let year = digits == 2 ? 2000 + parts[2] : parts[2]
        var (day, month) = (parts[0], parts[1])
        // Dots put the day first, except in US English, where they stand in for slashes.
        if separator != "." || dayFirst == false {
            if parts[0] > 12 {
                (day, month) = (parts[0], parts[1])
            } else if parts[1] > 12 {
                (day, month) = (parts[1], parts[0])
            } else {
                guard let dayFirst else { return nil }
                if !dayFirst { (day, month) = (parts[1], parts[0]) }
            }
        }
        guard (1...12).contains(month), (1...31).contains(day), (1900...2099).contains(year) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}

/// The short lines of a page (elements of at most 160 characters with no block inside), in document
/// order, with where each starts and ends in the page's text; navigation, footers and comment sections
/// left out.
struct PageLines {
    struct Line {
        let node: PageNode
        let start: Int
        let end: Int
        var text: String { node.foldedText }
        /// Whether the line has a digit, without which it holds no date we read.
        var mayHoldDate: Bool { text.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
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

    private mutating func walk(_ node: PageNode) {
        if node === body { bodyStart = offset }
        // As in ``ArticleBodyFinder``, an element holding half the page is libxml2 leaving it open, not boilerplate.
        let skipped = (Self.skipped.contains(node.name) || ArticleBodyFinder.hints(node).comments)
            && node.textLength * 2 < pageLength
        if node.isText || skipped {
            offset += node.textLength + 1
            return
        }
        if !node.hasBlockChild, node.textLength <= Self.longestLine {
            if node.textLength > 0 { lines.append(Line(node: node, start: offset, end: offset + node.textLength)) }
            offset += node.textLength + 1
            return
        }
        // A block, or a long run of inline markup (libxml2 can leave a `<span>` open around a whole page).
        for child in node.children { walk(child) }
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
            let found = PrintedDate.all(in: line.text, dates: dates, dayFirst: dayFirst)
            if let published = found.first(where: { $0.label == .published }) { return published.date }
            if found.count >= 2, found[0].label == .none, found[1].label == .updated { return found[0].date }
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
