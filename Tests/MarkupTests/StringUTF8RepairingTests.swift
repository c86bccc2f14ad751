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

    @Test("every sample inside longer text, at every alignment of the words and blocks, as the standard library")
    func samplesInLongText() {
        let contexts: [[UInt8]] = [Array("plain ascii words".utf8), Array("Ёлка и Львів".utf8), Array("çé ñ ü".utf8)]
        for sample in Self.samples {
            for context in contexts {
                for shift in 0..<16 {
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

    @Test("validation finds the same first ill-formed sequence as a walk one sequence at a time, on random text")
    func validationOffsets() {
        // Sequences the word test takes (ASCII, two bytes), ones it refuses (three and four bytes), and
        // ill-formed ones (a lone continuation, truncated leads, overlong and surrogate forms, C0, F5).
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("abcdefg".utf8), Array("é".utf8), Array("Ж".utf8), Array("\u{2019}".utf8),
            Array("\u{1F600}".utf8), Array("東".utf8), [0x80], [0xC3], [0xE2, 0x80], [0xF0, 0x9F, 0x98], [0xC0, 0xAF],
            [0xED, 0xA0, 0x80], [0xF5], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
        ]
        var state: UInt64 = 0x853C_49E6_748F_EA9B
        for round in 0..<4000 {
            var bytes: [UInt8] = []
            // Mostly valid text, so that an ill-formed piece lands anywhere in a word; every third text has none.
            for _ in 0..<(round % 40) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 33) % 100
                bytes += pick < 97 || round % 3 == 0 ? pieces[pick % 7] : pieces[7 + pick % 9]
            }
            var expected = bytes.count
            var ascii = true
            bytes.withUnsafeBufferPointer { buffer in
                var index = 0
                while index < buffer.count {
                    let length = UTF8Validation.sequenceLength(buffer.baseAddress!, index, buffer.count)
                    if length < 0 {
                        expected = index
                        break
                    }
                    if length > 1 { ascii = false }
                    index += length
                }
                let verdict = UTF8Validation.firstInvalid(buffer)
                #expect(verdict.offset == expected, "\(bytes)")
                #expect(verdict.isASCII == ascii, "\(bytes)")
            }
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

    @Test("eight-byte words: marks name exactly the bytes asked about, in every position and next to any other")
    func byteWordMarks() {
        // Every byte value at every position, beside neighbours that would carry or borrow into it.
        let neighbours: [UInt8] = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x7F, 0x80, 0xBF, 0xC2, 0xCB, 0xCC, 0xD0, 0xD1, 0xE0, 0xE3, 0xE4, 0xFF,
        ]
        for position in 0..<8 {
            for neighbour in neighbours {
                for value in UInt8.min...UInt8.max {
                    var bytes = Array(repeating: neighbour, count: 8)
                    bytes[position] = value
                    bytes.withUnsafeBytes { raw in
                        let word = ByteWord(raw.baseAddress!)
                        func expected(_ test: (UInt8) -> Bool) -> UInt64 {
                            var marks: UInt64 = 0
                            for (offset, byte) in bytes.enumerated() where test(byte) { marks |= 0x80 << (offset * 8) }
                            return marks
                        }
                        for limit: UInt8 in [0x00, 0x01, 0x20, 0x21, 0x80] {
                            #expect(word.marks(below: limit) == expected { $0 < limit }, "\(bytes) below \(limit)")
                        }
                        for limit: UInt8 in [0x80, 0xCC, 0xE0, 0xE4, 0xFF] {
                            #expect(
                                word.marks(atLeast: limit) == expected { $0 >= limit },
                                "\(bytes) at least \(limit)"
                            )
                        }
                        for byte: UInt8 in [0x00, 0x0A, 0x20, 0x7F, 0x80, 0xC2, 0xD0, 0xFF] {
                            #expect(word.marks(of: byte) == expected { $0 == byte }, "\(bytes) of \(byte)")
                        }
                        #expect(word.nonASCIIMarks == expected { $0 >= 0x80 })
                        let first = bytes.firstIndex(where: { $0 < 0x20 }) ?? 8
                        #expect(ByteWord.offsetOfFirst(word.marks(below: 0x20)) == first)
                    }
                }
            }
        }
    }
}
