import TOMLKit
import Testing

@testable import FeedWatch

/// A long config is parsed in two halves at once, and read exactly as if it had been parsed whole.
struct ConfigTOMLParseTests {
    /// `count` `[[source]]` tables of four lines each (the fifth source also has a headers table), with `extra`
    /// lines after the table of source `at`.
    private static func sources(_ count: Int, extra: String = "", at position: Int = -1) -> String {
        (0..<count).map { number in
            var table = "[[source]]\nname = \"s\(number)\"\nurl = \"https://h\(number % 7).example/feed-\(number)\"\n"
            if number % 5 == 4 { table += "[source.headers]\nX-Number = \"\(number)\"\n" }
            if number == position { table += extra }
            return table + "\n"
        }.joined()
    }

    @Test func aLongConfigReadsInTwoHalvesLikeAShortOne() throws {
        let text = Self.sources(1500)
        #expect(text.utf8.count >= ConfigTOMLParse.splitMinimumBytes)
        let parse = ConfigTOMLParse(text)
        let trailing = try #require(parse.trailing, "not cut in two")
        #expect(trailing.keys == ["source"])
        let config = try ConfigLoader.parse(text, file: "big.toml", directory: "/", environment: [:])
        #expect(config.sources.map(\.name) == (0..<1500).map { "s\($0)" })
        var line = 1
        for (number, source) in config.sources.enumerated() {
            #expect(source.line == line, "s\(number)")
            #expect(source.address == "https://h\(number % 7).example/feed-\(number)")
            #expect(source.headers.map(\.value) == (number % 5 == 4 ? ["\(number)"] : []), "s\(number)")
            line += number % 5 == 4 ? 6 : 4
        }
    }

    /// The first `[[source]]` line after the middle is inside a multi-line string: the cut is refused and the
    /// whole text parsed, so the string stays a string.
    @Test func aCutInsideAMultiLineStringIsNotTaken() throws {
        let fake =
            "note = \"\"\"\n" + String(repeating: "filler line\n", count: 6000) + "[[source]]\nurl = \"no\"\n\"\"\"\n"
        let text = Self.sources(100) + "[[source]]\nurl = \"https://a.example/\"\n" + fake + Self.sources(100)
        let parse = ConfigTOMLParse(text)
        #expect(parse.trailing == nil)
        let root = try parse.root.get()
        #expect(root["source"]?.array?.count == 201)
        #expect(root["source"]?.array?[100]?.table?["note"]?.string?.hasSuffix("[[source]]\nurl = \"no\"\n") == true)
    }

    /// A `[daemon]` table after the middle is not a `[[source]]` table: the whole text goes to TOMLKit.
    @Test func aTableAfterTheCutIsReadWithTheRest() throws {
        let text = Self.sources(1500) + "[daemon]\nconcurrency = 7\n"
        #expect(ConfigTOMLParse(text).trailing == nil)
        let config = try ConfigLoader.parse(text, file: "big.toml", directory: "/", environment: [:])
        #expect(config.daemon.concurrency == 7)
        #expect(config.sources.count == 1500)
    }

    /// TOMLKit's message and line for an error in the second half are those of the whole file.
    @Test func anErrorAfterTheCutIsReportedAtItsLineInTheFile() throws {
        let text = Self.sources(1500, extra: "interval = \"1h\n", at: 1200)
        let error = try ConfigFixture.error(inText: text)
        #expect(error.kind == .syntax)
        let line = (0..<1200).reduce(1) { $0 + ($1 % 5 == 4 ? 6 : 4) } + 3
        #expect(error.description.hasPrefix("test.toml:\(line): invalid TOML"), "\(error.description)")
    }

    /// `source = [...]` then `[[source]]` headers is invalid TOML, though here each half alone parses (the first
    /// header comes after the middle): the index sees that the first half's sources are not `[[source]]` tables.
    @Test func anInlineSourceArrayBeforeTheHeadersIsStillAnError() throws {
        let text =
            "source = [{ url = \"https://a.example/\" }]\n" + String(repeating: "# a comment\n", count: 6000)
            + Self.sources(100)
        #expect(ConfigTOMLParse(text).trailing == nil)
        let error = try ConfigFixture.error(inText: text)
        #expect(error.kind == .syntax)
    }

    @Test func aShortConfigIsParsedWhole() throws {
        let parse = ConfigTOMLParse(Self.sources(10))
        #expect(parse.trailing == nil)
        #expect(try parse.root.get()["source"]?.array?.count == 10)
    }
}
