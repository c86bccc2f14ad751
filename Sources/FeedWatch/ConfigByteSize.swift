/// Sizes as a config file writes them: a plain integer of bytes, or a string with a unit, `"512KiB"`, `"10MiB"`,
/// `"1GiB"` (powers of 1024) or `"1kB"`, `"1MB"`, `"1GB"` (powers of 1000), `"100B"`. Units are read in any case.
enum ConfigByteSize {
    /// The example every message about a size gives.
    static let expected = #"a size such as "10MiB", "512KiB" or a whole number of bytes"#

    /// Binary units first, so ``format(_:)`` writes 16 MiB as `"16MiB"`, not `"16777216B"`.
    private static let units: [(name: String, bytes: Int)] = [
        ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1_000_000_000), ("MB", 1_000_000), ("kB", 1000),
        ("B", 1),
    ]

    /// The number of bytes `text` writes, or why it is not a size.
    static func parse(_ text: String) throws(ConfigValueProblem) -> Int {
        func problem(_ detail: String) -> ConfigValueProblem {
            ConfigValueProblem("expected \(expected), got \"\(text)\": \(detail)")
        }
        guard !text.isEmpty else { throw ConfigValueProblem("expected \(expected), got an empty string") }
        if text.hasPrefix("-") { throw problem("a size cannot be negative") }
        let digits = text.prefix { ("0"..."9").contains($0) }
        guard !digits.isEmpty else { throw problem("it must start with a whole number") }
        var rest = text.dropFirst(digits.count)
        if rest.first == "." || rest.first == "," {
            throw problem("fractions are not read: write \"1536KiB\" rather than \"1.5MiB\"")
        }
        // One space between number and unit is common enough in prose ("10 MiB") to accept.
        if rest.first == " " { rest = rest.dropFirst() }
        let multiplier: Int
        if rest.isEmpty {
            multiplier = 1
        } else if let unit = units.first(where: { $0.name.lowercased() == rest.lowercased() }) {
            multiplier = unit.bytes
        } else {
            throw problem("unknown unit '\(rest)' (use B, KiB, MiB, GiB, kB, MB or GB)")
        }
        guard let number = Int(digits) else { throw problem("the size is too large") }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw problem("the size is too large") }
        return bytes
    }

    /// `bytes` in the largest unit that is exact (`"16MiB"`, `"1MB"`), or nil when only a plain integer is.
    static func format(_ bytes: Int) -> String? {
        guard bytes > 0 else { return nil }
        for unit in units.dropLast() where bytes % unit.bytes == 0 {
            return "\(bytes / unit.bytes)\(unit.name)"
        }
        return nil
    }
}
