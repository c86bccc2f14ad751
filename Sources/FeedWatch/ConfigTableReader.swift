import Foundation
import TOMLKit

/// One TOML table being read into config values: typed getters whose errors name the file, the line, the table and
/// the key, and say what was expected and what was found.
struct ConfigTableReader {
    /// The table TOMLKit parsed.
    let table: TOMLTable
    /// The table's path in the line index.
    let path: [ConfigLineIndex.Component]
    /// How messages name the table: `[daemon]`; nil at the top level and for a `[[source]]` table (see
    /// ``sourceNumber``).
    var label: String?
    /// What messages put before a key of this table: `headers.` in a source's headers.
    let keyPrefix: String
    /// The file, as messages name it.
    let file: String
    let index: ConfigLineIndex
    /// For the `n`th `[[source]]` table: its label (`source 'kyiv'`) is worked out from its keys only when a
    /// message needs it, since a config of thousands of sources is read without one.
    var sourceNumber: Int?

    /// ``label``, or the source's label.
    var resolvedLabel: String? {
        label ?? sourceNumber.map { ConfigSourceTable.label(self, number: $0) }
    }

    /// The table's keys in file order (TOMLKit's own order is alphabetical).
    var keys: [String] {
        index.inTextOrder(table.keys, of: path)
    }

    /// Whether the file sets `key` in this table.
    func has(_ key: String) -> Bool {
        table[key] != nil
    }

    /// The line `key` is on; without a key, the line the table starts on.
    func line(_ key: String? = nil) -> Int? {
        index.nearestLine(of: key.map { path + [.key($0)] } ?? path)
    }

    /// For a message about a value used next to `key`: "line 7" when the file sets it, "the default" when not.
    func origin(_ key: String) -> String {
        guard has(key), let line = line(key) else { return "the default" }
        return "line \(line)"
    }

    /// The reader of a table inside this one: with a `label`, a table messages name on its own (`[daemon]`), else
    /// a part of this one whose keys messages write dotted (`headers.Authorization`).
    func subtable(_ key: String, expected: String, label: String? = nil) throws(ConfigError) -> ConfigTableReader {
        let value = table[key]
        guard let value, value.type == .table, let inner = value.table else {
            throw error(.wrongType, key, "expected \(expected), got \(describe(value))")
        }
        return ConfigTableReader(
            table: inner,
            path: path + [.key(key)],
            label: label ?? resolvedLabel,
            keyPrefix: label == nil ? keyPrefix + key + "." : "",
            file: file,
            index: index
        )
    }

    // MARK: - Errors

    func error(_ kind: ConfigError.Kind, _ key: String?, _ message: String) -> ConfigError {
        ConfigError(
            kind,
            file: file,
            line: line(key),
            table: resolvedLabel,
            key: key.map { keyPrefix + $0 },
            message: message
        )
    }

    func error(_ key: String, _ problem: ConfigValueProblem) -> ConfigError {
        error(problem.kind, key, problem.reason)
    }

    /// `key` is not one of `known`; `note` says where it belongs instead when it is a key of another table.
    func unknownKey(_ key: String, known: [String], note: String? = nil) -> ConfigError {
        let hint = ConfigKeySuggestion.closest(to: key, among: known).map { "; did you mean '\($0)'?" } ?? ""
        return error(.unknownKey, key, "unknown key" + (hint.isEmpty ? note.map { "; \($0)" } ?? "" : hint))
    }

    // MARK: - Typed values

    func string(_ key: String) throws(ConfigError) -> String {
        let value = table[key]
        guard let value, value.type == .string, let string = value.string else {
            throw error(.wrongType, key, "expected a string, got \(describe(value))")
        }
        return string
    }

    /// A string that must say something: a name, a path, a user agent.
    func nonEmptyString(_ key: String) throws(ConfigError) -> String {
        let string = try string(key)
        guard !string.isEmpty else { throw error(.invalidValue, key, "must not be empty") }
        guard !Self.containsControlCharacter(string) else {
            throw error(.invalidValue, key, "must not contain control characters such as line breaks")
        }
        return string
    }

