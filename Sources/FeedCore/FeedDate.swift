public import Foundation

/// An instant read from a feed or a page, remembering whether its zone was stated or assumed, and the
/// offset it was written in.
public struct FeedDate: Sendable, Hashable {
    /// The instant, in UTC.
    public var instant: Date
    /// True when the text had no zone and the caller's time zone was assumed.
    public var zoneAssumed: Bool
    /// The offset from UTC the text stated, in seconds east ("+02:00" is 7200, "EST" is -18000); nil when it
    /// stated none or the date was a bare Unix time. It says on which calendar day the source itself put the
    /// instant; it is how the date was written, not which instant it is, so equality and hashing ignore it.
    public var statedOffset: Int?

    /// Creates a date from an instant, whether its zone was assumed, and the offset the text stated.
    public init(instant: Date, zoneAssumed: Bool = false, statedOffset: Int? = nil) {
        self.instant = instant
        self.zoneAssumed = zoneAssumed
        self.statedOffset = statedOffset
    }

    public static func == (left: FeedDate, right: FeedDate) -> Bool {
        left.instant == right.instant && left.zoneAssumed == right.zoneAssumed
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(instant)
        hasher.combine(zoneAssumed)
    }
}
