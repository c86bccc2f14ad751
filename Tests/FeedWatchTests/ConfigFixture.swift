import Foundation
import Testing

@testable import FeedWatch

/// The config files under Fixtures/config, read as the loader reads them: named by their file name in messages, with
/// /etc/feedwatch as their directory, so that messages and resolved paths are the same on every machine.
enum ConfigFixture {
    static let directory = "/etc/feedwatch"

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/config"))
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    static func parse(_ name: String, environment: [String: String] = [:]) throws -> Config {
        try ConfigLoader.parse(text(name), file: name, directory: directory, environment: environment)
    }

    /// The error `name` is rejected with; a test fails here if it is accepted.
    static func error(_ name: String, environment: [String: String] = [:]) throws -> ConfigError {
        try error(inText: text(name), file: name, environment: environment)
    }

    /// The error `text` is rejected with.
    static func error(
        inText text: String,
        file: String = "test.toml",
        environment: [String: String] = [:]
    ) throws
        -> ConfigError
    {
        do {
            let config = try ConfigLoader.parse(text, file: file, directory: directory, environment: environment)
            Issue.record("accepted, with \(config.sources.count) sources")
            throw CancellationError()
        } catch let error as ConfigError {
            return error
        }
    }

    /// `config` with every source's line set to 0: the effective config has its sources on other lines.
    static func withoutLines(_ config: Config) -> Config {
        var config = config
        for index in config.sources.indices { config.sources[index].line = 0 }
        return config
    }
}
