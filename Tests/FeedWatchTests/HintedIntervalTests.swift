import FeedCore
import Testing

@testable import FeedWatch

@Suite("PublishingHints.requestedWait")
struct HintedIntervalTests {
    @Test(
        "ttl and sy:updatePeriod / updateFrequency as a wait in seconds",
        arguments: [
            (Int?(nil), String?(nil), Int?(nil), Double?(nil), NextPollReason?(nil)),
            (30, nil, nil, 1800, .ttl),
            (0, nil, nil, nil, nil),
            (-5, nil, nil, nil, nil),
            (nil, "hourly", nil, 3600, .updatePeriod),
            (nil, " Weekly ", 7, 86_400, .updatePeriod),
            (nil, "monthly", 1, 2_592_000, .updatePeriod),
            (nil, "yearly", 365, 86_400, .updatePeriod),
            (nil, nil, 2, 43_200, .updatePeriod),
            (nil, "sometimes", 1, nil, nil),
            (nil, "daily", -1, nil, nil),
            (120, "hourly", 1, 7200, .ttl),
            (60, "daily", 1, 86_400, .updatePeriod),
        ]
    )
    func requestedWait(ttl: Int?, period: String?, frequency: Int?, seconds: Double?, reason: NextPollReason?) {
        var hints = PublishingHints()
        hints.ttlMinutes = ttl
        hints.updatePeriod = period
        hints.updateFrequency = frequency
        #expect(hints.requestedWait?.seconds == seconds)
        #expect(hints.requestedWait?.reason == reason)
    }
}
