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
        #expect(
            text
                == #"{"skip_days":["Saturday","Sun\"day"],"skip_hours":[0,1,23],"ttl":60,"update_frequency":4,"update_period":"hourly"}"#
        )
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any], "it is real JSON")
        #expect(SourceSchedule.decodeHints(text) == hints)
        #expect(SourceSchedule.decodeHints(SourceSchedule.encodeHints(PublishingHints())) == PublishingHints())
    }

    @Test func unreadableHintsAreForgottenNotFatal() {
        #expect(SourceSchedule.decodeHints("") == nil)
        #expect(SourceSchedule.decodeHints(#"{"ttl":"#) == nil)
        #expect(SourceSchedule.decodeHints(#"{"ttl": 15 , "future_key": [1, "x"]}"#)?.ttlMinutes == 15)
    }
}
