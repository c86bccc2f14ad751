import FeedCore
import Foundation
import Testing

/// ISO 8601 in UTC as feedwatch writes it: item dates, and log lines with fixed-width milliseconds.
@Suite struct ISO8601Tests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (1_649_170_080, "2022-04-05T14:48:00Z"),
        (1_649_170_080.25, "2022-04-05T14:48:00.250Z"), (951_782_400.9996, "2000-02-29T00:00:00Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"), (253_402_300_800, "10000-01-01T00:00:00Z"),
    ])
    func datesHaveMillisecondsOnlyWhenTheInstantHasThem(seconds: Double, text: String) {
        #expect(ISO8601.string(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (1_649_170_080.9996, "2022-04-05T14:48:00.999Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"), (253_402_300_800, "10000-01-01T00:00:00.000Z"),
    ])
    func logTimesAlwaysHaveMillisecondsRoundedDown(seconds: Double, text: String) {
        #expect(ISO8601.stringWithMilliseconds(Date(timeIntervalSince1970: seconds)) == text)
    }
}
