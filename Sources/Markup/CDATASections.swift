internal import Foundation

/// A CDATA section whose content the strict parse hands to the handler itself, sparing libxml2 the bytes.
///
/// libxml2's push parser reads a CDATA section three times a byte: it looks for `]]>`, checks every
/// character, then steps over the content counting lines. Feeds carry most of their HTML in CDATA, so this
/// was a third of libxml2's time. The strict parse gives libxml2 each such section as `<![CDATA[*]]>`, with
/// the one-byte ``CDATASections/marker`` for content, and hands the real content over when that marker comes
/// back (see `XMLParseSession`).
struct CDATASection: Equatable {
    /// Where the content is in the document: after `<![CDATA[`, before `]]>`.
    var content: Range<Int>
    /// How many line feeds the content holds, and how many bytes follow the last one: what libxml2 would
    /// have counted stepping over it, so that lines and columns after it are reported as without carving.
    var lineFeeds: Int
    var bytesAfterLastLineFeed: Int
}

/// Finds the CDATA sections that can be carved out of a UTF-8 document without changing what libxml2
/// makes of it.
///
/// The empty section left in their place is legal exactly where the original one was, so a misplaced section
/// (outside the root element, say) is still an error at the same place. The scan skips comments and
/// processing instructions, where `<![CDATA[` is text, and stops at the first thing it cannot be sure of:
/// a `<!DOCTYPE` or other `<!` declaration (its internal subset may hold `<![CDATA[` in an entity value), an
/// unterminated section, comment or instruction, or a section whose content libxml2 would reject (ill-formed
/// UTF-8, a control character, U+FFFE or U+FFFF), which is left for libxml2 to report. Sections after that
/// point are read by libxml2 as before; the carved ones are always a prefix, so a marker cannot be mistaken
/// for real content.
enum CDATASections {
    /// The content libxml2 sees in place of a carved section.
    static let marker = UInt8(ascii: "*")

    /// The carvable sections of `document`, in order; `validUTF8` says the caller has already checked that
    /// the whole document is valid UTF-8, so the sections' content need not be checked again.
    static func find(in document: UnsafeRawBufferPointer, validUTF8: Bool = false) -> [CDATASection] {
        guard let base = document.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return [] }
        let end = document.count
        var sections: [CDATASection] = []
        var index = 0
        while let open = firstIndex(of: UInt8(ascii: "<"), in: base, from: index, to: end) {
            guard open + 1 < end else { break }
            switch base[open + 1] {
            case UInt8(ascii: "?"):
                guard let close = find("?>", in: base, from: open + 2, to: end) else { return sections }
                index = close + 2
            case UInt8(ascii: "!"):
                if has("<!--", in: base, at: open, to: end) {
                    guard let close = find("-->", in: base, from: open + 4, to: end) else { return sections }
                    index = close + 3
                } else if has("<![CDATA[", in: base, at: open, to: end) {
                    let start = open + 9
                    guard let close = find("]]>", in: base, from: start, to: end),
                        let counts = lineCounts(base, start, close, checkingUTF8: !validUTF8)
                    else { return sections }
                    sections.append(
                        CDATASection(
                            content: start..<close,
                            lineFeeds: counts.lineFeeds,
                            bytesAfterLastLineFeed: counts.bytesAfterLastLineFeed
                        )
                    )
                    index = close + 3
                } else {
                    return sections
                }
            default:
                index = open + 1
            }
        }
        return sections
    }

    /// The line feeds in `base[start..<end]` and the bytes after the last one, or nil when libxml2 would
    /// reject the text as CDATA content (xmlCheckCdataPush): ill-formed UTF-8, a C0 control other than tab,
    /// line feed and carriage return, or U+FFFE / U+FFFF.
    static func lineCounts(
        _ base: UnsafePointer<UInt8>,
        _ start: Int,
        _ end: Int,
        checkingUTF8: Bool = true
    ) -> (lineFeeds: Int, bytesAfterLastLineFeed: Int)? {
        if checkingUTF8 {
            let content = UnsafeBufferPointer(start: base + start, count: end - start)
            guard UTF8Validation.firstInvalid(content).offset == content.count else { return nil }
        }
        var lineFeeds = 0
        var lastLineFeed = -1
        // One byte, in valid UTF-8: false for a character XML does not allow. 0xEF leads a three-byte
        // sequence, whose two continuation bytes are therefore there to read.
        func allowed(_ index: Int) -> Bool {
            let byte = base[index]
            if byte == 0x0A {
                lineFeeds += 1
                lastLineFeed = index
            } else if byte < 0x20 {
                return byte == 0x09 || byte == 0x0D
            } else if byte == 0xEF {
                return !(base[index + 1] == 0xBF && base[index + 2] >= 0xBE)
            }
            return true
        }
        var index = start
        while index &+ ByteBlock.size <= end {
            let block = ByteBlock(base + index)
            let controls = block.marks(below: 0x20)
            let suspects = block.marks(of: 0xEF)
            if controls | suspects != 0 {
                let lineFeedMarks = block.marks(of: 0x0A)
                if controls == lineFeedMarks, suspects == 0 {
                    lineFeeds += lineFeedMarks.nonzeroBitCount
                    lastLineFeed = index + (UInt32.bitWidth - 1 - lineFeedMarks.leadingZeroBitCount)
                } else {
                    for offset in 0..<ByteBlock.size where !allowed(index + offset) { return nil }
                }
            }
            index &+= ByteBlock.size
        }
        while index < end {
            guard allowed(index) else { return nil }
            index += 1
        }
        return (lineFeeds, lineFeeds == 0 ? 0 : end - lastLineFeed - 1)
    }

    private static func firstIndex(
        of byte: UInt8,
        in base: UnsafePointer<UInt8>,
        from start: Int,
        to end: Int
    ) -> Int? {
        guard start < end, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Where `pattern` next starts in `base[start..<end]`.
    private static func find(
        _ pattern: StaticString,
        in base: UnsafePointer<UInt8>,
        from start: Int,
        to end: Int
    ) -> Int? {
        let first = pattern.utf8Start.pointee
        var index = start
        while let candidate = firstIndex(of: first, in: base, from: index, to: end) {
            if has(pattern, in: base, at: candidate, to: end) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    private static func has(_ pattern: StaticString, in base: UnsafePointer<UInt8>, at index: Int, to end: Int) -> Bool
    {
        let count = pattern.utf8CodeUnitCount
        guard index + count <= end else { return false }
        return memcmp(base + index, pattern.utf8Start, count) == 0
    }
}
