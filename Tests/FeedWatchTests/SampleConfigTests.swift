import Foundation
import Testing

@testable import FeedWatch

/// Config/feedwatch.toml, the sample config the docs point to: it loads, and it cannot drift from the code.
struct SampleConfigTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/feedwatch.toml").path

    static func load() throws -> Config {
        try ConfigLoader.load(path: path, environment: ["FEEDWATCH_TOKEN": "t0k3n"])
    }

    static func lines() throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    @Test func theSampleLoads() throws {
        let config = try Self.load()
        #expect(config.sources.map(\.name) == ["www.ukrinform.net", "partner-wire", "status-page", "mail-digests"])
        #expect(config.sources[1].headers.first?.value == "Bearer t0k3n")
        #expect(config.sources[2].kind == .page)
        #expect(config.sources[3].location == .path("/var/spool/feedwatch/digests"))
    }

    /// The sample sets every [daemon] key to its default (its comments say so), so the defaults it documents are the
    /// code's; only the store is where the systemd unit keeps it.
    @Test func theSampleDaemonTableIsTheDefaults() throws {
        var daemon = try Self.load().daemon
        #expect(daemon.storePath == "/var/lib/feedwatch/feedwatch.sqlite")
        daemon.storePath = DaemonConfig().storePath
        #expect(daemon == DaemonConfig())
    }

    /// Every field of DaemonConfig has its key in the sample, set or (ca_bundle) shown commented out, after a comment.
    @Test func everyDaemonFieldIsDocumented() throws {
        let lines = try Self.lines()
        let fields = Mirror(reflecting: DaemonConfig()).children.compactMap(\.label)
        #expect(fields.count == ConfigDaemonTable.keys.count)
        for field in fields {
            let key = field == "storePath" ? "store" : Self.snakeCase(field)
            #expect(ConfigDaemonTable.keys.contains(key), "the loader does not read \(key)")
            let line = lines.firstIndex { $0.hasPrefix("\(key) = ") || $0.hasPrefix("# \(key) = ") }
            guard let line else {
                Issue.record("Config/feedwatch.toml does not mention \(key)")
                continue
            }
            #expect(line > 0 && lines[line - 1].hasPrefix("# "), "\(key) has no comment above it")
            #expect(lines[..<line].last { !$0.hasPrefix("# \(key)") && $0.hasPrefix("#") }?.contains("Default") == true)
        }
    }

    @Test func everySourceKeyIsDocumented() throws {
        let lines = try Self.lines()
        for key in ConfigSourceTable.keys {
            #expect(lines.contains { $0.hasPrefix("#   \(key) ") || $0 == "#   \(key)" }, "no comment for \(key)")
        }
    }

    static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}
