public import CByteBlock

/// Sixteen bytes asked about at once: ``ByteWord``'s wider sibling, with SSE2 doing the comparisons. The
/// text scanners step over ordinary text a block at a time, and look at the bytes a block stops at, and at
/// the last fifteen or fewer, one at a time.
///
/// Its marks are bit masks with bit *i* set for byte *i*, exact byte by byte, so that
/// ``offsetOfFirst(_:)`` is the offset of the first byte asked about. Inlinable, like ``ByteWord``: it is
/// used from other modules in their innermost loops.
@frozen public struct ByteBlock {
    /// The number of bytes in a block.
    public static let size = 16

    @usableFromInline let pointer: UnsafeRawPointer

    /// The sixteen bytes at `pointer`, which need not be aligned; all of them must be readable.
    @inlinable @inline(__always)
    public init(_ pointer: UnsafeRawPointer) {
        self.pointer = pointer
    }

    /// The bytes equal to `byte`.
    @inlinable @inline(__always)
    public func marks(of byte: UInt8) -> UInt32 {
        feedwatch_block_equal(pointer, byte)
    }

    /// The bytes below `limit`.
    @inlinable @inline(__always)
    public func marks(below limit: UInt8) -> UInt32 {
        feedwatch_block_below(pointer, limit)
    }

    /// The bytes at or above `limit`.
    @inlinable @inline(__always)
    public func marks(atLeast limit: UInt8) -> UInt32 {
        feedwatch_block_at_least(pointer, limit)
    }

    /// The bytes at or above 0x80.
    @inlinable @inline(__always)
    public var nonASCIIMarks: UInt32 {
        feedwatch_block_non_ascii(pointer)
    }

    /// Where the first marked byte is (0–15), or 16 when none is.
    @inlinable @inline(__always)
    public static func offsetOfFirst(_ marks: UInt32) -> Int {
        (marks | 0x1_0000).trailingZeroBitCount
    }
}
