import FeedCore
import FeedStore
import Foundation
import Testing

@testable import FeedWatch

@Suite struct ScheduleRecordCodingTests {
    @Test func hintsRoundTripThroughTheirJSON() throws {
        var hints = PublishingHints()
        hints.ttlMinutes = 60
        hints.skipHours = [0, 1, 23]
        hints.skipDays = ["Saturday", "Sun\"day"]
        hints.updatePeriod = "hourly"
        hints.updateFrequency = 4
        let text = SourceSchedule.encodeHints(hints)
        #expect(text == #"{"skip_days":["Saturday","Sun\"day"],"skip_hours":[0,1,23],"ttl":60,"update_frequency":4,"update_period":"hourly"}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any], "it is real JSON")
        #expect(SourceSchedule.decodeHints(text) == hints)
        #expect(SourceSchedule.decodeHints(SourceSchedule.encodeHints(PublishingHints())) == PublishingHints())
    }

    @Test func unreadableHintsAreForgottenNotFatal() {
        #expect(SourceSchedule.decodeHints("") == nil)
        #expect(SourceSchedule.decodeHints(#"{"ttl":"#) == nil)
        #expect(SourceSchedule.decodeHints(#"{"ttl": 15 , "future_key": [1, "x"]}"#)?.ttlMinutes == 15)
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: 1_764_352_800.25)) == "2025-11-28T18:00:00.250Z")
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: 951_782_400.007)) == "2000-02-29T00:00:00.007Z")
    }
}
