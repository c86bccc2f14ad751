public import Foundation

/// An instant read from a feed or a page, remembering whether its zone was stated or assumed.
public struct FeedDate: Sendable, Hashable {
    /// The instant, in UTC.
    public var instant: Date
    /// True when the text had no zone and the caller's time zone was assumed.
    public var zoneAssumed: Bool

    /// Creates a date from an instant and whether its zone was assumed.
    public init(instant: Date, zoneAssumed: Bool = false) {
        self.instant = instant
        self.zoneAssumed = zoneAssumed
    }
}
