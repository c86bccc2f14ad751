extension String {
    /// The same string as `String(decoding: bytes, as: UTF8.self)`, made faster for the text feeds carry.
    ///
    /// The standard library validates UTF-8 one byte at a time; feed text is mostly ASCII with a few
    /// multi-byte characters (curly quotes, accented names) or is written in a two-byte script (Cyrillic),
    /// so here it is checked a word at a time (``UTF8Validation``) and then made without validating again.
    /// Anything that is not valid UTF-8 goes to the standard library, which repairs it the usual way.
    package init(utf8Repairing bytes: UnsafeBufferPointer<UInt8>) {
        let validation = UTF8Validation.firstInvalid(bytes)
        if validation.offset == bytes.count {
            self.init(validatedUTF8: bytes, isASCII: validation.isASCII)
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }

    /// ``init(utf8Repairing:)`` over the bytes of an array.
    package init(utf8Repairing bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { String(utf8Repairing: $0) }
    }

    /// `bytes`, which ``UTF8Validation/firstInvalid(_:)`` has found valid (or are whole characters of bytes
    /// it has), as a string without checking them again; `isASCII` may be false for ASCII bytes.
    package init(validatedUTF8 bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
        if #available(macOS 26, iOS 26, watchOS 26, tvOS 26, visionOS 26, *) {
            self = unsafe String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }
}
