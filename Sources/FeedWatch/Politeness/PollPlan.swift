public import Foundation

/// What the engine decided after one poll.
public struct PollPlan: Sendable, Hashable {
    /// When to poll the source next.
    public var nextPollAt: Date
    /// Why then.
    public var reason: NextPollReason
    /// Set only on the poll that changed health, so each transition is logged once.
    public var transition: HealthTransition?
    /// Set when the same permanent redirect was seen `move_after` polls in a row.
    public var move: SourceMove?
    /// Set on 429/503: every source on that host and port waits until then.
    public var hostBlockedUntil: Date?

    /// Creates a plan.
    public init(
        nextPollAt: Date,
        reason: NextPollReason,
        transition: HealthTransition? = nil,
        move: SourceMove? = nil,
        hostBlockedUntil: Date? = nil
    ) {
        self.nextPollAt = nextPollAt
        self.reason = reason
        self.transition = transition
        self.move = move
        self.hostBlockedUntil = hostBlockedUntil
    }
}
