import Foundation
import Testing

@testable import FeedWatch

@Suite("PollObservation")
struct PollObservationTests {
    @Test(
        "what counts as a failure",
        arguments: [
            (Int?(200), String?(nil), String?(nil)),
            (204, nil, nil),
            (304, nil, nil),
            (nil, nil, nil),
            (200, "not a feed", "not a feed"),
            (nil, "connection refused", "connection refused"),
            (404, nil, "HTTP 404"),
            (301, nil, "HTTP 301"),
            (503, "HTTP 503 Service Unavailable", "HTTP 503 Service Unavailable"),
        ]
    )
    func failureReason(status: Int?, failure: String?, expected: String?) {
        let observation = PollObservation(finishedAt: Date(timeIntervalSince1970: 0), status: status, failure: failure)
        #expect(observation.failureReason == expected)
    }

    @Test("only 429 and 503 throttle the host", arguments: [(429, true), (503, true), (500, false), (200, false)])
    func throttled(status: Int, expected: Bool) {
        #expect(PollObservation(finishedAt: Date(timeIntervalSince1970: 0), status: status).isThrottled == expected)
    }
}
