public import Foundation

/// The one politeness engine: after each poll it decides when the source is polled next and why.
///
/// Pure and deterministic: no clock (times come from the observation or `now`), no I/O, and randomness is injected,
/// so every rule is tested with exact times.
public struct SchedulePlanner: Sendable {
    /// The settings the engine applies.
    public let policy: PolitenessPolicy
    /// A number in 0..<1 for each jitter; tests pass a constant.
    private let random: @Sendable () -> Double

    /// The longest start-up spread: long enough that 5,000 overdue sources do not fire in one instant, short enough
    /// that a restart does not noticeably delay anything.
    public static let startupWindow: Duration = .seconds(60)

    /// Creates a planner; `random` must return numbers in 0..<1 (values outside are clamped).
    public init(policy: PolitenessPolicy, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.policy = policy
        self.random = random
    }

    /// After a poll: the next poll time and why, health transitions, moves. Mutates `schedule`.
    ///
    /// `interval` is the source's own `interval`, nil for the daemon's; `url` is the URL that was polled.
    public func plan(
        _ observation: PollObservation,
        interval: Duration?,
        url: String,
        schedule: inout SourceSchedule
    ) -> PollPlan {
        // Hints from a parsed feed replace the remembered ones (a feed that drops its ttl drops it here too);
        // a 304 or an unchanged body parses nothing, so the remembered hints still apply.
        if let hints = observation.hints { schedule.hints = hints }
        let failure = observation.failureReason
        let move = trackRedirect(observation, succeeded: failure == nil, url: url, schedule: &schedule)
        var plan =
            if let failure {
                planFailure(observation, failure: failure, schedule: &schedule)
            } else {
                planSuccess(observation, interval: interval, schedule: &schedule)
            }
        plan.move = move
        schedule.nextPollAt = plan.nextPollAt
        schedule.nextPollReason = plan.reason
        return plan
    }

    /// At start-up (or when a source is added): when to poll first.
    ///
    /// A stored nextPollAt still in the future is kept with its reason, so a restart neither bursts nor forgets a
    /// backoff or a Retry-After; but never later than the longest wait the planner could have chosen from `now`
    /// (the clock stepped back, or the bounds were lowered), then with reason `max_interval`.
    /// An overdue or never-polled source is due at a random point in the next min(interval × jitter, 60 s), so a
    /// restart of 5,000 sources spreads them out instead of firing them all at once; with jitter 0 they are all due
    /// now, as asked.
    public func firstPoll(
        _ schedule: SourceSchedule,
        interval: Duration?,
        now: Date
    ) -> (at: Date, reason: NextPollReason) {
        let base = baseInterval(interval).seconds
        if let stored = schedule.nextPollAt, stored > now {
            let longest = max(policy.maxInterval.timeInterval, policy.backoffMax.timeInterval, base)
            let latest = now.adding(seconds: longest)
            if stored > latest { return (latest, .maxInterval) }
            return (stored, schedule.nextPollReason ?? .interval)
        }
        let window = min(base * policy.jitter, Self.startupWindow.timeInterval)
        return (now.adding(seconds: window * unitRandom()), .startup)
    }

    // MARK: - Success

    private func planSuccess(
        _ observation: PollObservation,
        interval: Duration?,
        schedule: inout SourceSchedule
    ) -> PollPlan {
        let finished = observation.finishedAt
        let base = baseInterval(interval)
        var (wait, reason) = base
        // Hints only ever lengthen the wait: a feed may ask to be polled less, never more, than we chose.
        if let requested = schedule.hints?.requestedWait, requested.seconds > wait {
            (wait, reason) = requested
        }
        // max_interval caps what the hints make of the interval. A source configured above it keeps its own
        // interval: the ceiling is for the feed's hints, the operator's explicit choice wins (see DaemonConfig).
        let ceiling = max(policy.maxInterval.timeInterval, base.seconds)
        if wait > ceiling { (wait, reason) = (ceiling, .maxInterval) }
        // Jitter after the clamp, then back inside the bounds: min_interval is a promise to the publisher, so
        // jitter only moves a wait at a bound inward. Never below 1 s, so a zero config cannot spin.
        let floor = max(policy.minInterval.timeInterval, 1)
        let jittered = min(max(wait * jitterFactor(), floor), max(ceiling, floor))
        var next = finished.adding(seconds: jittered)
        // skipHours / skipDays move the poll out of a skipped window, but no later than the ceiling (a feed cannot
        // park itself past max_interval) and never earlier than jitter already put it.
        if let windows = schedule.hints.flatMap(SkipWindows.init), let moved = windows.firstAllowed(atOrAfter: next) {
            let limit = max(next, finished.adding(seconds: ceiling))
            (next, reason) = moved.at > limit ? (limit, .maxInterval) : (moved.at, moved.reason)
        }

        // The first success after any failure ends the lifecycle: recovered, once.
        var transition: HealthTransition?
        if schedule.health != .healthy {
            transition = .recovered(
                from: schedule.health,
                status: observation.status,
                streak: schedule.failureStreak,
                since: schedule.failuresSince,
                at: finished
            )
        }
        schedule.health = .healthy
        schedule.failureStreak = 0
        schedule.failuresSince = nil
        return PollPlan(nextPollAt: next, reason: reason, transition: transition)
    }

