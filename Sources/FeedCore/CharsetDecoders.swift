internal import Markup

/// The byte-level loops behind `DocumentCharset.decode`: UTF-8 validation and repair, UTF-16, UTF-32 and
/// single-byte tables, all producing UTF-8.
///
/// They work on raw buffers and size their output exactly (a counting pass, then a writing pass) because
/// documents reach tens of megabytes and the output array often outlives the parse.
enum CharsetDecoders {
    /// UTF-8 bytes and how many invalid input sequences became U+FFFD.
    typealias Output = (utf8: [UInt8], replaced: Int)

    // MARK: - Helpers

    /// Runs `body` over the bytes in place when the collection is contiguous, else over a copy.
    static func withContiguousBytes<C: Collection<UInt8>, R>(
        _ bytes: C,
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        if let result = bytes.withContiguousStorageIfAvailable(body) { return result }
        return Array(bytes).withUnsafeBufferPointer(body)
    }

    /// Whether every byte is below 0x80.
    static func isASCII(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = input.baseAddress else { return true }
        let count = input.count
        var i = 0
        while i &+ ByteBlock.size <= count {
            guard ByteBlock(base + i).nonASCIIMarks == 0 else { return false }
            i &+= ByteBlock.size
        }
        while i < count {
            guard base[i] < 0x80 else { return false }
            i += 1
        }
        return true
    }

    // MARK: - UTF-8

    /// Offset of the first ill-formed sequence, or `input.count` when the whole buffer is valid UTF-8.
    static func firstInvalidUTF8(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        UTF8Validation.firstInvalid(input).offset
    }

