import Foundation
import Markup
import Testing

@testable import FeedCore

@Suite("Feed HTML is sanitised and turned into text")
struct HTMLConversionTests {
    static let base = URL(string: "https://news.example.org/world/")

    @Test("active content is removed with everything inside it")
    func dropsActiveContent() {
        let html = """
            <p>Kept</p><script>alert(1)</script><style>p{}</style><iframe src="https://ads.example/"></iframe>
            <object data="x.swf"><param name="a" value="b">fallback</object><embed src="x.swf">
            <form action="/x"><input name="q"><button>Go</button></form><p>End</p>
            """
        let result = HTMLConversion.convert(html, base: Self.base)
        for banned in [
            "<script", "alert", "<style", "<iframe", "<object", "<embed", "<form", "<input", "fallback", "Go",
        ] {
            #expect(!result.html.contains(banned), "\(banned) survived")
        }
        #expect(result.text == "Kept\n\nEnd")
    }

    @Test("event handlers, styles and dangerous URL schemes are removed")
    func dropsDangerousAttributes() {
        let html = """
            <p onclick="x()" style="color:red" class="c">A <a href="javascript:alert(1)">one</a> \
            <a href=" JaVa\tScRiPt:alert(1)">two</a> <a href="vbscript:x">three</a> \
            <img src="data:text/html;base64,AAAA" onerror="x()"> <a href="story.html" onmouseover="x()">four</a></p>
            """
        let result = HTMLConversion.convert(html, base: Self.base)
        for banned in [
            "onclick", "style=", "class=", "javascript", "JaVa", "vbscript", "data:", "onerror", "onmouseover",
        ] {
            #expect(!result.html.contains(banned), "\(banned) survived")
        }
        #expect(result.html.contains("<a href=\"https://news.example.org/world/story.html\">four</a>"))
        #expect(result.text == "A one two three four")
    }

    @Test("plain absolute links are kept as written, trimmed and escaped; others are resolved")
    func keptLinks() {
        let html = """
            <p><a href=" https://a.example/x?p=1&amp;q=2 ">plain</a> <a href="HTTPS://A.example/x">upper</a> \
            <a href="https://a.example/a b">space</a> <a href="../up.html">relative</a> \
            <img src="\u{A0}http://cdn.example/i.jpg\u{A0}" alt="i"></p>
            """
        let result = HTMLConversion.convert(html, base: Self.base)
        #expect(result.html.contains("<a href=\"https://a.example/x?p=1&amp;q=2\">plain</a>"))
        #expect(result.html.contains("<a href=\"HTTPS://A.example/x\">upper</a>"))
        #expect(result.html.contains("<a href=\"https://a.example/a%20b\">space</a>"))
        #expect(result.html.contains("<a href=\"https://news.example.org/up.html\">relative</a>"))
        #expect(result.html.contains("<img src=\"http://cdn.example/i.jpg\" alt=\"i\">"))
    }

