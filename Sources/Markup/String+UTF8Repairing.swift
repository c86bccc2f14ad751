extension String {
    /// The same string as `String(decoding: bytes, as: UTF8.self)`, made faster for the text feeds carry.
    ///
    /// The standard library validates UTF-8 one byte at a time; feed text is mostly ASCII with a few
    /// multi-byte characters (curly quotes, accented names) or is written in a two-byte script (Cyrillic),
    /// so here such text is checked eight bytes at once and only the other characters one by one, and
    /// the string is then made without validating again.
    /// Anything that is not valid UTF-8 goes to the standard library, which repairs it the usual way.
    package init(utf8Repairing bytes: UnsafeBufferPointer<UInt8>) {
        if #available(macOS 26, iOS 26, watchOS 26, tvOS 26, visionOS 26, *),
            let isASCII = Self.validUTF8IsASCII(bytes)
        {
            // Checked just above to be valid UTF-8, which is all that `unchecked` asks.
            self = unsafe String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }

    /// ``init(utf8Repairing:)`` over the bytes of an array.
    package init(utf8Repairing bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { String(utf8Repairing: $0) }
    }

    /// Whether `bytes` are all ASCII when they are valid UTF-8 (shortest forms, no surrogates, nothing
    /// above U+10FFFF, as Unicode defines it), nil when they are not.
    package static func validUTF8IsASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        var isASCII = true
        while index < count {
            if index &+ 8 <= count {
                let word = ByteWord(UnsafeRawPointer(base + index))
                if word.isASCII {
                    index &+= 8
                    continue
                }
                let length = word.validOneOrTwoByteUTF8Length
                if length != 0 {
                    isASCII = false
                    index &+= length
                    continue
                }
            }
            let lead = base[index]
            if lead < 0x80 {
                index &+= 1
                continue
            }
            isASCII = false
            @inline(__always) func isContinuation(_ offset: Int) -> Bool { base[index &+ offset] & 0xC0 == 0x80 }
            switch lead {
            case 0xC2...0xDF:
                guard index &+ 1 < count, isContinuation(1) else { return nil }
                index &+= 2
            case 0xE0...0xEF:
                guard index &+ 2 < count, isContinuation(1), isContinuation(2) else { return nil }
                let second = base[index &+ 1]
                // E0 below A0 is an overlong form; ED above 9F encodes a surrogate.
                if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) { return nil }
                index &+= 3
            case 0xF0...0xF4:
                guard index &+ 3 < count, isContinuation(1), isContinuation(2), isContinuation(3) else { return nil }
                let second = base[index &+ 1]
                // F0 below 90 is an overlong form; F4 above 8F is beyond U+10FFFF.
                if (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F) { return nil }
                index &+= 4
            default:
                return nil
            }
        }
        return isASCII
    }
}
