import FeedCore
import Foundation
import Testing

@testable import FeedWatch

/// Monday 1 January 2024, 00:00 GMT: every time below is an offset from it, so expected times are exact.
private let monday = Date(timeIntervalSince1970: 1_704_067_200)
private let url = "https://example.com/feed.xml"

private func at(_ seconds: Double) -> Date { monday.addingTimeInterval(seconds) }

/// A planner on the default `[daemon]` settings (interval 15 min, min 5 min, max 24 h, jitter 0.1, backoff 60 s
/// doubling to 6 h, failing after 5, move after 3), with `random` fixed; 0.5 means no jitter.
private func planner(random: Double = 0.5, _ configure: (inout DaemonConfig) -> Void = { _ in }) -> SchedulePlanner {
    var daemon = DaemonConfig()
    configure(&daemon)
    return SchedulePlanner(policy: PolitenessPolicy(daemon), random: { random })
}

private func hints(
    ttl: Int? = nil,
    skipHours: [Int] = [],
    skipDays: [String] = [],
    period: String? = nil,
    frequency: Int? = nil
) -> PublishingHints {
    var hints = PublishingHints()
    hints.ttlMinutes = ttl
    hints.skipHours = skipHours
    hints.skipDays = skipDays
    hints.updatePeriod = period
    hints.updateFrequency = frequency
    return hints
}

private func ok(
    _ finished: Date,
    status: Int? = 200,
    hints: PublishingHints? = nil,
    redirect: String? = nil
)
    -> PollObservation
{
    PollObservation(finishedAt: finished, status: status, hints: hints, permanentRedirect: redirect)
}

private func failed(
    _ finished: Date,
    status: Int? = 500,
    failure: String = "HTTP 500",
    retryAfter: Duration? = nil
)
    -> PollObservation
{
    PollObservation(finishedAt: finished, status: status, failure: failure, retryAfter: retryAfter)
}

@Suite("SchedulePlanner: after a success")
struct SchedulePlannerSuccessTests {
    @Test("the daemon's interval, remembered in the schedule")
    func daemonInterval() {
        var schedule = SourceSchedule()
        let plan = planner().plan(ok(monday), interval: nil, url: url, schedule: &schedule)
        #expect(plan == PollPlan(nextPollAt: at(900), reason: .interval))
        #expect(schedule.nextPollAt == at(900))
        #expect(schedule.nextPollReason == .interval)
        #expect(schedule.health == .healthy)
    }