    /// Copies `input`, replacing each maximal ill-formed subpart from `firstInvalid` on with U+FFFD.
    static func repairUTF8(_ input: UnsafeBufferPointer<UInt8>, firstInvalid: Int) -> Output {
        guard let p = input.baseAddress else { return ([], 0) }
        let n = input.count
        // Valid runs are found with the fast validator; each stops at a subpart that becomes U+FFFD.
        func nextInvalid(after start: Int) -> Int {
            start + firstInvalidUTF8(UnsafeBufferPointer(start: p + start, count: n - start))
        }
        var length = 0
        var replaced = 0
        var start = 0
        var bad = firstInvalid
        while bad < n {
            replaced += 1
            length += bad - start + 3
            start = bad - UTF8Validation.sequenceLength(p, bad, n)
            bad = nextInvalid(after: start)
        }
        length += n - start

        let utf8 = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            guard let out = buffer.baseAddress else { return }
            var o = 0
            var start = 0
            var bad = firstInvalid
            while true {
                (out + o).initialize(from: p + start, count: bad - start)
                o += bad - start
                guard bad < n else { break }
                (out + o).initialize(from: replacementBytes, count: 3)
                o += 3
                start = bad - UTF8Validation.sequenceLength(p, bad, n)
                bad = nextInvalid(after: start)
            }
            initialized = o
        }
        return (utf8, replaced)
    }

    private static let replacementBytes: [UInt8] = [0xEF, 0xBF, 0xBD]

    // MARK: - UTF-16 and UTF-32

    /// UTF-8 length of a scalar below U+10000, without branches.
    @inline(__always)
    private static func utf8Length(bmp value: UInt32) -> Int {
        Int(truncatingIfNeeded: 1 &+ (0x7F &- value) >> 31 &+ (0x7FF &- value) >> 31)
    }

    /// Where transcoded code points go: the counting pass and the writing pass share one loop through this.
    private protocol Sink {
        /// Four ASCII characters, packed little-endian.
        mutating func ascii4(_ bytes: UInt32)
        /// A scalar below U+10000 that is not a surrogate.
        mutating func bmp(_ value: UInt32)
        /// A scalar from U+10000.
        mutating func supplementary(_ value: UInt32)
        mutating func replacement()
    }

    private struct Counter: Sink {
        var length = 0
        var replaced = 0
        @inline(__always) mutating func ascii4(_ bytes: UInt32) { length += 4 }
        @inline(__always) mutating func bmp(_ value: UInt32) {
            length &+= utf8Length(bmp: value)
        }
        @inline(__always) mutating func supplementary(_ value: UInt32) { length += 4 }
        @inline(__always) mutating func replacement() {
            length += 3
            replaced += 1
        }
    }

    /// Writes into a buffer sized by `Counter`, plus three spare bytes so `bmp` can always store four.
    private struct Writer: Sink {
        let base: UnsafeMutablePointer<UInt8>
        var offset = 0
        @inline(__always) private func store(_ bytes: UInt32) {
            UnsafeMutableRawPointer(base + offset).storeBytes(of: bytes.littleEndian, as: UInt32.self)
        }
        @inline(__always) mutating func ascii4(_ bytes: UInt32) {
            store(bytes)
            offset += 4
        }
        @inline(__always) mutating func bmp(_ value: UInt32) {
            // All three encodings computed and one picked with masks: a branch on the width would
            // mispredict at every space between Cyrillic words.
            let two = (0xC0 | value >> 6) | (0x80 | value & 0x3F) << 8
            let three = (0xE0 | value >> 12) | (0x80 | (value >> 6) & 0x3F) << 8 | (0x80 | value & 0x3F) << 16
            let isOne = ((0x7F &- value) >> 31) &- 1  // all ones when value < 0x80
            let isAtMostTwo = ((0x7FF &- value) >> 31) &- 1  // all ones when value < 0x800
            store(value & isOne | two & ~isOne & isAtMostTwo | three & ~isAtMostTwo)
            offset &+= utf8Length(bmp: value)
        }
        @inline(__always) mutating func supplementary(_ value: UInt32) {
            store(
                (0xF0 | value >> 18) | (0x80 | (value >> 12) & 0x3F) << 8
                    | (0x80 | (value >> 6) & 0x3F) << 16 | (0x80 | value & 0x3F) << 24
            )
            offset += 4
        }
        @inline(__always) mutating func replacement() {
            store(0xEF | 0xBF << 8 | 0xBD << 16)
            offset += 3
        }
    }

    /// Counts, then writes into an array of exactly the counted size.
    @inline(__always)
    private static func countThenWrite(_ loop: (inout Counter) -> Void, _ write: (inout Writer) -> Void) -> Output {
        var counter = Counter()
        loop(&counter)
        let utf8 = [UInt8](unsafeUninitializedCapacity: counter.length + 3) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var writer = Writer(base: base)
            write(&writer)
            initialized = writer.offset
        }
        return (utf8, counter.replaced)
    }

    static func decodeUTF16(_ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> Output {
        // Literal byte orders let the optimiser specialise the loop for each.
        if bigEndian {
            return countThenWrite(
                { utf16Loop(input, bigEndian: true, into: &$0) },
                { utf16Loop(input, bigEndian: true, into: &$0) }
            )
        }
        return countThenWrite(
            { utf16Loop(input, bigEndian: false, into: &$0) },
            { utf16Loop(input, bigEndian: false, into: &$0) }
        )
    }

    @inline(__always)
    private static func utf16Loop<S: Sink>(_ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool, into sink: inout S) {
        guard let p = input.baseAddress else { return }
        let n = input.count
        // Bits that must be clear for four code units, loaded little-endian, to all be ASCII.
        let wideMask: UInt64 = bigEndian ? 0x80FF_80FF_80FF_80FF : 0xFF80_FF80_FF80_FF80
        let lowShift: UInt64 = bigEndian ? 8 : 0
        @inline(__always) func unit(_ i: Int) -> UInt32 {
            let raw = UnsafeRawPointer(p + i).loadUnaligned(as: UInt16.self)
            return UInt32(bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw))
        }
        var i = 0
        while i + 1 < n {
            var end = n
            if i + 8 <= n {
                let raw = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                if raw & wideMask == 0 {
                    let word = raw >> lowShift
                    sink.ascii4(
                        UInt32(
                            truncatingIfNeeded: word & 0xFF | (word >> 8) & 0xFF00
                                | (word >> 16) & 0xFF_0000 | (word >> 24) & 0xFF00_0000
                        )
                    )
                    i += 8
                    continue
                }
                end = i + 8
            }
            while i + 1 < n, i < end {
                let u = unit(i)
                if u & 0xF800 != 0xD800 {
                    sink.bmp(u)
                    i += 2
                } else if u <= 0xDBFF, i + 3 < n, unit(i + 2) & 0xFC00 == 0xDC00 {
                    sink.supplementary(0x10000 + ((u - 0xD800) << 10) + (unit(i + 2) - 0xDC00))
                    i += 4
                } else {
                    // An unpaired surrogate.
                    sink.replacement()
                    i += 2
                }
            }
        }
        if i < n { sink.replacement() }  // an odd byte at the end
    }

    static func decodeUTF32(_ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> Output {
        countThenWrite(
            { utf32Loop(input, bigEndian: bigEndian, into: &$0) },
            { utf32Loop(input, bigEndian: bigEndian, into: &$0) }
        )
    }

    private static func utf32Loop<S: Sink>(_ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool, into sink: inout S) {
        guard let p = input.baseAddress else { return }
        let n = input.count
        var i = 0
        while i + 3 < n {
            let raw = UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)
            let value = bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
            if value < 0x1_0000, value & 0xF800 != 0xD800 {
                sink.bmp(value)
            } else if value >= 0x1_0000, value < 0x11_0000 {
                sink.supplementary(value)
            } else {
                sink.replacement()
            }
            i += 4
        }
        if i < n { sink.replacement() }  // one to three stray bytes at the end
    }

    // MARK: - Single-byte tables

    /// Decodes through a table of the 128 code points for bytes 0x80–0xFF (U+FFFD where undefined).
    static func decodeSingleByte(_ input: UnsafeBufferPointer<UInt8>, upperHalf table: [UInt16]) -> Output {
        // All 256 bytes map to an entry: UTF-8 packed little-endian in the low three bytes, the length in
        // bits 24–25 and "undefined" in bit 30. One lookup and one unaligned store per byte, with no branch
        // on the byte itself: mixed Cyrillic and spaces would mispredict such a branch every word.
        var entries = [UInt32](repeating: 0, count: 256)
        for byte in 0..<0x80 { entries[byte] = UInt32(byte) | 1 << 24 }
        for (index, code) in table.enumerated() {
            let scalar = UInt32(code)
            let undefined: UInt32 = scalar == 0xFFFD ? 1 << 30 : 0
            entries[0x80 + index] =
                undefined
                | (scalar < 0x800
                    ? (0xC0 | scalar >> 6) | (0x80 | scalar & 0x3F) << 8 | 2 << 24
                    : (0xE0 | scalar >> 12) | (0x80 | (scalar >> 6) & 0x3F) << 8 | (0x80 | scalar & 0x3F) << 16 | 3
                        << 24)
        }
        guard let p = input.baseAddress else { return ([], 0) }
        let n = input.count

        let (length, replaced) = entries.withUnsafeBufferPointer { entries -> (Int, Int) in
            var length = 0
            var flags: UInt32 = 0
            var i = 0
            while i < n {
                if i &+ ByteBlock.size <= n, ByteBlock(p + i).nonASCIIMarks == 0 {
                    length &+= ByteBlock.size
                    i &+= ByteBlock.size
                    continue
                }
                let end = min(i + ByteBlock.size, n)
                while i < end {
                    let entry = entries[Int(p[i])]
                    length += Int(entry >> 24 & 3)
                    flags += entry >> 30
                    i += 1
                }
            }
            return (length, Int(flags))
        }

        // Spare bytes let every character be stored as a whole UInt32; later characters overwrite the excess.
        let utf8 = [UInt8](unsafeUninitializedCapacity: length + 4) { buffer, initialized in
            guard let out = buffer.baseAddress else { return }
            initialized = entries.withUnsafeBufferPointer { entries in
                var i = 0
                var o = 0
                while i < n {
                    if i &+ ByteBlock.size <= n, ByteBlock(p + i).nonASCIIMarks == 0 {
                        UnsafeMutableRawPointer(out + o).copyMemory(from: p + i, byteCount: ByteBlock.size)
                        i &+= ByteBlock.size
                        o &+= ByteBlock.size
                        continue
                    }
                    let end = min(i + ByteBlock.size, n)
                    while i < end {
                        let entry = entries[Int(p[i])]
                        UnsafeMutableRawPointer(out + o).storeBytes(of: entry.littleEndian, as: UInt32.self)
                        o += Int(entry >> 24 & 3)
                        i += 1
                    }
                }
                return o
            }
        }
        return (utf8, replaced)
    }
}
