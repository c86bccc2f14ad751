/// Why the next poll is when it is; written to every poll's log line and to `feedwatch status`.
public enum NextPollReason: String, Sendable, Hashable, CaseIterable {
    /// The first poll after start-up (or after the source was added), spread over a short window.
    case startup
    /// The source's interval (or the daemon's), with jitter.
    case interval
    /// The feed's RSS `ttl` asked for a longer wait.
    case ttl
    /// The feed's `sy:updatePeriod` / `sy:updateFrequency` asked for a longer wait.
    case updatePeriod = "update_period"
    /// The time fell in one of the feed's `skipHours`; moved to the first allowed hour.
    case skipHours = "skip_hours"
    /// The time fell on one of the feed's `skipDays`; moved to the first allowed day.
    case skipDays = "skip_days"
    /// The poll failed: a doubling wait.
    case backoff
    /// The source is failing: polled at `backoff_max`.
    case failing
    /// The server sent 429/503 with a `Retry-After` longer than the backoff.
    case retryAfter = "retry_after"
    /// The wait was raised to `min_interval`.
    case minInterval = "min_interval"
    /// The feed's hints were capped at `max_interval`.
    case maxInterval = "max_interval"
}
