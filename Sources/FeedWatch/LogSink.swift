import FeedStore
public import Foundation

/// Writes log lines to a file descriptor (stdout for the daemon): JSON lines with the stable keys of
/// DESIGN.md, or text for a terminal. Each line goes out in one `write(2)`, so lines from concurrent polls
/// never interleave and a reader of a pipe never sees half a line.
public final class LogSink: Sendable {
    /// How lines are written (``DaemonConfig/LogFormat/auto`` is resolved at creation).
    public let format: DaemonConfig.LogFormat
    /// The least severe level written.
    public let level: DaemonConfig.LogLevel
    private let descriptor: Int32
    private let clock: @Sendable () -> Date
    /// Serialises writes: a line longer than the pipe's atomic size must not interleave with another.
    private let lock = NSLock()

    /// A sink writing to `descriptor`; `.auto` picks text when it is a terminal, JSON otherwise.
    public init(
        descriptor: Int32 = STDOUT_FILENO, format: DaemonConfig.LogFormat, level: DaemonConfig.LogLevel,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.descriptor = descriptor
        self.format = format == .auto ? (isatty(descriptor) == 1 ? .text : .json) : format
        self.level = level
        self.clock = clock
    }

    /// Writes `record` if its level is at least the sink's.
    public func log(_ record: LogRecord) {
        guard record.level >= level else { return }
        var bytes = format == .text ? Array(text(record).utf8) : jsonBytes(record)
        bytes.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                // Logging must never stop the daemon: a closed stdout loses lines, not polls.
                return
            }
            offset += written
        }
    }

    /// Shorthand for ``log(_:)``.
    public func log(_ level: DaemonConfig.LogLevel, _ message: String, _ fields: [(String, LogValue?)] = []) {
        log(LogRecord(level, message, fields))
    }

    /// `{"ts":…,"level":…,"msg":…, fields…}`: ts is ISO 8601 UTC with milliseconds.
    func json(_ record: LogRecord) -> String {
        String(decoding: jsonBytes(record), as: UTF8.self)
    }

    /// ``json(_:)``'s bytes, built as bytes: the daemon writes a line for every poll.
    private func jsonBytes(_ record: LogRecord) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(384)
        line += #"{"ts":""#.utf8
        line += Self.timestamp(clock()).utf8
        line += #"","level":""#.utf8
        line += record.level.rawValue.utf8
        line += #"","msg":"#.utf8
        JSONText.appendQuoted(record.message, to: &line)
        for (key, value) in record.fields {
            line.append(UInt8(ascii: ","))
            JSONText.appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            switch value {
            case .string(let string): JSONText.appendQuoted(string, to: &line)
            case .int(let int): line += String(int).utf8
            case .double(let double): line += (double.isFinite ? String(double) : "null").utf8
            case .bool(let bool): line += (bool ? "true" : "false").utf8
            }
        }
        line.append(UInt8(ascii: "}"))
        return line
    }

    /// `2026-11-28T18:00:00.123Z INFO  message key=value key="a value"`.
    func text(_ record: LogRecord) -> String {
        var line = Self.timestamp(clock()) + " " + record.level.rawValue.uppercased().padding(
            toLength: 8, withPad: " ", startingAt: 0) + record.message
        for (key, value) in record.fields {
            line += " " + key + "="
            switch value {
            case .string(let string):
                line += string.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) || string.isEmpty
                    ? "\"" + string.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : string
            case .int(let int): line += String(int)
            case .double(let double): line += String(format: "%.1f", double)
            case .bool(let bool): line += bool ? "true" : "false"
            }
        }
        return line
    }

    /// `2026-11-28T18:00:00.123Z`, formatted by hand with `gmtime_r`: every log line has one, and Foundation's
    /// ISO 8601 style costs more than the rest of the line.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient)
        let fraction = Int((milliseconds % 1000 + 1000) % 1000)
        if milliseconds < 0, fraction != 0 { seconds -= 1 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        let millis = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : String(fraction)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec)).\(millis)Z"
    }
}
