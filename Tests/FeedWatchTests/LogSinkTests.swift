import Foundation
import Testing

@testable import FeedWatch

/// Log lines as an operator's tools read them: one valid JSON object per line, or readable text.
@Suite struct LogSinkTests {
    /// Writes to a file (a pipe would fill up with nobody reading) and returns the lines the sink produced.
    private func lines(
        format: DaemonConfig.LogFormat,
        level: DaemonConfig.LogLevel = .info,
        _ body: (LogSink) -> Void
    ) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        try #require(fd >= 0)
        defer { unlink(path) }
        let sink = LogSink(
            descriptor: fd,
            format: format,
            level: level,
            clock: { Date(timeIntervalSince1970: 1_764_352_800.25) }
        )
        body(sink)
        close(fd)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func jsonLinesHaveTheStableKeysInOrderAndEscapeText() throws {
        let output = try lines(format: .json) { sink in
            sink.log(
                .info,
                "poll",
                [
                    ("source", .string("kyiv \"main\"")), ("status", .int(200)), ("not_modified", .bool(false)),
                    ("error", nil), ("ratio", .double(1.5)),
                ]
            )
        }
        #expect(
            output == [
                #"{"ts":"2025-11-28T18:00:00.250Z","level":"info","msg":"poll","source":"kyiv \"main\"","status":200,"not_modified":false,"ratio":1.5}"#
            ]
        )
        let object = try JSONSerialization.jsonObject(with: Data(output[0].utf8)) as? [String: Any]
        #expect(object?["source"] as? String == "kyiv \"main\"")
        #expect(object?["error"] == nil, "a nil field is left out, not written as null")
    }

    @Test func levelsBelowTheSinksAreDropped() throws {
        let output = try lines(format: .json, level: .warning) { sink in
            sink.log(.info, "quiet")
            sink.log(.debug, "quieter")
            sink.log(.error, "loud")
        }
        #expect(output.count == 1)
        #expect(output[0].contains(#""level":"error","msg":"loud""#))
    }

    /// A reloaded `log_level` applies from the next line on, either way.
    @Test func aNewLevelAppliesFromTheNextLine() throws {
        let output = try lines(format: .json, level: .warning) { sink in
            sink.log(.info, "before")
            sink.setLevel(.debug)
            sink.log(.debug, "lowered")
            sink.setLevel(.error)
            sink.log(.warning, "raised")
        }
        #expect(output.count == 1)
        #expect(output.first?.contains(#""msg":"lowered""#) == true)
    }

    @Test func textFormatQuotesValuesWithSpaces() throws {
        let output = try lines(format: .text) { sink in
            sink.log(.warning, "poll", [("source", "kyiv"), ("error", .string("timed out after 30 s"))])
        }
        #expect(output == [#"2025-11-28T18:00:00.250Z WARNING poll source=kyiv error="timed out after 30 s""#])
    }

    @Test func autoIsJSONWhenNotATerminal() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        #expect(LogSink(descriptor: fds[1], format: .auto, level: .info).format == .json)
    }

    @Test func concurrentLinesNeverInterleave() async throws {
        let output = try lines(format: .json) { sink in
            DispatchQueue.concurrentPerform(iterations: 200) { index in
                sink.log(.info, "poll", [("source", .string(String(repeating: "x", count: 5000))), ("n", .int(index))])
            }
        }
        #expect(output.count == 200)
        for line in output {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
    }

    @Test func aBatchWritesItsLinesInOrderOnlyAtItsEnd() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        try #require(fd >= 0)
        defer { unlink(path) }
        let sink = LogSink(descriptor: fd, format: .json, level: .info)
        func written() -> [String] {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map { String($0) }
        }
        sink.log(.info, "before")
        sink.batched {
            sink.log(.info, "one")
            // Another thread's line joins the batch in its place, and a nested batch ends with the outer one.
            DispatchQueue.global().sync { sink.log(.warning, "two") }
            sink.batched { sink.log(.info, "three") }
            sink.log(.debug, "dropped: below the sink's level")
            #expect(written().count == 1, "a line of the batch was written before its end")
        }
        sink.log(.info, "after")
        close(fd)
        let messages = try written().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["msg"] as? String
        }
        #expect(messages == ["before", "one", "two", "three", "after"])
    }

    @Test(arguments: [0, 7, 10, 200, -1, -304, 1_234_567_890, Int.max, Int.min])
    func integersAreWrittenInDecimal(value: Int) {
        var bytes = Array("x".utf8)
        LogSink.appendDecimal(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x" + String(value))
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: 1_764_352_800.25)) == "2025-11-28T18:00:00.250Z")
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: 951_782_400.007)) == "2000-02-29T00:00:00.007Z")
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: 1_798_761_599.999)) == "2026-12-31T23:59:59.999Z")
        // Years past 9999 do not fit the fixed-width form and are written in full.
        #expect(LogSink.timestamp(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00.000Z")
    }
}
