import Testing

@testable import Markup

@Suite("Sixteen-byte blocks mark exactly the bytes asked about")
struct ByteBlockTests {
    /// The mask a byte-by-byte walk gives.
    static func expected(_ bytes: [UInt8], _ test: (UInt8) -> Bool) -> UInt32 {
        var marks: UInt32 = 0
        for (offset, byte) in bytes.enumerated() where test(byte) { marks |= 1 << offset }
        return marks
    }

    @Test("every byte value at every position, beside neighbours on either side of each limit")
    func marksMatchAByteWalk() {
        let neighbours: [UInt8] = [0x00, 0x1F, 0x20, 0x7F, 0x80, 0xC2, 0xE3, 0xE4, 0xFF]
        let limits: [UInt8] = [0x00, 0x01, 0x20, 0x21, 0x80, 0xCC, 0xE0, 0xE4, 0xFF]
        var mismatches: [String] = []
        for position in 0..<ByteBlock.size {
            for neighbour in neighbours {
                for value in UInt8.min...UInt8.max {
                    var bytes = Array(repeating: neighbour, count: ByteBlock.size)
                    bytes[position] = value
                    bytes.withUnsafeBytes { raw in
                        let block = ByteBlock(raw.baseAddress!)
                        func check(_ marks: UInt32, _ question: String, _ test: (UInt8) -> Bool) {
                            if marks != Self.expected(bytes, test) { mismatches.append("\(bytes) \(question)") }
                        }
                        check(block.nonASCIIMarks, "non-ASCII") { $0 >= 0x80 }
                        check(block.marks(of: value), "of \(value)") { $0 == value }
                        for limit in limits {
                            check(block.marks(below: limit), "below \(limit)") { $0 < limit }
                            check(block.marks(atLeast: limit), "at least \(limit)") { $0 >= limit }
                        }
                    }
                }
            }
        }
        let firstMismatches = Array(mismatches.prefix(5))
        #expect(firstMismatches.isEmpty, "\(mismatches.count) mismatches")
    }

    @Test("the first mark's offset, and 16 when there is none")
    func offsetOfFirst() {
        #expect(ByteBlock.offsetOfFirst(0) == 16)
        for position in 0..<ByteBlock.size {
            #expect(ByteBlock.offsetOfFirst(1 << position) == position)
            #expect(ByteBlock.offsetOfFirst(0x8000 | 1 << position) == position)
        }
    }

    @Test("a block reads only its own sixteen bytes, wherever it starts")
    func unalignedBlocks() {
        let bytes: [UInt8] =
            Array(repeating: UInt8(ascii: "<"), count: 8) + Array(repeating: 0x61, count: 40)
            + Array(repeating: 0xFF, count: 8)
        bytes.withUnsafeBytes { raw in
            for start in 0...(bytes.count - ByteBlock.size) {
                let block = ByteBlock(raw.baseAddress! + start)
                let window = Array(bytes[start..<(start + ByteBlock.size)])
                #expect(block.marks(of: UInt8(ascii: "<")) == Self.expected(window) { $0 == UInt8(ascii: "<") })
                #expect(block.nonASCIIMarks == Self.expected(window) { $0 >= 0x80 })
            }
        }
    }
}
