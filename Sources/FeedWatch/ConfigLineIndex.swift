/// Where each table and key of a TOML text is: TOMLKit hands back values without positions, so the loader scans the
/// text once more to say "line 12" in its messages and to keep keys in file order (TOMLKit sorts them).
///
/// A path is the table and key names from the root, with `[n]` for the nth table of an array of tables:
/// `["source", "[1]", "headers", "Authorization"]`. The scan knows TOML 1.0's shapes (`[table]`, `[[array]]`, dotted
/// and quoted keys, inline tables, multi-line arrays and strings) but validates nothing: TOMLKit has done that.
struct ConfigLineIndex {
    private struct Position {
        var line: Int
        var order: Int
    }

    private var positions: [[String]: Position] = [:]

    /// Indexes `text`, which TOMLKit has already accepted.
    ///
    /// The scan runs over the UTF-8 bytes: every character TOML gives a meaning to is ASCII, and a daemon with
    /// thousands of sources reads its config on every start and reload.
    init(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        var table: [String] = []
        var arrayLengths: [[String]: Int] = [:]
        var state = ValueScanState()
        var lineNumber = 0
        var lineStart = 0
        bytes.withUnsafeBufferPointer { all in
            while lineStart < all.count {
                var lineEnd = lineStart
                while all[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                lineNumber += 1
                var end = lineEnd
                if end > lineStart, all[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                var cursor = LineCursor(UnsafeBufferPointer(rebasing: all[lineStart..<end]))
                // Inside a multi-line array or string, the line holds no keys.
                if state.isOpen {
                    cursor.skipValue(&state)
                    continue
                }
                cursor.skipSpaces()
                guard let first = cursor.peek(), first != UInt8(ascii: "#") else { continue }
                if first == UInt8(ascii: "[") {
                    let isArray = cursor.peek(1) == UInt8(ascii: "[")
                    cursor.advance(isArray ? 2 : 1)
                    guard let keys = cursor.keyPath(), let last = keys.last else { continue }
                    if isArray {
                        let arrayPath = Self.resolve(Array(keys.dropLast()), arrayLengths) + [last]
                        let count = arrayLengths[arrayPath, default: 0]
                        arrayLengths[arrayPath] = count + 1
                        register(arrayPath, line: lineNumber)
                        table = arrayPath + [Self.element(count)]
                    } else {
                        table = Self.resolve(keys, arrayLengths)
                    }
                    register(table, line: lineNumber)
                    continue
                }
                guard let keys = cursor.keyPath() else { continue }
                // A dotted key (`retention.max_age = "30d"`) also defines the tables it passes through.
                for length in 1...keys.count { register(table + keys.prefix(length), line: lineNumber) }
                cursor.skipSpaces()
                guard cursor.peek() == UInt8(ascii: "=") else { continue }
                cursor.advance()
                cursor.skipSpaces()
                if cursor.peek() == UInt8(ascii: "{") {
                    var inline = cursor
                    inline.advance()
                    registerInlineTable(table + keys, cursor: &inline, line: lineNumber)
                }
                cursor.skipValue(&state)
            }
        }
    }

    /// The path component for the `index`th (0-based) table of an array of tables.
    static func element(_ index: Int) -> String { "[\(index)]" }

    /// The line `path` is defined on, or nil if the text does not write it.
    func line(of path: [String]) -> Int? {
        positions[path]?.line
    }

    /// The line of `path`, else of the nearest enclosing table the text writes: a key inside an inline table is
    /// reported at the line of the inline table.
    func nearestLine(of path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = positions[path]?.line { return line }
            path.removeLast()
        }
        return nil
    }

    /// Where `path` comes in the text, for sorting keys back into file order.
    func order(of path: [String]) -> Int? {
        positions[path]?.order
    }

    private mutating func register(_ path: [String], line: Int) {
        guard positions[path] == nil else { return }
        positions[path] = Position(line: line, order: positions.count)
    }

    private mutating func registerInlineTable(_ prefix: [String], cursor: inout LineCursor, line: Int) {
        while true {
            cursor.skipSpaces()
            guard cursor.peek() != UInt8(ascii: "}"), let keys = cursor.keyPath() else { return }
            for length in 1...keys.count { register(prefix + keys.prefix(length), line: line) }
            cursor.skipSpaces()
            guard cursor.peek() == UInt8(ascii: "=") else { return }
            cursor.advance()
            cursor.skipSpaces()
            if cursor.peek() == UInt8(ascii: "{") {
                cursor.advance()
                registerInlineTable(prefix + keys, cursor: &cursor, line: line)
            } else {
                cursor.skipInlineValue()
            }
            cursor.skipSpaces()
            guard cursor.peek() == UInt8(ascii: ",") else {
                if cursor.peek() == UInt8(ascii: "}") { cursor.advance() }
                return
            }
            cursor.advance()
        }
    }

    /// `keys` as a path: a name that is an array of tables so far stands for its last table, as TOML reads
    /// `[source.headers]` after `[[source]]`.
    private static func resolve(_ keys: [String], _ arrayLengths: [[String]: Int]) -> [String] {
        var path: [String] = []
        for key in keys {
            path.append(key)
            if let count = arrayLengths[path] { path.append(element(count - 1)) }
        }
        return path
    }
}

/// What a value left open at the end of its line: brackets of a multi-line array, a multi-line string.
private struct ValueScanState {
    var depth = 0
    /// The quote (`"` or `'`) of a multi-line string still open.
    var openString: UInt8?

