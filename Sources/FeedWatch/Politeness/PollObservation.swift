public import FeedCore
public import Foundation

/// What one poll told the engine.
public struct PollObservation: Sendable, Hashable {
    /// When the poll ended; every time the engine plans is relative to it.
    public var finishedAt: Date
    /// The final HTTP status, nil when no response arrived (or the source is a local path).
    public var status: Int?
    /// Why the poll failed, nil on success (2xx, 304, unchanged body).
    public var failure: String?
    /// The `Retry-After` delay, relative to `finishedAt`; only heeded on 429 and 503.
    public var retryAfter: Duration?
    /// The hints of a feed parsed on this poll.
    public var hints: PublishingHints?
    /// The final URL when every redirect hop was 301/308; nil when there was none or any hop was temporary.
    public var permanentRedirect: String?

    /// Creates an observation.
    public init(
        finishedAt: Date,
        status: Int?,
        failure: String? = nil,
        retryAfter: Duration? = nil,
        hints: PublishingHints? = nil,
        permanentRedirect: String? = nil
    ) {
        self.finishedAt = finishedAt
        self.status = status
        self.failure = failure
        self.retryAfter = retryAfter
        self.hints = hints
        self.permanentRedirect = permanentRedirect
    }

    /// Why the poll counts as failed, or nil when it succeeded.
    ///
    /// The daemon's `failure` decides, but a status outside 2xx/304 is a failure even when the daemon left it nil,
    /// so a 429 or 503 always backs off.
    var failureReason: String? {
        if let failure { return failure }
        guard let status, !(200..<300).contains(status), status != 304 else { return nil }
        return "HTTP \(status)"
    }

    /// True for the statuses with which a server asks every client to slow down (the whole host, not one URL).
    var isThrottled: Bool { status == 429 || status == 503 }
}
