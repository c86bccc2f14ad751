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
}
