import Testing

@testable import Markup

private func reference(_ text: String) -> TextReference? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { TextReference.parse($0.baseAddress!, 0, $0.count) }
}

@Suite("TextReference resolves what libxml2 resolves in character data by itself")
struct TextReferenceTests {
    @Test("the five predefined entities and character references to allowed characters")
    func resolved() {
        #expect(reference("&lt;x") == TextReference(length: 4, scalar: 0x3C))
        #expect(reference("&gt;") == TextReference(length: 4, scalar: 0x3E))
        #expect(reference("&amp;") == TextReference(length: 5, scalar: 0x26))
        #expect(reference("&apos;") == TextReference(length: 6, scalar: 0x27))
        #expect(reference("&quot;") == TextReference(length: 6, scalar: 0x22))
        #expect(reference("&#65;") == TextReference(length: 5, scalar: 0x41))
        #expect(reference("&#0065;") == TextReference(length: 7, scalar: 0x41))
        #expect(reference("&#x1F600;") == TextReference(length: 9, scalar: 0x1F600))
        #expect(reference("&#xfffd;") == TextReference(length: 8, scalar: 0xFFFD))
        #expect(reference("&#13;") == TextReference(length: 5, scalar: 0x0D))
    }

    @Test(
        "anything else is left to libxml2: other entities, malformed or out-of-range references, forbidden characters",
        arguments: [
            "&nbsp;", "&lt", "&lt ;", "&LT;", "&ampx;", "&", "&#;", "&#x;", "&#X41;", "&#x41", "&#0;", "&#8;",
            "&#xD800;", "&#xFFFE;", "&#xFFFF;", "&#x110000;", "&#99999999999999999999;",
        ]
    )
    func leftToLibxml2(text: String) {
        #expect(reference(text) == nil)
    }

    @Test("references and line ends are decoded as libxml2 hands character data over")
    func decodesText() {
        let text = Array("a&lt;b&gt;&amp;&quot;&apos; &#x41;&#65;&#xe9;&#x20AC;&#128512;&#13;\r\nc\rd\r".utf8)
        var output: [UInt8] = []
        text.withUnsafeBufferPointer { TextReference.decode($0.baseAddress!, 0, $0.count, into: &output) }
        #expect(String(decoding: output, as: UTF8.self) == "a<b>&\"' AAé€😀\r\nc\nd\n")
    }

}
