import Testing

@testable import FeedCore

@Suite("JSON Feeds read up to the damage")
struct JSONFeedRecoveryTests {
    private func jsonFeed() throws -> (bytes: [UInt8], text: String) {
        let bytes = try fixtureBytes("jsonfeed11", "json")
        return (bytes, String(decoding: bytes, as: UTF8.self))
    }

    /// The byte offset of `needle` in `text`.
    private func offset(of needle: String, in text: String) throws -> Int {
        let range = try #require(text.range(of: needle), "'\(needle)' is not in the fixture")
        return text.utf8.distance(from: text.startIndex, to: range.lowerBound)
    }

    @Test func aFeedCutShortKeepsTheItemsBeforeTheCut() throws {
        let (bytes, text) = try jsonFeed()
        let whole = try FeedParser().parse(bytes)
        let cut = try offset(of: #""title": "Traghetti"#, in: text)

        let feed = try FeedParser().parse(Array(bytes[..<cut]))
        #expect(feed.format == .jsonFeed11)
        #expect(feed.wellFormed == false)
        #expect(feed.title == whole.title)
        #expect(feed.items == [whole.items[0]])
        #expect(
            feed.warnings.contains {
                $0.message.hasPrefix("not well-formed JSON: ")
                    && $0.message.hasSuffix("read the 1 item(s) before the damage")
            },
            "\(feed.warnings)"
        )
    }

    @Test func spoiledBytesInTheSecondItemLeaveTheFirst() throws {
        let (bytes, text) = try jsonFeed()
        var spoiled = bytes
        // The quote that opens the second item's title: the rest of the document no longer parses.
        spoiled[try offset(of: #""Traghetti"#, in: text)] = UInt8(ascii: "x")
        let feed = try FeedParser().parse(spoiled)
        #expect(feed.wellFormed == false)
        #expect(feed.items.map(\.title) == ["Al via il Festival del Lago"])
    }

    @Test func damageBeforeAnyItemEndsIsStillAnError() throws {
        let (bytes, text) = try jsonFeed()
        let cut = try offset(of: #""title": "Al via"#, in: text)
        #expect(throws: FeedParseError.self) { try FeedParser().parse(Array(bytes[..<cut])) }
    }

    @Test func onlyTheItemsArraysObjectsEndItems() {
        let text = #"""
            {"version":"https://jsonfeed.org/version/1.1","title":"} ] {","authors":[{"name":"a"}],
             "items":[{"id":"1","title":"a \" } b","authors":[{"name":"c"}]},{"id":"2","content_text":"[{"}],
             "extra":[{"x":1}]}
            """#
        let utf8 = Array(text.utf8)
        // A brace or bracket inside a string, an escaped quote, and objects nested in an item or outside the
        // items array end nothing.
        let firstEnd = text.utf8.distance(from: text.startIndex, to: text.range(of: #""name":"c"}]}"#)!.upperBound)
        let secondEnd = text.utf8.distance(
            from: text.startIndex,
            to: text.range(of: #""content_text":"[{"}"#)!.upperBound
        )
        #expect(JSONFeedRecovery.itemEnds(utf8) == [firstEnd, secondEnd])
    }
}
