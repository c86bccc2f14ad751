/// One value of a structured log line.
public enum LogValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}

/// One log line: a level, a message, and fields in the order they are written.
public struct LogRecord: Sendable, Hashable {
    public var level: DaemonConfig.LogLevel
    public var message: String
    public var fields: [(key: String, value: LogValue)]

    /// Creates a record; nil values are left out, so callers can pass optionals without branching.
    public init(_ level: DaemonConfig.LogLevel, _ message: String, _ fields: [(String, LogValue?)] = []) {
        self.level = level
        self.message = message
        self.fields = fields.compactMap { key, value in value.map { (key, $0) } }
    }

    /// Creates a record from fields that are all present.
    public init(_ level: DaemonConfig.LogLevel, _ message: String, fields: [(key: String, value: LogValue)]) {
        self.level = level
        self.message = message
        self.fields = fields
    }

    public static func == (lhs: LogRecord, rhs: LogRecord) -> Bool {
        lhs.level == rhs.level && lhs.message == rhs.message
            && lhs.fields.map(\.key) == rhs.fields.map(\.key) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(level)
        hasher.combine(message)
        for field in fields {
            hasher.combine(field.key)
            hasher.combine(field.value)
        }
    }

    /// The value of `key`, if the record has it.
    public subscript(key: String) -> LogValue? {
        fields.first { $0.key == key }?.value
    }
}
