internal import Foundation

/// Content the strict parse hands to the handler itself, sparing libxml2 its bytes: a CDATA section's
/// content, or a run of character data.
///
/// libxml2's push parser reads a CDATA section three times a byte (it looks for `]]>`, checks every
/// character, then steps over the content counting lines), and character data with references or
/// non-ASCII text one character at a time, calling back once per reference. Feeds carry most of their
/// text as one or the other, so this was most of libxml2's time. The strict parse gives libxml2 the
/// one-byte ``CarvedRuns/marker`` as CDATA content in their place: a section's content becomes `*`, a text
/// run becomes `<![CDATA[*]]>`. When the marker comes back, `XMLParseSession` hands over the content
/// (a text run decoded as libxml2 would have: references resolved, line ends normalised).
struct CarvedRun: Equatable {
    enum Kind: Equatable {
        /// A CDATA section's content, between `<![CDATA[` and `]]>`.
        case cdata
        /// Character data between two tags, inside the root element.
        case text
    }

    var kind: Kind
    /// The bytes libxml2 is not given.
    var content: Range<Int>
    /// True for text holding references or carriage returns, which must be decoded before it is handed over.
    var needsDecoding: Bool
    /// How many line feeds the content holds, how far libxml2's column would have moved over it (bytes in
    /// CDATA, characters in text), and how far after its last line feed: what libxml2 would have counted
    /// stepping over it, so that lines and columns after it are reported as without carving.
    var lineFeeds: Int
    var width: Int
    var widthAfterLastLineFeed: Int
}

/// Finds the runs that can be carved out of a UTF-8 document without changing what libxml2 makes of it.
///
/// What libxml2 is given instead is a CDATA section, legal wherever character data is and wherever the
/// original section was; a verdict on the document cannot change. The scan follows the markup (tags with
/// their quoted attribute values, comments, processing instructions, CDATA sections, element depth) and
/// stops at the first thing it cannot be sure of: a `<!DOCTYPE` or other `<!` declaration (its internal
/// subset may declare entities), anything unterminated, or a CDATA section whose content libxml2 would
/// reject (ill-formed UTF-8, a control character, U+FFFE or U+FFFF), which is left for libxml2 to report.
/// Every CDATA section libxml2 reads itself therefore comes after the last marker, so a marker cannot be
/// mistaken for real content. Text runs are carved only inside the root element, when long enough to be
/// worth it, and when libxml2 would accept them: allowed characters, the five predefined references and
/// character references only (anything else, such as `&nbsp;`, is an entity for libxml2 to resolve), and
/// no `]]>`; any other run is simply left to libxml2, and the scan goes on.
enum CarvedRuns {
    /// The content libxml2 sees in place of a carved run.
    static let marker = UInt8(ascii: "*")
    /// What libxml2 is given in place of a carved text run.
    static let textReplacement: [UInt8] = Array("<![CDATA[*]]>".utf8)
    /// Shorter text runs are left to libxml2: the marker would cost more than it saves.
    static let minimumTextBytes = 24
    /// At most one run per this many bytes of the document, so that a document of nothing but tiny CDATA
    /// sections cannot make the list of runs larger than itself; the rest of such a document is libxml2's.
    static let bytesPerRun = 64

