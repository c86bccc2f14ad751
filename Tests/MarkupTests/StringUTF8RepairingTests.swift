import Testing

@testable import Markup

@Suite("Strings made from UTF-8 are the standard library's, valid or not")
struct StringUTF8RepairingTests {
    static let samples: [[UInt8]] = [
        [], Array("ascii only, longer than eight bytes".utf8), Array("short".utf8),
        Array("Città — «Ёлка» 東京 \u{1F600} Львів, curly ’quotes’ in prose".utf8),
        Array("ends in two-byte é".utf8), Array("\u{10FFFF}\u{FFFD}\u{D7FF}\u{E000}".utf8),
        // Truncated sequences, at the end and before ASCII.
        [0x61, 0xC3], [0x61, 0xE2, 0x80], [0xF0, 0x9F, 0x98], [0xE2, 0x80, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67],
        // Overlong forms, surrogates, beyond U+10FFFF, stray continuation and invalid lead bytes.
        [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xE0, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0x80], [0xBF, 0x61], [0xFE], [0xFF], [0xC3, 0x28], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0xBC],
        [0xD0, 0xD0, 0x96], [0xD0, 0x96, 0x96], [0xC3, 0xC3], [0xDF, 0xC0],
        // Valid edges: the first scalars after each overlong and surrogate boundary.
        [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        Array("eight!!!".utf8) + [0xC3] + Array("eight!!!".utf8),
    ]

    @Test("every sample gives the string and the bytes String(decoding:as:) gives")
    func sameAsStandardLibrary() {
        for bytes in Self.samples {
            let expected = String(decoding: bytes, as: UTF8.self)
            let made = String(utf8Repairing: bytes)
            #expect(made == expected, "\(bytes)")
            #expect(Array(made.utf8) == Array(expected.utf8), "\(bytes)")
            #expect(made.count == expected.count, "\(bytes)")
        }
    }

    @Test("every sample inside longer text, at every alignment of the eight-byte words, as the standard library")
    func samplesInLongText() {
        let contexts: [[UInt8]] = [Array("plain ascii words".utf8), Array("Ёлка и Львів".utf8), Array("çé ñ ü".utf8)]
        for sample in Self.samples {
            for context in contexts {
                for shift in 0..<8 {
                    let bytes = Array(context.prefix(shift)) + sample + context + sample + Array(context.suffix(shift))
                    let expected = String(decoding: bytes, as: UTF8.self)
                    #expect(Array(String(utf8Repairing: bytes).utf8) == Array(expected.utf8), "\(bytes)")
                    let verdict = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalid($0) }
                    #expect((verdict.offset == bytes.count) == (Array(expected.utf8) == bytes), "\(bytes)")
                }
            }
        }
    }

    @Test("validation says valid, ASCII or not, exactly when the bytes are valid UTF-8")
    func validation() {
        for bytes in Self.samples {
            let valid = Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
            let verdict = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalid($0) }
            #expect((verdict.offset == bytes.count) == valid, "\(bytes)")
            if valid { #expect(verdict.isASCII == bytes.allSatisfy { $0 < 0x80 }, "\(bytes)") }
        }
    }

    @Test("eight-byte words: membership and bytes below a limit, in every position")
    func byteWords() {
        for position in 0..<8 {
            var bytes = Array(repeating: UInt8(ascii: "a"), count: 8)
            #expect(bytes.withUnsafeBytes { ByteWord($0.baseAddress!).isASCII })
            bytes[position] = UInt8(ascii: "<")
            bytes.withUnsafeBytes { raw in
                let word = ByteWord(raw.baseAddress!)
                #expect(word.contains(UInt8(ascii: "<")))
                #expect(!word.contains(UInt8(ascii: "&")))
                #expect(!word.containsByte(below: 0x20))
            }
            bytes[position] = 0x1F
            #expect(bytes.withUnsafeBytes { ByteWord($0.baseAddress!).containsByte(below: 0x20) })
            bytes[position] = 0xEF
            bytes.withUnsafeBytes { raw in
                let word = ByteWord(raw.baseAddress!)
                #expect(word.contains(0xEF))
                #expect(!word.isASCII)
                #expect(!word.containsByte(below: 0x20))
            }
        }
    }
}