    @Test("paragraphs, headings, quotes and list items keep their breaks in the text")
    func paragraphBreaks() {
        let html =
            "<h2>Heading</h2><p>First   para<br>second line</p><blockquote>Quote</blockquote><ul><li>one</li><li>two</li></ul>"
        #expect(
            HTMLConversion.convert(html, base: nil).text == "Heading\n\nFirst para\nsecond line\n\nQuote\n\none\ntwo"
        )
    }

    @Test("tag soup is tolerated")
    func tagSoup() {
        let result = HTMLConversion.convert("<div><p>Unclosed <b>bold</div></span><p>Next", base: nil)
        #expect(result.text == "Unclosed bold\n\nNext")
        #expect(result.html.hasPrefix("<div><p>Unclosed <b>bold"))
    }

    @Test("titles become plain text: entities decoded, markup removed, whitespace folded")
    func plainText() {
        #expect(HTMLConversion.plainText("AT&amp;T &lt;b&gt;") == "AT&T <b>")
        #expect(HTMLConversion.plainText("<b>Bold</b>\n  title &mdash; here") == "Bold title \u{2014} here")
        #expect(HTMLConversion.plainText("  plain \t title ") == "plain title")
    }

    @Test("plain text, made without writing markup, is the folded text of the full conversion")
    func plainTextWithoutMarkup() {
        let fragments = [
            "<p>One <a href=\"/x\">link</a> &amp; <b>bold</b></p><p>Two</p>", "<h2>Head</h2>text<br>line",
            "<script>x()</script><p>kept</p><iframe>dropped</iframe>", "Tom &amp; Jerry&#8217;s <i>show</i>",
            "<ul><li>one</li><li>two</li></ul><img src=\"a.png\" alt=\"alt\">", "<div><p>Unclosed <b>bold</div>tail",
        ]
        for fragment in fragments {
            #expect(
                HTMLConversion.plainText(fragment)
                    == TextNormalisation.foldWhitespace(HTMLConversion.convert(fragment, base: nil).text),
                "\(fragment)"
            )
        }
    }

    @Test("text in the HTML is escaped again in the sanitised output")
    func escapes() {
        let result = HTMLConversion.convert("<p>a &lt;script&gt; b &amp; c</p>", base: nil)
        #expect(result.html == "<p>a &lt;script&gt; b &amp; c</p>")
        #expect(result.text == "a <script> b & c")
    }

    @Test("non-ASCII text stays UTF-8, whatever charset a meta tag inside the content claims")
    func unicodeSurvives() {
        let html = "<meta charset=\"iso-8859-1\"><p>Città — «Ёлка» 東京</p><p>Львів&nbsp;&#8217;</p>"
        let result = HTMLConversion.convert(html, base: nil)
        #expect(result.text == "Città — «Ёлка» 東京\n\nЛьвів \u{2019}")
        #expect(result.html.contains("Città — «Ёлка» 東京"))
    }

    @Test("one reader reused for many fragments gives what a fresh parser gives each time")
    func reusedReaderMatchesFreshParser() {
        let fragments = [
            "<p>One <a href=\"/a\" onclick=\"x()\">link</a></p>", "<div><p>Unclosed <b>bold</div></span><p>Next",
            "<script>alert(1)</script><p>after</p>", "plain &amp; simple", "<ul><li>a<li>b</ul>",
            "<meta charset=\"iso-8859-1\"><p>Città</p>", "", "   ", "<img src=\"x.png\" alt=\"An &quot;image&quot;\">",
        ]
        // A feed's items share one reader (one libxml2 context, reset between items).
        var rss = "<rss version=\"2.0\"><channel><title>t</title>"
        for _ in 0..<3 {
            for fragment in fragments {
                rss +=
                    "<item><title>i</title><content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                    + "<![CDATA[\(fragment)]]></content:encoded></item>"
            }
        }
        rss += "</channel></rss>"
        guard let feed = try? FeedParser(threads: 1).parse(Array(rss.utf8)) else {
            Issue.record("the feed did not parse")
            return
        }
        #expect(feed.items.count == fragments.count * 3)
        for (index, item) in feed.items.enumerated() {
            let fresh = HTMLConversion.convert(fragments[index % fragments.count], base: nil)
            #expect((item.contentHTML ?? "") == fresh.html, "item \(index)")
            #expect((item.contentText ?? "") == fresh.text, "item \(index)")
        }
    }

    @Test("conversions the fast path reads, whose input alone is checked as UTF-8, equal libxml2's")
    func fastPathOutputsCheckedOnInput() throws {
        let base = URL(string: "https://news.example.org/caf%C3%A9/")
        let fragments = [
            "<p>ASCII only, <a href=\"/relative\">a link</a> and <img src=\"i.png\" alt=\"x\"></p>",
            "<p>“Curly” — Ёлка 東京 😀 <a href=\"caf\u{E9}/x\" title=\"é\">é</a> &amp; &#8217;</p><ul><li>ü</li></ul>",
            "Text only, ü\u{A0}and a no-break space", "<blockquote>\u{3000}ideographic space\u{2009}thin</blockquote>",
            "<p><a href=\"https://x.example/ü?q=é\">absolute, not plain</a></p>",
        ]
        for fragment in fragments {
            let bytes = Array(fragment.utf8)
            let readByFastPath = try bytes.withUnsafeBytes {
                try HTMLFragmentReader().parse(utf8: $0, handler: HTMLSanitiser(base: base))
            }
            #expect(readByFastPath, "\(fragment)")
            let fast = HTMLConversion.convert(utf8: bytes, base: base, reader: HTMLFragmentReader())
            let slow = HTMLConversion.convert(utf8: bytes, base: base, reader: HTMLFragmentReader(fastPath: false))
            #expect(fast == slow, "\(fragment)")
            #expect(Array(fast.html.utf8) == Array(slow.html.utf8) && Array(fast.text.utf8) == Array(slow.text.utf8))
        }
    }

    @Test("word-at-a-time paths: escaping and folding across eight-byte boundaries")
    func wordAtATimeEdges() {
        let result = HTMLConversion.convert(
            "<p>abcdefg  hijklmn\topqrstu v&lt;wxyz12345678&amp;\"quoted\"x</p>",
            base: nil
        )
        #expect(result.text == "abcdefg hijklmn opqrstu v<wxyz12345678&\"quoted\"x")
        #expect(result.html == "<p>abcdefg  hijklmn\topqrstu v&lt;wxyz12345678&amp;\"quoted\"x</p>")
        #expect(
            TextNormalisation.foldWhitespace("abcdefg \u{A0}hijklmno       pqrstuvw ") == "abcdefg hijklmno pqrstuvw"
        )
        #expect(TextNormalisation.foldWhitespace("1234567 \n89abcdef") == "1234567 89abcdef")
        #expect(TextNormalisation.foldWhitespace("1234567\u{7F}\u{1}89abcdef") == "1234567\u{7F}\u{1}89abcdef")
    }

    @Test("folding: every separator at every position of a word and a block, after ASCII and after other scripts")
    func foldingAtEveryPosition() {
        let separators = [" ", "  ", " \u{A0}", "\u{A0}", " \n", "\n\n", "\u{2009}", "\u{3000} ", "\t"]
        let words = ["ab", "abcdefghijk", "Ёлка", "“quoted”", "東京", "xÉy", "é"]
        for shift in 0..<17 {
            for separator in separators {
                for word in words {
                    let pieces = [String(repeating: "w", count: shift + 1), word, word, "end"]
                    let text = pieces.joined(separator: separator) + separator
                    #expect(
                        TextNormalisation.foldWhitespace(text) == pieces.joined(separator: " "),
                        "\(text.debugDescription)"
                    )
                    #expect(TextNormalisation.foldWhitespace(separator + text) == pieces.joined(separator: " "))
                }
            }
        }
    }

    @Test("escaping: each character that needs it, at every position of a word and a block")
    func escapingAtEveryPosition() {
        let escaped: [Character: String] = ["<": "&lt;", ">": "&gt;", "&": "&amp;", "\"": "&quot;"]
        for shift in 0..<33 {
            for special in ["<", ">", "&", "\"", "é"] {
                let lead = String(repeating: "w", count: shift)
                let text = lead + special + "tail of the run, long enough" + special + "x"
                for quotes in [false, true] {
                    var output: [UInt8] = []
                    HTMLSanitiser.escape(text, into: &output, quotes: quotes)
                    let expected = text.map { character in
                        character == "\"" && !quotes ? "\"" : escaped[character] ?? String(character)
                    }.joined()
                    #expect(String(decoding: output, as: UTF8.self) == expected, "\(text) quotes: \(quotes)")
                }
            }
        }
    }

    @Test("folding equals splitting on White_Space and joining with one space, on random mixed-script text")
    func foldingMatchesReference() {
        var whitespace: Set<Unicode.Scalar> = [
            "\t", "\n", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}", "\u{1680}", "\u{2028}", "\u{2029}",
            "\u{202F}",
            "\u{205F}", "\u{3000}",
        ]
        for value in UInt32(0x2000)...0x200A { whitespace.insert(Unicode.Scalar(value)!) }
        // Words that stop the eight-byte test (non-space C2, E1, E2, E3 leads, controls, DEL) and words it
        // skips (Cyrillic, Latin-1, other leads), with every kind of space between them.
        let pieces = [
            "a", "word", "longerword", "Ёлка", "Львів", "é", "©", "\u{2019}", "—", "\u{1E00}x", "\u{3042}", "東京",
            "\u{1}", "\u{7F}",
            "\u{1F600}", "x\u{301}", "\u{200B}", "\u{2060}", " ", "  ", "\n", "\u{A0}", "\u{2009}", "\u{3000}",
            "\u{85}", "\t ",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<(Int(state >> 59) + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            var words: [String] = []
            var word = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                if !whitespace.contains(scalar) {
                    word.append(scalar)
                } else if !word.isEmpty {
                    words.append(String(word))
                    word = String.UnicodeScalarView()
                }
            }
            if !word.isEmpty { words.append(String(word)) }
            let reference = words.joined(separator: " ")
            #expect(TextNormalisation.foldWhitespace(text) == reference, "\(text.debugDescription)")
        }
    }
}
