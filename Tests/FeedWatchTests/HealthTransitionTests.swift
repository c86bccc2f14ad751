import Foundation
import Testing

@testable import FeedWatch

private let start = Date(timeIntervalSince1970: 1_704_067_200)

@Suite("HealthTransition")
struct HealthTransitionTests {
    @Test(
        "a span reads as its two largest units",
        arguments: [
            (0.0, "0s"), (42.9, "42s"), (300, "5m"), (310, "5m 10s"), (7200, "2h"), (7380, "2h 3m"),
            (86_400, "1d"), (90_000, "1d 1h"), (-5, "0s"),
        ]
    )
    func elapsed(seconds: Double, text: String) {
        #expect(HealthTransition.elapsed(from: start, to: start.addingTimeInterval(seconds)) == text)
    }

    @Test("each event's wording")
    func wording() {
        #expect(
            HealthTransition.backingOff(from: .healthy, failure: "timed out")
                == HealthTransition(from: .healthy, to: .backingOff, event: "backing_off", reason: "timed out")
        )
        #expect(
            HealthTransition.failing(
                from: .backingOff,
                streak: 5,
                since: start,
                at: start.addingTimeInterval(3660),
                failure: "HTTP 502"
            ).reason == "5 failures in a row over 1h 1m, last: HTTP 502"
        )
        #expect(
            HealthTransition.recovered(
                from: .failing,
                status: nil,
                streak: 7,
                since: start,
                at: start.addingTimeInterval(7380)
            ).reason == "success after 7 failures over 2h 3m"
        )
        #expect(
            HealthTransition.recovered(from: .backingOff, status: 200, streak: 2, since: nil, at: start).reason
                == "HTTP 200 after 2 failures"
        )
    }

    @Test("health and reasons have the log spellings")
    func rawValues() {
        #expect(SourceHealth.allCases.map(\.rawValue) == ["healthy", "backing_off", "failing"])
        #expect(
            NextPollReason.allCases.map(\.rawValue) == [
                "startup", "interval", "ttl", "update_period", "skip_hours", "skip_days", "backoff", "failing",
                "retry_after", "min_interval", "max_interval",
            ]
        )
    }
}
