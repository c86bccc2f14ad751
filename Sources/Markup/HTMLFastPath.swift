internal import CLibXML2

/// The events libxml2's HTML parser would report for a fragment, produced without it for the plain,
/// well-nested markup most feed content is made of.
///
/// It accepts only what it can reproduce exactly, and declines everything else before reporting anything,
/// so the caller then gives the fragment to libxml2: comments, doctypes, processing instructions,
/// unquoted or bare or repeated attributes, any element outside ``elementNames``, an end tag that does not
/// close the innermost open element, entities outside a short list, control characters, a byte order mark.
/// For what it accepts it follows libxml2 2.9's HTML parser step for step: leading blanks skipped, the
/// implied `html` and `body` before the first element (and a `p` when the fragment starts with text),
/// start tags closing open elements as its `htmlStartClose` table says, void elements (`br`, `img`, `hr`)
/// ended at once, names lower-cased, every open element ended at the end. The hostile-input and
/// sanitiser tests run through both paths, and the benchmark corpus converts byte for byte as before.
///
/// Not Sendable: it keeps scratch buffers between fragments, like the libxml2 context beside it.
final class HTMLFastPath {
    enum Event {
        case start(element: UInt8, attributes: Range<Int>)
        case end(element: UInt8)
        /// Bytes of the input.
        case text(Range<Int>)
        /// Bytes of `decoded` (an entity or character reference).
        case decodedText(Range<Int>)
    }

    /// Names as NUL-terminated UTF-8, one after the other; `nameOffsets[id]` is where each starts.
    private let names: UnsafeMutableBufferPointer<UInt8>
    private let nameOffsets: [Int]
    /// The tokenizer's buffers, kept between fragments for their capacity. Moved into a local for each
    /// fragment, so the hot loops mutate a local struct (checked statically) rather than class storage.
    private var kept = Tokenizer()
    private var pointerList: [UnsafePointer<xmlChar>?] = []

    init() {
        var blob: [UInt8] = []
        var offsets: [Int] = []
        for name in Self.elementNames {
            offsets.append(blob.count)
            blob.append(contentsOf: name.utf8)
            blob.append(0)
        }
        names = .allocate(capacity: blob.count)
        _ = names.initialize(from: blob)
        nameOffsets = offsets
    }

    deinit {
        names.deallocate()
    }

    private func name(_ element: UInt8) -> UnsafeBufferPointer<UInt8> {
        let id = Int(element)
        let start = nameOffsets[id]
        return UnsafeBufferPointer(start: names.baseAddress! + start, count: Self.elementNames[id].utf8.count)
    }

    /// Reports the fragment's events to `handler` and returns true, or returns false having reported
    /// nothing when the fragment holds something only libxml2 should judge.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, handler: any HTMLContentHandler) -> Bool {
        var tokenizer = Tokenizer()
        swap(&tokenizer, &kept)
        defer { swap(&tokenizer, &kept) }
        guard tokenizer.tokenize(bytes) else { return false }
        replay(bytes, tokenizer, handler)
        return true
    }

    private func replay(_ bytes: UnsafeBufferPointer<UInt8>, _ tokenizer: Tokenizer, _ handler: any HTMLContentHandler)
    {
        let attributeOffsets = tokenizer.attributeOffsets
        tokenizer.decoded.withUnsafeBufferPointer { scratch in
            for event in tokenizer.events {
                switch event {
                case .start(let element, let attributes):
                    if attributes.isEmpty {
                        handler.startElement(name(element), attributes: HTMLAttributes(list: nil))
                        continue
                    }
                    pointerList.removeAll(keepingCapacity: true)
                    for index in attributes {
                        let offsets = attributeOffsets[index]
                        pointerList.append(scratch.baseAddress! + offsets.name)
                        pointerList.append(scratch.baseAddress! + offsets.value)
                    }
                    pointerList.append(nil)
                    pointerList.withUnsafeMutableBufferPointer { list in
                        handler.startElement(name(element), attributes: HTMLAttributes(list: list.baseAddress))
                    }
                case .end(let element):
                    handler.endElement(name(element))
                case .text(let range):
                    handler.characters(UnsafeBufferPointer(rebasing: bytes[range]))
                case .decodedText(let range):
                    handler.characters(UnsafeBufferPointer(rebasing: scratch[range]))
                }
            }
        }
    }

}

