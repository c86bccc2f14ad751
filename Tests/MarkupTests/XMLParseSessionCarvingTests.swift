import Foundation
import Testing

@testable import Markup

/// Everything a parse delivered, in order, with each element's line and the text between events merged.
private final class EventLog: XMLContentHandler {
    var events: [String] = []
    private var text: [UInt8] = []

    func startElement(_ name: XMLName, attributes: [XMLAttribute], line: Int) {
        flush()
        events.append("<\(name.localName) \(attributes.map(\.value)) @\(line)>")
    }

    func endElement(_ name: XMLName) {
        flush()
        events.append("</\(name.localName)>")
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        text += bytes
    }

    func flush() {
        if !text.isEmpty { events.append(String(decoding: text, as: UTF8.self)) }
        text = []
    }
}

/// What a parse came to: its outcome (diagnostics with their lines and columns) or refusal, and its events.
private struct Reading: Equatable {
    var wellFormed: Bool?
    var errors: [MarkupDiagnostic] = []
    var notices: [MarkupDiagnostic] = []
    var refusal: String?
    var events: [String]
}

private func read(_ bytes: [UInt8], carving: Bool, recover: Bool = false) -> Reading {
    var parser = XMLStreamParser()
    parser.carves = carving
    let log = EventLog()
    let result = bytes.withUnsafeBytes { raw in
        Result { () throws(MarkupError) in try parser.parse(utf8: raw, recover: recover, handler: log) }
    }
    log.flush()
    switch result {
    case .success(let outcome):
        return Reading(
            wellFormed: outcome.wellFormed,
            errors: outcome.errors,
            notices: outcome.notices,
            events: log.events
        )
    case .failure(let error):
        return Reading(refusal: error.description, events: log.events)
    }
}

private func carvedCount(_ bytes: [UInt8]) -> Int {
    bytes.withUnsafeBytes { CarvedRuns.find(in: $0).count }
}

/// Documents with CDATA in the places that matter: beside other text, across lines, before errors on
/// the same line and on later ones, where CDATA is not allowed, and in comments.
private let documents: [String] = [
    "<rss><item><title><![CDATA[A & B]]></title><d><![CDATA[<p>one</p>\n<p>two</p>]]></d></item></rss>",
    "<a>\n<b>x<![CDATA[line 1\nline 2\nline 3]]>y</b>\n<c/>\n</a>",
    "<a><![CDATA[multi\nline]]><b></c></a>",
    "<a><![CDATA[one line]]><b></c></a>",
    "<a><![CDATA[multi\nline]]>\n\n<b></c></a>",
    "<a><![CDATA[x\ny]]><![CDATA[z]]> & </a>",
    "<a/><![CDATA[outside the root element]]>",
    "<![CDATA[before the root element]]><a/>",
    "<a b=\"<![CDATA[in an attribute]]>\">text</a>",
    "<a><!-- <![CDATA[in a comment]]> --><![CDATA[after\nit]]></a>",
    "<a><![CDATA[Привет, мир\nДобрый день]]><b>é</b></a>",
    "<a><![CDATA[cut short",
    "<a><![CDATA[fine]]><![CDATA[control \u{1} here]]><b/></a>",
    "<!DOCTYPE a [<!ENTITY e 'value'>]><a>&e;<![CDATA[after a doctype]]></a>",
    "<a><![CDATA[]]><![CDATA[ ]]>&amp;<![CDATA[]]]]><![CDATA[>]]></a>",
    "<a><![CDATA[text]]>&undefined;<b/></a>",
    "<a><![CDATA[a\r\nb]]></a>",
    "<a><![CDATA[no line feed]]><b xmlns='relative'/>\n<![CDATA[one\ntwo]]><c xmlns='relative'/></a>",
    // Text runs: references, line ends, non-ASCII text, errors in and after them, warnings after them.
    "<a><b>Tom &amp; Jerry &lt;3 &#x41;&#65; &#xe9;&#128512; &quot;q&quot; &apos;a&apos;</b></a>",
    "<a>line one of a text run\r\nline two\rline three\n<b/>after it</a>",
    "<a>Привет, мир, a run of Cyrillic text\nwith a line feed<b xmlns='relative'/></a>",
    "<a>a run of text on one line, then<b xmlns='relative'/> a warning</a>",
    "<a>\na run of text, a line feed before it<c xmlns='rel'/></a>",
    "<a>a run of text, then a tag mismatch</b></a>",
    "<a>a run of text with an undefined &nbsp; entity in it</a>",
    "<a>a run of text with a bad reference &#0; in it</a>",
    "<a>a run of text with a misplaced ]]> in it</a>",
    "<a>a run of text with a control \u{1} in it</a>",
    "<a/>text after the root element, long enough to carve",
    "text before the root element, long enough to carve<a/>",
    "<a title=\"x > y\">a run after a quoted &gt; in a tag</a>",
    "<a><b/>a run after an empty element tag, then the end</a>",
    "<a>                                   </a>",
    "<a>a run of text &amp; more</a><!-- then a comment -->",
]

