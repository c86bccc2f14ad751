internal import Foundation
internal import Markup

/// The text normalisation that identities and content hashes are defined on, done on UTF-8 bytes:
/// it runs over every title and text of every item, where String's Unicode-aware views are too slow.
public enum TextNormalisation {
    /// Folds every run of whitespace (Unicode `White_Space`: tabs, line breaks, U+0085, no-break and
    /// ideographic spaces, U+2000–U+200A, U+2028/2029, U+202F, U+205F, U+3000) to one U+0020 and trims
    /// both ends.
    public static func foldWhitespace(_ text: some StringProtocol) -> String {
        var copy = String(text)
        return copy.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            appendFolded(bytes, 0..<bytes.count, into: &out)
            return String(utf8Repairing: out)
        }
    }

    /// Unicode NFC, with a fast path for text made only of scalars that are NFC whatever surrounds them.
    public static func nfc(_ text: String) -> String {
        if isTriviallyNFC(text) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// NFC, then whitespace folded: the form the content hash reads.
    public static func canonical(_ text: String) -> String {
        foldWhitespace(nfc(text))
    }

    /// `text` without whitespace at either end.
    static func trimmed(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let trimmed = trimmedRange(bytes)
            if trimmed.count == bytes.count { return text }
            return String(utf8Repairing: trimmed)
        }
    }

    /// The bytes of `bytes` without whitespace at either end.
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, case let length = whitespaceLength(bytes, start), length > 0 { start += length }
        while end > start, case let length = whitespaceLength(before: end, bytes), length > 0 { end -= length }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Appends the words of `bytes[range]` to `out`, one U+0020 between words, none at either end.
    static func appendFolded(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [UInt8]) {
        var folder = TextFolder(output: out)
        out = []
        folder.append(UnsafeBufferPointer(rebasing: bytes[range]))
        out = folder.output
    }

    /// The UTF-8 of ``canonical(_:)``, without building the intermediate string.
    static func appendCanonical(_ text: String, into out: inout [UInt8]) {
        var normalised = nfc(text)
        normalised.withUTF8 { appendFolded($0, 0..<$0.count, into: &out) }
    }

    /// The length of the whitespace character starting at `index`, or 0 if there is none there.
    @inline(__always)
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0 }
        let remaining = bytes.count - index
        switch byte {
        case 0xC2:
            guard remaining >= 2 else { return 0 }
            return bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 ? 2 : 0
        case 0xE1:
            guard remaining >= 3 else { return 0 }
            return bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2:
            guard remaining >= 3 else { return 0 }
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            if second == 0x80 && (third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF) { return 3 }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3:
            guard remaining >= 3 else { return 0 }
            return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// The length of the whitespace character that ends just before `end`, or 0.
    static func whitespaceLength(before end: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        for length in [1, 2, 3] where end - length >= 0 {
            let start = end - length
            if bytes[start] & 0xC0 != 0x80 {
                return whitespaceLength(bytes, start) == length ? length : 0
            }
        }
        return 0
    }

    /// How many of the sixteen bytes at `pointer` a word run takes one after the other, whatever follows
    /// them: all 16, or the offset of the first byte it must look at on its own. Those are the controls
    /// (whitespace among them), the bytes that may begin a multi-byte space (C2, E0–E3: the lead bytes of
    /// U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000, and a few more for a single test), and a space that
    /// the next byte may not follow as a word (a control, a space or one of those leads), or that is last,
    /// its next byte unseen. Every other byte is taken by the byte-at-a-time loop whatever comes before it, so
    /// skipping it gives the same run: prose in any script goes sixteen bytes at a time, single spaces between
    /// words included.
    @inline(__always)
    static func plainRunLength(_ pointer: UnsafeRawPointer) -> Int {
        let block = ByteBlock(pointer)
        let controls = block.marks(below: 0x20)
        let spaces = block.marks(of: 0x20)
        var stops = controls
        var unfit = controls | spaces
        if block.nonASCIIMarks != 0 {
            let leads = block.marks(of: 0xC2) | (block.marks(atLeast: 0xE0) & block.marks(below: 0xE4))
            stops |= leads
            unfit |= leads
        }
        // A space stops the run unless the byte after it can begin a word; the last byte's successor is unseen.
        stops |= spaces & ((unfit &>> 1) | 0x8000)
        return ByteBlock.offsetOfFirst(stops)
    }

    /// True when every scalar is one whose NFC quick-check is Yes and whose combining class is 0, so the
    /// text is NFC whatever order they come in: Latin up to U+02FF, Cyrillic without its combining marks,
    /// general punctuation (bar the two singleton quads), currency, kana, CJK ideographs, Hangul syllables
    /// and emoji — what news text is made of. Anything else goes through Foundation's normaliser.
    static func isTriviallyNFC(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var index = 0
            let base = bytes.baseAddress
            while index < bytes.count {
                if let base, index &+ 8 <= bytes.count, ByteWord(base + index).isASCII {
                    index &+= 8
                    continue
                }
                let length = triviallyNFCLength(bytes, index)
                if length == 0 { return false }
                index &+= length
            }
            return true
        }
    }

    /// How many bytes the character at `index` takes when it is one of the scalars ``isTriviallyNFC(_:)``
    /// accepts (a continuation byte counts as one), or 0 when it is not.
    @inline(__always)
    static func triviallyNFCLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let lead = bytes[index]
        // Below 0xCC the byte is ASCII, a continuation byte, or the lead of a scalar below U+0300.
        if lead < 0xCC { return 1 }
        // U+0400–U+047F, the Cyrillic letters, whatever the second byte.
        if lead == 0xD0 || lead == 0xD1 { return index + 2 <= bytes.count ? 2 : 0 }
        var scalar: UInt32
        var length: Int
        if lead < 0xE0 {
            scalar = UInt32(lead & 0x1F)
            length = 2
        } else if lead < 0xF0 {
            scalar = UInt32(lead & 0x0F)
            length = 3
        } else {
            scalar = UInt32(lead & 0x07)
            length = 4
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length { scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F) }
        switch scalar {
        case 0x400..<0x483, 0x48A..<0x530, 0x2002..<0x2070, 0x20A0..<0x20D0, 0x2100..<0x2200,
            0x3000..<0x302A, 0x3040..<0x3099, 0x309B..<0x3100, 0x4E00..<0xA000, 0xAC00..<0xD7A4,
            0x1F300..<0x1FB00, 0xFFFD:
            return length
        default:
            return 0
        }
    }
}

