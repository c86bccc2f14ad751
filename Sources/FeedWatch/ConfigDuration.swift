/// Durations as a config file writes them: a whole number and a unit (`"500ms"`, `"90s"`, `"15m"`, `"2h"`, `"1d"`),
/// or several from the largest unit down (`"1h30m"`). Whole numbers only, so every duration is exact in milliseconds
/// and prints back as written.
enum ConfigDuration {
    /// The example every message about a duration gives.
    static let expected = #"a duration such as "90s", "15m" or "2h""#

    /// The units, largest first: the order they must appear in and the order ``format(_:)`` writes them in.
    private static let units: [(name: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// The duration `text` writes, or why it is not one.
    static func parse(_ text: String) throws(ConfigValueProblem) -> Duration {
        func problem(_ detail: String) -> ConfigValueProblem {
            ConfigValueProblem("expected \(expected), got \"\(text)\": \(detail)")
        }
        guard !text.isEmpty else { throw ConfigValueProblem("expected \(expected), got an empty string") }
        if text.hasPrefix("-") { throw problem("a duration cannot be negative") }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var total: Int64 = 0
        var previousUnit = -1
        while index < scalars.count {
            let numberStart = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            guard index > numberStart else {
                throw problem("each unit needs a whole number before it, as in \"1h30m\"")
            }
            let digits = String(String.UnicodeScalarView(scalars[numberStart..<index]))
            if index < scalars.count, scalars[index] == "." || scalars[index] == "," {
                throw problem(
                    "fractions are not read: write \"1h30m\" rather than \"1.5h\", \"1500ms\" rather than \"1.5s\""
                )
            }
            let unitStart = index
            while index < scalars.count, ("a"..."z").contains(scalars[index]) || ("A"..."Z").contains(scalars[index]) {
                index += 1
            }
            let unit = String(String.UnicodeScalarView(scalars[unitStart..<index]))
            guard !unit.isEmpty else {
                if index == scalars.count { throw problem("the number has no unit (ms, s, m, h or d)") }
                throw problem("unexpected '\(scalars[index])' (write the number and unit together, without spaces)")
            }
            guard let rank = units.firstIndex(where: { $0.name == unit }) else {
                throw problem("unknown unit '\(unit)' (use ms, s, m, h or d)")
            }
            guard rank > previousUnit else {
                throw problem("units go from the largest to the smallest, each once, as in \"1h30m\"")
            }
            previousUnit = rank
            guard let number = Int64(digits) else { throw problem("the number is too large") }
            let (product, overflow) = number.multipliedReportingOverflow(by: units[rank].milliseconds)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !overflow, !sumOverflow else { throw problem("the duration is too long") }
            total = sum
        }
        return .milliseconds(total)
    }

    /// `duration` written as ``parse(_:)`` reads it, in the largest units that are exact: `"1h30m"`, `"500ms"`, `"0s"`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        // Sub-millisecond parts are dropped: a config file cannot write them, so no loaded value has them.
        var remaining = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if remaining == 0 { return "0s" }
        var text = ""
        if remaining < 0 {
            text = "-"
            remaining = remaining == .min ? .max : -remaining
        }
        for unit in units where remaining >= unit.milliseconds {
            text += "\(remaining / unit.milliseconds)\(unit.name)"
            remaining %= unit.milliseconds
        }
        return text
    }
}
