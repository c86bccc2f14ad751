import FeedWatch
import FetchTestServer
import Foundation
import Testing

/// `feedwatch status` against a store filled by real polls: staleness and failure visible at a glance.
@Suite(.serialized) struct StatusCommandTests {
    /// The table's rows by source name, each split into its cells' words.
    static func rows(_ config: String) throws -> [String: [String]] {
        let run = try ParseCommandTests.feedwatch(["status", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        let words = run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
        return Dictionary(words.map { ($0[0], $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The JSON lines by source name.
    static func objects(_ config: String) throws -> [String: [String: Any]] {
        let run = try ParseCommandTests.feedwatch(["status", "--config", config, "--json"])
        let objects = run.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        return Dictionary(objects.map { ($0["source"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aFailingSourceAndNotModifiedPollsShowInTheTable() async throws {
        let server = try await ScriptedHTTPServer()
        server.set("/ok", .feed(RunCommandTests.rss("Feed", RunCommandTests.stories(1, 2))))
        server.set("/down", ScriptedResponse(status: 500))
        let (directory, config) = try TestCommandTests.configDirectory(
            """
            [daemon]
            store = "store.sqlite"
            log_format = "json"
            failing_after = 2
            [[source]]
            name = "ok"
            url = "\(server.baseURL)/ok"
            [[source]]
            name = "down"
            url = "\(server.baseURL)/down"
            """
        )
        defer { try? FileManager.default.removeItem(at: directory) }

        #expect(try ParseCommandTests.feedwatch(["once", "--config", config]).status == 1)
        let first = try Self.rows(config)
        // The last three columns: WHY, 200, 304.
        #expect(first["down"]?[1] == "backing_off", "\(first)")
        #expect(first["down"]?.suffix(3) == ["backoff", "0", "0"], "\(first)")
        #expect(first["down"]?[4] == "500", "RESULT, after LAST POLL's two words: \(first)")
        #expect(first["ok"]?.suffix(3) == ["interval", "1", "0"], "\(first)")

        #expect(try ParseCommandTests.feedwatch(["once", "--config", config]).status == 1)
        let second = try Self.rows(config)
        #expect(second["down"]?[1] == "failing", "failing_after = 2 failures in a row: \(second)")
        #expect(second["down"]?.suffix(3) == ["failing", "0", "0"], "\(second)")
        #expect(second["ok"]?[1] == "healthy")
        #expect(second["ok"]?.suffix(3) == ["interval", "1", "1"], "the second poll was a 304: \(second)")

        let objects = try Self.objects(config)
        #expect(objects["down"]?["health"] as? String == "failing")
        #expect(objects["down"]?["failure_streak"] as? Int == 2)
        #expect(objects["down"]?["failures"] as? Int == 2)
        #expect(objects["down"]?["last_status"] as? Int == 500)
        #expect(objects["down"]?["last_success_at"] is NSNull)
        #expect(objects["ok"]?["status_200"] as? Int == 1)
        #expect(objects["ok"]?["status_304"] as? Int == 1)
        #expect(objects["ok"]?["last_status"] as? Int == 304)
        try await server.shutdown()
    }

    /// The help lists every reason the engine can give, so it cannot fall behind a new one.
    @Test func theHelpListsEveryNextPollReason() throws {
        let help = try ParseCommandTests.feedwatch(["status", "--help"]).stdout
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for reason in NextPollReason.allCases {
            #expect(help.contains(reason.rawValue), "status --help does not list \(reason.rawValue)")
        }
        #expect(help.contains("WHY (\(NextPollReason.allCases.map(\.rawValue).joined(separator: ", ")))"), "\(help)")
    }
}