/// Folds text as it streams in: words are copied whole, whitespace between them becomes one space, and
/// line or paragraph breaks asked for between words become one or two newlines. Nothing is written
/// before the first word or after the last, so the result never needs trimming.
struct TextFolder {
    var output: [UInt8]
    private var pendingSpace = false
    private var pendingBreak = 0

    init(output: [UInt8] = []) {
        self.output = output
    }

    /// A line break before the next word (a `br`, a list item).
    mutating func lineBreak() {
        pendingBreak = max(pendingBreak, 1)
    }

    /// A blank line before the next word (a paragraph, a heading).
    mutating func paragraphBreak() {
        pendingBreak = 2
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            // Whitespace before a run of words.
            while index < count {
                let byte = start[index]
                if byte > 0x20 && byte < 0x80 { break }
                let length = TextNormalisation.whitespaceLength(bytes, index)
                if length == 0 { break }
                pendingSpace = true
                index += length
            }
            guard index < count else { return }
            // Words already separated by single U+0020 need no folding: the whole run is copied at once,
            // so ordinary prose costs one append per text node rather than one per word.
            let runStart = index
            while index < count {
                // Sixteen bytes at once while none of them needs a look of its own, then straight to the one
                // that does.
                if index &+ ByteBlock.size <= count {
                    let length = TextNormalisation.plainRunLength(UnsafeRawPointer(start + index))
                    index &+= length
                    if length == ByteBlock.size { continue }
                }
                let byte = start[index]
                if byte > 0x20 && byte < 0x80 {
                    index += 1
                } else if byte == 0x20 {
                    guard index + 1 < count, Self.startsWord(bytes, index + 1) else { break }
                    index += 1
                } else if byte >= 0x80 {
                    // Only C2, E1, E2 and E3 can lead a multi-byte space; everything else above 0x7F is text.
                    if (byte == 0xC2 || (byte >= 0xE1 && byte <= 0xE3))
                        && TextNormalisation.whitespaceLength(bytes, index) != 0
                    {
                        break
                    }
                    index += 1
                } else if byte < 0x09 || byte > 0x0D {
                    index += 1
                } else {
                    break
                }
            }
            writeWord(UnsafeBufferPointer(start: start + runStart, count: index - runStart))
        }
    }

    /// True when the byte at `index` begins something other than whitespace.
    @inline(__always)
    private static func startsWord(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let byte = bytes[index]
        if byte > 0x20 && byte < 0x80 { return true }
        return TextNormalisation.whitespaceLength(bytes, index) == 0
    }

    private mutating func writeWord(_ word: UnsafeBufferPointer<UInt8>) {
        if !output.isEmpty {
            if pendingBreak == 2 {
                output.append(0x0A)
                output.append(0x0A)
            } else if pendingBreak == 1 {
                output.append(0x0A)
            } else if pendingSpace {
                output.append(0x20)
            }
        }
        pendingBreak = 0
        pendingSpace = false
        output.append(contentsOf: word)
    }
}
