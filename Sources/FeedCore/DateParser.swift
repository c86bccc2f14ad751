public import Foundation

/// Reads the dates found in feeds: RFC 822/1123/2822 and their real-world variants, RFC 3339 / ISO 8601 / W3CDTF, and common broken forms,
/// with month and weekday names in English, Italian, French, German, Spanish, Portuguese, Russian and Ukrainian (see `DateWords`).
public struct DateParser: Sendable {
    /// The zone in which times that state none are read.
    public let assumedTimeZone: TimeZone
    // Zones that never change offset need no lookup per date, which keeps the default (UTC) path cheap.
    private let fixedOffset: Int?

    /// Creates a parser that reads times stating no zone as wall-clock times in `assumedTimeZone`.
    public init(assumedTimeZone: TimeZone = .gmt) {
        self.assumedTimeZone = assumedTimeZone
        let identifier = assumedTimeZone.identifier
        let neverChanges =
            identifier == "UTC" || identifier == "GMT" || identifier.hasPrefix("Etc/")
            || identifier.hasPrefix("GMT+") || identifier.hasPrefix("GMT-")
        fixedOffset = neverChanges ? assumedTimeZone.secondsFromGMT() : nil
    }

    /// nil when the text is not a date we can read with confidence (never a guess dressed as fact)
    public func parse(_ text: String) -> FeedDate? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Same as `parse(_:)`, for UTF-8 bytes already in hand (an XML parser's buffer), without building a String.
    public func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> FeedDate? {
        // Real dates are short; refusing long text bounds the work a hostile feed can cause.
        guard bytes.count <= 256 else { return nil }
        if let seconds = Self.unixSeconds(bytes) {
            return FeedDate(instant: Date(timeIntervalSince1970: Double(seconds)))
        }
        var scanner = DateScanner(bytes: bytes)
        guard scanner.scan(), let date = scanner.resolved() else { return nil }
        let seconds: Int
        if let offset = date.offset {
            seconds = date.wallClockSeconds - offset
        } else {
            seconds = instantSeconds(wallClock: date.wallClockSeconds)
        }
        let instant = Date(timeIntervalSince1970: Double(seconds) + Double(date.nanosecond) / 1e9)
        return FeedDate(instant: instant, zoneAssumed: date.offset == nil, statedOffset: date.offset)
    }

    /// Seconds since 1970 at which the assumed zone's clocks show `wallClock` (itself counted as if in UTC).
    ///
    /// A time skipped by a spring-forward is read as if the clocks had not yet changed, landing
    /// after the gap; a time repeated by a fall-back takes its first occurrence. ECMAScript and
    /// java.time resolve both cases the same way, so feeds produced by them round-trip.
    private func instantSeconds(wallClock: Int) -> Int {
        if let fixedOffset { return wallClock - fixedOffset }
        // Offsets stay within a day of UTC, so a day either side brackets any transition that matters.
        let offsetBefore = offset(at: wallClock - 86_400)
        let offsetAfter = offset(at: wallClock + 86_400)
        let withOffsetBefore = wallClock - offsetBefore
        guard offsetBefore != offsetAfter else { return withOffsetBefore }
        let withOffsetAfter = wallClock - offsetAfter
        switch (offset(at: withOffsetBefore) == offsetBefore, offset(at: withOffsetAfter) == offsetAfter) {
        case (true, true): return min(withOffsetBefore, withOffsetAfter)
        case (false, true): return withOffsetAfter
        default: return withOffsetBefore
        }
    }

    static func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }

    private func offset(at seconds: Int) -> Int {
        assumedTimeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// A bare ten-digit number, read as Unix time: feeds built from databases sometimes print the raw column.
    private static func unixSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0
        var end = bytes.count
        while start < end, Self.isSpaceByte(bytes[start]) { start += 1 }
        while end > start, Self.isSpaceByte(bytes[end - 1]) { end -= 1 }
        // Ten digits with no leading zero span 2001 to 2286; shorter numbers are more often IDs or years.
        guard end - start == 10, bytes[start] != UInt8(ascii: "0") else { return nil }
        var value = 0
        for position in start..<end {
            guard DateScanner.isDigit(bytes[position]) else { return nil }
            value = value * 10 + Int(bytes[position] &- UInt8(ascii: "0"))
        }
        return value
    }
}

/// A date read from text: its wall-clock time, counted in seconds since 1970 as if in UTC, and the zone offset it stated, if any.
struct WallClockDate {
    var wallClockSeconds: Int
    var nanosecond: Int
    var offset: Int?
}
