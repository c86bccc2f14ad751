public import Foundation

/// ISO 8601 in UTC, written by hand: called for every date of every item, where formatters are slow.
public enum ISO8601 {
    /// `2022-04-05T14:48:00Z`, with milliseconds only when the instant has them.
    public static func string(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let seconds = Int(interval.rounded(.down))
        let milliseconds = Int(((interval - Double(seconds)) * 1000).rounded())
        return string(seconds: seconds, milliseconds: milliseconds > 0 && milliseconds < 1000 ? milliseconds : nil)
    }

    /// `2026-11-28T18:00:00.123Z`, always with milliseconds (rounded down), so every one has the same width:
    /// the daemon's log lines.
    public static func stringWithMilliseconds(_ date: Date) -> String {
        let total = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (seconds, milliseconds) = total.quotientAndRemainder(dividingBy: 1000)
        return milliseconds < 0
            ? string(seconds: seconds - 1, milliseconds: milliseconds + 1000)
            : string(seconds: seconds, milliseconds: milliseconds)
    }

    /// The form for `seconds` since 1970 and, when given, the milliseconds after them; years 0 to 9999 are
    /// written as bytes into one string, the rare others with padding.
    private static func string(seconds: Int, milliseconds: Int?) -> String {
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else {
            var out = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
            out +=
                "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2) + ":"
                + pad(secondOfDay % 60, 2)
            if let milliseconds { out += "." + pad(milliseconds, 3) }
            return out + "Z"
        }
        let count = milliseconds == nil ? 20 : 24
        return String(unsafeUninitializedCapacity: count) { bytes in
            func put(_ value: Int, digits: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                    bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            bytes[4] = UInt8(ascii: "-")
            bytes[7] = UInt8(ascii: "-")
            bytes[10] = UInt8(ascii: "T")
            bytes[13] = UInt8(ascii: ":")
            bytes[16] = UInt8(ascii: ":")
            put(year, digits: 4, at: 0)
            put(month, digits: 2, at: 5)
            put(day, digits: 2, at: 8)
            put(secondOfDay / 3600, digits: 2, at: 11)
            put(secondOfDay % 3600 / 60, digits: 2, at: 14)
            put(secondOfDay % 60, digits: 2, at: 17)
            if let milliseconds {
                bytes[19] = UInt8(ascii: ".")
                put(milliseconds, digits: 3, at: 20)
            }
            bytes[count - 1] = UInt8(ascii: "Z")
            return count
        }
    }

    /// Howard Hinnant's civil_from_days: proleptic Gregorian date of a day count since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
