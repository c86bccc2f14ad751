import Foundation

/// A change of a source's health, reported on the one poll that caused it so it is logged exactly once.
public struct HealthTransition: Sendable, Hashable {
    /// The health before the poll.
    public var from: SourceHealth
    /// The health after the poll.
    public var to: SourceHealth
    /// The log event: "backing_off", "failing" or "recovered".
    public var event: String
    /// Why, in words fit for a log field: the failure, or what the recovery ended.
    public var reason: String

    /// Creates a transition.
    public init(from: SourceHealth, to: SourceHealth, event: String, reason: String) {
        self.from = from
        self.to = to
        self.event = event
        self.reason = reason
    }
}

// The wording of each event lives here, in one place, because operators grep logs for it.
extension HealthTransition {
    /// The first failure after a success: the reason is the failure itself.
    static func backingOff(from: SourceHealth, failure: String) -> HealthTransition {
        HealthTransition(from: from, to: .backingOff, event: "backing_off", reason: failure)
    }

    /// The streak reached `failing_after`: the reason names the streak, how long it has lasted and the last failure.
    static func failing(
        from: SourceHealth,
        streak: Int,
        since: Date?,
        at: Date,
        failure: String
    ) -> HealthTransition {
        HealthTransition(
            from: from,
            to: .failing,
            event: "failing",
            reason: "\(failures(streak)) in a row\(span(since, at)), last: \(failure)"
        )
    }

    /// The first success after failures: e.g. "HTTP 200 after 7 failures over 2h 3m".
    static func recovered(
        from: SourceHealth,
        status: Int?,
        streak: Int,
        since: Date?,
        at: Date
    ) -> HealthTransition {
        var reason = status.map { "HTTP \($0)" } ?? "success"
        if streak > 0 { reason += " after " + failures(streak) }
        reason += span(since, at)
        return HealthTransition(from: from, to: .healthy, event: "recovered", reason: reason)
    }

    private static func failures(_ count: Int) -> String {
        count == 1 ? "1 failure" : "\(count) failures"
    }

    /// " over 2h 3m", or nothing when the start is unknown or the span is under a second (a streak of one).
    private static func span(_ since: Date?, _ at: Date) -> String {
        guard let since, at.timeIntervalSince(since) >= 1 else { return "" }
        return " over " + elapsed(from: since, to: at)
    }

    /// A span as its two largest units ("1d 4h", "2h 3m", "5m 10s", "42s"): precise enough to read at a glance.
    static func elapsed(from start: Date, to end: Date) -> String {
        let total = max(0, Int(end.timeIntervalSince(start).rounded(.down)))
        let (days, hours, minutes, seconds) = (total / 86_400, total / 3600 % 24, total / 60 % 60, total % 60)
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        if minutes > 0 { return seconds > 0 ? "\(minutes)m \(seconds)s" : "\(minutes)m" }
        return "\(seconds)s"
    }
}