    var isOpen: Bool { depth > 0 || openString != nil }
}

/// One line of TOML, read a byte of UTF-8 at a time; the bytes belong to ``ConfigLineIndex/init(_:)``'s buffer,
/// which outlives every cursor.
private struct LineCursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    mutating func advance(_ count: Int = 1) {
        index = min(index + count, bytes.count)
    }

    mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
    }

    private func startsTriple(_ quote: UInt8) -> Bool {
        peek() == quote && peek(1) == quote && peek(2) == quote
    }

    /// A dotted key, `a`, `a.b`, `"quoted".c`; nil if the line has none here.
    mutating func keyPath() -> [String]? {
        var keys: [String] = []
        while true {
            skipSpaces()
            guard let key = key() else { return nil }
            keys.append(key)
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else { return keys }
            advance()
        }
    }

    private mutating func key() -> String? {
        switch peek() {
        case UInt8(ascii: "\""): return basicString()
        case UInt8(ascii: "'"): return literalString()
        default:
            let start = index
            while let byte = peek(), Self.isBareKey(byte) { advance() }
            return index == start ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }
    }

    private static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// A `"…"` string with its escapes decoded (keys may be quoted); the cursor is on the opening quote.
    private mutating func basicString() -> String {
        advance()
        var text: [UInt8] = []
        while let byte = peek() {
            advance()
            if byte == UInt8(ascii: "\"") { break }
            guard byte == UInt8(ascii: "\\"), let escaped = peek() else {
                text.append(byte)
                continue
            }
            advance()
            switch escaped {
            case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "r"): text.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let start = index
                advance(escaped == UInt8(ascii: "u") ? 4 : 8)
                let hex = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                if let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) {
                    text.append(contentsOf: String(Character(decoded)).utf8)
                }
            default: text.append(escaped)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A `'…'` string, taken as written; the cursor is on the opening quote.
    private mutating func literalString() -> String {
        advance()
        let start = index
        while let byte = peek(), byte != UInt8(ascii: "'") { advance() }
        defer { advance() }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// Skips a `"…"` string without decoding it: values are not indexed, only keys.
    private mutating func skipBasicString() {
        advance()
        while let byte = peek() {
            advance()
            if byte == UInt8(ascii: "\"") { return }
            if byte == UInt8(ascii: "\\") { advance() }
        }
    }

    /// Skips a `'…'` string.
    private mutating func skipLiteralString() {
        advance()
        while let byte = peek() {
            advance()
            if byte == UInt8(ascii: "'") { return }
        }
    }

    /// Skips one value inside an inline table, up to the `,` or `}` that ends it.
    mutating func skipInlineValue() {
        var depth = 0
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\""): skipBasicString()
            case UInt8(ascii: "'"): skipLiteralString()
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                advance()
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { return }
                depth -= 1
                advance()
            case UInt8(ascii: ","):
                if depth == 0 { return }
                advance()
            default: advance()
            }
        }
    }

    /// Skips the rest of a value to the end of the line, noting in `state` what stays open for the next lines.
    mutating func skipValue(_ state: inout ValueScanState) {
        while let byte = peek() {
            if let quote = state.openString {
                if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                    advance(2)
                } else if startsTriple(quote) {
                    advance(3)
                    // A closing `"""` may be followed by up to two quotes that belong to the string.
                    while peek() == quote { advance() }
                    state.openString = nil
                } else {
                    advance()
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "#"): return
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if startsTriple(byte) {
                    advance(3)
                    state.openString = byte
                } else if byte == UInt8(ascii: "\"") {
                    skipBasicString()
                } else {
                    skipLiteralString()
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                state.depth += 1
                advance()
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                state.depth = max(0, state.depth - 1)
                advance()
            default: advance()
            }
        }
    }
}
