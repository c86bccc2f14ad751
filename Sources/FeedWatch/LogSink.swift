import FeedCore
import FeedStore
public import Foundation
import Synchronization

/// Writes log lines to a file descriptor (stdout for the daemon): JSON lines with the stable keys of
/// DESIGN.md, or text for a terminal. Each line goes out whole in one `write(2)` (or with the other lines of
/// a ``batched(_:)`` call), so lines from concurrent polls never interleave and a reader of a pipe never sees
/// half a line.
public final class LogSink: Sendable {
    /// How lines are written (``DaemonConfig/LogFormat/auto`` is resolved at creation).
    public let format: DaemonConfig.LogFormat
    /// The least severe level written; ``setLevel(_:)`` changes it.
    public var level: DaemonConfig.LogLevel { Self.levels[Int(levelIndex.load(ordering: .relaxed))] }
    /// ``level``'s index in ``levels``: atomic, since a reload changes it while polls log from other threads.
    private let levelIndex: Atomic<UInt8>
    private static let levels = DaemonConfig.LogLevel.allCases
    private let descriptor: Int32
    private let clock: @Sendable () -> Date
    /// Serialises writes (a line longer than the pipe's atomic size must not interleave with another), and holds
    /// the lines of a ``batched(_:)`` call, nil outside one.
    private let held = Mutex<HeldLines?>(nil)

    private struct HeldLines {
        var bytes: [UInt8] = []
        var depth = 1
    }

    /// A sink writing to `descriptor`; `.auto` picks text when it is a terminal, JSON otherwise.
    public init(
        descriptor: Int32 = STDOUT_FILENO,
        format: DaemonConfig.LogFormat,
        level: DaemonConfig.LogLevel,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.descriptor = descriptor
        self.format = format == .auto ? (isatty(descriptor) == 1 ? .text : .json) : format
        levelIndex = Atomic(Self.index(of: level))
        self.clock = clock
    }

    /// Makes `level` the least severe level written, from the next line on: a reloaded `log_level`.
    public func setLevel(_ level: DaemonConfig.LogLevel) {
        levelIndex.store(Self.index(of: level), ordering: .relaxed)
    }

    private static func index(of level: DaemonConfig.LogLevel) -> UInt8 {
        UInt8(levels.firstIndex(of: level) ?? 0)
    }

    /// Writes `record` if its level is at least the sink's.
    public func log(_ record: LogRecord) {
        guard record.level >= level else { return }
        var bytes = format == .text ? Array(text(record).utf8) : jsonBytes(record)
        bytes.append(0x0A)
        held.withLock { held in
            if held != nil {
                held!.bytes += bytes
            } else {
                write(bytes)
            }
        }
    }

    /// Runs `body`, holding every line logged meanwhile (from any thread, in order) and writing them in one
    /// `write(2)` at its end: the daemon logs a line for each of a batch of polls it takes back together, and a
    /// system call per line cost more than building it. Whole lines only, so nothing interleaves.
    public func batched<T>(_ body: () throws -> T) rethrows -> T {
        held.withLock { held in
            if held == nil { held = HeldLines() } else { held!.depth += 1 }
        }
        defer {
            held.withLock { held in
                held!.depth -= 1
                guard held!.depth == 0 else { return }
                write(held!.bytes)
                held = nil
            }
        }
        return try body()
    }

    /// Writes all of `bytes`; called with `held` locked.
    private func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
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
            case .int(let int): Self.appendDecimal(int, to: &line)
            case .double(let double): line += (double.isFinite ? String(double) : "null").utf8
            case .bool(let bool): line += (bool ? "true" : "false").utf8
            }
        }
        line.append(UInt8(ascii: "}"))
        return line
    }

    /// `2026-11-28T18:00:00.123Z INFO  message key=value key="a value"`.
    func text(_ record: LogRecord) -> String {
        var line =
            Self.timestamp(clock()) + " "
            + record.level.rawValue.uppercased().padding(
                toLength: 8,
                withPad: " ",
                startingAt: 0
            ) + record.message
        for (key, value) in record.fields {
            line += " " + key + "="
            switch value {
            case .string(let string):
                line +=
                    string.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) || string.isEmpty
                    ? "\"" + string.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : string
            case .int(let int): line += String(int)
            case .double(let double): line += String(format: "%.1f", double)
            case .bool(let bool): line += bool ? "true" : "false"
            }
        }
        return line
    }

    /// Appends `value` in decimal: a poll's line has a dozen integers, and a String for each cost more than the
    /// digits.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        // Most of a poll line's counts are single digits (and most of those 0).
        if value >= 0 && value < 10 { return out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)) }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 19 digits of any Int
        withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index...]))
        }
    }

    /// `2026-11-28T18:00:00.123Z`: every log line has one or two.
    static func timestamp(_ date: Date) -> String {
        ISO8601.stringWithMilliseconds(date)
    }
}