    @Test("a 304 and a local file (no status) are successes too")
    func notModifiedAndNoStatus() {
        var schedule = SourceSchedule()
        #expect(
            planner().plan(ok(monday, status: 304), interval: nil, url: url, schedule: &schedule).reason == .interval
        )
        #expect(
            planner().plan(ok(monday, status: nil), interval: nil, url: url, schedule: &schedule).reason == .interval
        )
        #expect(schedule.failureStreak == 0)
    }

    @Test("the source's own interval wins over the daemon's")
    func sourceInterval() {
        var schedule = SourceSchedule()
        let plan = planner().plan(ok(monday), interval: .seconds(3600), url: url, schedule: &schedule)
        #expect(plan.nextPollAt == at(3600))
        #expect(plan.reason == .interval)
    }

    @Test(
        "jitter stretches or shrinks by up to the jitter fraction",
        arguments: [
            (0.0, 810.0), (0.25, 855), (0.5, 900), (0.75, 945), (1.0, 990), (-3, 810), (7, 990),
        ]
    )
    func jitter(random: Double, expected: Double) {
        var schedule = SourceSchedule()
        let plan = planner(random: random).plan(ok(monday), interval: nil, url: url, schedule: &schedule)
        #expect(plan.nextPollAt == at(expected))
    }

    @Test(
        "an interval below min_interval is raised to it, and jitter never takes it below",
        arguments: [
            (0.5, 300.0), (0.0, 300), (1.0, 330),
        ]
    )
    func minInterval(random: Double, expected: Double) {
        var schedule = SourceSchedule()
        let plan = planner(random: random).plan(ok(monday), interval: .seconds(60), url: url, schedule: &schedule)
        #expect(plan.nextPollAt == at(expected))
        #expect(plan.reason == .minInterval)
    }

    @Test("a longer RSS ttl lengthens the wait; a shorter one is ignored")
    func ttl() {
        var schedule = SourceSchedule()
        let longer = planner().plan(ok(monday, hints: hints(ttl: 60)), interval: nil, url: url, schedule: &schedule)
        #expect(longer == PollPlan(nextPollAt: at(3600), reason: .ttl))
        let shorter = planner().plan(ok(monday, hints: hints(ttl: 5)), interval: nil, url: url, schedule: &schedule)
        #expect(shorter == PollPlan(nextPollAt: at(900), reason: .interval))
    }

    @Test(
        "sy:updatePeriod / updateFrequency lengthen the wait to period / frequency",
        arguments: [
            (String?("hourly"), Int?(2), 1800.0, NextPollReason.updatePeriod),
            ("Daily", nil, 86_400, .updatePeriod),
            (nil, 4, 21_600, .updatePeriod),  // the period defaults to daily
            ("weekly", 1, 86_400, .maxInterval),  // a week is capped at max_interval
            ("hourly", 8, 900, .interval),  // 7.5 min is shorter than the interval
            ("fortnightly", 1, 900, .interval),  // unknown period
            ("daily", 0, 900, .interval),  // nonsense frequency
        ]
    )
    func updatePeriod(period: String?, frequency: Int?, expected: Double, reason: NextPollReason) {
        var schedule = SourceSchedule()
        let observation = ok(monday, hints: hints(period: period, frequency: frequency))
        let plan = planner().plan(observation, interval: nil, url: url, schedule: &schedule)
        #expect(plan == PollPlan(nextPollAt: at(expected), reason: reason))
    }

    @Test("of ttl and updatePeriod the longer one decides")
    func ttlAgainstUpdatePeriod() {
        var schedule = SourceSchedule()
        let ttlWins = ok(monday, hints: hints(ttl: 120, period: "hourly"))
        #expect(planner().plan(ttlWins, interval: nil, url: url, schedule: &schedule).reason == .ttl)
        let periodWins = ok(monday, hints: hints(ttl: 30, period: "hourly"))
        let plan = planner().plan(periodWins, interval: nil, url: url, schedule: &schedule)
        #expect(plan == PollPlan(nextPollAt: at(3600), reason: .updatePeriod))
    }

    @Test(
        "hints are capped at max_interval, and jitter never takes the wait above it",
        arguments: [
            (0.5, 86_400.0), (1.0, 86_400), (0.0, 77_760),
        ]
    )
    func maxInterval(random: Double, expected: Double) {
        var schedule = SourceSchedule()
        let plan = planner(random: random).plan(
            ok(monday, hints: hints(ttl: 3000)),
            interval: nil,
            url: url,
            schedule: &schedule
        )
        #expect(plan == PollPlan(nextPollAt: at(expected), reason: .maxInterval))
    }

    @Test("a source configured above max_interval keeps its interval: the ceiling is for hints")
    func configuredAboveMax() {
        var schedule = SourceSchedule()
        let plan = planner().plan(
            ok(monday, hints: hints(ttl: 7 * 24 * 60)),
            interval: .seconds(2 * 86_400),
            url: url,
            schedule: &schedule
        )
        #expect(plan == PollPlan(nextPollAt: at(172_800), reason: .maxInterval))
        var fresh = SourceSchedule()
        let plain = planner().plan(ok(monday), interval: .seconds(2 * 86_400), url: url, schedule: &fresh)
        #expect(plain == PollPlan(nextPollAt: at(172_800), reason: .interval))
    }

    @Test("hints are remembered across 304s and replaced by the next parsed feed")
    func hintsRemembered() {
        var schedule = SourceSchedule()
        let p = planner()
        _ = p.plan(ok(monday, hints: hints(ttl: 60)), interval: nil, url: url, schedule: &schedule)
        #expect(schedule.hints?.ttlMinutes == 60)
        let notModified = p.plan(ok(at(3600), status: 304), interval: nil, url: url, schedule: &schedule)
        #expect(notModified == PollPlan(nextPollAt: at(7200), reason: .ttl))
        let failedPoll = p.plan(failed(at(7200)), interval: nil, url: url, schedule: &schedule)
        #expect(failedPoll.reason == .backoff)
        #expect(schedule.hints?.ttlMinutes == 60)
        let dropped = p.plan(ok(at(7260), hints: PublishingHints()), interval: nil, url: url, schedule: &schedule)
        #expect(dropped.nextPollAt == at(7260 + 900))
        #expect(dropped.reason == .interval)
    }
}

