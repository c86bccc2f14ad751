import Testing

@testable import FeedWatch

/// Config.effectiveTOML: every key written out, readable back to the same config, secrets left out.
struct ConfigEffectiveTOMLTests {
    static let environment = ["TOKEN": "s3cret-token", "CONTACT": "ops@example.com"]

    /// Parses `config`'s effective TOML as the loader parses a file.
    static func reparse(_ config: Config) throws -> Config {
        try ConfigLoader.parse(
            config.effectiveTOML(),
            file: config.file,
            directory: "/elsewhere",
            environment: environment
        )
    }

    @Test(arguments: ["minimal.toml", "full.toml"])
    func readsBackToAnEqualConfig(fixture: String) throws {
        let config = try ConfigFixture.parse(fixture, environment: Self.environment)
        let again = try Self.reparse(config)
        #expect(ConfigFixture.withoutLines(again) == ConfigFixture.withoutLines(config))
        // And it is a fixed point: the second rendering is the first.
        #expect(again.effectiveTOML() == config.effectiveTOML())
    }

    @Test func theDefaultsAreWrittenOutInHumanUnits() throws {
        let text = try ConfigFixture.parse("minimal.toml").effectiveTOML()
        let lines = Set(text.split(separator: "\n").map(String.init))
        for line in [
            "store = \"/etc/feedwatch/feedwatch.sqlite\"", "log_format = \"auto\"", "interval = \"15m\"",
            "min_interval = \"5m\"", "max_interval = \"1d\"", "jitter = 0.1", "backoff_max = \"6h\"",
            "timeout = \"1m\"", "max_body_size = \"16MiB\"", "low_speed_limit = 64",
            "# ca_bundle is not set: only the system's certificate authorities are trusted",
            "name = \"feeds.example.com\"", "url = \"https://feeds.example.com/world.xml\"", "kind = \"auto\"",
            "# interval is not set: the [daemon] interval, \"15m\", applies", "timezone = \"UTC\"", "headers = {}",
            "tags = []", "# retention is not set: every story is kept", "allow_private_addresses = false",
        ] {
            #expect(lines.contains(line), "missing: \(line)")
        }
    }

    @Test func everyDaemonKeyIsWritten() throws {
        var config = try ConfigFixture.parse("minimal.toml")
        config.daemon.caBundle = "/etc/ssl/ca.pem"
        let text = config.effectiveTOML()
        for key in ConfigDaemonTable.keys {
            #expect(text.contains("\n\(key) = "), "missing: \(key)")
        }
    }

    @Test func aHeaderFromTheEnvironmentShowsWhereItCameFromNotTheSecret() throws {
        let text = try ConfigFixture.parse("full.toml", environment: Self.environment).effectiveTOML()
        #expect(!text.contains("s3cret-token"))
        #expect(text.contains(#"headers = { Authorization = "Bearer ${TOKEN}", Accept-Language = "uk, en;q=0.5" }"#))
        #expect(text.contains(#"headers = { X-Literal = "costs $5 and $${NOT_A_VARIABLE}" }"#))
        // The user agent is no secret: it goes out with every request. Its literal ${ is escaped to read back.
        #expect(text.contains(#"user_agent = "feedwatch-test/1.0 (ops@example.com; $${literal})""#))
    }

    @Test func valuesThatNeedEscapingReadBack() throws {
        var source = SourceConfig(name: "odd \"name\" ç", location: .path("/srv/a b/ç"))
        source.headers = [SourceConfig.Header(name: "X-Dollar", value: "${NOT_EXPANDED}\\")]
        source.tags = ["a\"b", "tab\there", "del\u{7F}", "back\\slash"]
        source.interval = .milliseconds(300_500)
        var config = Config(file: "built.toml", sources: [source])
        config.daemon.userAgent = "agent ${x}"
        config.daemon.storePath = "/var/lib/x.sqlite"
        #expect(ConfigFixture.withoutLines(try Self.reparse(config)) == config)
    }
}
