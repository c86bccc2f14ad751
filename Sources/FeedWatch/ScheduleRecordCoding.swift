import FeedCore
import FeedStore
import Foundation

/// The scheduler's memory as the store keeps it (``FeedStore/ScheduleRecord``), and back.
extension SourceSchedule {
    /// The schedule stored for a source, or a fresh one before its first poll.
    init(stored state: SourceState?) {
        self.init()
        guard let state else { return }
        let record = state.schedule  // one copy, not one a field
        health = SourceHealth(rawValue: record.health) ?? .healthy
        failureStreak = state.failureStreak
        nextPollAt = state.nextPollAt
        nextPollReason = record.nextPollReason.flatMap(NextPollReason.init(rawValue:))
        redirectTarget = record.redirectTarget
        redirectStreak = record.redirectStreak
        failuresSince = record.failuresSince
        hints = record.hints.flatMap(Self.decodeHints)
    }

    /// What the store keeps of this schedule; the hints only when `withHints` (a poll that read them: the
    /// column keeps the last ones otherwise).
    func record(withHints: Bool) -> ScheduleRecord {
        ScheduleRecord(
            health: health.rawValue,
            nextPollReason: nextPollReason?.rawValue,
            redirectTarget: redirectTarget,
            redirectStreak: redirectStreak,
            hints: withHints ? hints.map(Self.encodeHints) : nil,
            failuresSince: failuresSince
        )
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

    /// ``encodeHints(_:)`` of a feed that publishes no hints.
    private static let noHints = encodeHints(PublishingHints())

    /// Reads what ``encodeHints(_:)`` wrote (a flat JSON object of numbers, strings and arrays of them), by hand:
    /// a daemon decodes every source's hints at start-up, and Foundation's JSON reader costs tens of µs each.
    /// Anything unexpected gives nil, and the next feed read brings the hints again.
    static func decodeHints(_ text: String) -> PublishingHints? {
        // Most feeds publish no hints at all, and every one of them is decoded at start-up.
        if text == noHints { return PublishingHints() }
        var reader = FlatJSONReader(Array(text.utf8))
        guard let object = reader.object() else { return nil }
        var hints = PublishingHints()
        for (key, value) in object {
            switch (key, value) {
            case ("ttl", .number(let number)): hints.ttlMinutes = number
            case ("update_frequency", .number(let number)): hints.updateFrequency = number
            case ("update_period", .string(let period)): hints.updatePeriod = period
            case ("skip_hours", .array(let values)):
                hints.skipHours = values.compactMap { if case .number(let n) = $0 { n } else { nil } }
            case ("skip_days", .array(let values)):
                hints.skipDays = values.compactMap { if case .string(let s) = $0 { s } else { nil } }
            default: break
            }
        }
        return hints
    }
}

/// The JSON subset the hints column holds: one object whose values are integers, strings, or arrays of them.
struct FlatJSONReader {
    indirect enum Value {
        case number(Int)
        case string(String)
        case array([Value])
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func object() -> [(String, Value)]? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var fields: [(String, Value)] = []
        if consume(UInt8(ascii: "}")) { return fields }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")), let value = value() else { return nil }
            fields.append((key, value))
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}")) ? fields : nil
    }

    private mutating func value() -> Value? {
        skipSpaces()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return string().map(Value.string)
        case UInt8(ascii: "["):
            index += 1
            var values: [Value] = []
            if consume(UInt8(ascii: "]")) { return .array(values) }
            repeat {
                guard let value = value() else { return nil }
                values.append(value)
            } while consume(UInt8(ascii: ","))
            return consume(UInt8(ascii: "]")) ? .array(values) : nil
        default:
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return Int(String(decoding: bytes[start..<index], as: UTF8.self)).map(Value.number)
        }
    }

    private mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                default: return nil  // \u escapes: never written for hints
                }
            default: out.append(byte)
            }
        }
        return nil
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpaces()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpaces() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }
}