@Suite("SchedulePlanner: skipHours and skipDays")
struct SchedulePlannerSkipTests {
    private func plan(finished: Date, _ hints: PublishingHints, random: Double = 0.5) -> PollPlan {
        var schedule = SourceSchedule()
        return planner(random: random).plan(ok(finished, hints: hints), interval: nil, url: url, schedule: &schedule)
    }

    @Test("a time in a skipped hour moves to the start of the first allowed hour")
    func skipHour() {
        // Monday 10:50 + 15 min = 11:05, in skipped hour 11 → 12:00.
        let result = plan(finished: at(10 * 3600 + 50 * 60), hints(skipHours: [11]))
        #expect(result == PollPlan(nextPollAt: at(12 * 3600), reason: .skipHours))
    }

    @Test("skipped hours wrap past midnight into the next day")
    func skipHoursPastMidnight() {
        // Monday 22:50 + 15 min = 23:05; 23, 0 and 1 are skipped → Tuesday 02:00.
        let result = plan(finished: at(22 * 3600 + 50 * 60), hints(skipHours: [23, 0, 1]))
        #expect(result == PollPlan(nextPollAt: at(26 * 3600), reason: .skipHours))
    }

    @Test("a time outside the skipped hours is left alone")
    func allowedHour() {
        let result = plan(finished: monday, hints(skipHours: [3, 4]))
        #expect(result == PollPlan(nextPollAt: at(900), reason: .interval))
    }

    @Test("a time on a skipped day moves to the next allowed midnight GMT; day names ignore case")
    func skipDay() {
        // Saturday 6 January 12:00 + 15 min → Sunday 00:00.
        let saturdayNoon = at(5 * 86_400 + 12 * 3600)
        let result = plan(finished: saturdayNoon, hints(skipDays: ["SATURDAY"]))
        #expect(result == PollPlan(nextPollAt: at(6 * 86_400), reason: .skipDays))
    }

    @Test("a skip is never later than finishedAt + max_interval")
    func skipCappedAtMax() {
        // Saturday and Sunday skipped: Monday 00:00 is 36 h away, past the 24 h ceiling → Sunday 12:00.
        let saturdayNoon = at(5 * 86_400 + 12 * 3600)
        let result = plan(finished: saturdayNoon, hints(skipDays: ["Saturday", "Sunday"]))
        #expect(result == PollPlan(nextPollAt: at(6 * 86_400 + 12 * 3600), reason: .maxInterval))
    }

    @Test("a skipped day then skipped hours: skip_days is the reason")
    func skipDayThenHours() {
        let saturdayNoon = at(5 * 86_400 + 12 * 3600)
        let result = plan(finished: saturdayNoon, hints(skipHours: [0, 1, 2, 3, 4, 5], skipDays: ["Saturday"]))
        #expect(result == PollPlan(nextPollAt: at(6 * 86_400 + 6 * 3600), reason: .skipDays))
    }

    @Test("all 24 hours or all 7 days skipped: that hint is ignored")
    func everythingSkipped() {
        let allHours = plan(finished: monday, hints(skipHours: Array(0..<24)))
        #expect(allHours == PollPlan(nextPollAt: at(900), reason: .interval))
        let allDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let days = plan(finished: monday, hints(skipDays: allDays))
        #expect(days == PollPlan(nextPollAt: at(900), reason: .interval))
        // All days ignored, but the hours still count.
        let mixed = plan(finished: monday, hints(skipHours: [0], skipDays: allDays))
        #expect(mixed == PollPlan(nextPollAt: at(3600), reason: .skipHours))
    }

    @Test("skips apply after jitter and also to remembered hints")
    func skipAfterJitterAndRemembered() {
        var schedule = SourceSchedule()
        let p = planner(random: 1.0)
        // 10:40 + 990 s = 10:56:30: allowed. Hour 10 itself is not skipped; 11 is.
        let first = p.plan(
            ok(at(10 * 3600 + 40 * 60), hints: hints(skipHours: [11])),
            interval: nil,
            url: url,
            schedule: &schedule
        )
        #expect(first == PollPlan(nextPollAt: at(10 * 3600 + 56 * 60 + 30), reason: .interval))
        let second = p.plan(ok(at(10 * 3600 + 50 * 60), status: 304), interval: nil, url: url, schedule: &schedule)
        #expect(second == PollPlan(nextPollAt: at(12 * 3600), reason: .skipHours))
    }
}

