/// UTF-8 validation a word at a time: what the charset decoders check documents with, and what the
/// strings made from parsed text are checked with before the standard library is told they are valid.
package enum UTF8Validation {
    private static let asciiMask: UInt64 = 0x8080_8080_8080_8080

    /// Length of the well-formed UTF-8 sequence at `i`, or minus the length of its maximal ill-formed subpart
    /// (Unicode's "substitution of maximal subparts", which is also what WHATWG decoders do).
    @inline(__always)
    package static func sequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        if b0 < 0xC2 { return -1 }
        if b0 < 0xE0 {
            return i + 1 < n && p[i + 1] & 0xC0 == 0x80 ? 2 : -1
        }
        if b0 < 0xF0 {
            // E0 would be overlong below A0; ED above 9F would encode a surrogate.
            let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            guard i + 1 < n, p[i + 1] >= low, p[i + 1] <= high else { return -1 }
            guard i + 2 < n, p[i + 2] & 0xC0 == 0x80 else { return -2 }
            return 3
        }
        if b0 < 0xF5 {
            // F0 would be overlong below 90; F4 above 8F is past U+10FFFF.
            let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard i + 1 < n, p[i + 1] >= low, p[i + 1] <= high else { return -1 }
            guard i + 2 < n, p[i + 2] & 0xC0 == 0x80 else { return -2 }
            guard i + 3 < n, p[i + 3] & 0xC0 == 0x80 else { return -3 }
            return 4
        }
        return -1
    }

    /// Offset of the first ill-formed sequence (`input.count` when the whole buffer is valid UTF-8), and
    /// whether every byte before it is ASCII.
    package static func firstInvalid(_ input: UnsafeBufferPointer<UInt8>) -> (offset: Int, isASCII: Bool) {
        guard let p = input.baseAddress else { return (0, true) }
        let n = input.count
        var i = 0
        var seen: UInt64 = 0
        while i < n {
            // Word at a time while the text is ASCII and two-byte sequences (Latin, Cyrillic, Greek), checked
            // with bit tricks instead of a branch per character, which mixed text mispredicts constantly.
            var carry: UInt64 = 0  // 0x80 when the previous word ended on a two-byte lead
            while i + 8 <= n {
                // ASCII, the bulk of most text, sixteen bytes at a time.
                if carry == 0, i &+ ByteBlock.size <= n, ByteBlock(p + i).nonASCIIMarks == 0 {
                    i &+= ByteBlock.size
                    continue
                }
                let word = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                let high = word & asciiMask
                if high | carry == 0 {
                    i += 8
                    continue
                }
                let shifted = word << 1
                let leads = word & shifted & asciiMask  // 11xxxxxx
                let continuations = high & ~shifted  // 10xxxxxx
                let longLeads = leads & (word << 2)  // 111xxxxx: three- and four-byte leads
                // A zero byte here marks C0 or C1, which only start overlong sequences.
                let overlong = (word & 0xFEFE_FEFE_FEFE_FEFE) ^ 0xC0C0_C0C0_C0C0_C0C0
                let hasOverlong = (overlong &- 0x0101_0101_0101_0101) & ~overlong & asciiMask
                guard longLeads | hasOverlong == 0, leads << 8 | carry == continuations else { break }
                seen |= high
                carry = leads >> 56
                i += 8
            }
            if carry != 0 { i -= 1 }
            guard i + 8 <= n else {
                // The tail: one sequence at a time.
                while i < n {
                    let length = sequenceLength(p, i, n)
                    if length < 0 { return (i, seen == 0) }
                    if length > 1 { seen = 1 }
                    i += length
                }
                break
            }
            // The word the fast path refused holds a sequence it does not take (three or four bytes, or an
            // ill-formed one): step over the ASCII before it, check that sequence alone, then back to words.
            // English with curly quotes and dashes costs one such step per quote rather than a walk through
            // its whole word. (`i` is at a character boundary here, and the word has a byte above 0x7F.)
            i += ByteWord.offsetOfFirst(ByteWord(p + i).nonASCIIMarks)
            let length = sequenceLength(p, i, n)
            if length < 0 { return (i, seen == 0) }
            if length > 1 { seen = 1 }
            i += length
        }
        return (n, seen == 0)
    }
}
