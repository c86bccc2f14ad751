public import Foundation
internal import Markup

/// Relative references made absolute, and links put in the one form identities are defined on.
public enum URLResolution {
    /// `reference` resolved against `base` (RFC 3986), trimmed; nil when it cannot be made a URL.
    public static func resolve(_ reference: String, against base: URL?) -> String? {
        let trimmed = TextNormalisation.trimmed(reference)
        guard !trimmed.isEmpty else { return nil }
        // Most links in feeds are already absolute and clean; parsing them would only give them back.
        if isPlainAbsoluteHTTP(trimmed) { return trimmed }
        if let absolute = URL(string: trimmed), absolute.scheme != nil {
            return absolute.absoluteString
        }
        guard let base, let resolved = URL(string: trimmed, relativeTo: base) else { return nil }
        return resolved.absoluteURL.absoluteString
    }

    /// True for `http://` or `https://` followed by a host and only characters a URL may hold unescaped.
    static func isPlainAbsoluteHTTP(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isPlainAbsoluteHTTP($0) }
    }

    /// ``isPlainAbsoluteHTTP(_:)`` for UTF-8 bytes.
    static func isPlainAbsoluteHTTP(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Both prefixes from one eight-byte load ("http://" and one more byte is the shortest URL taken).
        guard let base = bytes.baseAddress, bytes.count >= 8 else { return false }
        let head = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        let prefixLength: Int
        if head == httpsPrefix {
            prefixLength = 8
        } else if head & 0x00FF_FFFF_FFFF_FFFF == httpPrefix {
            prefixLength = 7
        } else {
            return false
        }
        guard bytes.count > prefixLength else { return false }
        var index = prefixLength
        while index &+ ByteBlock.size <= bytes.count {
            if unplainMarks(ByteBlock(base + index)) != 0 { return false }
            index &+= ByteBlock.size
        }
        // Read once: a static's accessor inside the loop costs a once-check per byte.
        return plainURLByte.withUnsafeBufferPointer { plain in
            for index in index..<bytes.count where !plain[Int(base[index])] {
                return false
            }
            return true
        }
    }

    /// The bytes of a block that ``plainURLByte`` refuses: controls, space, DEL and above, and the ASCII
    /// punctuation outside RFC 3986's sets (`"` `'` `<` `>` `[` `\` `]` `^` `` ` `` `{` `|` `}`).
    @inline(__always)
    static func unplainMarks(_ block: ByteBlock) -> UInt32 {
        let outside = block.marks(below: 0x21) | block.marks(atLeast: 0x7F)
        let quotes = block.marks(of: UInt8(ascii: "\"")) | block.marks(of: UInt8(ascii: "'"))
        let angles = block.marks(of: UInt8(ascii: "<")) | block.marks(of: UInt8(ascii: ">"))
        let brackets = block.marks(atLeast: UInt8(ascii: "[")) & block.marks(below: UInt8(ascii: "_"))
        let braces = block.marks(atLeast: UInt8(ascii: "{")) & block.marks(below: UInt8(ascii: "~"))
        return outside | quotes | angles | brackets | braces | block.marks(of: UInt8(ascii: "`"))
    }

    /// "https://" and "http://" as eight-byte words (first byte lowest).
    private static let httpsPrefix: UInt64 = 0x2F2F_3A73_7074_7468
    private static let httpPrefix: UInt64 = 0x002F_2F3A_7074_7468

    /// Bytes a URL may hold unescaped: letters, digits and RFC 3986's unreserved, reserved and `%`.
    private static let plainURLByte: [Bool] = (0..<256).map { value in
        guard value < 0x80, let scalar = Unicode.Scalar(value) else { return false }
        return scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || "-._~/?#&=%:+,;@!$*()".unicodeScalars.contains(scalar)
    }

    /// The first absolute http(s) URL among `candidates`, for use as a base.
    static func base(_ candidates: String?...) -> URL? {
        for candidate in candidates {
            if let candidate, let url = URL(string: candidate), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https"
            {
                return url
            }
        }
        return nil
    }

    /// Query parameters that only track the reader and never select a different story.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "igshid", "_hsenc", "_hsmi",
    ]

    /// The normalised form of a link, as the item identity uses it.
    ///
    /// Byte for byte, for an absolute http or https URL:
    /// 1. surrounding whitespace is trimmed;
    /// 2. the scheme is written `https` (a story served over both is one story) and the host in lower case;
    /// 3. the port is dropped when it is 80 or 443, kept otherwise;
    /// 4. an empty path becomes `/`; the path is otherwise kept exactly, percent-escapes included;
    /// 5. query parameters named `utm_*` (any case) or in ``trackingParameters`` are removed, the rest kept
    ///    in their order; an empty query loses its `?`;
    /// 6. the fragment is removed.
    /// Anything else (a relative or non-http link, or text that is not a URL) is only trimmed.
    public static func normalisedLink(_ link: String) -> String {
        let trimmed = TextNormalisation.trimmed(link)
        guard var components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return trimmed }
        components.scheme = "https"
        components.host = host.lowercased()
        if components.port == 80 || components.port == 443 { components.port = nil }
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        }
        components.fragment = nil
        return components.string ?? trimmed
    }
}