@Suite("SchedulePlanner: failures and the health lifecycle")
struct SchedulePlannerFailureTests {
    @Test("healthy → backing_off → failing → recovered, one transition each, exact times")
    func lifecycle() {
        let p = planner()
        var schedule = SourceSchedule()
        var transitions: [HealthTransition] = []
        var finished = monday
        let expected: [(wait: Double, reason: NextPollReason, health: SourceHealth)] = [
            (60, .backoff, .backingOff), (120, .backoff, .backingOff), (240, .backoff, .backingOff),
            (480, .backoff, .backingOff), (21_600, .failing, .failing), (21_600, .failing, .failing),
        ]
        for (index, step) in expected.enumerated() {
            let plan = p.plan(failed(finished), interval: nil, url: url, schedule: &schedule)
            #expect(plan.nextPollAt == finished.addingTimeInterval(step.wait), "poll \(index + 1)")
            #expect(plan.reason == step.reason, "poll \(index + 1)")
            #expect(schedule.health == step.health, "poll \(index + 1)")
            #expect(schedule.failureStreak == index + 1)
            transitions += plan.transition.map { [$0] } ?? []
            finished = plan.nextPollAt
        }
        #expect(finished == at(44_100))
        let recovery = p.plan(ok(finished), interval: nil, url: url, schedule: &schedule)
        #expect(recovery.nextPollAt == at(45_000))
        #expect(recovery.reason == .interval)
        transitions += recovery.transition.map { [$0] } ?? []
        #expect(
            transitions == [
                HealthTransition(from: .healthy, to: .backingOff, event: "backing_off", reason: "HTTP 500"),
                HealthTransition(
                    from: .backingOff,
                    to: .failing,
                    event: "failing",
                    reason: "5 failures in a row over 15m, last: HTTP 500"
                ),
                HealthTransition(
                    from: .failing,
                    to: .healthy,
                    event: "recovered",
                    reason: "HTTP 200 after 6 failures over 12h 15m"
                ),
            ]
        )
        #expect(schedule.health == .healthy)
        #expect(schedule.failureStreak == 0)
        #expect(schedule.failuresSince == nil)
        // Healthy again: the next success changes nothing.
        #expect(p.plan(ok(at(45_000)), interval: nil, url: url, schedule: &schedule).transition == nil)
    }

    @Test("recovering from backing_off, and after a single failure")
    func recoverFromBackingOff() {
        let p = planner()
        var schedule = SourceSchedule()
        _ = p.plan(
            failed(monday, status: nil, failure: "connection refused"),
            interval: nil,
            url: url,
            schedule: &schedule
        )
        let plan = p.plan(ok(at(60), status: 304), interval: nil, url: url, schedule: &schedule)
        #expect(
            plan.transition
                == HealthTransition(
                    from: .backingOff,
                    to: .healthy,
                    event: "recovered",
                    reason: "HTTP 304 after 1 failure over 1m"
                )
        )
    }

    @Test(
        "the backoff doubles and stops at backoff_max",
        arguments: [
            (0.5, [60.0, 120, 240, 300, 300, 300]),
            (1.0, [66.0, 132, 264, 300, 300, 300]),  // jitter never goes above the cap
            (0.0, [54.0, 108, 216, 270, 270, 270]),
        ]
    )
    func doublingAndCap(random: Double, waits: [Double]) {
        let p = planner(random: random) {
            $0.backoffMax = .seconds(300)
            $0.failingAfter = 100
        }
        var schedule = SourceSchedule()
        for (index, wait) in waits.enumerated() {
            let finished = at(Double(index) * 1000)
            let plan = p.plan(failed(finished), interval: nil, url: url, schedule: &schedule)
            #expect(plan.nextPollAt == finished.addingTimeInterval(wait), "failure \(index + 1)")
            #expect(plan.reason == .backoff)
            #expect(plan.transition == (index == 0 ? .backingOff(from: .healthy, failure: "HTTP 500") : nil))
        }
    }

    @Test("failing_after = 1: healthy → failing in one transition")
    func failingAtOnce() {
        var schedule = SourceSchedule()
        let plan = planner { $0.failingAfter = 1 }.plan(failed(monday), interval: nil, url: url, schedule: &schedule)
        #expect(plan.reason == .failing)
        #expect(plan.nextPollAt == at(21_600))
        #expect(plan.transition?.event == "failing")
        #expect(plan.transition?.from == .healthy)
        #expect(plan.transition?.reason == "1 failure in a row, last: HTTP 500")
    }

    @Test("a failing source is polled at the cap forever, however long the streak")
    func neverDisabled() {
        var schedule = SourceSchedule()
        schedule.health = .failing
        schedule.failureStreak = 100_000
        let plan = planner().plan(failed(monday), interval: nil, url: url, schedule: &schedule)
        #expect(plan == PollPlan(nextPollAt: at(21_600), reason: .failing))
        #expect(schedule.failureStreak == 100_001)
        // A huge streak that is (oddly) not yet failing does not overflow the doubling either.
        var backing = SourceSchedule()
        backing.health = .backingOff
        backing.failureStreak = 5_000
        let capped = planner { $0.failingAfter = 1_000_000 }.plan(
            failed(monday),
            interval: nil,
            url: url,
            schedule: &backing
        )
        #expect(capped == PollPlan(nextPollAt: at(21_600), reason: .backoff))
    }

    @Test("raising failing_after does not demote a failing source")
    func failingStaysFailing() {
        var schedule = SourceSchedule()
        schedule.health = .failing
        schedule.failureStreak = 5
        let plan = planner { $0.failingAfter = 50 }.plan(failed(monday), interval: nil, url: url, schedule: &schedule)
        #expect(plan.transition == nil)
        #expect(plan.reason == .failing)
        #expect(schedule.health == .failing)
    }

    @Test("a status outside 2xx/304 fails even when the daemon gave no failure text")
    func statusFails() {
        var schedule = SourceSchedule()
        let plan = planner().plan(ok(monday, status: 404), interval: nil, url: url, schedule: &schedule)
        #expect(plan.reason == .backoff)
        #expect(plan.transition?.reason == "HTTP 404")
    }
}

