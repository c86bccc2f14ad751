import Testing

@testable import FeedWatch

/// ConfigLineIndex: the line of every table and key, through the TOML shapes that could throw a line scan off.
struct ConfigLineIndexTests {
    static let text = """
        # a comment with [brackets] and key = "value"
        [daemon]
        store = "a.sqlite"   # trailing comment
        user_agent = \"\"\"
        interval = "not a key: inside a multi-line string"
        [not.a.table]
        \"\"\"
        note = '''
        literal = "also inside"'''

        [[source]]
        url = "https://a.example/"
        tags = [
          "a", # interval = "no"
          "b",
        ]
        "quoted key" = 1
        retention.max_age = "30d"

        [source.headers]
        Authorization = "x"

        [[source]]
        headers = { Accept = "a", "X-Two" = "b", nested = { deep = 1 } }
        interval = "1m"
        """

    let index = ConfigLineIndex(Self.text)

    @Test func tablesAndKeysHaveTheirLines() {
        #expect(index.line(of: ["daemon"]) == 2)
        #expect(index.line(of: ["daemon", "store"]) == 3)
        #expect(index.line(of: ["daemon", "user_agent"]) == 4)
        #expect(index.line(of: ["daemon", "note"]) == 8)
        #expect(index.line(of: ["source", .element(0)]) == 11)
        #expect(index.line(of: ["source", .element(0), "url"]) == 12)
        #expect(index.line(of: ["source", .element(0), "tags"]) == 13)
        #expect(index.line(of: ["source", .element(0), "quoted key"]) == 17)
        #expect(index.line(of: ["source", .element(0), "retention", "max_age"]) == 18)
        #expect(index.line(of: ["source", .element(0), "headers"]) == 20)
        #expect(index.line(of: ["source", .element(0), "headers", "Authorization"]) == 21)
        #expect(index.line(of: ["source", .element(1)]) == 23)
        #expect(index.line(of: ["source", .element(1), "headers", "X-Two"]) == 24)
        #expect(index.line(of: ["source", .element(1), "headers", "nested", "deep"]) == 24)
        #expect(index.line(of: ["source", .element(1), "interval"]) == 25)
    }

    @Test func stringsArraysAndCommentsHideNoKeys() {
        #expect(index.line(of: ["daemon", "interval"]) == nil)
        #expect(index.line(of: ["not"]) == nil)
        #expect(index.line(of: ["daemon", "literal"]) == nil)
        #expect(index.line(of: ["source", .element(0), "interval"]) == nil)
        #expect(index.line(of: ["source", .element(0), "\"b\","]) == nil)
    }

    @Test func aKeyTheTextDoesNotWriteFallsBackToItsTable() {
        #expect(index.nearestLine(of: ["source", .element(1), "kind"]) == 23)
        #expect(index.nearestLine(of: ["source", .element(1), "headers", "Missing"]) == 24)
        #expect(index.nearestLine(of: ["elsewhere"]) == nil)
    }

    @Test func orderFollowsTheText() {
        #expect(
            index.inTextOrder(["nested", "X-Two", "Accept"], of: ["source", .element(1), "headers"])
                == ["Accept", "X-Two", "nested"]
        )
        #expect(index.inTextOrder(["interval", "headers"], of: ["source", .element(1)]) == ["headers", "interval"])
    }

    @Test func keysComeBackInTextOrderWithUnwrittenOnesLastByName() {
        #expect(
            index.inTextOrder(["tags", "zz", "url", "aa", "retention"], of: ["source", .element(0)])
                == ["url", "tags", "retention", "aa", "zz"]
        )
        #expect(index.inTextOrder(["note", "store"], of: ["daemon"]) == ["store", "note"])
        #expect(index.inTextOrder(["b", "a"], of: ["source", .element(7)]) == ["a", "b"])
    }

    /// A name that is first a table and then an array of tables: later headers reach into its last element.
    @Test func aTableThatBecomesAnArrayResolvesToItsLastElement() {
        let mixed = ConfigLineIndex("[x]\nk = 1\n[[x]]\n[x.y]\nz = 2\n")
        #expect(mixed.line(of: ["x"]) == 1)
        #expect(mixed.line(of: ["x", "k"]) == 2)
        #expect(mixed.line(of: ["x", .element(0)]) == 3)
        #expect(mixed.line(of: ["x", .element(0), "y", "z"]) == 5)
        #expect(mixed.line(of: ["x", "y"]) == nil)
    }

    /// The index is built beside TOMLKit's parse, so it also sees text TOMLKit will refuse: it must end, and
    /// index what it can, on any bytes.
    @Test func textTOMLKitRefusesIsScannedWithoutTrouble() {
        let broken = [
            "[", "[[", "[[source", "a = \"unterminated", "a = '''never closed", "a = [1, 2", "x = { y = { z = ",
            "\"\\u12", "= = =", "[a.\"b", "k = \"\\", "\u{0}\u{FF}\r\n[t]\r\nk = 1", "a.b.c", "[x]\n[[x]]\n[x.y]",
            String(repeating: "[", count: 10_000),
        ]
        for text in broken {
            _ = ConfigLineIndex(text)
        }
        let partial = ConfigLineIndex("[daemon]\nstore = \"s\"\nbroken = [1,\n")
        #expect(partial.line(of: ["daemon", "store"]) == 2)
    }
}
