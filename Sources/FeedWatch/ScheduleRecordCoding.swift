import FeedCore
import FeedStore
import Foundation

/// The scheduler's memory as the store keeps it (``FeedStore/ScheduleRecord``), and back.
extension SourceSchedule {
    /// The schedule stored for a source, or a fresh one before its first poll.
    init(stored state: SourceState?) {
        self.init()
        guard let state else { return }
        health = SourceHealth(rawValue: state.schedule.health) ?? .healthy
        failureStreak = state.failureStreak
        nextPollAt = state.nextPollAt
        nextPollReason = state.schedule.nextPollReason.flatMap(NextPollReason.init(rawValue:))
        redirectTarget = state.schedule.redirectTarget
        redirectStreak = state.schedule.redirectStreak
        failuresSince = state.schedule.failuresSince
        hints = state.schedule.hints.flatMap(Self.decodeHints)
    }

    /// What the store keeps of this schedule.
    var record: ScheduleRecord {
        ScheduleRecord(
            health: health.rawValue, nextPollReason: nextPollReason?.rawValue, redirectTarget: redirectTarget,
            redirectStreak: redirectStreak, hints: hints.map(Self.encodeHints), failuresSince: failuresSince)
    }

    /// `{"skip_days":[…],"skip_hours":[…],"ttl":…,"update_frequency":…,"update_period":…}`, by hand: it is
    /// written on every poll that reads a feed.
    static func encodeHints(_ hints: PublishingHints) -> String {
        var fields = [
            "\"skip_days\":" + JSONText.array(hints.skipDays),
            "\"skip_hours\":[" + hints.skipHours.map(String.init).joined(separator: ",") + "]",
        ]
        if let ttl = hints.ttlMinutes { fields.append("\"ttl\":\(ttl)") }
        if let frequency = hints.updateFrequency { fields.append("\"update_frequency\":\(frequency)") }
        if let period = hints.updatePeriod { fields.append("\"update_period\":" + JSONText.quoted(period)) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func decodeHints(_ text: String) -> PublishingHints? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return nil
        }
        var hints = PublishingHints()
        hints.ttlMinutes = object["ttl"] as? Int
        hints.skipHours = object["skip_hours"] as? [Int] ?? []
        hints.skipDays = object["skip_days"] as? [String] ?? []
        hints.updatePeriod = object["update_period"] as? String
        hints.updateFrequency = object["update_frequency"] as? Int
        return hints
    }
}