@Suite("SchedulePlanner: 429, 503 and Retry-After")
struct SchedulePlannerRetryAfterTests {
    @Test("429 with Retry-After longer than the backoff: the source and its host wait for it")
    func retryAfterWins() {
        var schedule = SourceSchedule()
        let observation = failed(monday, status: 429, failure: "HTTP 429", retryAfter: .seconds(120))
        let plan = planner().plan(observation, interval: nil, url: url, schedule: &schedule)
        #expect(plan.nextPollAt == at(120))
        #expect(plan.reason == .retryAfter)
        #expect(plan.hostBlockedUntil == at(120))
        #expect(plan.transition?.event == "backing_off")
        #expect(schedule.failureStreak == 1)
    }

    @Test("503 with a Retry-After shorter than the backoff: the backoff decides, the host waits the Retry-After")
    func backoffWins() {
        var schedule = SourceSchedule()
        let observation = failed(monday, status: 503, failure: "HTTP 503", retryAfter: .seconds(30))
        let plan = planner().plan(observation, interval: nil, url: url, schedule: &schedule)
        #expect(plan.nextPollAt == at(60))
        #expect(plan.reason == .backoff)
        #expect(plan.hostBlockedUntil == at(30))
    }

    @Test(
        "a Retry-After is capped at max(max_interval, backoff_max)",
        arguments: [
            (Int64(10 * 86_400), 86_400.0),
            (Int64.max, 86_400.0),
            (Int64(-5), 60.0),  // a negative delay is 0: the backoff decides
        ]
    )
    func retryAfterCap(seconds: Int64, expected: Double) {
        var schedule = SourceSchedule()
        let observation = failed(monday, status: 429, failure: "HTTP 429", retryAfter: .seconds(seconds))
        let plan = planner().plan(observation, interval: nil, url: url, schedule: &schedule)
        #expect(plan.nextPollAt == at(expected))
        #expect(plan.hostBlockedUntil == at(min(max(Double(seconds), 0), 86_400)))
    }

    @Test("a failing source's Retry-After above backoff_max still counts, up to the cap")
    func retryAfterWhileFailing() {
        var schedule = SourceSchedule()
        schedule.health = .failing
        schedule.failureStreak = 9
        let observation = failed(monday, status: 503, failure: "HTTP 503", retryAfter: .seconds(2 * 86_400))
        let plan = planner().plan(observation, interval: nil, url: url, schedule: &schedule)
        #expect(plan == PollPlan(nextPollAt: at(86_400), reason: .retryAfter, hostBlockedUntil: at(86_400)))
    }

