/// Eight bytes read as one word, to ask about all of them at once (SWAR): the text scanners step over
/// ordinary text eight bytes at a time and look at single bytes only where one of these says to.
///
/// Inlinable: it is used from other modules in their innermost loops, where a call would cost more than
/// the test itself.
@frozen public struct ByteWord {
    @usableFromInline let word: UInt64

    /// The eight bytes at `pointer`, which need not be aligned.
    @inlinable @inline(__always)
    public init(_ pointer: UnsafeRawPointer) {
        word = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
    }

    /// True when every byte is below 0x80.
    @inlinable @inline(__always)
    public var isASCII: Bool { word & 0x8080_8080_8080_8080 == 0 }

    /// True when one of the bytes is `byte`: the classic "has a zero byte" test on the word xor'ed with
    /// it, exact as a yes/no.
    @inlinable @inline(__always)
    public func contains(_ byte: UInt8) -> Bool {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// For a word starting at a character boundary and made of ASCII and two-byte UTF-8 characters only
    /// (Latin accents, Greek, Cyrillic, Hebrew, Arabic): how many of its bytes are whole valid characters,
    /// 8, or 7 when the last byte leads a character that goes on past it. 0 for anything else (a longer
    /// character, C0 or C1, a stray or missing continuation byte), which must then be read byte by byte.
    @inline(__always)
    var validOneOrTwoByteUTF8Length: Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        let top = word & high
        let bit6 = (word << 1) & high
        let bit5 = (word << 2) & high
        // The lead of a three- or four-byte character, or a byte no UTF-8 has.
        if top & bit6 & bit5 != 0 { return 0 }
        let continuation = top & ~bit6
        let lead = top & bit6 & ~bit5
        // C0 and C1 lead only overlong forms.
        let overlong = (word & 0xFEFE_FEFE_FEFE_FEFE) ^ 0xC0C0_C0C0_C0C0_C0C0
        if (overlong &- 0x0101_0101_0101_0101) & ~overlong & high & lead != 0 { return 0 }
        // Every continuation byte right after a lead, every lead right before one (but in the last byte).
        guard continuation == lead << 8 else { return 0 }
        return lead & (1 << 63) != 0 ? 7 : 8
    }

    /// True when one of the bytes is below `limit` (at most 0x80); exact as a yes/no.
    @inlinable @inline(__always)
    public func containsByte(below limit: UInt8) -> Bool {
        (word &- 0x0101_0101_0101_0101 &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080 != 0
    }
}