/// The first pass of ``HTMLFastPath``: checks the whole fragment and records its events, so that nothing
/// is reported for a fragment that is then left to libxml2.
struct Tokenizer {
    typealias Event = HTMLFastPath.Event
    var events: [Event] = []
    var stack: [UInt8] = []
    /// Decoded entity text, and attribute names and values (NUL-terminated, as libxml2 hands them over).
    var decoded: [UInt8] = []
    /// Per attribute: where its name and its value start in `decoded`.
    var attributeOffsets: [(name: Int, value: Int)] = []

    // MARK: tokenizing

    mutating func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        events.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        decoded.removeAll(keepingCapacity: true)
        attributeOffsets.removeAll(keepingCapacity: true)
        let count = bytes.count
        var index = 0
        // libxml2 skips blanks before the document; a byte order mark is its business.
        while index < count, Self.isBlank(bytes[index]) { index += 1 }
        if count - index >= 3, bytes[index] == 0xEF, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return false }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                guard index + 1 < count else { return false }
                let next = bytes[index + 1]
                if next == UInt8(ascii: "/") {
                    guard let after = endTag(bytes, from: index + 2) else { return false }
                    index = after
                } else if Self.isLetter(next) {
                    guard let after = startTag(bytes, from: index + 1) else { return false }
                    index = after
                } else {
                    return false
                }
            } else if byte == UInt8(ascii: "&") {
                impliedParagraph()
                guard let after = reference(bytes, from: index) else { return false }
                index = after
            } else {
                let start = index
                while index < count {
                    // Sixteen bytes at once while none of them can end the text or needs a closer look, then
                    // straight to the first that does.
                    if index &+ ByteBlock.size <= count {
                        let length = Self.plainTextLength(UnsafeRawPointer(bytes.baseAddress! + index))
                        index &+= length
                        if length == ByteBlock.size { continue }
                    }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") { break }
                    if byte < 0x20 {
                        guard byte == 0x09 || byte == 0x0A else { return false }
                    } else if byte == 0xEF, index + 2 < count, bytes[index + 1] == 0xBF,
                        bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF
                    {
                        return false  // U+FFFE, U+FFFF: not XML characters, which libxml2 drops
                    }
                    index += 1
                }
                impliedParagraph()
                events.append(.text(start..<index))
            }
        }
        // libxml2 ends whatever is still open, innermost first, the implied html and body included.
        while let open = stack.popLast() { events.append(.end(element: open)) }
        return true
    }

    /// Text with nothing open: libxml2 implies html, body and a paragraph around it.
    @inline(__always)
    private mutating func impliedParagraph() {
        guard stack.isEmpty else { return }
        events.append(.start(element: HTMLFastPath.html, attributes: 0..<0))
        events.append(.start(element: HTMLFastPath.body, attributes: 0..<0))
        events.append(.start(element: HTMLFastPath.paragraph, attributes: 0..<0))
        stack = [HTMLFastPath.html, HTMLFastPath.body, HTMLFastPath.paragraph]
    }

    /// After `</`: the end tag must close the innermost open element.
    private mutating func endTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        guard let element = elementName(bytes, &index) else { return nil }
        while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return nil }
        // An end tag for a void element (`</img>` after XHTML's `<img/>`) matches nothing open: libxml2
        // reports an error and ignores it.
        if HTMLFastPath.tables.isVoid[Int(element)] { return index + 1 }
        guard let open = stack.last, open == element, element != HTMLFastPath.html, element != HTMLFastPath.body else {
            return nil
        }
        stack.removeLast()
        events.append(.end(element: element))
        return index + 1
    }

    /// After `<`: a start tag with quoted attributes, closing what libxml2 would close.
    private mutating func startTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        guard let element = elementName(bytes, &index), element != HTMLFastPath.html, element != HTMLFastPath.body
        else { return nil }
        let firstAttribute = attributeOffsets.count
        var selfClosing = false
        while true {
            let beforeBlanks = index
            while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else { return nil }
                selfClosing = true
                index += 2
                break
            }
            // An attribute needs blank space before it.
            guard index > beforeBlanks, attribute(bytes, &index, since: firstAttribute) else { return nil }
        }
        // A self-closed element other than a void one is ended by libxml2 at once; left to it.
        if selfClosing && !HTMLFastPath.tables.isVoid[Int(element)] { return nil }
        // htmlAutoClose, then htmlCheckImplied, as in htmlParseStartTag.
        let width = HTMLFastPath.elementNames.count
        while let open = stack.last, HTMLFastPath.tables.closes[Int(open) * width + Int(element)] {
            stack.removeLast()
            events.append(.end(element: open))
        }
        if stack.isEmpty {
            events.append(.start(element: HTMLFastPath.html, attributes: 0..<0))
            events.append(.start(element: HTMLFastPath.body, attributes: 0..<0))
            stack = [HTMLFastPath.html, HTMLFastPath.body]
        }
        events.append(.start(element: element, attributes: firstAttribute..<attributeOffsets.count))
        if HTMLFastPath.tables.isVoid[Int(element)] {
            events.append(.end(element: element))
        } else {
            guard stack.count < HTMLFastPath.maxDepth else { return nil }
            stack.append(element)
        }
        return index
    }

    /// `name="value"` or `name='value'`; the name lower-cased, the value's references decoded.
    private mutating func attribute(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, since first: Int) -> Bool {
        let nameStart = decoded.count
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isLetter(byte) {
                decoded.append(byte | 0x20)
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) {
                guard decoded.count > nameStart else { return false }
                decoded.append(byte)
            } else {
                break
            }
            index += 1
        }
        let nameLength = decoded.count - nameStart
        guard nameLength > 0, nameLength <= 64 else { return false }
        // libxml2 drops a repeated attribute; that is left to it.
        for earlier in attributeOffsets[first...] {
            let previousLength = earlier.value - 1 - earlier.name
            if previousLength == nameLength,
                decoded[earlier.name..<(earlier.name + nameLength)] == decoded[nameStart..<(nameStart + nameLength)]
            {
                return false
            }
        }
        decoded.append(0)
        while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return false }
        index += 1
        while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            return false
        }
        let quote = bytes[index]
        index += 1
        let valueStart = decoded.count
        while index < bytes.count, bytes[index] != quote {
            if bytes[index] == UInt8(ascii: "&") {
                guard let after = reference(bytes, from: index, text: false) else { return false }
                index = after
                continue
            }
            // The run up to the quote or the next reference is copied whole.
            let runStart = index
            while index < bytes.count {
                if index &+ 8 <= bytes.count {
                    let length = Self.plainValueLength(UnsafeRawPointer(bytes.baseAddress! + index), quote: quote)
                    index &+= length
                    if length == 8 { continue }
                }
                let byte = bytes[index]
                if byte == quote || byte == UInt8(ascii: "&") { break }
                if byte < 0x20 && byte != 0x09 && byte != 0x0A { return false }
                index += 1
            }
            decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        }
        guard index < bytes.count else { return false }
        index += 1
        decoded.append(0)
        attributeOffsets.append((name: nameStart, value: valueStart))
        return true
    }

    /// An element name among ``elementNames`` (any case), or nil.
    private func elementName(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt8? {
        var lowered: (UInt64, UInt64) = (0, 0)
        var length = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard Self.isLetter(byte) || (byte >= 0x30 && byte <= 0x39) else { break }
            guard length < 16 else { return nil }
            let value = UInt64(Self.isLetter(byte) ? byte | 0x20 : byte)
            if length < 8 {
                lowered.0 |= value << (UInt64(length) * 8)
            } else {
                lowered.1 |= value << (UInt64(length - 8) * 8)
            }
            length += 1
            index += 1
        }
        guard length > 0 else { return nil }
        // Names go on with characters libxml2 accepts in them (':', '-', '_', '.'): left to it.
        if index < bytes.count {
            let byte = bytes[index]
            guard Self.isBlank(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") else { return nil }
        }
        return Self.lookup(lowered)
    }

    /// ``HTMLFastPath/elementNames`` by their packed bytes (which, zero-padded, also say the length), in an
    /// open-addressed table probed from a multiplicative hash: one or two probes per tag rather than a
    /// walk through every name.
    private static let nameSlots: [(packed: (UInt64, UInt64), id: UInt8)] = {
        var slots: [(packed: (UInt64, UInt64), id: UInt8)] = Array(repeating: ((0, 0), UInt8.max), count: nameSlotCount)
        for (id, name) in HTMLFastPath.elementNames.enumerated() {
            var packed: (UInt64, UInt64) = (0, 0)
            for (offset, byte) in name.utf8.enumerated() {
                if offset < 8 {
                    packed.0 |= UInt64(byte) << (UInt64(offset) * 8)
                } else {
                    packed.1 |= UInt64(byte) << (UInt64(offset - 8) * 8)
                }
            }
            var slot = nameSlot(packed)
            while slots[slot].id != UInt8.max { slot = (slot + 1) & (nameSlotCount - 1) }
            slots[slot] = (packed, UInt8(id))
        }
        return slots
    }()
    private static let nameSlotCount = 128

    @inline(__always)
    private static func nameSlot(_ packed: (UInt64, UInt64)) -> Int {
        Int(truncatingIfNeeded: ((packed.0 ^ (packed.1 &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 57)
    }

    @inline(__always)
    private static func lookup(_ packed: (UInt64, UInt64)) -> UInt8? {
        let slots = nameSlots
        var slot = nameSlot(packed)
        while true {
            let entry = slots[slot]
            if entry.id == UInt8.max { return nil }
            if entry.packed == packed { return entry.id }
            slot = (slot + 1) & (nameSlotCount - 1)
        }
    }

    /// `&name;` among ``entities`` or `&#N;` / `&#xH;` naming an XML character: decoded into `decoded`, as
    /// a text event when `text`. Anything else is left to libxml2.
    private mutating func reference(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, text: Bool = true) -> Int? {
        var index = start + 1
        var scalar: UInt32 = 0
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            var hex = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "x") || bytes[index] == UInt8(ascii: "X") {
                hex = true
                index += 1
            }
            var digits = 0
            while index < bytes.count, digits < 8, let value = TextReference.digit(bytes[index], hex: hex) {
                scalar = scalar * (hex ? 16 : 10) + value
                digits += 1
                index += 1
            }
            guard digits > 0, index < bytes.count, bytes[index] == UInt8(ascii: ";") else { return nil }
            // XML characters only (libxml2 drops the rest), and none of C1, which it would keep as they are.
            switch scalar {
            case 0x09, 0x0A, 0x20...0x7F, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: break
            default: return nil
            }
        } else {
            // htmlParseEntityRef: a name, then `;`. No name: the `&` is text. A name without `;`: `&` and the
            // name are text (an entity is only ever recognised with its `;`). A name with `;` is decoded when
            // it is in the table; other names may be HTML 4 entities this table lacks, so they are left to libxml2.
            let nameStart = index
            guard index < bytes.count else { return nil }
            let first = bytes[index]
            if first >= 0x80 { return nil }
            if !(Self.isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":")) {
                literal(bytes, start..<index, text: text)
                return index
            }
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                guard
                    Self.isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".")
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
                else { break }
                index += 1
            }
            if index < bytes.count, bytes[index] >= 0x80 { return nil }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else {
                literal(bytes, start..<index, text: text)
                return index
            }
            guard index - nameStart <= 8,
                let value = HTMLFastPath.entities[
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<index]), as: UTF8.self)
                ]
            else { return nil }
            scalar = value
        }
        guard let unicode = Unicode.Scalar(scalar) else { return nil }
        let begin = decoded.count
        decoded.append(contentsOf: UTF8.encode(unicode)!)
        if text { events.append(.decodedText(begin..<decoded.count)) }
        return index + 1
    }

    /// Bytes of the input that stand for themselves: a text event, or part of an attribute value.
    private mutating func literal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, text: Bool) {
        if text {
            events.append(.text(range))
        } else {
            decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
        }
    }

    /// How many of the sixteen bytes at `pointer` the text loop steps over without a look: all 16, or the
    /// offset of the first `<`, `&`, control character other than tab and newline, or 0xEF (the lead of
    /// U+FFFE and U+FFFF).
    @inline(__always)
    static func plainTextLength(_ pointer: UnsafeRawPointer) -> Int {
        let block = ByteBlock(pointer)
        let controls = block.marks(below: 0x20) & ~(block.marks(of: 0x09) | block.marks(of: 0x0A))
        return ByteBlock.offsetOfFirst(
            controls | block.marks(of: UInt8(ascii: "<")) | block.marks(of: UInt8(ascii: "&")) | block.marks(of: 0xEF)
        )
    }

    /// How many of the eight bytes at `pointer` an attribute value's run takes: all 8, or the offset of the
    /// first closing `quote`, `&` or control character.
    @inline(__always)
    static func plainValueLength(_ pointer: UnsafeRawPointer, quote: UInt8) -> Int {
        let word = ByteWord(pointer)
        return ByteWord.offsetOfFirst(
            word.marks(below: 0x20) | word.marks(of: quote) | word.marks(of: UInt8(ascii: "&"))
        )
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}
