internal import Foundation

/// A reference in character data that libxml2 resolves by itself: one of the five predefined entities or a
/// character reference to a character XML allows. Anything else (`&nbsp;`, `&#0;`, `&#X41;`) is not one.
struct TextReference: Equatable {
    /// The bytes from `&` to `;`.
    var length: Int
    var scalar: UInt32

    /// The reference at `base[index]` (an `&`), reading no further than `end`.
    static func parse(_ base: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> TextReference? {
        var cursor = index + 1
        guard cursor < end else { return nil }
        if base[cursor] == UInt8(ascii: "#") {
            cursor += 1
            // Lower-case x only: libxml2 reads `&#X41;` as a malformed decimal reference.
            let hex = cursor < end && base[cursor] == UInt8(ascii: "x")
            if hex { cursor += 1 }
            let digitsStart = cursor
            var value: UInt32 = 0
            while cursor < end, let digit = Self.digit(base[cursor], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                guard value <= 0x10FFFF else { return nil }
                cursor += 1
            }
            guard cursor > digitsStart, cursor < end, base[cursor] == UInt8(ascii: ";"), Self.isXMLChar(value) else {
                return nil
            }
            return TextReference(length: cursor + 1 - index, scalar: value)
        }
        // The five names, byte by byte: this runs once per `&lt;` and `&gt;` of escaped markup.
        func named(_ name: StaticString, _ scalar: UInt32) -> TextReference? {
            let length = name.utf8CodeUnitCount + 2
            guard index + length <= end, base[index + length - 1] == UInt8(ascii: ";") else { return nil }
            for offset in 0..<name.utf8CodeUnitCount where base[index + 1 + offset] != name.utf8Start[offset] {
                return nil
            }
            return TextReference(length: length, scalar: scalar)
        }
        switch base[cursor] {
        case UInt8(ascii: "l"): return named("lt", 0x3C)
        case UInt8(ascii: "g"): return named("gt", 0x3E)
        case UInt8(ascii: "a"): return named("amp", 0x26) ?? named("apos", 0x27)
        case UInt8(ascii: "q"): return named("quot", 0x22)
        default: return nil
        }
    }

    /// The value of a digit of a decimal or, with `hex`, a hexadecimal character reference.
    static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// XML 1.0's Char production, which libxml2 checks character references against.
    private static func isXMLChar(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Appends valid UTF-8 text `base[start..<end]` as libxml2 hands character data over: references
    /// resolved (the run was measured, so every `&` starts one) and each carriage return, alone or before a
    /// line feed, made one line feed.
    static func decode(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into output: inout [UInt8]) {
        var index = start
        var copied = start
        while index < end {
            if index &+ ByteBlock.size <= end {
                let block = ByteBlock(base + index)
                let stops = block.marks(of: UInt8(ascii: "&")) | block.marks(of: 0x0D)
                index &+= ByteBlock.offsetOfFirst(stops)
                if stops == 0 { continue }
            }
            let byte = base[index]
            if byte == UInt8(ascii: "&"), let reference = parse(base, index, end) {
                output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: index - copied))
                // A valid scalar: parse accepts only XML characters, which exclude the surrogates.
                output.append(contentsOf: UTF8.encode(Unicode.Scalar(reference.scalar)!)!)
                index += reference.length
                copied = index
            } else if byte == 0x0D {
                output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: index - copied))
                index += 1
                if index == end || base[index] != 0x0A { output.append(0x0A) }
                copied = index
            } else {
                index += 1
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: end - copied))
    }
}
