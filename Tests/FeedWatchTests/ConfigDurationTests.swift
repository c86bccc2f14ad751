import Testing

@testable import FeedWatch

/// ConfigDuration: every form a config file may write a duration in, and what each mistake says.
struct ConfigDurationTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)),
        ("90s", .seconds(90)),
        ("15m", .seconds(900)),
        ("2h", .seconds(7200)),
        ("1d", .seconds(86400)),
        ("1h30m", .seconds(5400)),
        ("1d2h3m4s5ms", .milliseconds(93_784_005)),
        ("0s", .zero),
        ("36500d", .seconds(36500 * 86400)),
    ])
    func readsEveryForm(text: String, duration: Duration) throws {
        #expect(try ConfigDuration.parse(text) == duration)
    }

    @Test(arguments: [
        ("15", "the number has no unit (ms, s, m, h or d)"),
        ("15 m", "unexpected ' ' (write the number and unit together, without spaces)"),
        ("1.5h", "fractions are not read: write \"1h30m\" rather than \"1.5h\", \"1500ms\" rather than \"1.5s\""),
        ("-5m", "a duration cannot be negative"),
        ("5min", "unknown unit 'min' (use ms, s, m, h or d)"),
        ("30m1h", "units go from the largest to the smallest, each once, as in \"1h30m\""),
        ("1h1h", "units go from the largest to the smallest, each once, as in \"1h30m\""),
        ("h", "each unit needs a whole number before it, as in \"1h30m\""),
        ("99999999999999999999s", "the number is too large"),
        ("9999999999999999d", "the duration is too long"),
    ])
    func saysWhatIsWrong(text: String, detail: String) {
        #expect(
            throws: ConfigValueProblem(#"expected a duration such as "90s", "15m" or "2h", got "\#(text)": \#(detail)"#)
        ) {
            try ConfigDuration.parse(text)
        }
    }

    @Test func anEmptyStringIsNoDuration() {
        #expect(throws: ConfigValueProblem(#"expected a duration such as "90s", "15m" or "2h", got an empty string"#)) {
            try ConfigDuration.parse("")
        }
    }

    @Test(arguments: [
        (Duration.seconds(900), "15m"), (.seconds(90), "1m30s"), (.milliseconds(500), "500ms"), (.seconds(86400), "1d"),
        (.seconds(6 * 3600), "6h"), (.zero, "0s"), (.milliseconds(93_784_005), "1d2h3m4s5ms"),
    ])
    func writesTheLargestExactUnits(duration: Duration, text: String) throws {
        #expect(ConfigDuration.format(duration) == text)
        #expect(try ConfigDuration.parse(text) == duration)
    }
}
