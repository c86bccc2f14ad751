import FeedCore
import Foundation

/// The hours and weekdays (GMT) a feed asks not to be polled in, from RSS `skipHours` and `skipDays`.
struct SkipWindows: Sendable, Hashable {
    /// Skipped hours of the day, 0–23 GMT.
    private let hours: Set<Int>
    /// Skipped weekdays, 0 = Monday … 6 = Sunday.
    private let days: Set<Int>

    private static let dayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// The windows a feed's hints ask for, or nil when they ask none.
    ///
    /// Out-of-range hours and unknown day names are dropped (RSS writes `Saturday`; case and spaces are forgiven).
    /// A feed that skips all 24 hours, or all 7 days, would never be polled: that half of its hints is ignored
    /// rather than obeyed, since it is certainly a mistake and obeying it would freeze the source.
    init?(_ hints: PublishingHints) {
        var hours = Set(hints.skipHours.filter { (0..<24).contains($0) })
        var days = Set(
            hints.skipDays.compactMap {
                Self.dayNames.firstIndex(of: $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
            }
        )
        if hours.count == 24 { hours = [] }
        if days.count == 7 { days = [] }
        guard !hours.isEmpty || !days.isEmpty else { return nil }
        self.hours = hours
        self.days = days
    }

    /// The first allowed time at or after `date`, and which rule moved it; nil when `date` is already allowed.
    ///
    /// A skipped day moves the time to the next midnight GMT and a skipped hour to the next full hour, until both
    /// allow it. When a skipped day moved it at all the reason is `skip_days` (it is why the poll is late), even if
    /// a skipped hour then moved it further. Both sets leave a gap (see `init`), so this ends within 8 days.
    func firstAllowed(atOrAfter date: Date) -> (at: Date, reason: NextPollReason)? {
        var time = date.timeIntervalSince1970
        var reason: NextPollReason?
        for _ in 0..<(8 * 24) {
            let hourIndex = (time / 3600).rounded(.down)
            let dayIndex = (time / 86_400).rounded(.down)
            // 1 January 1970 was a Thursday: day 0 of the epoch is weekday 3 counting from Monday.
            let weekday = Self.modulo(Int(dayIndex) + 3, 7)
            let hour = Self.modulo(Int(hourIndex), 24)
            if days.contains(weekday) {
                time = (dayIndex + 1) * 86_400
                reason = .skipDays
            } else if hours.contains(hour) {
                time = (hourIndex + 1) * 3600
                if reason == nil { reason = .skipHours }
            } else {
                break
            }
        }
        guard let reason else { return nil }
        return (Date(timeIntervalSince1970: time), reason)
    }

    private static func modulo(_ value: Int, _ divisor: Int) -> Int {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
