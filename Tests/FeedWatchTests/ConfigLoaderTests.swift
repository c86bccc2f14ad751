import Foundation
import Testing

@testable import FeedWatch

/// ConfigLoader: what a file means, and the one-line message for each way it can be wrong.
struct ConfigLoaderTests {
    static let secrets = ["TOKEN": "s3cret-token", "CONTACT": "ops@example.com"]

    // MARK: - What a valid file means

    @Test func aSourceWithOnlyAURLGetsADefaultForEverythingElse() throws {
        let config = try ConfigFixture.parse("minimal.toml")
        var daemon = DaemonConfig()
        daemon.storePath = "/etc/feedwatch/feedwatch.sqlite"
        #expect(config.daemon == daemon)
        #expect(config.file == "minimal.toml")
        var source = SourceConfig(name: "feeds.example.com", location: .url("https://feeds.example.com/world.xml"))
        source.line = 2
        #expect(config.sources == [source])
        #expect(source.kind == .auto && source.interval == nil && source.timeZone == "UTC" && source.retention == nil)
    }

    @Test func everyDaemonKeyIsRead() throws {
        let daemon = try ConfigFixture.parse("full.toml", environment: Self.secrets).daemon
        #expect(daemon.storePath == "/etc/feedwatch/data/feedwatch.sqlite")
        #expect(daemon.logFormat == .json)
        #expect(daemon.logLevel == .debug)
        #expect(daemon.concurrency == 8)
        #expect(daemon.perHostConcurrency == 1)
        #expect(daemon.hostSpacing == .milliseconds(1500))
        #expect(daemon.interval == .seconds(5400))
        #expect(daemon.minInterval == .seconds(120))
        #expect(daemon.maxInterval == .seconds(2 * 86400))
        #expect(daemon.jitter == 0.25)
        #expect(daemon.backoffInitial == .seconds(90))
        #expect(daemon.backoffMax == .seconds(12 * 3600))
        #expect(daemon.failingAfter == 7)
        #expect(daemon.moveAfter == 2)
        #expect(daemon.connectTimeout == .seconds(5))
        #expect(daemon.timeout == .seconds(120))
        #expect(daemon.lowSpeedTime == .zero)
        #expect(daemon.lowSpeedLimit == 1024)
        #expect(daemon.maxBodySize == 1_000_000)
        #expect(daemon.maxRedirects == 0)
        #expect(daemon.userAgent == "feedwatch-test/1.0 (ops@example.com; ${literal})")
        #expect(daemon.caBundle == "/etc/ssl/private-ca.pem")
        #expect(daemon.fullTextConcurrency == 2)
        #expect(daemon.statsInterval == .seconds(86400))
        #expect(daemon.shutdownTimeout == .zero)
        #expect(daemon.fetchLogMaxAge == .seconds(30 * 86400))
    }

    @Test func everySourceKeyIsRead() throws {
        let sources = try ConfigFixture.parse("full.toml", environment: Self.secrets).sources
        try #require(sources.count == 2)
        let kyiv = sources[0]
        #expect(kyiv.name == "kyiv")
        #expect(kyiv.location == .url("https://kyiv.example.com/rss"))
        #expect(kyiv.kind == .feed)
        #expect(kyiv.interval == .seconds(1200))
        #expect(kyiv.timeZone == "Europe/Kyiv")
        #expect(kyiv.fullText)
        #expect(kyiv.tags == ["ukraine", "news \"quoted\""])
        #expect(kyiv.retention == SourceConfig.Retention(maxAge: .seconds(90 * 86400), maxItems: 500))
        #expect(kyiv.allowPrivateAddresses)
        #expect(kyiv.line == 30)
        // Headers keep the file's order, not TOMLKit's alphabetical one.
        #expect(
            kyiv.headers == [
                SourceConfig.Header(name: "Authorization", value: "Bearer s3cret-token", template: "Bearer ${TOKEN}"),
                SourceConfig.Header(name: "Accept-Language", value: "uk, en;q=0.5"),
            ]
        )