    /// The carvable runs of `document`, in order; `validUTF8` says the caller has already checked that the
    /// whole document is valid UTF-8, so their content need not be checked again.
    static func find(in document: UnsafeRawBufferPointer, validUTF8: Bool = false) -> [CarvedRun] {
        guard let base = document.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return [] }
        let end = document.count
        var runs: [CarvedRun] = []
        let maximumRuns = end / bytesPerRun + 16
        var index = 0
        var depth = 0
        while runs.count < maximumRuns, let open = firstIndex(of: UInt8(ascii: "<"), in: base, from: index, to: end) {
            if depth > 0, open - index >= minimumTextBytes,
                let run = measure(base, index, open, kind: .text, checkingUTF8: !validUTF8)
            {
                runs.append(run)
            }
            guard open + 1 < end else { break }
            switch base[open + 1] {
            case UInt8(ascii: "?"):
                guard let close = find("?>", in: base, from: open + 2, to: end) else { return runs }
                index = close + 2
            case UInt8(ascii: "!"):
                if has("<!--", in: base, at: open, to: end) {
                    guard let close = find("-->", in: base, from: open + 4, to: end) else { return runs }
                    index = close + 3
                } else if has("<![CDATA[", in: base, at: open, to: end) {
                    let start = open + 9
                    guard let close = find("]]>", in: base, from: start, to: end),
                        let run = measure(base, start, close, kind: .cdata, checkingUTF8: !validUTF8)
                    else { return runs }
                    runs.append(run)
                    index = close + 3
                } else {
                    return runs
                }
            case UInt8(ascii: "/"):
                guard let close = firstIndex(of: UInt8(ascii: ">"), in: base, from: open + 2, to: end) else {
                    return runs
                }
                depth -= 1
                index = close + 1
            default:
                guard let close = tagEnd(base, from: open + 1, to: end) else { return runs }
                if base[close - 1] != UInt8(ascii: "/") { depth += 1 }
                index = close + 1
            }
        }
        return runs
    }

    /// `base[start..<end]` measured as a run of `kind`, or nil when libxml2 would reject it as one: ill-formed
    /// UTF-8, a C0 control other than tab, line feed and carriage return, U+FFFE or U+FFFF; in text also
    /// `]]>`, a reference other than the predefined ones and well-formed character references to allowed
    /// characters, and runs of nothing but whitespace (not worth carving).
    static func measure(
        _ base: UnsafePointer<UInt8>,
        _ start: Int,
        _ end: Int,
        kind: CarvedRun.Kind,
        checkingUTF8: Bool = true
    ) -> CarvedRun? {
        let isText = kind == .text
        if isText {
            var first = start
            while first < end, Tokenizer.isBlank(base[first]) { first += 1 }
            if first == end { return nil }
        }
        if checkingUTF8 {
            let content = UnsafeBufferPointer(start: base + start, count: end - start)
            guard UTF8Validation.firstInvalid(content).offset == content.count else { return nil }
        }
        var lineFeeds = 0
        var lastLineFeed = -1
        var needsDecoding = false
        // The bytes to step over at `index`, in valid UTF-8, or nil for something libxml2 would reject. 0xEF
        // leads a three-byte sequence, whose two continuation bytes are therefore there to read.
        func step(_ index: Int) -> Int? {
            let byte = base[index]
            switch byte {
            case 0x0A:
                lineFeeds += 1
                lastLineFeed = index
            case 0x0D:
                needsDecoding = needsDecoding || isText
            case 0x09:
                break
            case 0x00..<0x20:
                return nil
            case 0xEF:
                if base[index + 1] == 0xBF, base[index + 2] >= 0xBE { return nil }
            case UInt8(ascii: "&") where isText:
                guard let reference = TextReference.parse(base, index, end) else { return nil }
                needsDecoding = true
                return reference.length
            case UInt8(ascii: "]") where isText:
                if index + 2 < end, base[index + 1] == UInt8(ascii: "]"), base[index + 2] == UInt8(ascii: ">") {
                    return nil
                }
            default:
                break
            }
            return 1
        }
        var index = start
        while index < end {
            guard index &+ ByteBlock.size <= end else {
                guard let length = step(index) else { return nil }
                index &+= length
                continue
            }
            let block = ByteBlock(base + index)
            let controls = block.marks(below: 0x20)
            var stops = controls | block.marks(of: 0xEF)
            if isText { stops |= block.marks(of: UInt8(ascii: "&")) | block.marks(of: UInt8(ascii: "]")) }
            if stops == 0 {
                index &+= ByteBlock.size
                continue
            }
            let lineFeedMarks = block.marks(of: 0x0A)
            if stops == lineFeedMarks {
                lineFeeds += lineFeedMarks.nonzeroBitCount
                lastLineFeed = index + (UInt32.bitWidth - 1 - lineFeedMarks.leadingZeroBitCount)
                index &+= ByteBlock.size
                continue
            }
            // The first byte that needs a look of its own, then on from the one after it.
            index &+= ByteBlock.offsetOfFirst(stops)
            guard let length = step(index) else { return nil }
            index &+= length
        }
        let tailStart = lastLineFeed + 1
        let width = isText ? characterCount(base, start, end) : end - start
        let tailWidth =
            lineFeeds == 0 ? width : isText ? characterCount(base, tailStart, end) : end - tailStart
        return CarvedRun(
            kind: kind,
            content: start..<end,
            needsDecoding: needsDecoding,
            lineFeeds: lineFeeds,
            width: width,
            widthAfterLastLineFeed: tailWidth
        )
    }

    /// The characters in valid UTF-8 `base[start..<end]`: its bytes that are not continuation bytes.
    static func characterCount(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var count = end - start
        var index = start
        while index &+ ByteBlock.size <= end {
            let block = ByteBlock(base + index)
            count &-= (block.nonASCIIMarks & ~block.marks(atLeast: 0xC0)).nonzeroBitCount
            index &+= ByteBlock.size
        }
        while index < end {
            if base[index] & 0xC0 == 0x80 { count -= 1 }
            index += 1
        }
        return count
    }

    /// The `>` that ends the tag whose name starts at `start`, past any `>` in quoted attribute values.
    private static func tagEnd(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while let close = firstIndex(of: UInt8(ascii: ">"), in: base, from: index, to: end) {
            // Most tags hold no quote before their `>`; a quote opens a value that the `>` may be inside.
            guard let quote = firstQuote(base, index, close) else { return close }
            guard let closing = firstIndex(of: base[quote], in: base, from: quote + 1, to: end) else { return nil }
            index = closing + 1
        }
        return nil
    }

    private static func firstQuote(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start
        while index &+ ByteBlock.size <= end {
            let block = ByteBlock(base + index)
            let quotes = block.marks(of: UInt8(ascii: "\"")) | block.marks(of: UInt8(ascii: "'"))
            if quotes != 0 { return index + ByteBlock.offsetOfFirst(quotes) }
            index &+= ByteBlock.size
        }
        while index < end {
            if base[index] == UInt8(ascii: "\"") || base[index] == UInt8(ascii: "'") { return index }
            index += 1
        }
        return nil
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
