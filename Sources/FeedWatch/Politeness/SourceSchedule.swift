public import FeedCore
public import Foundation

/// What the engine remembers per source (the daemon persists it in the store).
public struct SourceSchedule: Sendable, Hashable {
    /// Where the source stands in the failure lifecycle.
    public var health: SourceHealth = .healthy
    /// Failed polls in a row; 0 after a success.
    public var failureStreak = 0
    /// When the current run of failures began (its first failure's finish), so a recovery can say how long it lasted.
    public var failuresSince: Date?
    /// When the source is due next.
    public var nextPollAt: Date?
    /// Why it is due then.
    public var nextPollReason: NextPollReason?
    /// The feed's last hints, reused after a 304 or an unchanged body (neither is parsed).
    public var hints: PublishingHints?
    /// The permanent redirect seen on the last polls.
    public var redirectTarget: String?
    /// How many polls in a row saw `redirectTarget`.
    public var redirectStreak = 0

    /// A source never polled.
    public init() {}
}