@Suite("A strict parse that carves CDATA sections out reads every document as libxml2 alone does")
struct XMLParseSessionCDATATests {
    @Test("the same events, element lines, verdict and diagnostics (line and column), carved or not")
    func sameReading() {
        // Not vacuous: most of the documents have runs to carve.
        #expect(documents.filter { carvedCount(Array($0.utf8)) > 0 }.count >= 20)
        for document in documents {
            let bytes = Array(document.utf8)
            #expect(read(bytes, carving: true) == read(bytes, carving: false), "\(document.debugDescription)")
        }
    }

    @Test("the carved content arrives whole, and lines after it count its line feeds")
    func contentAndLines() {
        let bytes = Array("<a>\n<b><![CDATA[one\ntwo\nthree]]></b>\n<c/></a>".utf8)
        #expect(carvedCount(bytes) == 1)
        let reading = read(bytes, carving: true)
        #expect(reading.wellFormed == true)
        #expect(
            reading.events == [
                "<a [] @1>", "\n", "<b [] @2>", "one\ntwo\nthree", "</b>", "\n", "<c [] @5>", "</c>", "</a>",
            ]
        )
    }

    @Test("an error after a carved section is reported where it is, lines in libxml2's own message included")
    func errorPlace() throws {
        let bytes = Array("<a>\n<b><![CDATA[one\ntwo]]></c>".utf8)
        #expect(carvedCount(bytes) == 1)
        let reading = read(bytes, carving: true)
        #expect(reading.wellFormed == false)
        let error = try #require(reading.errors.first)
        #expect(error.line == 3)
        #expect(error.message == "Opening and ending tag mismatch: b line 2 and c")
    }

    @Test("a warning after a carved section, on its last line, has the document's line and column")
    func warningPlace() throws {
        let bytes = Array("<a>\n<![CDATA[one\ntwo]]><b xmlns='relative'/></a>".utf8)
        #expect(carvedCount(bytes) == 1)
        let reading = read(bytes, carving: true)
        #expect(reading.wellFormed == true)
        let notice = try #require(reading.notices.first)
        #expect(notice.line == 3)
        #expect(notice.column > 1)
        #expect(reading == read(bytes, carving: false))
    }

    @Test("sections across the 1 MiB slices libxml2 is fed, and one longer than a slice")
    func acrossSlices() {
        var document = "<feed>\n"
        for index in 0..<6000 {
            document += "<item n='\(index)'><![CDATA[<p>story \(index)</p>\n" + String(repeating: "word ", count: 40)
            document += "]]></item>\n"
        }
        document += "<big><![CDATA[" + String(repeating: "x\ny ", count: 400_000) + "]]></big>\n<last/></feed>"
        let bytes = Array(document.utf8)
        #expect(bytes.count > 2 * XMLStreamParser.chunkSize)
        #expect(carvedCount(bytes) == 6001)
        let carved = read(bytes, carving: true)
        #expect(carved.wellFormed == true)
        #expect(carved == read(bytes, carving: false))
        // <feed> on line 1, two lines per item, <big> on line 12,002, then its 400,000 line feeds and one more.
        #expect(carved.events.contains("<big [] @12002>"))
        #expect(carved.events.contains("<last [] @412003>"))
    }

    @Test("a document of tiny CDATA sections is carved only so far; libxml2 reads the sections after that itself")
    func runsAreBounded() {
        let document = "<a>" + String(repeating: "<![CDATA[x]]>", count: 10_000) + "<b/></a>"
        let bytes = Array(document.utf8)
        let runs = carvedCount(bytes)
        #expect(runs == bytes.count / CarvedRuns.bytesPerRun + 16)
        #expect(runs < 10_000)
        let carved = read(bytes, carving: true)
        #expect(carved.wellFormed == true)
        #expect(carved == read(bytes, carving: false))
        #expect(carved.events == ["<a [] @1>", String(repeating: "x", count: 10_000), "<b [] @1>", "</b>", "</a>"])
    }

    @Test("damaged copies of a feed read the same carved or not (600 seeded damages)")
    func damagedCopies() {
        let base = Array(
            """
            <?xml version="1.0"?>
            <rss><channel><title><![CDATA[News & more]]></title>
            <item><title><![CDATA[Один]]></title><description><![CDATA[<p>First
            paragraph</p>\n<p>Second</p>]]></description></item>
            <!-- a comment with <![CDATA[ inside ]]> -->
            <item><title>Two &amp; three and some more words</title><content><![CDATA[<div>é\tà</div>]]></content></item>
            <item><title>Ein Titel mit &quot;Anführungszeichen&quot;\r\nund Zeilen</title>
            <description>&lt;p&gt;Escaped &amp;amp; markup, &#x41;&#66; and Кириллица&lt;/p&gt;</description></item>
            </channel></rss>
            """.utf8
        )
        let pieces = [
            "<![CDATA[", "]]>", "<!--", "-->", "<?", "?>", "<", "&", "\n", "\u{1}", "<!DOCTYPE", "\"", "*", "&amp;",
            "&#",
            "&nbsp;", "\r", ">", "/>", "</", "'", "&#x110000;",
        ]
        .map { Array($0.utf8) }
        var random = SplitMix(seed: 0x5EED)
        var carvedSome = 0
        for round in 0..<600 {
            var bytes = base
            for _ in 0..<(1 + random.next(3)) where !bytes.isEmpty {
                let at = random.next(bytes.count)
                switch random.next(3) {
                case 0: bytes.insert(contentsOf: pieces[random.next(pieces.count)], at: at)
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(12)))
                default: bytes = Array(bytes[..<at])
                }
            }
            if carvedCount(bytes) > 0 { carvedSome += 1 }
            #expect(read(bytes, carving: true) == read(bytes, carving: false), "round \(round)")
        }
        // Not vacuous: most damaged copies still had sections to carve.
        #expect(carvedSome > 300)
    }
}

