import Testing

@testable import Markup

/// The sections `CDATASections.find` carves out of `text`, as their contents.
private func carved(_ text: String) -> [String] {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { raw in
        CDATASections.find(in: raw).map { String(decoding: bytes[$0.content], as: UTF8.self) }
    }
}

private func lineCounts(
    _ bytes: [UInt8],
    checkingUTF8: Bool = true
) -> (lineFeeds: Int, bytesAfterLastLineFeed: Int)? {
    bytes.withUnsafeBufferPointer {
        CDATASections.lineCounts($0.baseAddress!, 0, $0.count, checkingUTF8: checkingUTF8)
    }
}

@Suite("CDATASections finds the CDATA sections a strict parse can carve out")
struct CDATASectionsTests {
    @Test("every section, empty ones included, with its content range, line feeds and last line's length")
    func findsSections() {
        let text = "<a><![CDATA[one\ntwo]]><b x='>'/>\n<![CDATA[]]><![CDATA[]]]]></a>"
        let bytes = Array(text.utf8)
        let sections = bytes.withUnsafeBytes { CDATASections.find(in: $0) }
        #expect(
            sections == [
                CDATASection(content: 12..<19, lineFeeds: 1, bytesAfterLastLineFeed: 3),
                CDATASection(content: 42..<42, lineFeeds: 0, bytesAfterLastLineFeed: 0),
                CDATASection(content: 54..<56, lineFeeds: 0, bytesAfterLastLineFeed: 0),
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
        let contents = bytes.withUnsafeBytes { CDATASections.find(in: $0) }.map { bytes[$0.content] }
        #expect(contents.map { Array($0) } == [Array("ok".utf8)])
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