    @Test("429 or 503 without Retry-After blocks the host for the backoff wait", arguments: [429, 503])
    func noRetryAfter(status: Int) {
        var schedule = SourceSchedule()
        schedule.health = .backingOff
        schedule.failureStreak = 2
        let plan = planner().plan(
            failed(monday, status: status, failure: "HTTP \(status)"),
            interval: nil,
            url: url,
            schedule: &schedule
        )
        #expect(plan == PollPlan(nextPollAt: at(240), reason: .backoff, hostBlockedUntil: at(240)))
    }

    @Test("Retry-After on any other status is ignored")
    func retryAfterIgnored() {
        var schedule = SourceSchedule()
        let success = PollObservation(finishedAt: monday, status: 200, retryAfter: .seconds(7200))
        #expect(
            planner().plan(success, interval: nil, url: url, schedule: &schedule)
                == PollPlan(nextPollAt: at(900), reason: .interval)
        )
        let serverError = failed(monday, status: 500, retryAfter: .seconds(7200))
        #expect(
            planner().plan(serverError, interval: nil, url: url, schedule: &schedule)
                == PollPlan(
                    nextPollAt: at(60),
                    reason: .backoff,
                    transition: .backingOff(from: .healthy, failure: "HTTP 500")
                )
        )
        let redirect = PollObservation(
            finishedAt: at(100),
            status: 200,
            retryAfter: .seconds(7200),
            permanentRedirect: "https://new.example/feed"
        )
        let plan = planner().plan(redirect, interval: nil, url: url, schedule: &schedule)
        #expect(plan.nextPollAt == at(1000))
        #expect(plan.hostBlockedUntil == nil)
    }
}

@Suite("SchedulePlanner: permanent redirects")
struct SchedulePlannerRedirectTests {
    private let target = "https://new.example.com/feed.xml"

    @Test("the same permanent redirect move_after polls in a row moves the source, then the count starts over")
    func moveAfterThree() {
        let p = planner()
        var schedule = SourceSchedule()
        for poll in 1...2 {
            let plan = p.plan(
                ok(at(Double(poll) * 900), redirect: target),
                interval: nil,
                url: url,
                schedule: &schedule
            )
            #expect(plan.move == nil)
            #expect(schedule.redirectTarget == target)
            #expect(schedule.redirectStreak == poll)
        }
        let third = p.plan(ok(at(2700), redirect: target), interval: nil, url: url, schedule: &schedule)
        #expect(third.move == SourceMove(from: url, to: target, polls: 3))
        #expect(third.nextPollAt == at(3600))
        #expect(schedule.redirectTarget == nil)
        #expect(schedule.redirectStreak == 0)
    }

    @Test("a poll without a permanent redirect (say a 302 on the way) breaks the row")
    func resetOnTemporaryRedirect() {
        let p = planner()
        var schedule = SourceSchedule()
        _ = p.plan(ok(monday, redirect: target), interval: nil, url: url, schedule: &schedule)
        _ = p.plan(ok(at(900), redirect: target), interval: nil, url: url, schedule: &schedule)
        _ = p.plan(ok(at(1800), redirect: nil), interval: nil, url: url, schedule: &schedule)
        #expect(schedule.redirectTarget == nil)
        #expect(schedule.redirectStreak == 0)
        let next = p.plan(ok(at(2700), redirect: target), interval: nil, url: url, schedule: &schedule)
        #expect(next.move == nil)
        #expect(schedule.redirectStreak == 1)
    }

    @Test("a different target starts the count again")
    func differentTarget() {
        let p = planner()
        var schedule = SourceSchedule()
        _ = p.plan(ok(monday, redirect: target), interval: nil, url: url, schedule: &schedule)
        _ = p.plan(ok(at(900), redirect: target), interval: nil, url: url, schedule: &schedule)
        let other = p.plan(
            ok(at(1800), redirect: "https://other.example/feed"),
            interval: nil,
            url: url,
            schedule: &schedule
        )
        #expect(other.move == nil)
        #expect(schedule.redirectTarget == "https://other.example/feed")
        #expect(schedule.redirectStreak == 1)
    }

