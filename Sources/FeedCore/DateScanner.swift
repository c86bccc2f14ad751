internal import Foundation
internal import Markup

/// One left-to-right pass over a date's bytes, filling in fields as each token reveals what it is.
///
/// Order is free because feeds disagree on it, but every field is filled at most once and only
/// from a token that cannot mean anything else: a month must be a word, a year four digits, a
/// time must have a colon. Numeric day/month orders ("05/04/2022") therefore never resolve. The one
/// word with two meanings, "mar" (March, or Tuesday in Italian, French and Spanish), is settled once
/// the whole text is read: it is the weekday when another token gives the month, or when it comes
/// first with a comma after it; otherwise it is the month.
struct DateScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    // -1 marks a field not found yet; minutes and seconds default to zero when a time omits them.
    private var year = -1, month = -1, day = -1, dayOfYear = -1
    private var hour = -1, minute = 0, second = 0, nanosecond = 0
    private var yearHasTwoDigits = false, dateLacksDay = false
    // A year-first numeric date fills the whole date, so later numbers cannot re-fill parts of it.
    private var dateIsNumeric = false
    private var isPM: Bool?
    private var numericOffset: Int?, namedOffset: Int?
    private var zoneUnknown = false
    // Where a sign begins an offset rather than separating words: right after "GMT" or a numeric date.
    private var universalZoneEnd = -1
    private var numericDateEnd = -1
    // "mar" is March in English and Tuesday in Italian, French and Spanish; which it is waits for the whole text.
    // A leading one is a weekday when a comma follows it ("mar, 15 nov"); any is one when another word or number gives the month.
    private var leadingAmbiguousMonth = -1, innerAmbiguousMonth = -1
    private var leadingAmbiguousBeforeComma = false

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads the whole text; false as soon as anything in it cannot be part of a date.
    mutating func scan() -> Bool {
        while index < bytes.count {
            let current = bytes[index]
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "/"):
                index += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                let startsOffset = hour >= 0 || index == universalZoneEnd || index == numericDateEnd
                if startsOffset && isDigit(at: index + 1) {
                    guard scanOffset() else { return false }
                } else if current == UInt8(ascii: "-") {
                    index += 1
                } else {
                    return false
                }
            case UInt8(ascii: "("), UInt8(ascii: "["):
                // Comments such as "(CEST)" or Java's "[Europe/Rome]"; the date is complete before them.
                return true
            case _ where Self.isDigit(current):
                guard scanNumber() else { return false }
            case _ where Self.isLetter(current):
                guard scanWord() else { return false }
            case _ where current >= 0x80:
                guard scanBeyondASCII() else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// Reads what starts with a byte beyond ASCII: Unicode spaces (the no-break space common in HTML-derived
    /// text, thin and narrow no-break spaces) separate like ASCII ones, and letters begin a word
    /// ("Martedì", "апреля"); anything else is not part of a date. Kept out of line so `scan()` stays small.
    @inline(never)
    private mutating func scanBeyondASCII() -> Bool {
        guard let (scalar, size) = decodeScalar(at: index) else { return false }
        if scalar.properties.isWhitespace {
            index += size
            return true
        }
        return Self.isWordScalar(scalar) && scanInternationalWord(from: index)
    }

    /// The fields, range-checked and combined; nil when they do not make one real date.
    func resolved() -> WallClockDate? {
        guard year >= 0 else { return nil }
        // RFC 2822 section 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx.
        let fullYear = yearHasTwoDigits ? year + (year < 50 ? 2000 : 1900) : year
        guard (1000...9999).contains(fullYear) else { return nil }
        var month = self.month
        var day = self.day
        if month < 0 {
            // No other word or number gave the month, so an ambiguous word is it: the one inside the
            // date if there is one ("mar. 15 mar. 2022"), else a leading one with no comma ("Mar 15, 2022").
            if innerAmbiguousMonth >= 0 {
                month = innerAmbiguousMonth
            } else if leadingAmbiguousMonth >= 0 && !leadingAmbiguousBeforeComma {
                month = leadingAmbiguousMonth
            }
        }
        if dayOfYear >= 0 {
            guard let monthAndDay = Self.monthAndDay(dayOfYear: dayOfYear, year: fullYear) else { return nil }
            (month, day) = monthAndDay
        } else if dateLacksDay {
            // "2022-04" names a month; a time on it would be a time on no particular day.
            guard hour < 0 else { return nil }
            day = 1
        }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: fullYear) else { return nil }
        var hour = max(self.hour, 0)
        if let isPM {
            guard self.hour >= 0, (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (isPM ? 12 : 0)
        }
        guard hour <= 24, minute <= 59, second <= 60 else { return nil }
        if hour == 24 {
            guard minute == 0, second == 0, nanosecond == 0 else { return nil }
        }
        let days = Self.daysFromCivil(year: fullYear, month: month, day: day)
        // Leap seconds have no place in Unix time; the instant just before is the closest it has.
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + min(second, 59)
        // A number is what the software wrote; a name beside it may be a stale or clipped label.
        return WallClockDate(wallClockSeconds: seconds, nanosecond: nanosecond, offset: numericOffset ?? namedOffset)
    }

    private func byte(at position: Int) -> UInt8 {
        position < bytes.count ? bytes[position] : 0
    }

    private func isDigit(at position: Int) -> Bool { Self.isDigit(byte(at: position)) }

    private func isLetter(at position: Int) -> Bool { Self.isLetter(byte(at: position)) }

    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    // Folding to lowercase first lets one range test cover both cases; no other byte lands in a-z.
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

    private var hasNoDate: Bool { year < 0 && month < 0 && day < 0 }

    /// Whether a month is known, or would be if the text ended here.
    private var hasMonth: Bool {
        month >= 0 || innerAmbiguousMonth >= 0 || (leadingAmbiguousMonth >= 0 && !leadingAmbiguousBeforeComma)
    }

    private mutating func scanNumber() -> Bool {
        guard let (value, count) = readDigits(atMost: 8) else { return false }
        let next = byte(at: index)
        let digitAfterNext = isDigit(at: index + 1)
        if next == UInt8(ascii: ":") && digitAfterNext {
            return count <= 2 && scanTime(hour: value)
        }
        let isDateSeparator = next == UInt8(ascii: "-") || next == UInt8(ascii: "/") || next == UInt8(ascii: ".")
        if count == 4 && isDateSeparator && digitAfterNext && hasNoDate {
            return scanYearFirstDate(year: value, separator: next)
        }
        if count == 8 && (next | 0x20) == UInt8(ascii: "t") && digitAfterNext && hasNoDate {
            // ISO 8601 basic format, only with its time: a lone eight-digit number is as likely an ID.
            (year, month, day) = (value / 10_000, value / 100 % 100, value % 100)
            dateIsNumeric = true
            index += 1
            return scanTimeAfterDesignator()
        }
        if Self.isLetter(next) {
            // "5th", "21st", the French "1er": an ordinal can only be the day.
            guard count <= 2, isOrdinalSuffix(at: index, value: value) else { return false }
            index += 2
            guard day < 0, !dateIsNumeric else { return false }
            day = value
            return true
        }
        if next >= 0x80 {
            if next == 0xC2 && (byte(at: index + 1) == 0xBA || byte(at: index + 1) == 0xB0) && count <= 2 {
                // "1º de abril", and "1° aprile" with the degree sign Italian keyboards put in its place.
                index += 2
                guard day < 0, !dateIsNumeric else { return false }
                day = value
                return true
            }
            // A number runs into a word only as an ordinal, as in ASCII text.
            if isWordScalar(at: index) { return false }
        }
        guard !dateIsNumeric else { return false }
        switch count {
        case 4 where year < 0:
            year = value
        case 1...2 where day < 0:
            day = value
        case 1...2 where year < 0 && hasMonth:
            // Only once day and month are known can a short number be a year ("05-Apr-22").
            year = value
            yearHasTwoDigits = true
        default:
            return false
        }
        return true
    }

    /// Reads "2022-04-05", "2022-04", "2022-095", "2022/04/05" or "2022.04.05", and an ISO "T" time after it.
    private mutating func scanYearFirstDate(year value: Int, separator: UInt8) -> Bool {
        index += 1
        guard let (first, count) = readDigits(atMost: 3) else { return false }
        year = value
        dateIsNumeric = true
        if count == 3 {
            guard separator == UInt8(ascii: "-") else { return false }
            dayOfYear = first
        } else {
            month = first
            if byte(at: index) == separator && isDigit(at: index + 1) {
                index += 1
                guard let (dayValue, _) = readDigits(atMost: 2) else { return false }
                day = dayValue
            } else {
                // Only ISO's hyphenated year-month is a date; "2022/04" or "2022.04" read as ratios or versions.
                guard separator == UInt8(ascii: "-") else { return false }
                dateLacksDay = true
            }
        }
        numericDateEnd = index
        if (byte(at: index) | 0x20) == UInt8(ascii: "t") && isDigit(at: index + 1) {
            index += 1
            return scanTimeAfterDesignator()
        }
        return true
    }

    /// Reads an ISO time after its "T": extended "16:48:00" or basic "164800" / "1648".
    private mutating func scanTimeAfterDesignator() -> Bool {
        guard hour < 0, let (value, count) = readDigits(atMost: 6) else { return false }
        if count <= 2 && byte(at: index) == UInt8(ascii: ":") && isDigit(at: index + 1) {
            return scanTime(hour: value)
        }
        switch count {
        case 4:
            (hour, minute) = (value / 100, value % 100)
        case 6:
            (hour, minute, second) = (value / 10_000, value / 100 % 100, value % 100)
            readFraction()
        default:
            return false
        }
        return true
    }

    /// Reads ":48", ":48:00" or ":48:00.123" after the hour, with the index on the first colon.
    private mutating func scanTime(hour value: Int) -> Bool {
        guard hour < 0 else { return false }
        index += 1
        guard let minutes = readTwoDigits() else { return false }
        (hour, minute) = (value, minutes)
        if byte(at: index) == UInt8(ascii: ":") && isDigit(at: index + 1) {
            index += 1
            guard let seconds = readTwoDigits() else { return false }
            second = seconds
            readFraction()
        }
        return true
    }

    /// Reads a decimal fraction of a second of any length, keeping nanoseconds.
    private mutating func readFraction() {
        let mark = byte(at: index)
        guard mark == UInt8(ascii: ".") || mark == UInt8(ascii: ","), isDigit(at: index + 1) else { return }
        index += 1
        var scale = 100_000_000
        while index < bytes.count, Self.isDigit(bytes[index]) {
            nanosecond += Int(bytes[index] &- UInt8(ascii: "0")) * scale
            scale /= 10
            index += 1
        }
    }

    /// Reads "+0200", "+02:00", "+02", and after "GMT"/"UTC" also "+2" or "-5:30", with the index on the sign.
    private mutating func scanOffset() -> Bool {
        let isNegative = bytes[index] == UInt8(ascii: "-")
        let followsUniversalName = index == universalZoneEnd
        index += 1
        guard numericOffset == nil, let (value, count) = readDigits(atMost: 4) else { return false }
        var hours = value
        var minutes = 0
        switch count {
        case 4:
            (hours, minutes) = (value / 100, value % 100)
        case 1 where followsUniversalName, 2:
            if byte(at: index) == UInt8(ascii: ":") && isDigit(at: index + 1) {
                index += 1
                guard let minuteValue = readTwoDigits() else { return false }
                minutes = minuteValue
            }
        default:
            return false
        }
        guard hours <= 18, minutes <= 59 else { return false }
        numericOffset = (isNegative ? -1 : 1) * (hours * 3_600 + minutes * 60)
        return true
    }

    private mutating func scanWord() -> Bool {
        let start = index
        var key: UInt64 = 0
        var isAllUppercase = true
        while index < bytes.count, Self.isLetter(bytes[index]) {
            let letter = bytes[index]
            if letter >= UInt8(ascii: "a") { isAllUppercase = false }
            if index - start < DateWords.longestKey { key = DateWords.appending(letter, to: key) }
            index += 1
        }
        if index < bytes.count && bytes[index] >= 0x80 && isWordScalar(at: index) {
            // The word goes on beyond ASCII ("Martedì", "févr").
            return scanInternationalWord(from: start)
        }
        let length = index - start
        if length == 1 && (key == DateWords.letterA || key == DateWords.letterP)
            && byte(at: index) == UInt8(ascii: ".") && (byte(at: index + 1) | 0x20) == UInt8(ascii: "m")
            && !isLetter(at: index + 2)
        {
            // "a.m." / "p.m.", as AP style writes them.
            index += byte(at: index + 2) == UInt8(ascii: ".") ? 3 : 2
            return setMeridiem(isPM: key == DateWords.letterP)
        }
        guard length <= DateWords.longestKey else { return false }
        if let meaning = DateWords.table[key] { return apply(meaning, wordStart: start) }
        return acceptUnknownZone(length: length, key: key, isAllUppercase: isAllUppercase)
    }

    /// Reads a word with letters beyond ASCII, from its first byte.
    ///
    /// Accented Latin letters are read as the letters they are written on, so "Martedì", "martedi" and
    /// "MARTEDÌ" (precomposed or with a combining accent) share the ASCII table's key. Words in other
    /// scripts ("апреля", "квітня") are lowercased and looked up as Strings: only they cost an allocation.
    @inline(never)
    private mutating func scanInternationalWord(from start: Int) -> Bool {
        index = start
        var key: UInt64 = 0
        var letters = 0
        var isLatin = true
        var hasAccent = false
        while index < bytes.count {
            let current = bytes[index]
            if Self.isLetter(current) {
                if letters < DateWords.longestKey { key = DateWords.appending(current, to: key) }
                letters += 1
                index += 1
                continue
            }
            guard let (scalar, size) = decodeScalar(at: index) else { break }
            let value = scalar.value
            if let base = DateWords.latinBase(of: value) {
                if letters < DateWords.longestKey { key = DateWords.appending(base, to: key) }
                letters += 1
                hasAccent = true
            } else if DateWords.isCombiningAccent(value) {
                hasAccent = true
            } else if value >= 0x80 && Self.isWordScalar(scalar) {
                isLatin = false
            } else if (value == 0x27 || value == 0x2019) && !isLatin && continuesOtherScript(at: index + size) {
                // The Ukrainian apostrophe inside a word: "п'ятниця".
            } else {
                break
            }
            index += size
            guard index - start <= DateWords.longestWordBytes else { return false }
        }
        if isLatin {
            guard letters > 0, letters <= DateWords.longestKey else { return false }
            // The French "à" and the Portuguese "às" ("à 16:48", "às 16:48"); "a" and "as" are not connectives.
            if hasAccent && (key == DateWords.letterA || key == DateWords.letterAS) { return true }
            guard let meaning = DateWords.table[key] else { return false }
            return apply(meaning, wordStart: start)
        }
        let word = String(utf8Repairing: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        guard let meaning = DateWords.otherScripts[DateWords.lookupForm(word)] else { return false }
        return apply(meaning, wordStart: start)
    }

    /// Whether a letter beyond ASCII and Latin-1 starts at `position`, as after an apostrophe inside a Cyrillic word.
    private func continuesOtherScript(at position: Int) -> Bool {
        guard let (scalar, _) = decodeScalar(at: position) else { return false }
        return scalar.value >= 0x100 && Self.isWordScalar(scalar)
    }

    /// Fills in what a word means, with the index just after it.
    @inline(__always)
    private mutating func apply(_ meaning: DateWords.Meaning, wordStart: Int) -> Bool {
        switch meaning {
        case .weekday, .filler:
            // Weekdays are ignored rather than checked: feeds get them wrong far more often than the date.
            return true
        case .month(let number):
            guard month < 0, !dateIsNumeric else { return false }
            month = number
            return true
        case .monthOrWeekday(let number):
            // Once the month is known, this is the weekday; otherwise `resolved()` decides, with the whole text read.
            if month >= 0 || dateIsNumeric { return true }
            if isFirstWord(wordStart) {
                leadingAmbiguousMonth = number
                leadingAmbiguousBeforeComma = isCommaNext()
            } else {
                // Two such words inside a date cannot both be its month, nor can we tell which is the weekday.
                guard innerAmbiguousMonth < 0 else { return false }
                innerAmbiguousMonth = number
            }
            return true
        case .meridiem(let isPM):
            return setMeridiem(isPM: isPM)
        case .zone(let seconds, let isUniversal):
            guard namedOffset == nil, !zoneUnknown else { return false }
            namedOffset = seconds
            if isUniversal { universalZoneEnd = index }
            return true
        }
    }

    /// Whether only spaces come before `position`.
    private func isFirstWord(_ position: Int) -> Bool {
        var position = position
        while position > 0, DateParser.isSpaceByte(bytes[position - 1]) { position -= 1 }
        return position == 0
    }

    /// Whether a comma follows the word just read, after an abbreviation's dot and spaces: "mar, 15", "mar., 15".
    private func isCommaNext() -> Bool {
        var position = index
        if byte(at: position) == UInt8(ascii: ".") { position += 1 }
        while position < bytes.count, DateParser.isSpaceByte(bytes[position]) { position += 1 }
        return byte(at: position) == UInt8(ascii: ",")
    }

    /// The Unicode scalar whose UTF-8 encoding starts at `position`, and its length; nil for bytes that are not UTF-8.
    private func decodeScalar(at position: Int) -> (Unicode.Scalar, Int)? {
        guard position < bytes.count else { return nil }
        let lead = bytes[position]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let count: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: (count, value) = (2, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (count, value) = (3, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (count, value) = (4, UInt32(lead & 0x07))
        default: return nil
        }
        guard position + count <= bytes.count else { return nil }
        for offset in 1..<count {
            let next = bytes[position + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        // Overlong forms are not UTF-8; Unicode.Scalar refuses surrogates and values past U+10FFFF.
        guard count == 2 || value >= (count == 3 ? 0x800 : 0x1_0000), let scalar = Unicode.Scalar(value) else {
            return nil
        }
        return (scalar, count)
    }

    @inline(never)
    private func isWordScalar(at position: Int) -> Bool {
        guard byte(at: position) >= 0x80, let (scalar, _) = decodeScalar(at: position) else { return false }
        return Self.isWordScalar(scalar)
    }

    /// Letters of any script, and the marks written on them.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Whether an unknown word after the time can stand for a zone, which then counts as not stated.
    private mutating func acceptUnknownZone(length: Int, key: UInt64, isAllUppercase: Bool) -> Bool {
        guard hour >= 0, namedOffset == nil, !zoneUnknown else { return false }
        if length == 1 {
            // RFC 2822 says military letters carry no usable offset (RFC 822 printed their signs
            // backwards). J is not a zone, and A or P beside a 12-hour time may be a clipped AM/PM.
            if key == DateWords.letterJ { return false }
            if (key == DateWords.letterA || key == DateWords.letterP) && hour <= 12 { return false }
        } else {
            // Abbreviations we do not know ("AST", "ADT") are short and capitalised; anything else is prose.
            guard (2...5).contains(length), isAllUppercase else { return false }
        }
        zoneUnknown = true
        return true
    }

    private mutating func setMeridiem(isPM: Bool) -> Bool {
        guard self.isPM == nil else { return false }
        self.isPM = isPM
        return true
    }

    private func isOrdinalSuffix(at position: Int, value: Int) -> Bool {
        let suffix = (byte(at: position) | 0x20, byte(at: position + 1) | 0x20)
        guard !isLetter(at: position + 2), !isWordScalar(at: position + 2) else { return false }
        switch suffix {
        case (UInt8(ascii: "s"), UInt8(ascii: "t")), (UInt8(ascii: "n"), UInt8(ascii: "d")),
            (UInt8(ascii: "r"), UInt8(ascii: "d")), (UInt8(ascii: "t"), UInt8(ascii: "h")):
            return true
        case (UInt8(ascii: "e"), UInt8(ascii: "r")):
            return value == 1
        default:
            return false
        }
    }

    /// Reads a run of digits; nil when it is longer than `atMost`, since no field is that long.
    private mutating func readDigits(atMost maximum: Int) -> (value: Int, count: Int)? {
        let start = index
        var value = 0
        while index < bytes.count, Self.isDigit(bytes[index]) {
            guard index - start < maximum else { return nil }
            value = value * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
            index += 1
        }
        return (value, index - start)
    }

    /// Reads exactly two digits, as minutes and seconds are always written.
    private mutating func readTwoDigits() -> Int? {
        guard let (value, count) = readDigits(atMost: 2), count == 2 else { return nil }
        return value
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func monthAndDay(dayOfYear: Int, year: Int) -> (month: Int, day: Int)? {
        var remaining = dayOfYear
        guard remaining >= 1 else { return nil }
        for month in 1...12 {
            let length = daysIn(month: month, year: year)
            if remaining <= length { return (month, remaining) }
            remaining -= length
        }
        return nil
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
