import FeedCore
import Foundation
import Testing

@testable import FeedWatch

/// Monday 1 January 2024, 00:00 GMT.
private let monday = Date(timeIntervalSince1970: 1_704_067_200)

private func windows(hours: [Int] = [], days: [String] = []) -> SkipWindows? {
    var hints = PublishingHints()
    hints.skipHours = hours
    hints.skipDays = days
    return SkipWindows(hints)
}

@Suite("SkipWindows")
struct SkipWindowsTests {
    @Test("no skips, nonsense only, or everything skipped: no windows")
    func none() {
        #expect(windows() == nil)
        #expect(windows(hours: [24, -1, 99], days: ["Funday", ""]) == nil)
        #expect(windows(hours: Array(0..<24)) == nil)
        #expect(windows(days: ["monday", "Tuesday", "WEDNESDAY", "Thursday", "Friday", "Saturday", " Sunday "]) == nil)
    }

    @Test("an allowed time is not moved")
    func allowed() {
        #expect(windows(hours: [5], days: ["Sunday"])?.firstAllowed(atOrAfter: monday) == nil)
    }

    @Test("a time inside a skipped hour moves to the next full hour, wrapping past midnight")
    func hours() {
        let result = windows(hours: [22, 23, 0])?.firstAllowed(atOrAfter: monday.addingTimeInterval(22.5 * 3600))
        #expect(result?.at == monday.addingTimeInterval(25 * 3600))
        #expect(result?.reason == .skipHours)
    }

    @Test("weekdays are GMT: Sunday 23:59:59 is Sunday, Monday 00:00 is Monday")
    func weekdayBoundary() {
        let sunday = windows(days: ["Sunday"])
        #expect(sunday?.firstAllowed(atOrAfter: monday) == nil)
        let lastSecond = sunday?.firstAllowed(atOrAfter: monday.addingTimeInterval(-1))
        #expect(lastSecond?.at == monday)
        #expect(lastSecond?.reason == .skipDays)
    }

    @Test("times before 1970 work too (floor, not truncation)")
    func beforeEpoch() {
        // Wednesday 31 December 1969, 23:30 GMT.
        let result = windows(hours: [23], days: ["Wednesday"])?.firstAllowed(
            atOrAfter: Date(timeIntervalSince1970: -1800)
        )
        #expect(result?.at == Date(timeIntervalSince1970: 0))
        #expect(result?.reason == .skipDays)
    }
}
