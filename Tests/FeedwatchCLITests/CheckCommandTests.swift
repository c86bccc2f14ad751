import Foundation
import Testing

/// `feedwatch check` run as a user runs it: the built binary, its exit status, stdout and stderr.
struct CheckCommandTests {
    typealias Run = ParseCommandTests.Run

    static let sample = ParseCommandTests.repository.appendingPathComponent("Config/feedwatch.toml").path

    static func feedwatch(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try ParseCommandTests.feedwatch(arguments, environment: environment)
    }

    /// A config file with `text` in a fresh directory.
    static func configFile(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-check-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("feedwatch.toml")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func theSampleConfigIsValidAndPrintedWithoutItsSecret() throws {
        let run = try Self.feedwatch(["check", "--config", Self.sample], environment: ["FEEDWATCH_TOKEN": "t0k3n-abc"])
        #expect(run.status == 0)
        #expect(run.stderr == "feedwatch: config OK: 4 sources in \(Self.sample)\n")
        #expect(run.stdout.components(separatedBy: "\n[[source]]\n").count == 5)
        #expect(run.stdout.contains(#"Authorization = "Bearer ${FEEDWATCH_TOKEN}""#))
        #expect(!run.stdout.contains("t0k3n-abc"))
    }

    @Test func theConfigPathCanComeFromTheEnvironment() throws {
        let file = try Self.configFile("[[source]]\nurl = \"https://feeds.example.com/world.xml\"\n")
        let run = try Self.feedwatch(["check"], environment: ["FEEDWATCH_CONFIG": file])
        #expect(run.status == 0)
        #expect(run.stderr == "feedwatch: config OK: 1 source in \(file)\n")
        #expect(run.stdout.contains("name = \"feeds.example.com\"\n"))
    }

    @Test func anInvalidConfigExits78WithOneLine() throws {
        let file = try Self.configFile("[daemon]\nintervall = \"10m\"\n\n[[source]]\nurl = \"https://a.example/\"\n")
        let run = try Self.feedwatch(["check", "--config", file])
        #expect(run.status == 78)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "feedwatch: \(file):2: [daemon]: intervall: unknown key; did you mean 'interval'?\n")
    }

    @Test func anUnsetVariableExits78() throws {
        let run = try Self.feedwatch(["check", "--config", Self.sample])
        #expect(run.status == 78)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("feedwatch: \(Self.sample):"))
        #expect(
            run.stderr.hasSuffix(
                ": source 'partner-wire': headers.Authorization: environment variable FEEDWATCH_TOKEN is not set "
                    + "(the value uses ${FEEDWATCH_TOKEN})\n"
            )
        )
        let empty = try Self.feedwatch(["check", "--config", Self.sample], environment: ["FEEDWATCH_TOKEN": ""])
        #expect(empty.status == 0, "set but empty is set")
    }

    @Test func aMissingFileExits78NamingItsPath() throws {
        let run = try Self.feedwatch(["check", "--config", "/nonexistent/feedwatch.toml"])
        #expect(run.status == 78)
        #expect(run.stderr == "feedwatch: /nonexistent/feedwatch.toml: cannot read: no such file\n")
        let fromEnvironment = try Self.feedwatch(["check"], environment: ["FEEDWATCH_CONFIG": "/nonexistent/fw.toml"])
        #expect(fromEnvironment.status == 78)
        #expect(
            fromEnvironment.stderr
                == "feedwatch: /nonexistent/fw.toml: cannot read: no such file (from $FEEDWATCH_CONFIG)\n"
        )
    }
}