    /// Whether `string` holds a C0 or C1 control character or DEL (Unicode's category Cc), read on the UTF-8
    /// bytes: configs with thousands of sources check every string, and scalar properties are slow.
    static func containsControlCharacter(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) { return true }
                previous = byte
            }
            return false
        }
    }

    /// A path, absolute or relative to `directory` (the config file's).
    func path(_ key: String, relativeTo directory: String) throws(ConfigError) -> String {
        let path = try nonEmptyString(key)
        if path.hasPrefix("~") {
            throw error(.invalidValue, key, "'~' is not expanded: write the full path, such as \"/home/…\"")
        }
        return ConfigPath.resolve(path, against: directory)
    }

    func bool(_ key: String) throws(ConfigError) -> Bool {
        let value = table[key]
        guard let value, value.type == .bool, let bool = value.bool else {
            throw error(.wrongType, key, "expected true or false, got \(describe(value))")
        }
        return bool
    }

    /// A whole number of at least `minimum`; `reason` says why smaller numbers make no sense.
    func integer(_ key: String, atLeast minimum: Int, _ reason: String) throws(ConfigError) -> Int {
        let value = table[key]
        guard let value, value.type == .int, let number = value.int else {
            throw error(.wrongType, key, "expected a whole number, got \(describe(value))")
        }
        guard number >= minimum else {
            throw error(.invalidValue, key, "expected at least \(minimum), got \(number): \(reason)")
        }
        return number
    }

    /// A duration string; zero only when `zero` explains what it means, else `positive` says why it must be more.
    func duration(
        _ key: String,
        zeroMeans zero: String? = nil,
        positive: String = ""
    ) throws(ConfigError)
        -> Duration
    {
        let value = table[key]
        guard let value, value.type == .string, let text = value.string else {
            throw error(.wrongType, key, "expected \(ConfigDuration.expected), got \(describe(value))")
        }
        let duration: Duration
        do {
            duration = try ConfigDuration.parse(text)
        } catch {
            throw self.error(key, error)
        }
        if duration == .zero, zero == nil {
            throw error(.invalidValue, key, "must be longer than \"0s\"" + (positive.isEmpty ? "" : ": \(positive)"))
        }
        return duration
    }

    /// A size: an integer of bytes or a string with a unit, of at least `minimum` bytes.
    func size(_ key: String, atLeast minimum: Int, _ reason: String) throws(ConfigError) -> Int {
        let value = table[key]
        let bytes: Int
        if let value, value.type == .int, let number = value.int {
            guard number >= 0 else { throw error(.invalidValue, key, "a size cannot be negative, got \(number)") }
            bytes = number
        } else if let value, value.type == .string, let text = value.string {
            do {
                bytes = try ConfigByteSize.parse(text)
            } catch {
                throw self.error(key, error)
            }
        } else {
            throw error(.wrongType, key, "expected \(ConfigByteSize.expected), got \(describe(value))")
        }
        guard bytes >= minimum else {
            throw error(.invalidValue, key, "expected at least \(minimum) bytes, got \(bytes): \(reason)")
        }
        return bytes
    }

    /// A number from 0 to 1; an integer 0 or 1 counts.
    func fraction(_ key: String, example: String) throws(ConfigError) -> Double {
        let value = table[key]
        let number: Double
        if let value, value.type == .double, let double = value.double {
            number = double
        } else if let value, value.type == .int, let integer = value.int {
            number = Double(integer)
        } else {
            throw error(.wrongType, key, "expected a number from 0 to 1 (\(example)), got \(describe(value))")
        }
        guard (0...1).contains(number) else {
            throw error(.invalidValue, key, "expected a number from 0 to 1 (\(example)), got \(number)")
        }
        return number
    }

    /// One of an enum's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String,
        as _: Choice.Type
    ) throws(ConfigError)
        -> Choice where Choice.RawValue == String
    {
        let options = Choice.allCases.map { TOMLText.string($0.rawValue) }
        let expected = "expected " + options.dropLast().joined(separator: ", ") + " or " + (options.last ?? "")
        let value = table[key]
        guard let value, value.type == .string, let text = value.string else {
            throw error(.wrongType, key, "\(expected), got \(describe(value))")
        }
        guard let choice = Choice(rawValue: text) else {
            throw error(.invalidValue, key, "\(expected), got \(TOMLText.quoted(text))")
        }
        return choice
    }

    /// An array of non-empty strings.
    func stringArray(_ key: String, example: String) throws(ConfigError) -> [String] {
        let value = table[key]
        guard let value, value.type == .array, let array = value.array else {
            throw error(.wrongType, key, "expected an array of strings such as \(example), got \(describe(value))")
        }
        var strings: [String] = []
        for (position, element) in array.enumerated() {
            guard element.type == .string, let string = element.string else {
                throw error(.wrongType, key, "element \(position + 1): expected a string, got \(describe(element))")
            }
            guard !string.isEmpty else { throw error(.invalidValue, key, "element \(position + 1) is empty") }
            strings.append(string)
        }
        return strings
    }

    /// A value as a message shows what was found: `15 (an integer)`, `"15 m" (a string)`, `a table`.
    func describe(_ value: (any TOMLValueConvertible)?) -> String {
        guard let value else { return "nothing" }
        switch value.type {
        case .string: return "\(TOMLText.quoted(value.string ?? "")) (a string)"
        case .int: return "\(value.int.map { String($0) } ?? "?") (an integer)"
        case .double: return "\(value.double.map { "\($0)" } ?? "?") (a floating-point number)"
        case .bool: return "\(value.bool.map { "\($0)" } ?? "?") (a boolean)"
        case .array: return value.array?.first?.type == .table ? "an array of tables" : "an array"
        case .table: return "a table"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date-time"
        }
    }
}
