internal import Foundation

/// Decides when an article was published and updated, from everything the page says, in this order:
///
/// 1. A full date in the URL (`/2025/12/16/`, `/2025-12-17-…`) names the day: it is when the story was filed,
///    and unlike the page's dates it is never restamped. A stated or printed date on that day lends it its
///    time and zone.
/// 2. The date printed by the headline: the nearest dated line after the page's `<h1>` (or just before it;
///    failing a headline, just before the body), one labelled "Published" before an unlabelled one, and
///    before either one on the metadata's (``PageMetadata``) published day. When the metadata names the same
///    day (for a printed day with no zone, in any zone on Earth: metadata is often in UTC), its instant is
///    kept; when only its modification date does, that is the date the page presents the story under. A
///    printed date no metadata confirms still wins: pages restamp their metadata when a template changes,
///    but print the date the story carries. A printed date labelled as an update does not outrank a stated
///    publication date.
/// 3. The metadata's published date (unless it is the very instant of its modification date and a date
///    anywhere is labelled as the publication date), the first `<time datetime>`, the first date anywhere
///    labelled as the publication date, the metadata's modification date, the first date line anywhere, and
///    last the first of the month a labelled line names without a day ("Last updated: June 2022").
struct ArticleDates {
    var published: FeedDate?
    var updated: FeedDate?

    /// How far from the headline (in characters of page text) a printed date still belongs to it.
    static let windowAfterHeadline = 1_000
    static let windowBeforeHeadline = 300

    init(
        metadata: PageMetadata,
        lines: PageLines,
        urls: [String],
        dates: DateParser
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
            published =
                [statedPublished, statedUpdated, printed?.date].lazy.compactMap { $0 }
                .first { Self.day($0, dates) == day } ?? filed
            return
        }
        // With no stated date to go on, a printed one is looked for further from the headline.
        let reach = statedPublished == nil ? Self.windowAfterHeadline * 5 / 2 : Self.windowAfterHeadline
        let printed = Self.printedDate(
            lines: lines,
            title: metadata.title,
            dates: dates,
            dayFirst: dayFirst,
            reach: reach,
            confirming: statedPublished
        )
        if let printed, printed.label != .updated || statedPublished == nil {
            // A line with both dates ("May 21, 2025 April 24, 2025", modified then published) confirms the
            // stated published date by either.
            let lineDates =
                printed.line.map {
                    PrintedDate.all(in: $0, dates: dates, dayFirst: dayFirst).map(\.date)
                } ?? [printed.date]
            if let statedPublished, lineDates.contains(where: { Self.agrees(statedPublished, with: $0, dates) }) {
                published = statedPublished
            } else if let statedUpdated, Self.agrees(statedUpdated, with: printed.date, dates) {
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
        // A stated publication that is the very instant of the stated modification was stamped on saving, not
        // on publishing: a date the page labels as its publication anywhere says more.
        let restamped = statedPublished != nil && statedPublished == statedUpdated
        let labelled = restamped ? lines.firstLabelledDate(dates: dates, dayFirst: dayFirst) : nil
        published =
            labelled ?? statedPublished ?? stated(metadata.firstTime)
            ?? lines.firstLabelledDate(dates: dates, dayFirst: dayFirst) ?? statedUpdated
        if published == nil, let line = lines.firstDateLine(dates) {
            published = line.published
            updated = updated ?? line.updated
        }
        if published == nil { published = lines.firstLabelledMonth(dates: dates) }
    }

    /// The calendar day a date names where it was written: its stated offset, else the assumed zone.
    static func day(_ date: FeedDate, _ dates: DateParser) -> Int {
        let offset = date.statedOffset ?? dates.assumedTimeZone.secondsFromGMT(for: date.instant)
        let seconds = Int(date.instant.timeIntervalSince1970.rounded(.down)) + offset
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// Whether a stated instant is on the day a printed date names: the same day, or, when the printed date
    /// states no zone and the stated one does, that day somewhere on Earth (UTC-12 to UTC+14). Metadata is
    /// often written in UTC while the page prints the day where it is published: "December 9, 2021" is the
    /// day of `2021-12-10T02:17:00+00:00` in New York. The stated instant is then the more precise of the
    /// two. Two dates that both lack a zone are both wall-clock times of the same place: only the same day.
    static func agrees(_ stated: FeedDate, with printed: FeedDate, _ dates: DateParser) -> Bool {
        let printedDay = day(printed, dates)
        if day(stated, dates) == printedDay { return true }
        guard printed.zoneAssumed, !stated.zoneAssumed else { return false }
        let seconds = Int(stated.instant.timeIntervalSince1970.rounded(.down))
        let dayStart = printedDay * 86_400
        return seconds >= dayStart - 14 * 3_600 && seconds < dayStart + 86_400 + 12 * 3_600
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
    /// A date there that is not labelled as an update and agrees with `confirming` (the stated publication
    /// date) comes first of all: two sources saying the same thing outweigh nearness (a preprint's "first
    /// published" line, a ticker of other stories, a restamped byline nearer the headline).
    static func printedDate(
        lines: PageLines,
        title: String?,
        dates: DateParser,
        dayFirst: Bool?,
        reach: Int = windowAfterHeadline,
        confirming: FeedDate? = nil
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
        var labelled: PrintedDate?
        var unlabelled: PrintedDate?
        var updated: PrintedDate?
        for line in window where line.mayHoldDate {
            let (printed, text) = line.printedDates(dates: dates, dayFirst: dayFirst)
            for var found in printed {
                found.line = text
                if let confirming, found.label != .updated, agrees(confirming, with: found.date, dates) { return found }
                switch found.label {
                case .published:
                    // Without a stated date to look for, nothing further can outrank it.
                    if confirming == nil { return found }
                    if labelled == nil { labelled = found }
                case .none: if unlabelled == nil { unlabelled = found }
                case .updated: if updated == nil { updated = found }
                }
            }
        }
        return labelled ?? unlabelled ?? updated
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