    /// The source's interval (or the daemon's), raised to min_interval, which is the floor for both.
    private func baseInterval(_ interval: Duration?) -> (seconds: Double, reason: NextPollReason) {
        let configured = (interval ?? policy.interval).timeInterval
        let floor = policy.minInterval.timeInterval
        return configured < floor ? (floor, .minInterval) : (configured, .interval)
    }

    // MARK: - Failure

    private func planFailure(
        _ observation: PollObservation,
        failure: String,
        schedule: inout SourceSchedule
    ) -> PollPlan {
        let finished = observation.finishedAt
        schedule.failureStreak += 1
        if schedule.failuresSince == nil { schedule.failuresSince = finished }
        let streak = schedule.failureStreak

        // A failing source stays failing until a success, even if failing_after is raised meanwhile: health only
        // improves by recovering.
        let before = schedule.health
        let after: SourceHealth = before == .failing || streak >= policy.failingAfter ? .failing : .backingOff
        var transition: HealthTransition?
        if before != after {
            transition =
                after == .failing
                ? .failing(from: before, streak: streak, since: schedule.failuresSince, at: finished, failure: failure)
                : .backingOff(from: before, failure: failure)
        }
        schedule.health = after

        // backoff_initial × 2^(streak − 1), capped at backoff_max; a failing source waits the cap (never disabled).
        // Jitter spreads sources that failed together (a network outage) but never goes above the cap.
        let cap = policy.backoffMax.timeInterval
        var (wait, reason): (Double, NextPollReason) =
            after == .failing
            ? (cap, .failing)
            : (min(policy.backoffInitial.timeInterval * pow(2, Double(min(streak - 1, 64))), cap), .backoff)
        wait = max(min(wait * jitterFactor(), cap), 1)

        // 429 and 503 speak for the whole host and port. With Retry-After the source waits at least that long
        // (capped, so a silly header cannot park it forever) and so does every source on the host; without it the
        // host is blocked for this source's backoff. Retry-After on any other status is ignored: it is only defined
        // as a throttle on these two (and on a 3xx it would just delay a redirect we follow anyway).
        var hostBlockedUntil: Date?
        if observation.isThrottled {
            if let retryAfter = observation.retryAfter {
                let retry = min(max(retryAfter.timeInterval, 0), policy.retryAfterCap.timeInterval)
                hostBlockedUntil = finished.adding(seconds: retry)
                if retry >= wait { (wait, reason) = (retry, .retryAfter) }
            } else {
                hostBlockedUntil = finished.adding(seconds: wait)
            }
        }
        return PollPlan(
            nextPollAt: finished.adding(seconds: wait),
            reason: reason,
            transition: transition,
            hostBlockedUntil: hostBlockedUntil
        )
    }

    // MARK: - Redirects

    /// Counts polls in a row that saw the same permanent redirect; returns the move once there were move_after.
    ///
    /// Only a response counts: a poll with no response (status nil) saw nothing and leaves the count alone. A
    /// response without a permanent redirect (a 200 at the old URL, or a 302/307 anywhere on the way, which the
    /// daemon reports as no permanent redirect) breaks the row. A permanent redirect to a target that then failed
    /// neither counts nor breaks: the move must be earned by a target that works, but its bad moment is no proof
    /// that the redirect went away.
    private func trackRedirect(
        _ observation: PollObservation,
        succeeded: Bool,
        url: String,
        schedule: inout SourceSchedule
    ) -> SourceMove? {
        guard observation.status != nil else { return nil }
        guard let target = observation.permanentRedirect, target != url else {
            schedule.redirectTarget = nil
            schedule.redirectStreak = 0
            return nil
        }
        guard succeeded else { return nil }
        if schedule.redirectTarget == target {
            schedule.redirectStreak += 1
        } else {
            schedule.redirectTarget = target
            schedule.redirectStreak = 1
        }
        guard schedule.redirectStreak >= policy.moveAfter else { return nil }
        let move = SourceMove(from: url, to: target, polls: schedule.redirectStreak)
        schedule.redirectTarget = nil
        schedule.redirectStreak = 0
        return move
    }

    // MARK: - Randomness

    /// 1 ± jitter, uniformly.
    private func jitterFactor() -> Double {
        1 + policy.jitter * (2 * unitRandom() - 1)
    }

    private func unitRandom() -> Double {
        let value = random()
        return value.isFinite ? min(max(value, 0), 1) : 0.5
    }
}
