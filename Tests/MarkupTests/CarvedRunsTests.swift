import Testing

@testable import Markup

/// The runs `CarvedRuns.find` carves out of `text`, as their contents.
private func carved(_ text: String) -> [String] {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { raw in
        CarvedRuns.find(in: raw).map { String(decoding: bytes[$0.content], as: UTF8.self) }
    }
}

private func lineCounts(
    _ bytes: [UInt8],
    checkingUTF8: Bool = true
) -> (lineFeeds: Int, bytesAfterLastLineFeed: Int)? {
    bytes.withUnsafeBufferPointer {
        CarvedRuns.measure($0.baseAddress!, 0, $0.count, kind: .cdata, checkingUTF8: checkingUTF8)
            .map { ($0.lineFeeds, $0.widthAfterLastLineFeed) }
    }
}

@Suite("CarvedRuns finds the CDATA sections and text a strict parse can carve out")
struct CarvedRunsTests {
    @Test("every section, empty ones included, with its content range, line feeds and last line's length")
    func findsSections() {
        let text = "<a><![CDATA[one\ntwo]]><b x='>'/>\n<![CDATA[]]><![CDATA[]]]]></a>"
        let bytes = Array(text.utf8)
        let runs = bytes.withUnsafeBytes { CarvedRuns.find(in: $0) }
        #expect(
            runs == [
                CarvedRun(
                    kind: .cdata,
                    content: 12..<19,
                    needsDecoding: false,
                    lineFeeds: 1,
                    width: 7,
                    widthAfterLastLineFeed: 3
                ),
                CarvedRun(
                    kind: .cdata,
                    content: 42..<42,
                    needsDecoding: false,
                    lineFeeds: 0,
                    width: 0,
                    widthAfterLastLineFeed: 0
                ),
                CarvedRun(
                    kind: .cdata,
                    content: 54..<56,
                    needsDecoding: false,
                    lineFeeds: 0,
                    width: 2,
                    widthAfterLastLineFeed: 2
                ),
            ]
        )
        #expect(carved(text) == ["one\ntwo", "", "]]"])
    }

    @Test("`<![CDATA[` inside a comment or a processing instruction is text, not a section")
    func skipsCommentsAndInstructions() {
        #expect(
            carved("<?xml version='1.0'?><a><!-- <![CDATA[x]]> --><?pi <![CDATA[y]]> ?><![CDATA[z]]><!----></a>")
                == ["z"]
        )
    }

    @Test("a declaration stops the scan: a DOCTYPE's internal subset may hold `<![CDATA[` in an entity value")
    func stopsAtDeclarations() {
        #expect(carved("<!DOCTYPE a [<!ENTITY e '<![CDATA[x]]>'>]><a><![CDATA[y]]></a>").isEmpty)
        #expect(carved("<a><![CDATA[y]]><!ELEMENT b ANY><![CDATA[z]]></a>") == ["y"])
    }

    @Test("an unterminated section, comment or instruction ends the scan; the sections before it stay carved")
    func stopsAtUnterminated() {
        #expect(carved("<a><![CDATA[y]]><![CDATA[cut short") == ["y"])
        #expect(carved("<a><![CDATA[y]]><!-- cut short <![CDATA[z]]>") == ["y"])
        #expect(carved("<a><![CDATA[y]]><? cut short <![CDATA[z]]>") == ["y"])
    }

    @Test(
        "a section libxml2 would reject is left to libxml2, and so is every section after it",
        arguments: ["\u{1}", "\u{1F}", "\u{FFFE}", "\u{FFFF}"]
    )
    func leavesRejectedContent(character: String) {
        #expect(carved("<a><![CDATA[ok]]><![CDATA[bad \(character) here]]><![CDATA[later]]></a>") == ["ok"])
    }

    @Test("ill-formed UTF-8 in a section is left to libxml2")
    func leavesIllFormedUTF8() {
        var bytes = Array("<a><![CDATA[ok]]><![CDATA[bad ".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(" here]]></a>".utf8)
        let contents = bytes.withUnsafeBytes { CarvedRuns.find(in: $0) }.map { bytes[$0.content] }
        #expect(contents.map { Array($0) } == [Array("ok".utf8)])
    }

    @Test("text inside the root element, long enough and holding more than whitespace, is carved")
    func textRuns() {
        let text =
            "<?xml version='1.0'?>\n<!-- prolog text is not content -->\n<a title=\"x > y\">"
            + "Tom &amp; Jerry, \u{412}\u{430}\u{441}\u{44F} &#x41;&#65;\r\n<b/>short text<c/>"
            + "                              <d>no references, just words</d></a>\ntext after the root element"
        let bytes = Array(text.utf8)
        let runs = bytes.withUnsafeBytes { CarvedRuns.find(in: $0) }
        #expect(runs.map(\.kind) == [.text, .text])
        #expect(
            carved(text) == [
                "Tom &amp; Jerry, \u{412}\u{430}\u{441}\u{44F} &#x41;&#65;\r\n", "no references, just words",
            ]
        )
        #expect(runs.first?.needsDecoding == true)
        #expect(runs.last?.needsDecoding == false)
        // Characters, not bytes: libxml2 counts a column per character in text; none after the line feed.
        #expect(runs.first?.width == 35)
        #expect(runs.first?.lineFeeds == 1)
        #expect(runs.first?.widthAfterLastLineFeed == 0)
    }

    @Test(
        "text libxml2 would resolve an entity in, or reject, is left to it; the scan goes on",
        arguments: [
            "&nbsp;", "&#0;", "&#X41;", "&#xD800;", "&#xFFFE;", "&#x110000;", "&#;", "&#x;", "& ", "&amp", "]]>",
            "\u{1}", "\u{FFFF}",
        ]
    )
    func textLeftToLibxml2(piece: String) {
        let text = "<a><b>a long enough run of text \(piece) here</b><c>and a later run, carved as usual</c></a>"
        #expect(carved(text) == ["and a later run, carved as usual"])
    }

    @Test("characters are counted at every position around the 16-byte blocks")
    func characterCounts() {
        for length in 0...40 {
            for position in 0..<max(length - 1, 0) {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                bytes[position] = 0xD0
                bytes[position + 1] = 0x96
                let count = bytes.withUnsafeBufferPointer { CarvedRuns.characterCount($0.baseAddress!, 0, length) }
                #expect(count == length - 1, "length \(length), two-byte character at \(position)")
            }
        }
    }

    @Test("tab, carriage return and the characters next to U+FFFE are allowed")
    func allowsWhatLibxml2Allows() {
        #expect(lineCounts(Array("a\tb\r\nc\u{FFFD}\u{FEFF}\u{10FFFF}é".utf8))! == (1, 13))
    }

    @Test(
        "line feeds and controls are found at every position around the 16-byte blocks, UTF-8 checked or known",
        arguments: [true, false]
    )
    func everyPosition(checkingUTF8: Bool) {
        func lineCounts(_ bytes: [UInt8]) -> (lineFeeds: Int, bytesAfterLastLineFeed: Int)? {
            MarkupTests.lineCounts(bytes, checkingUTF8: checkingUTF8)
        }
        for length in 1...40 {
            for position in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                bytes[position] = 0x0A
                let counts = lineCounts(bytes)
                #expect(counts?.lineFeeds == 1, "length \(length), line feed at \(position)")
                #expect(counts?.bytesAfterLastLineFeed == length - position - 1, "length \(length)")
                if position + 1 < length {
                    bytes[position + 1] = 0x0A
                    #expect(lineCounts(bytes)?.lineFeeds == 2, "length \(length), line feeds at \(position)")
                    #expect(lineCounts(bytes)?.bytesAfterLastLineFeed == length - position - 2)
                }
                bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                bytes[position] = 0x0B
                #expect(lineCounts(bytes) == nil, "length \(length), control at \(position)")
                if position + 3 <= length {
                    bytes[position] = 0xEF
                    bytes[position + 1] = 0xBF
                    bytes[position + 2] = 0xBF
                    #expect(lineCounts(bytes) == nil, "length \(length), U+FFFF at \(position)")
                    bytes[position + 2] = 0xBD
                    #expect(lineCounts(bytes)?.lineFeeds == 0, "length \(length), U+FFFD at \(position)")
                }
            }
        }
    }
}
