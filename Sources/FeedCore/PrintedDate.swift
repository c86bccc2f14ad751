import Foundation

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
        "publi", "posted", "post date", "post time", "written", "created", "pubblicat", "veröffentlicht", "опубликован",
        "опубліковано",
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
                updatedWords.contains(where: before.contains)
                ? .updated
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
        around anchor: Int,
        in tokens: [String],
        from first: Int,
        dates: DateParser
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
