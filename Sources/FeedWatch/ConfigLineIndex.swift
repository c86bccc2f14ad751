/// Where each table and key of a TOML text is: TOMLKit hands back values without positions, so the loader scans the
/// text once more to say "line 12" in its messages and to keep keys in file order (TOMLKit sorts them).
///
/// A path is the table and key names from the root, with an element for the nth table of an array of tables:
/// `["source", .element(1), "headers", "Authorization"]`. The scan knows TOML 1.0's shapes (`[table]`, `[[array]]`,
/// dotted and quoted keys, inline tables, multi-line arrays and strings) but validates nothing: TOMLKit has done that.
///
/// The positions form a tree with the text's own shape, so a daemon's thousands of `[[source]]` tables are reached by
/// their number rather than by hashing whole paths, which made the index slower to build than TOMLKit's parse.
struct ConfigLineIndex {
    /// One step of a path: a table or key name, or the nth (0-based) table of an array of tables.
    enum Component: Hashable, ExpressibleByStringLiteral {
        case key(String)
        case element(Int)

        init(stringLiteral key: String) {
            self = .key(key)
        }
    }

    private struct Position {
        var line: Int
        var order: Int
    }

    /// A table or key; children are a linked list in text order, since a table holds a handful of keys.
    private struct Node {
        var key: String
        /// Nil for a table the text only implies, as `[a.b]` implies `a`.
        var position: Position?
        var firstChild = -1
        var lastChild = -1
        var nextSibling = -1
        /// The tables of an array of tables, in text order.
        var elements: [Int] = []
    }

    private static let root = 0
    private var nodes = [Node(key: "")]
    private var registered = 0

    /// Indexes `text`, which TOMLKit has already accepted.
    ///
    /// The scan runs over the UTF-8 bytes: every character TOML gives a meaning to is ASCII, and a daemon with
    /// thousands of sources reads its config on every start and reload.
    init(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        var table = Self.root
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
                        let array = child(of: resolve(keys.dropLast()), key: last)
                        register(array, line: lineNumber)
                        table = nodes.count
                        nodes.append(Node(key: ""))
                        nodes[array].elements.append(table)
                    } else {
                        table = resolve(keys[...])
                    }
                    register(table, line: lineNumber)
                    continue
                }
                guard let keys = cursor.keyPath() else { continue }
                // A dotted key (`retention.max_age = "30d"`) also defines the tables it passes through.
                var node = table
                for key in keys {
                    node = child(of: node, key: key)
                    register(node, line: lineNumber)
                }
                cursor.skipSpaces()
                guard cursor.peek() == UInt8(ascii: "=") else { continue }
                cursor.advance()
                cursor.skipSpaces()
                if cursor.peek() == UInt8(ascii: "{") {
                    var inline = cursor
                    inline.advance()
                    registerInlineTable(node, cursor: &inline, line: lineNumber)
                }
                cursor.skipValue(&state)
            }
        }
    }

    /// The line `path` is defined on, or nil if the text does not write it.
    func line(of path: [Component]) -> Int? {
        var line: Int?
        return walk(path) { line = $0?.line } ? line : nil
    }

    /// The line of `path`, else of the nearest enclosing table the text writes: a key inside an inline table is
    /// reported at the line of the inline table.
    func nearestLine(of path: [Component]) -> Int? {
        var line: Int?
        _ = walk(path) { position in
            if let position { line = position.line }
        }
        return line
    }

    /// `keys` of the table at `path` in the order the text writes them; keys it does not write go last, by name.
    func inTextOrder(_ keys: [String], of path: [Component]) -> [String] {
        var table: Int?
        guard walk(path, visit: { _ in }, reached: { table = $0 }), let table else { return keys.sorted() }
        return
            keys
            .map { key in (key: key, order: find(key, in: table).flatMap { nodes[$0].position?.order } ?? .max) }
            .sorted { ($0.order, $0.key) < ($1.order, $1.key) }
            .map(\.key)
    }

    /// Follows `path` from the root, handing `visit` the position of every node on the way (the root excluded);
    /// whether the whole path exists.
    private func walk(
        _ path: [Component],
        visit: (Position?) -> Void,
        reached: (Int) -> Void = { _ in }
    ) -> Bool {
        var node = Self.root
        for component in path {
            switch component {
            case .key(let key):
                guard let found = find(key, in: node) else { return false }
                node = found
            case .element(let number):
                guard nodes[node].elements.indices.contains(number) else { return false }
                node = nodes[node].elements[number]
            }
            visit(nodes[node].position)
        }
        reached(node)
        return true
    }

    private func find(_ key: String, in parent: Int) -> Int? {
        var child = nodes[parent].firstChild
        while child >= 0 {
            if nodes[child].key == key { return child }
            child = nodes[child].nextSibling
        }
        return nil
    }

    /// The child `key` of `parent`, added (as implied, without a position) if the text has not had it yet.
    private mutating func child(of parent: Int, key: String) -> Int {
        if let found = find(key, in: parent) { return found }
        let added = nodes.count
        nodes.append(Node(key: key))
        if nodes[parent].lastChild >= 0 {
            nodes[nodes[parent].lastChild].nextSibling = added
        } else {
            nodes[parent].firstChild = added
        }
        nodes[parent].lastChild = added
        return added
    }

    private mutating func register(_ node: Int, line: Int) {
        guard nodes[node].position == nil else { return }
        nodes[node].position = Position(line: line, order: registered)
        registered += 1
    }

    private mutating func registerInlineTable(_ table: Int, cursor: inout LineCursor, line: Int) {
        while true {
            cursor.skipSpaces()
            guard cursor.peek() != UInt8(ascii: "}"), let keys = cursor.keyPath() else { return }
            var node = table
            for key in keys {
                node = child(of: node, key: key)
                register(node, line: line)
            }
            cursor.skipSpaces()
            guard cursor.peek() == UInt8(ascii: "=") else { return }
            cursor.advance()
            cursor.skipSpaces()
            if cursor.peek() == UInt8(ascii: "{") {
                cursor.advance()
                registerInlineTable(node, cursor: &cursor, line: line)
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

    /// The table a header's `keys` name: a name that is an array of tables so far stands for its last table, as
    /// TOML reads `[source.headers]` after `[[source]]`.
    private mutating func resolve(_ keys: ArraySlice<String>) -> Int {
        var node = Self.root
        for key in keys {
            node = child(of: node, key: key)
            if let last = nodes[node].elements.last { node = last }
        }
        return node
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
            return index == start
                ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }
    }

    private static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
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