/// The XML feeds of `../shared/data/feed-rs-fixtures` (real feeds from news sites), read in place.
private enum RealFeeds {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/feed-rs-fixtures")

    static var isPresent: Bool { FileManager.default.fileExists(atPath: directory.path) }

    static var files: [URL] {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".xml") }.sorted()
            .map { directory.appendingPathComponent($0) }
    }
}

@Suite(
    "Carving over real feeds",
    .enabled(if: RealFeeds.isPresent, "../shared/data/feed-rs-fixtures is absent: real-feed carving test skipped")
)
struct XMLParseSessionCarvingCorpusTests {
    @Test("every real feed, and 30 damaged copies of each, read the same carved or not")
    func realFeeds() throws {
        var random = SplitMix(seed: 0xFEED)
        var carvedFiles = 0
        for file in RealFeeds.files {
            let original = try [UInt8](Data(contentsOf: file))
            if carvedCount(original) > 0 { carvedFiles += 1 }
            #expect(read(original, carving: true) == read(original, carving: false), "\(file.lastPathComponent)")
            for round in 0..<30 where !original.isEmpty {
                var bytes = original
                let at = random.next(bytes.count)
                switch random.next(3) {
                case 0:
                    bytes.insert(
                        contentsOf: Array("<&]]>\r\u{1}".utf8)[random.next(6)...].prefix(1 + random.next(3)),
                        at: at
                    )
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(40)))
                default: bytes = Array(bytes[..<at])
                }
                #expect(
                    read(bytes, carving: true) == read(bytes, carving: false),
                    "\(file.lastPathComponent), damage \(round)"
                )
            }
        }
        #expect(carvedFiles > 20)
    }
}

/// A small seeded generator, so a failing round can be replayed.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
