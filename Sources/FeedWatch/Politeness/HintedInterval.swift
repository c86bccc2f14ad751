import FeedCore
import Foundation

extension PublishingHints {
    /// The longest wait the feed asks for between polls, in seconds, and which hint asked; nil when it asks none.
    ///
    /// RSS `ttl` is minutes "the channel can be cached before refreshing". `sy:updatePeriod` / `sy:updateFrequency`
    /// (RSS 1.0 Syndication module) say the feed updates `frequency` times per `period`, so one update comes every
    /// period / frequency. Per that module a missing period means daily and a missing frequency means 1, but a feed
    /// that gives neither gives no hint. A month is 30 days and a year 365: these are polling hints, not calendars.
    /// Non-positive numbers and unknown periods are ignored rather than trusted.
    var requestedWait: (seconds: Double, reason: NextPollReason)? {
        var best: (seconds: Double, reason: NextPollReason)?
        if let ttlMinutes, ttlMinutes > 0 {
            best = (Double(ttlMinutes) * 60, .ttl)
        }
        if updatePeriod != nil || updateFrequency != nil, let period = Self.periodSeconds(updatePeriod ?? "daily") {
            let frequency = updateFrequency ?? 1
            if frequency > 0 {
                let wait = period / Double(frequency)
                if wait > best?.seconds ?? 0 { best = (wait, .updatePeriod) }
            }
        }
        return best
    }

    private static func periodSeconds(_ period: String) -> Double? {
        switch period.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "hourly": 3600
        case "daily": 86_400
        case "weekly": 7 * 86_400
        case "monthly": 30 * 86_400
        case "yearly": 365 * 86_400
        default: nil
        }
    }
}
