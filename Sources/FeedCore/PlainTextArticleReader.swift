public import Foundation

/// Reads an article saved as plain text: a title (often repeated), a reading-time line and a date line,
/// then paragraphs separated by blank lines.
///
/// The header is read line by line until the first line that is none of those; the body is every
/// blank-line-separated block after it, whitespace folded. A short block with no sentence-ending
/// punctuation that reads like a headline (eight words or more, or a colon) is a teaser for another
/// article ("read also") placed inside the body, and goes to ``Article/boilerplate``; a shorter one is a
/// sub-heading and stays.
public enum PlainTextArticleReader {
    /// The article in `text`, or nil when it has no body paragraph.
    public static func read(_ text: String, timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) -> Article? {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n")
            .split(whereSeparator: { TextNormalisation.trimmed($0).isEmpty })
            .map { $0.map { TextNormalisation.foldWhitespace($0) } }
        var article = Article()
        let dates = DateParser(assumedTimeZone: timeZone)
        var bodyStart = blocks.count
        header: for (index, block) in blocks.enumerated() {
            for line in block {
                if article.title == nil {
                    article.title = line
                } else if line == article.title {
                    continue
                } else if article.readingTimeMinutes == nil, let minutes = ArticleLines.readingTime(line) {
                    article.readingTimeMinutes = minutes
                    article.readingTimeSource = .stated
                } else if article.published == nil, let (published, updated) = ArticleLines.dateLine(line, dates) {
                    article.published = published
                    article.updated = updated
                } else {
                    bodyStart = index
                    break header
                }
            }
        }
        for block in blocks[bodyStart...] {
            let paragraph = block.joined(separator: " ")
            if ArticleLines.isTeaser(paragraph) {
                article.boilerplate.append(paragraph)
            } else {
                article.paragraphs.append(paragraph)
            }
        }
        guard !article.paragraphs.isEmpty else { return nil }
        if article.readingTimeMinutes == nil {
            let words = article.paragraphs.reduce(0) { $0 + $1.split(separator: " ").count }
            article.readingTimeMinutes = max(1, (words + 229) / 230)
            article.readingTimeSource = .computed
        }
        article.language = LanguageGuess.language(of: article.paragraphs)
        return article
    }
}

/// Recognisers for the lines around an article's body.
enum ArticleLines {
    /// Words that say a number is minutes of reading, in the languages we read.
    static let readingWords = [
        "min", "minute", "minutes", "minuti", "minuto", "minuten", "minutos", "минут", "минуты", "хвилин", "хвилини",
    ]

    /// "2 Minutes of Reading", "2 Minuti di Lettura", "5 min read", "3 минуты чтения".
    static func readingTime(_ line: String) -> Int? {
        guard let first = line.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return nil }
        let words = line.lowercased().split(separator: " ")
        guard words.count >= 2, words.count <= 6, let minutes = Int(words[0]), minutes > 0, minutes < 240 else {
            return nil
        }
        return readingWords.contains(String(words[1])) ? minutes : nil
    }

    /// "Tuesday 5 April 2022, 16:48 - Last update: 18:50": the published time, and the updated time when
    /// the line gives one (a time alone takes the published date).
    static func dateLine(_ line: String, _ dates: DateParser) -> (FeedDate, FeedDate?)? {
        guard line.count <= 120 else { return nil }
        let parts = line.components(separatedBy: " - ")
        guard let published = dates.parse(parts[0]) else { return nil }
        guard parts.count > 1, let colon = parts[1].firstIndex(of: ":") else { return (published, nil) }
        let stated = TextNormalisation.trimmed(String(parts[1][parts[1].index(after: colon)...]))
        if let full = dates.parse(stated), stated.count > 5 { return (published, full) }
        // A bare time: the published line with its time replaced.
        guard let publishedTime = parts[0].range(of: #"\d{1,2}:\d{2}"#, options: .regularExpression),
            stated.range(of: #"^\d{1,2}:\d{2}$"#, options: .regularExpression) != nil
        else { return (published, nil) }
        return (published, dates.parse(parts[0].replacingCharacters(in: publishedTime, with: stated)))
    }

    /// A headline-like block inside the body: no sentence-ending punctuation, short, and long enough or
    /// with a colon, so it is not a sub-heading.
    static func isTeaser(_ paragraph: String) -> Bool {
        guard let last = paragraph.last, !".!?…\"”»'’)".contains(last) else { return false }
        let words = paragraph.split(separator: " ").count
        return words <= 25 && (words >= 8 || paragraph.contains(":"))
    }
}