    @Test("no response leaves the count alone; a failing target neither counts nor breaks it")
    func noResponseAndFailures() {
        let p = planner()
        var schedule = SourceSchedule()
        _ = p.plan(ok(monday, redirect: target), interval: nil, url: url, schedule: &schedule)
        _ = p.plan(failed(at(900), status: nil, failure: "timed out"), interval: nil, url: url, schedule: &schedule)
        #expect(schedule.redirectStreak == 1)
        let brokenTarget = PollObservation(
            finishedAt: at(1000),
            status: 500,
            failure: "HTTP 500",
            permanentRedirect: target
        )
        _ = p.plan(brokenTarget, interval: nil, url: url, schedule: &schedule)
        #expect(schedule.redirectStreak == 1)
        #expect(schedule.redirectTarget == target)
        _ = p.plan(ok(at(1100), redirect: target), interval: nil, url: url, schedule: &schedule)
        let moved = p.plan(ok(at(2000), redirect: target), interval: nil, url: url, schedule: &schedule)
        #expect(moved.move == SourceMove(from: url, to: target, polls: 3))
    }

    @Test("a redirect back to the polled URL is no redirect; move_after = 1 moves at once")
    func sameURLAndMoveAfterOne() {
        var schedule = SourceSchedule()
        schedule.redirectTarget = target
        schedule.redirectStreak = 2
        _ = planner().plan(ok(monday, redirect: url), interval: nil, url: url, schedule: &schedule)
        #expect(schedule.redirectStreak == 0)
        let plan = planner { $0.moveAfter = 1 }.plan(
            ok(monday, redirect: target),
            interval: nil,
            url: url,
            schedule: &schedule
        )
        #expect(plan.move == SourceMove(from: url, to: target, polls: 1))
    }
}

@Suite("SchedulePlanner: the first poll")
struct SchedulePlannerFirstPollTests {
    @Test(
        "a never-polled source is spread over min(interval × jitter, 60 s)",
        arguments: [
            (0.0, nil as Duration?, 0.0), (0.5, nil, 30), (1.0, nil, 60),  // 900 s × 0.1 = 90 s, capped at 60 s
            (0.5, .seconds(400), 20),  // 400 s × 0.1 = 40 s
            (0.5, .seconds(60), 15),  // raised to min_interval: 300 s × 0.1
        ]
    )
    func spread(random: Double, interval: Duration?, offset: Double) {
        let first = planner(random: random).firstPoll(SourceSchedule(), interval: interval, now: monday)
        #expect(first.at == at(offset))
        #expect(first.reason == .startup)
    }

    @Test("an overdue source is spread like a new one")
    func overdue() {
        var schedule = SourceSchedule()
        schedule.nextPollAt = at(-3600)
        schedule.nextPollReason = .interval
        let first = planner(random: 0.25).firstPoll(schedule, interval: nil, now: monday)
        #expect(first == (at(15), .startup))
    }

    @Test("a stored future time is kept with its reason, so a restart forgets no backoff")
    func keepsFuture() {
        var schedule = SourceSchedule()
        schedule.nextPollAt = at(7200)
        schedule.nextPollReason = .retryAfter
        let first = planner().firstPoll(schedule, interval: nil, now: monday)
        #expect(first == (at(7200), .retryAfter))
    }

    @Test("a stored time beyond any wait the planner could choose is pulled in")
    func pullsInImpossibleFuture() {
        var schedule = SourceSchedule()
        schedule.nextPollAt = at(30 * 86_400)
        schedule.nextPollReason = .interval
        let first = planner().firstPoll(schedule, interval: nil, now: monday)
        #expect(first == (at(86_400), .maxInterval))
    }

    @Test("jitter 0 means no spread")
    func noJitter() {
        let first = planner(random: 0.9) { $0.jitter = 0 }.firstPoll(SourceSchedule(), interval: nil, now: monday)
        #expect(first == (monday, .startup))
    }

    @Test("5,000 sources at start-up fall across the whole window, not one instant")
    func fiveThousand() {
        // A fixed, evenly spread sequence (golden-ratio steps) in place of real randomness.
        let times = (0..<5000).map { index in
            let random = (Double(index) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
            return planner(random: random).firstPoll(SourceSchedule(), interval: nil, now: monday).at
        }
        #expect(times.allSatisfy { $0 >= monday && $0 <= at(60) })
        let perSecond = Dictionary(grouping: times) { Int($0.timeIntervalSince(monday)) }
        #expect(perSecond.count == 60)
        #expect(perSecond.values.map(\.count).max()! <= 100)
    }
}
