import Foundation
import Testing

@testable import FeedStore

/// JSONText: string literals and arrays as RFC 8259 writes them, read back by a real JSON parser.
struct JSONTextTests {
    @Test func plainTextIsOnlyQuoted() {
        #expect(JSONText.quoted("") == #""""#)
        #expect(JSONText.quoted("kyiv") == #""kyiv""#)
        #expect(JSONText.quoted("Київ — Roma, città") == "\"Київ — Roma, città\"")
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(JSONText.quoted(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(JSONText.quoted("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(JSONText.quoted("\u{0}\u{1F}\u{08}") == #""\u0000\u001f\u0008""#)
        #expect(JSONText.quoted("\u{7F}") == "\"\u{7F}\"", "DEL is not a control character to JSON")
    }

    @Test func everyLiteralReadsBackAsTheString() throws {
        let samples = [
            "", "\"", "\\\\\"", "\u{1}x\u{1F}", "emoji 🇺🇦 and \u{2028}", String(repeating: "\n\"", count: 100),
        ]
        for sample in samples {
            let json = "[" + JSONText.quoted(sample) + "]"
            let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
            #expect(parsed == [sample], "\(json)")
        }
        #expect(JSONText.strings(JSONText.array(samples)) == samples)
    }

    @Test func appendingWritesTheSameLiteralAfterWhatIsThere() {
        for sample in ["", "kyiv", #"say "hi" \ bye"#, "\u{0}\u{1F}a\nb", "Київ 🇺🇦"] {
            var bytes = Array("{\"k\":".utf8)
            JSONText.appendQuoted(sample, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "{\"k\":" + JSONText.quoted(sample))
        }
    }
}
