import Foundation
import Markup
import Testing

/// Records the events of a parse, text runs merged (libxml2 and the fast path cut text differently).
final class EventRecorder: HTMLContentHandler {
    var events: [String] = []
    private var text: [UInt8] = []

    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: HTMLAttributes) {
        flush()
        let pairs = attributes.map {
            "\(String(decoding: $0.name, as: UTF8.self))=\"\(String(decoding: $0.value, as: UTF8.self))\""
        }
        events.append("<\(String(decoding: name, as: UTF8.self))\(pairs.map { " " + $0 }.joined())>")
    }

    func endElement(_ name: UnsafeBufferPointer<UInt8>) {
        flush()
        events.append("</\(String(decoding: name, as: UTF8.self))>")
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        text.append(contentsOf: bytes)
    }

    func finish() -> [String] {
        flush()
        return events
    }

    private func flush() {
        if !text.isEmpty { events.append("text(\(String(decoding: text, as: UTF8.self)))") }
        text = []
    }
}

@Suite("HTML fragments read without libxml2 report exactly libxml2's events")
struct HTMLFastPathTests {
    static func events(_ html: String, fastPath: Bool, reader: HTMLFragmentReader? = nil) throws -> [String] {
        let recorder = EventRecorder()
        let reader = reader ?? HTMLFragmentReader(fastPath: fastPath)
        _ = try Array(html.utf8).withUnsafeBytes { try reader.parse(utf8: $0, handler: recorder) }
        return recorder.finish()
    }

    static let fragments = [
        // What the fast path takes.
        "<p>Plain <a href=\"https://x.example/a?b=1&amp;c=2\" title='T'>link</a> text.</p>\n<p>Second</p>",
        "Leading text, then <b>bold</b> and <p>a paragraph</p> after it",
        "  \n <h2>Head</h2><p>Para <em>em</em> <strong>strong</strong></p><ul><li>one</li><li>two</li></ul>",
        "<figure><img src=\"a.jpg\" alt=\"An &quot;image&quot;\" width=\"10\"></img><figcaption>Cap</figcaption></figure>",
        "<p>Line<br>break<br/>again<br />and<br></br>XHTML</p><hr><hr/>",
        "<P CLASS=\"x\">Upper <A HREF=\"/u\">case</A></P>",
        "<blockquote><p>Quote &mdash; &ldquo;said&rdquo; &#8217; &#x2019; &nbsp;&amp;&lt;&gt;</p></blockquote>",
        "<p>AT&T, P&G; & more &T: &x1 &#169;</p><a href=\"/q?a=1&b=2&c\">q</a>",
        "<li>item<li>item two</li>", "<p>one<p>two<ul><li>x</ul>", "<b>bold<p>para</p></b>", "<a>one<a>two</a></a>",
        "<h1>h<li>l</li></h1>", "<div><p>in div</div>", "text only", "   ", "",
        "<ol><li><p>nested</p><ul><li>deep</li></ul></li></ol>",
        "<span>a</span>\n<code>b</code> <sub>1</sub><sup>2</sup><q>q</q><mark>m</mark><del>d</del><ins>i</ins>",
        // What the fast path leaves to libxml2; compared all the same.
        "<p>Unknown &eacute; &foo; entity</p>", "<!-- comment --><p>x</p>", "<p>a</span>b</p>",
        "<script>alert(1)</script><p>x</p>", "<p onclick=x>unquoted</p>", "<input disabled><p>x</p>",
        "<p a=\"1\" a=\"2\">dup</p>", "<p/>self", "<table><tr><td>c</td></tr></table>", "\u{FEFF}<p>bom</p>",
        "<p>ctrl\u{1}char</p>", "<p>&#0; &#128; &#xD800;</p>", "< p>not a tag</p>", "<p>tail <", "<p>x</p></body>y",
        "<section><p>html5</p></section>", "<p>Città — «Ёлка» 東京 &amp; Львів</p>", "<img src=x.png>",
        // Long text runs, read eight bytes at a time, with what stops that in every position of a word.
        "<p>plain prose long enough for several words at once</p>", "<p>seven b\tthen tab and more text</p>",
        "<p>newline after a full word\nthen more text</p>", "<p>a control char late in text\u{1}here</p>",
        "<p>eight by&amp;tes then a reference</p>", "<p>U+FFFF late in a long run \u{FFFF} here</p>",
        "<p>U+FFFD is fine \u{FFFD} and so is \u{FEFF} inside</p>", "<p>run ends at the tag<b>x</b></p>",
        // Attribute values copied in runs between references.
        "<a href=\"https://a.example/long/path?x=1&amp;y=2&amp;z=3\" title='a &quot;b&quot; c'>l</a>",
        "<a href=\"https://a.example/\u{1}ctrl\">l</a>", "<a title=\"tab\there and\nnewline\">l</a>",
    ]

    @Test("every fragment gives the same events with and without the fast path")
    func sameEvents() throws {
        let reused = HTMLFragmentReader()
        for fragment in Self.fragments {
            let slow = try Self.events(fragment, fastPath: false)
            #expect(try Self.events(fragment, fastPath: true) == slow, "\(fragment)")
            #expect(try Self.events(fragment, fastPath: true, reader: reused) == slow, "\(fragment) (reused reader)")
        }
    }

    @Test("what stops a text or attribute run, at every position of a word and a block, gives libxml2's events")
    func stopsAtEveryPosition() throws {
        let textStops = [
            "&amp;", "&#8217;", "\t", "\n", "\u{1}", "\u{FFFF}", "\u{FFFE}", "\u{FEFF}", "\u{F900}", "<b>x</b>", "é",
            "’",
        ]
        let valueStops = ["&amp;", "&quot;", "\t", "\n", "\u{1}", "'", "é", "’"]
        for shift in 0..<17 {
            let lead = String(repeating: "w", count: shift)
            for stop in textStops {
                let fragment = "<p>\(lead)\(stop)tail of the text run\(stop)\(lead)</p>"
                #expect(
                    try Self.events(fragment, fastPath: true) == Self.events(fragment, fastPath: false),
                    "\(fragment)"
                )
            }
            for stop in valueStops {
                let fragment =
                    "<a href=\"https://x.example/\(lead)\(stop)rest/of/the/value\(stop)\(lead)\" title='\(lead)\(stop == "'" ? "\"" : stop)t'>l</a>"
                #expect(
                    try Self.events(fragment, fastPath: true) == Self.events(fragment, fastPath: false),
                    "\(fragment)"
                )
            }
        }
    }

    @Test("implied elements and closing are libxml2's")
    func impliedElements() throws {
        #expect(
            try Self.events("Hi <b>x</b>", fastPath: true)
                == ["<html>", "<body>", "<p>", "text(Hi )", "<b>", "text(x)", "</b>", "</p>", "</body>", "</html>"]
        )
        #expect(
            try Self.events("<p>a<p>b", fastPath: true)
                == ["<html>", "<body>", "<p>", "text(a)", "</p>", "<p>", "text(b)", "</p>", "</body>", "</html>"]
        )
    }
}
