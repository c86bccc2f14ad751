import Foundation
import Testing

@testable import FeedCore

/// Literal hashes, computed independently (Python: hashlib.sha256 over NFC, whitespace-folded UTF-8):
/// if these change, every stored item would look new or revised, so they must never drift.
@Suite("Content hash and item identity are pinned byte for byte")
struct ContentHashTests {
    @Test("title and text hash to the pinned value, whitespace and paragraphs folded")
    func pinnedContentHash() {
        #expect(
            ContentHash.of(title: "Czech Republic sends tanks", text: "Prague confirms.\n\nSecond  paragraph.")
                == "286adadad8d786f65719bd69d4110fe9a9b3ddc92beee2066862f2eb5d27cea1"
        )
    }

    @Test("NFD input and no-break spaces hash as their NFC, folded form")
    func unicodeNormalised() {
        #expect(
            ContentHash.of(title: "Cafe\u{301} \u{A0}news", text: "Caf\u{E9}")
                == "82308810c45e954469309d1ebd30e0b76ec204a020b3e6478b568b73270ffa1f"
        )
        #expect(
            ContentHash.of(title: "Caf\u{E9} news", text: "Caf\u{E9}")
                == ContentHash.of(title: "Cafe\u{301}  news ", text: "Cafe\u{301}")
        )
    }

    @Test("the streamed hash of already-folded text equals the general one")
    func foldedTextFastPath() {
        let texts = [
            "Prague confirms.\n\nSecond paragraph.", "one\ntwo\n\nthree", "single", "",
            "Città — «Ёлка» 東京\n\nЛьвів \u{2019}", "Cafe\u{301} paragraph\n\nnext",
            // A character NFC may change after text already hashed, and one cut short at the end.
            "long first paragraph hashed already\n\nthen Cafe\u{301}", "ascii words then\ntrailing \u{1F600}",
            "many\n\n\nnewlines\nbetween\n\nwords of eight", "Ёлка\nЁлка\n\nЁлка",
        ]
        for text in texts {
            #expect(ContentHash.of(title: "T", foldedText: text) == ContentHash.of(title: "T", text: text), "\(text)")
        }
        #expect(ContentHash.of(title: nil, foldedText: nil) == ContentHash.of(title: nil, text: nil))
        // What the normaliser hashes: the sanitiser's text, paragraph breaks and all.
        let html =
            "<h2>Head  line</h2><p>First   para<br>second line</p><ul><li>one</li><li>two</li></ul>"
            + String(repeating: "<p>Long prose with words, single spaces and punctuation.</p>", count: 20)
        let converted = HTMLConversion.convert(html, base: nil).text
        #expect(ContentHash.of(title: "T", foldedText: converted) == ContentHash.of(title: "T", text: converted))
    }

    @Test("the streamed hash equals the general one on random folded text in many scripts")
    func foldedTextFastPathRandom() {
        // Words whose leads the eight-byte test steps over (ASCII, Latin-1, Cyrillic) and words it stops at,
        // some of which NFC changes (combining marks, Greek), joined as folded text is.
        let words = [
            "a", "prose", "eightbyt", "Ёлка", "Львів", "é", "\u{2019}quoted\u{2019}", "東京", "\u{1F600}", "Cafe\u{301}",
            "Ω", "ά", "\u{2126}", "\u{212B}", "x\u{327}\u{301}", "\u{1100}\u{1161}", "\u{2000}",
        ]
        let separators = [" ", " ", " ", "\n", "\n\n"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for _ in 0..<2000 {
            var text = words[next(words.count)]
            for _ in 0..<next(12) { text += separators[next(separators.count)] + words[next(words.count)] }
            #expect(
                ContentHash.of(title: "T", foldedText: text) == ContentHash.of(title: "T", text: text),
                "\(text.debugDescription)"
            )
        }
    }

    @Test("missing title and text hash as empty strings")
    func empty() {
        #expect(
            ContentHash.of(title: nil, text: nil) == "01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b"
        )
    }

    @Test("a changed word changes the hash; reflowed whitespace does not")
    func sensitivity() {
        let base = ContentHash.of(title: "T", text: "one two three")
        #expect(ContentHash.of(title: "T", text: "one  two\nthree ") == base)
        #expect(ContentHash.of(title: "T", text: "one two four") != base)
        #expect(ContentHash.of(title: "T2", text: "one two three") != base)
    }

    @Test("identity prefers the guid, whitespace folded")
    func identityFromGUID() {
        #expect(
            ItemIdentity.key(guid: "  urn:x \n 1 ", link: "https://a.example/x", title: "T", published: nil)
                == "guid:urn:x 1"
        )
    }

    @Test("identity falls back to the normalised link")
    func identityFromLink() {
        #expect(
            ItemIdentity.key(
                guid: "  ",
                link: "HTTP://News.Example.org:80/a?utm_source=rss&id=7#top",
                title: nil,
                published: nil
            )
                == "link:https://news.example.org/a?id=7"
        )
    }

    @Test("identity falls back to a hash of title and date, pinned")
    func identityFromTitleAndDate() {
        let published = Date(timeIntervalSince1970: 1_649_170_080)  // 2022-04-05T14:48:00Z
        #expect(
            ItemIdentity.key(guid: nil, link: nil, title: "Untitled  story", published: published)
                == "hash:e54aff5b521179dd4556133ffb22f969574fdf984c155e28b294ddba328ff0f1"
        )
        #expect(
            ItemIdentity.key(guid: nil, link: nil, title: "Untitled story", published: nil)
                == "hash:b9d67b4801a46a5813eab2939fe1120d6ef37fdb19c9d38e64a85fbe9dda7098"
        )
    }
}
