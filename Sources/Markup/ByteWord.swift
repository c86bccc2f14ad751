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

    /// True when one of the bytes is below `limit` (at most 0x80); exact as a yes/no.
    @inlinable @inline(__always)
    public func containsByte(below limit: UInt8) -> Bool {
        (word &- 0x0101_0101_0101_0101 &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080 != 0
    }

    // Marks: each byte asked about has its high bit (0x80) set in the result and every other byte is 0,
    // exactly, byte by byte (sums of seven-bit halves never carry into the next byte), so that a scanner
    // can step straight to the first byte it must look at (``offsetOfFirst(_:)``) rather than only learn
    // that the word holds one.

    /// The bytes below `limit` (at most 0x80).
    @inlinable @inline(__always)
    public func marks(below limit: UInt8) -> UInt64 {
        ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x0101_0101_0101_0101 &* UInt64(0x80 &- limit)) | word)
            & 0x8080_8080_8080_8080
    }

    /// The bytes at or above `limit` (at least 0x80).
    @inlinable @inline(__always)
    public func marks(atLeast limit: UInt8) -> UInt64 {
        ((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x0101_0101_0101_0101 &* UInt64(0x100 &- Int(limit))) & word
            & 0x8080_8080_8080_8080
    }

    /// The bytes equal to `byte`.
    @inlinable @inline(__always)
    public func marks(of byte: UInt8) -> UInt64 {
        ByteWord(word: word ^ (0x0101_0101_0101_0101 &* UInt64(byte))).marks(below: 1)
    }

    /// The bytes at or above 0x80.
    @inlinable @inline(__always)
    public var nonASCIIMarks: UInt64 { word & 0x8080_8080_8080_8080 }

    /// Where the first marked byte is (0–7), or 8 when none is.
    @inlinable @inline(__always)
    public static func offsetOfFirst(_ marks: UInt64) -> Int {
        marks.trailingZeroBitCount &>> 3
    }

    @inlinable @inline(__always)
    init(word: UInt64) {
        self.word = word
    }
}