        let inbox = sources[1]
        #expect(inbox.name == "inbox")
        #expect(inbox.location == .path("/etc/feedwatch/inbox"))
        #expect(inbox.kind == .page)
        #expect(inbox.retention == SourceConfig.Retention(maxAge: nil, maxItems: 10))
        #expect(inbox.headers.first?.value == "costs $5 and ${NOT_A_VARIABLE}")
    }

    @Test func loadReadsTheFileAndResolvesPathsAgainstItsDirectory() throws {
        let url = try ConfigFixture.url("minimal.toml")
        let config = try ConfigLoader.load(path: url.path, environment: [:])
        #expect(config.file == url.path)
        #expect(
            config.daemon.storePath == url.deletingLastPathComponent().appendingPathComponent("feedwatch.sqlite").path
        )
    }

    @Test func anEmptyRetentionTableKeepsEverythingLikeNone() throws {
        let config = try ConfigLoader.parse(
            "[[source]]\nurl = \"https://a.example/feed\"\nretention = {}\n",
            file: "t.toml",
            directory: "/srv",
            environment: [:]
        )
        #expect(config.sources[0].retention == nil)
    }

    // MARK: - The file itself

    @Test func aMissingFileSaysSoWithItsPath() throws {
        #expect(
            throws: ConfigError(.unreadable, file: "/nonexistent/feedwatch.toml", message: "cannot read: no such file")
        ) {
            try ConfigLoader.load(path: "/nonexistent/feedwatch.toml", environment: [:])
        }
        let directory = try ConfigFixture.url("minimal.toml").deletingLastPathComponent().path
        #expect(throws: ConfigError(.unreadable, file: directory, message: "cannot read: it is a directory")) {
            try ConfigLoader.load(path: directory, environment: [:])
        }
    }

    @Test func aTOMLSyntaxErrorNamesItsLine() throws {
        let error = try ConfigFixture.error("syntax-error.toml")
        #expect(error.kind == .syntax)
        #expect(error.line == 5)
        #expect(
            error.description.hasPrefix("syntax-error.toml:5: invalid TOML at column 43: error while parsing string")
        )
    }

    @Test func aFileWithoutSourcesIsAnError() throws {
        let error = try ConfigFixture.error("no-sources.toml")
        #expect(error.kind == .noSources)
        #expect(
            error.description
                == #"no-sources.toml: no [[source]] tables: add one, such as [[source]] with url = "https://example.com/feed.xml""#
        )
    }

    // MARK: - Keys

    @Test func anUnknownKeyNamesItsLineAndTheKeyItLooksLike() throws {
        let error = try ConfigFixture.error("unknown-key.toml")
        #expect(error.kind == .unknownKey)
        #expect(error.description == "unknown-key.toml:3: [daemon]: intervall: unknown key; did you mean 'interval'?")
    }

    @Test func anUnknownSourceKeyNamesTheSource() throws {
        let error = try ConfigFixture.error("unknown-source-key.toml")
        #expect(error.description == "unknown-source-key.toml:7: source 'kyiv': tag: unknown key; did you mean 'tags'?")
    }

    @Test(arguments: [
        (
            "[daemon]\nflavour = 1\n[[source]]\nurl = \"https://a.example/\"\n",
            "test.toml:2: [daemon]: flavour: unknown key"
        ),
        (
            "interval = \"5m\"\n[[source]]\nurl = \"https://a.example/\"\n",
            "test.toml:1: interval: unknown key; interval belongs in the [daemon] table"
        ),
        (
            "[deamon]\nconcurrency = 1\n[[source]]\nurl = \"https://a.example/\"\n",
            "test.toml:1: deamon: unknown key; did you mean 'daemon'?"
        ),
        (
            "[daemon]\ntags = []\n[[source]]\nurl = \"https://a.example/\"\n",
            "test.toml:2: [daemon]: tags: unknown key; tags is set in a [[source]] table"
        ),
        (
            "[[source]]\nurl = \"https://a.example/\"\ntimeout = \"5s\"\n",
            "test.toml:3: source 'a.example': timeout: unknown key; timeout is set in [daemon]"
        ),
        (
            "[[source]]\nurl = \"https://a.example/\"\nretention = { max_age = \"1d\", max_itmes = 3 }\n",
            "test.toml:3: source 'a.example': retention.max_itmes: unknown key; did you mean 'max_items'?"
        ),
    ])
    func unknownKeys(text: String, message: String) throws {
        #expect(try ConfigFixture.error(inText: text).description == message)
    }

    // MARK: - Values

    @Test func aValueOfTheWrongTypeNamesLineKeyAndWhatWasExpected() throws {
        let error = try ConfigFixture.error("wrong-type.toml")
        #expect(error.kind == .wrongType)
        #expect(
            error.description
                == #"wrong-type.toml:11: source 'kyiv': interval: expected a duration such as "90s", "15m" or "2h", got 15 (an integer)"#
        )
    }

    @Test(arguments: [
        ("concurrency = \"8\"", #"test.toml:2: [daemon]: concurrency: expected a whole number, got "8" (a string)"#),
        (
            "concurrency = 0",
            "test.toml:2: [daemon]: concurrency: expected at least 1, got 0: with 0 no poll could ever run"
        ),
        (
            "interval = \"0s\"",
            #"test.toml:2: [daemon]: interval: must be longer than "0s": sources would be polled without pause"#
        ),
        (
            "timeout = \"-5s\"",
            #"test.toml:2: [daemon]: timeout: expected a duration such as "90s", "15m" or "2h", got "-5s": a duration cannot be negative"#
        ),
        (
            "max_body_size = 0",
            "test.toml:2: [daemon]: max_body_size: expected at least 1 bytes, got 0: no response body would fit"
        ),
        (
            "max_body_size = \"16 MB/s\"",
            #"test.toml:2: [daemon]: max_body_size: expected a size such as "10MiB", "512KiB" or a whole number of bytes, got "16 MB/s": unknown unit 'MB/s' (use B, KiB, MiB, GiB, kB, MB or GB)"#
        ),
        (
            "jitter = 1.5",
            "test.toml:2: [daemon]: jitter: expected a number from 0 to 1 (0.1 moves each poll by up to 10% of its interval), got 1.5"
        ),
        ("log_format = \"xml\"", #"test.toml:2: [daemon]: log_format: expected "auto", "json" or "text", got "xml""#),
        (
            "low_speed_time = \"1500ms\"",
            #"test.toml:2: [daemon]: low_speed_time: expected whole seconds (libcurl counts this in seconds), got "1s500ms""#
        ),
        (
            "store = \"~/feedwatch.sqlite\"",
            #"test.toml:2: [daemon]: store: '~' is not expanded: write the full path, such as "/home/…""#
        ),
        ("user_agent = \"\"", "test.toml:2: [daemon]: user_agent: must not be empty"),
        (
            "min_interval = \"2h\"\nmax_interval = \"1h\"",
            #"test.toml:2: [daemon]: min_interval: "2h" is longer than max_interval "1h" (line 3); min_interval must not be longer than max_interval"#
        ),
        (
            "interval = \"1m\"",
            #"test.toml:2: [daemon]: interval: "1m" is shorter than min_interval "5m" (the default); min_interval must not be longer than interval"#
        ),
        (
            "backoff_max = \"30s\"",
            #"test.toml:2: [daemon]: backoff_max: "30s" is shorter than backoff_initial "1m" (the default); backoff_initial must not be longer than backoff_max"#
        ),
    ])
    func daemonValues(line: String, message: String) throws {
        let text = "[daemon]\n\(line)\n\n[[source]]\nurl = \"https://a.example/\"\n"
        #expect(try ConfigFixture.error(inText: text).description == message)
    }

    @Test(arguments: [
        ("kind = \"rss\"", #"test.toml:3: source 'a.example': kind: expected "auto", "feed" or "page", got "rss""#),
        (
            "full_text = \"yes\"",
            #"test.toml:3: source 'a.example': full_text: expected true or false, got "yes" (a string)"#
        ),
        (
            "tags = \"news\"",
            #"test.toml:3: source 'a.example': tags: expected an array of strings such as ["news", "ukraine"], got "news" (a string)"#
        ),
        (
            "tags = [\"news\", 3]",
            "test.toml:3: source 'a.example': tags: element 2: expected a string, got 3 (an integer)"
        ),
        ("name = \"\"", "test.toml:3: source 'a.example': name: must not be empty"),
        (
            "headers = { \"Bad Name\" = \"x\" }",
            "test.toml:3: source 'a.example': headers.Bad Name: not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)"
        ),
        (
            "headers = { Accept = \"a\", accept = \"b\" }",
            "test.toml:3: source 'a.example': headers.accept: the same header as 'Accept' (line 3): header names ignore case"
        ),
        (
            "headers = { Accept = 1 }",
            "test.toml:3: source 'a.example': headers.Accept: expected a string, got 1 (an integer)"
        ),
        (
            "headers = { X-Token = \"${TOKEN\" }",
            "test.toml:3: source 'a.example': headers.X-Token: '${' is not closed by '}' (write $${ for a literal ${)"
        ),
        (
            "headers = { X-Token = \"${MULTILINE}\" }",
            "test.toml:3: source 'a.example': headers.X-Token: the value holds a line break or NUL once ${…} is expanded"
        ),
        (
            "retention = { max_items = 0 }",
            "test.toml:3: source 'a.example': retention.max_items: expected at least 1, got 0: 0 would keep no story at all"
        ),
        (
            "retention = 30",
            #"test.toml:3: source 'a.example': retention: expected a table such as { max_age = "90d", max_items = 1000 }, got 30 (an integer)"#
        ),
    ])
    func sourceValues(line: String, message: String) throws {
        let text = "[[source]]\nurl = \"https://a.example/\"\n\(line)\n"
        let environment = ["MULTILINE": "secret\n"]
        #expect(try ConfigFixture.error(inText: text, environment: environment).description == message)
    }

    @Test func sizesAreReadAsIntegersOrWithUnits() throws {
        let text =
            "[daemon]\nmax_body_size = 1048576\nlow_speed_limit = \"2kB\"\n[[source]]\nurl = \"https://a.example/\"\n"
        let daemon = try ConfigLoader.parse(text, file: "t.toml", directory: "/", environment: [:]).daemon
        #expect(daemon.maxBodySize == 1 << 20)
        #expect(daemon.lowSpeedLimit == 2000)
    }

    // MARK: - Sources

    @Test func twoSourcesWithOneNameNameBothLines() throws {
        let error = try ConfigFixture.error("duplicate-names.toml")
        #expect(error.kind == .duplicateName)
        #expect(
            error.description
                == "duplicate-names.toml:4: source 'feeds.example.com': name: 'feeds.example.com' (taken from its url) "
                + "is also the name of the source at line 1; give one of them another name = \"…\""
        )
        let explicit = try ConfigFixture.error(
            inText:
                "[[source]]\nname = \"a\"\nurl = \"https://a.example/\"\n\n[[source]]\nname = \"a\"\npath = \"/srv/a\"\n"
        )
        #expect(
            explicit.description
                == "test.toml:6: source 'a': name: 'a' is also the name of the source at line 1; give one of them "
                + "another name = \"…\""
        )
    }

    /// A config of thousands of sources is read by two workers (from 256 sources on): the sources come back in
    /// file order with their lines, the error reported is the first in the file whichever worker met it, and a
    /// name used in both halves is still a duplicate.
    @Test func aLargeConfigReadsLikeASmallOne() throws {
        func table(_ number: Int, name: String? = nil, extra: String = "") -> String {
            "[[source]]\nname = \"\(name ?? "s\(number)")\"\nurl = \"https://h\(number % 7).example/\(number)\"\n\(extra)\n"
        }
        let count = 600
        let config = try ConfigLoader.parse(
            (0..<count).map { table($0) }.joined(),
            file: "big.toml",
            directory: "/",
            environment: [:]
        )
        #expect(config.sources.map(\.name) == (0..<count).map { "s\($0)" })
        #expect(config.sources.map(\.line) == (0..<count).map { 1 + 4 * $0 })
        #expect(config.sources[451].address == "https://h3.example/451")

        let twoErrors = (0..<count).map {
            table($0, extra: $0 == 100 ? "interval = 5" : $0 == 500 ? "color = \"red\"" : "")
        }.joined()
        let first = try ConfigFixture.error(inText: twoErrors)
        #expect(first.description.hasPrefix("test.toml:404: source 's100': interval: expected a duration"))
        let secondHalfOnly = try ConfigFixture.error(
            inText: (0..<count).map { table($0, extra: $0 == 500 ? "color = \"red\"" : "") }.joined()
        )
        #expect(secondHalfOnly.description == "test.toml:2004: source 's500': color: unknown key")

        let duplicate = try ConfigFixture.error(
            inText: (0..<count).map { table($0, name: $0 == 550 ? "s10" : nil) }.joined()
        )
        #expect(duplicate.kind == .duplicateName)
        #expect(
            duplicate.description.hasPrefix(
                "test.toml:2202: source 's10': name: 's10' is also the name of the source at line 41"
            )
        )
    }

    @Test func aSourceNeedsAURLOrAPath() throws {
        let error = try ConfigFixture.error("no-location.toml")
        #expect(error.kind == .missingKey)
        #expect(
            error.description
                == "no-location.toml:4: source 'orphan': neither url nor path is set: add url = \"https://…\" for a feed "
                + "or page, or path = \"/…\" for a file or spool directory"
        )
    }

    @Test func aSourceCannotHaveBothAURLAndAPath() throws {
        let error = try ConfigFixture.error("url-and-path.toml")
        #expect(error.kind == .conflictingKeys)
        #expect(
            error.description
                == "url-and-path.toml:4: source 'both': path: url (line 3) and path are both set; a source has either "
                + "a url or a path"
        )
    }

    @Test func aURLMustBeHTTPOrHTTPSWithAHost() throws {
        let error = try ConfigFixture.error("bad-scheme.toml")
        #expect(
            error.description
                == #"bad-scheme.toml:3: source 'ftp-feed': url: expected an http or https URL, got "ftp://feeds.example.com/world.xml" (scheme 'ftp')"#
        )
        let noScheme = try ConfigFixture.error(inText: "[[source]]\nname = \"x\"\nurl = \"feeds.example.com/rss\"\n")
        #expect(
            noScheme.description
                == #"test.toml:3: source 'x': url: expected an absolute http or https URL such as "https://example.com/feed.xml", got "feeds.example.com/rss""#
        )
        let noHost = try ConfigFixture.error(inText: "[[source]]\nname = \"x\"\nurl = \"https:///feed.xml\"\n")
        #expect(noHost.description.hasPrefix("test.toml:3: source 'x': url: expected an http or https URL"))
    }

    @Test func aTimeZoneMustBeAnIANAName() throws {
        let error = try ConfigFixture.error("bad-timezone.toml")
        #expect(
            error.description
                == #"bad-timezone.toml:3: source 'feeds.example.com': timezone: unknown time zone "europe/rome": expected an IANA name such as "Europe/Kyiv" or "UTC"; did you mean 'Europe/Rome'?"#
        )
    }

    @Test func aSourceIntervalBelowTheFloorNamesBothKeys() throws {
        let error = try ConfigFixture.error("interval-below-min.toml")
        #expect(
            error.description
                == #"interval-below-min.toml:7: source 'eager': interval: "1m" is shorter than [daemon] min_interval "10m" (line 2); raise interval or lower min_interval"#
        )
    }

    @Test func anUnsetVariableNamesTheVariableAndTheKey() throws {
        let error = try ConfigFixture.error("unset-variable.toml")
        #expect(error.kind == .unsetVariable)
        #expect(
            error.description
                == "unset-variable.toml:4: source 'wire': headers.Authorization: environment variable WIRE_TOKEN is not "
                + "set (the value uses ${WIRE_TOKEN})"
        )
        let config = try ConfigFixture.parse("unset-variable.toml", environment: ["WIRE_TOKEN": "t0k"])
        #expect(config.sources[0].headers.first?.value == "Bearer t0k")
    }

    @Test func aSingleSourceTableIsNotAnArrayOfThem() throws {
        let error = try ConfigFixture.error(inText: "[source]\nurl = \"https://a.example/\"\n")
        #expect(
            error.description
                == "test.toml:1: source: expected [[source]] tables (double brackets: one [[source]] per source), got "
                + "a single [source] table"
        )
    }
}

@Suite struct ControlCharacterTests {
    @Test func controlCharactersAreFoundOnTheBytes() {
        #expect(!ConfigTableReader.containsControlCharacter("https://example.org/ä€😀?q=1"))
        #expect(ConfigTableReader.containsControlCharacter("a\nb"))
        #expect(ConfigTableReader.containsControlCharacter("a\u{7F}"))
        #expect(ConfigTableReader.containsControlCharacter("a\u{85}b"), "NEL, a C1 control")
        #expect(!ConfigTableReader.containsControlCharacter("\u{A0}\u{100}"), "no-break space and Ā are not controls")
    }
}
