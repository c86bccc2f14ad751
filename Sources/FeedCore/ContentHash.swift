internal import Crypto
public import Foundation
internal import Markup

/// Which version of a story an item is: SHA-256 over its normalised title and text.
///
/// Byte for byte: the title and the text each go through ``TextNormalisation/canonical(_:)`` (Unicode
/// NFC, every whitespace run folded to one U+0020, both ends trimmed; markup was already removed when
/// the feed was read). The hash input is the UTF-8 of the title, one byte 0x0A, and the UTF-8 of the text;
/// a missing title or text is the empty string. The result is 64 lower-case hex digits.
/// The text is the item's content as plain text, or its summary when it has no content.
public enum ContentHash {
    /// The content hash of a title and a text.
    public static func of(title: String?, text: String?) -> String {
        var input: [UInt8] = []
        input.reserveCapacity((title?.utf8.count ?? 0) + (text?.utf8.count ?? 0) + 1)
        TextNormalisation.appendCanonical(title ?? "", into: &input)
        input.append(0x0A)
        TextNormalisation.appendCanonical(text ?? "", into: &input)
        return hex(SHA256.hash(data: input))
    }

    /// ``of(title:text:)`` for a text that is already folded the way ``TextFolder`` writes it (words with
    /// single spaces, one or two newlines between paragraphs, nothing at either end), as every normalised
    /// item's text is: its canonical form is then the text with each newline run made one space, which is
    /// streamed into the hash without folding or copying the text again. Text that NFC could change takes
    /// the general path.
    static func of(title: String?, foldedText text: String?) -> String {
        guard var text, !text.isEmpty else { return of(title: title, text: text) }
        var head: [UInt8] = []
        head.reserveCapacity((title?.utf8.count ?? 0) + 1)
        TextNormalisation.appendCanonical(title ?? "", into: &head)
        head.append(0x0A)
        var hasher = SHA256()
        head.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        // One pass both hashes the text and checks that NFC leaves it as it is; the first character NFC
        // might change abandons this hash for the general path.
        let hashed = text.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            let space: UInt8 = 0x20
            var start = 0
            var index = 0
            while index < bytes.count {
                if index &+ ByteBlock.size <= bytes.count {
                    let length = Self.plainLength(raw.baseAddress! + index)
                    index &+= length
                    if length == ByteBlock.size { continue }
                }
                if bytes[index] == 0x0A {
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start..<index]))
                    withUnsafeBytes(of: space) { hasher.update(bufferPointer: $0) }
                    while index < bytes.count, bytes[index] == 0x0A { index += 1 }
                    start = index
                    continue
                }
                let length = TextNormalisation.triviallyNFCLength(bytes, index)
                if length == 0 { return false }
                index &+= length
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start..<bytes.count]))
            return true
        }
        guard hashed else { return of(title: title, text: text) }
        return hex(hasher.finalize())
    }

    /// How many of the sixteen bytes at `pointer`, in valid UTF-8, the hashing loop steps over without a
    /// look: all 16, or the offset of the first newline or lead byte of a character NFC might change. Bytes
    /// below 0xCC (ASCII, continuation bytes, leads of U+0080–U+02FF) are trivially NFC wherever they are, and so
    /// are the Cyrillic leads D0 and D1 (``TextNormalisation/triviallyNFCLength(_:_:)``), whose continuation
    /// byte is below 0xCC: every other lead is looked at, so Latin, Cyrillic and English prose with the odd
    /// curly quote go sixteen bytes at a time.
    @inline(__always)
    static func plainLength(_ pointer: UnsafeRawPointer) -> Int {
        let block = ByteBlock(pointer)
        var stops = block.marks(of: 0x0A)
        if block.nonASCIIMarks != 0 {
            stops |= block.marks(atLeast: 0xCC) & ~(block.marks(of: 0xD0) | block.marks(of: 0xD1))
        }
        return ByteBlock.offsetOfFirst(stops)
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(utf8Repairing: out)
    }
}

/// Which story an item is, as a key that stays the same across polls.
///
/// Byte for byte, the first that applies:
/// 1. `guid:` followed by the `guid` (RSS), `id` (Atom, JSON Feed) with its whitespace folded
///    (``TextNormalisation/foldWhitespace(_:)``), when that is not empty;
/// 2. `link:` followed by ``URLResolution/normalisedLink(_:)`` of the item's absolute link;
/// 3. `hash:` followed by the lower-case hex SHA-256 of the canonical title, one byte 0x0A, and the
///    published time as ISO 8601 in UTC with seconds (`2022-04-05T14:48:00Z`), or nothing when undated.
public enum ItemIdentity {
    /// The identity key of an item from its parts.
    public static func key(guid: String?, link: String?, title: String?, published: Date?) -> String {
        if let guid {
            let folded = TextNormalisation.foldWhitespace(guid)
            if !folded.isEmpty { return "guid:" + folded }
        }
        if let link, !link.isEmpty {
            return "link:" + URLResolution.normalisedLink(link)
        }
        var input = Array(TextNormalisation.canonical(title ?? "").utf8)
        input.append(0x0A)
        if let published { input.append(contentsOf: ISO8601.string(published).utf8) }
        return "hash:" + ContentHash.hex(SHA256.hash(data: input))
    }
}
