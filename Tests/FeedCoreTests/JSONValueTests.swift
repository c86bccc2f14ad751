import Foundation
import Testing

@testable import FeedCore

/// JSON Feeds read by our own JSON reader come out exactly as JSONSerialization's reading of them does.
@Suite("JSON read without JSONSerialization gives JSONSerialization's feed")
struct JSONValueTests {
    /// The normalised feed as `feedwatch parse` prints it, or the error, read with or without the fast path.
    static func outcome(_ json: String, fastPath: Bool) -> String {
        outcome(Array(json.utf8), fastPath: fastPath)
    }

    static func outcome(_ bytes: [UInt8], fastPath: Bool) -> String {
        do {
            let feed = try FeedNormaliser(context: ParseContext()).normalise(
                JSONFeedReader.read(bytes, fastPath: fastPath)
            )
            var out: [UInt8] = []
            FeedJSON.write(feed) { out.append(contentsOf: $0) }
            return String(decoding: out, as: UTF8.self)
        } catch {
            return "error: \(error)"
        }
    }

    static let item = #"{"id": "1", "url": "https://a.example/1", "title": "T", "content_html": "<p>x</p>"}"#

    /// Documents the fast path reads: escapes of every kind, numbers and booleans where a feed reads them,
    /// nulls, wrong types, nesting, every kind of JSON whitespace.
    static let taken = [
        #"{"version": "https://jsonfeed.org/version/1.1", "title": "Esc \"q\" \\ \/ \b\f\n\r\t \u00e9 \u2014 \ud83d\ude00 \u0000 end", "items": [\#(item)]}"#,
        #"{"version":"https://jsonfeed.org/version/1","title":"Compact","home_page_url":"https://a.example/","items":[{"id":42,"content_text":"a\n\nb","tags":["x",1,null,"y",true],"attachments":[{"url":"https://a.example/a.mp3","size_in_bytes":123456789,"mime_type":"audio/mpeg","title":"Ép. 1"},{"url":"https://a.example/b.mp3","size_in_bytes":1.5e3}]}]}"#,
        " \n\t\r{ \"version\" : \"https://jsonfeed.org/version/1.1\" , \"title\" : \"Spaced\" , \"items\" : [ \(item) , { \"id\" : -7.25 , \"title\" : null , \"summary\" : \"s\" } ] } \n",
        #"{"version": "https://jsonfeed.org/version/1.1", "title": "People", "author": {"name": "Jo", "url": "https://jo.example"}, "authors": [{"name": "A"}, "not an object", {"url": ""}], "items": [{"id": true, "authors": [{"name": "B"}], "date_published": "2024-06-28T11:07:26Z", "image": "https://a.example/i.png"}]}"#,
        #"{"title": "No version but items", "items": [], "extra": {"deep": [[[{"a": [1, 2, {"b": null}]}]]]}}"#,
        #"{"version": "https://jsonfeed.org/version/1.1", "title": "Items not an array", "items": {"id": "1"}}"#,
        #"{"version": "https://jsonfeed.org/version/1.1", "title": "Item not an object", "items": ["x", \#(item), 3]}"#,
        #"{"not": "a feed", "keys": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7}"#, "[1, 2, 3]", "{}",
        #"{"version": "https://jsonfeed.org/version/1.1", "title": "Città — «Ёлка» 東京 raw", "items": [{"id": "\u00e9", "url": "/rel"}]}"#,
    ]

    /// Documents the fast path leaves to JSONSerialization: ill-formed, or whose reading is Foundation's call.
    static let declined = [
        #"{"title": "dup", "title": "twice", "items": []}"#, #"{"title": "lone \ud83d surrogate", "items": []}"#,
        #"{"title": "low \ude00 first", "items": []}"#, #"{"title": "bad \x escape", "items": []}"#,
        #"{"title": "trailing comma", "items": [],}"#, "{\"title\": \"raw \u{1} control\", \"items\": []}",
        #"{"title": "garbage after", "items": []} x"#, #"{"title": "unclosed", "items": ["#, #"{"n": 01}"#,
        #"{"n": 1.}"#, #"{"n": -}"#, #"{"n": tru}"#, #"{'single': 1}"#,
        String(repeating: "[", count: 80) + String(repeating: "]", count: 80),
    ]

    @Test("documents the fast path takes read exactly as through JSONSerialization")
    func takenDocumentsMatch() {
        for json in Self.taken {
            #expect(JSONValue.parse(Array(json.utf8)) != nil, "\(json)")
            #expect(Self.outcome(json, fastPath: true) == Self.outcome(json, fastPath: false), "\(json)")
        }
    }

    @Test("documents the fast path declines are JSONSerialization's, errors and all")
    func declinedDocumentsMatch() {
        for json in Self.declined {
            #expect(JSONValue.parse(Array(json.utf8)) == nil, "\(json)")
            #expect(Self.outcome(json, fastPath: true) == Self.outcome(json, fastPath: false), "\(json)")
        }
    }

    @Test("the JSON Feed fixtures read the same both ways")
    func fixturesMatch() throws {
        var documents = [
            ("jsonfeed10", try fixtureBytes("jsonfeed10", "json")),
            ("jsonfeed11", try fixtureBytes("jsonfeed11", "json")),
        ]
        if FeedRSCorpus.isPresent {
            for feed in FeedRSCorpus.feeds where feed.hasSuffix(".json") {
                documents.append(
                    (feed, Array(try Data(contentsOf: FeedRSCorpus.directory.appendingPathComponent(feed))))
                )
            }
        }
        #expect(documents.count > 2 || !FeedRSCorpus.isPresent)
        for (name, bytes) in documents {
            let decoded = DocumentCharset.decodeXML(bytes, callerCharset: nil).utf8
            #expect(JSONValue.parse(decoded) != nil, "\(name)")
            #expect(Self.outcome(decoded, fastPath: true) == Self.outcome(decoded, fastPath: false), "\(name)")
        }
    }
}
