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
    init(_ text: String) {
        var table: [String] = []
        var arrayLengths: [[String]: Int] = [:]
        var state = ValueScanState()
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var scalars = Array(rawLine.unicodeScalars)
            if scalars.last == "\r" { scalars.removeLast() }
            var cursor = LineCursor(scalars)
            // Inside a multi-line array or string, the line holds no keys.
            if state.isOpen {
                cursor.skipValue(&state)
                continue
            }
            cursor.skipSpaces()
            guard let first = cursor.peek(), first != "#" else { continue }
            if first == "[" {
                let isArray = cursor.peek(1) == "["
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
            guard cursor.peek() == "=" else { continue }
            cursor.advance()
            cursor.skipSpaces()
            if cursor.peek() == "{" {
                var inline = cursor
                inline.advance()
                registerInlineTable(table + keys, cursor: &inline, line: lineNumber)
            }
            cursor.skipValue(&state)
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
            guard cursor.peek() != "}", let keys = cursor.keyPath() else { return }
            for length in 1...keys.count { register(prefix + keys.prefix(length), line: line) }
            cursor.skipSpaces()
            guard cursor.peek() == "=" else { return }
            cursor.advance()
            cursor.skipSpaces()
            if cursor.peek() == "{" {
                cursor.advance()
                registerInlineTable(prefix + keys, cursor: &cursor, line: line)
            } else {
                cursor.skipInlineValue()
            }
            cursor.skipSpaces()
            guard cursor.peek() == "," else {
                if cursor.peek() == "}" { cursor.advance() }
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
    var openString: Unicode.Scalar?

    var isOpen: Bool { depth > 0 || openString != nil }
}

/// One line of TOML, read a scalar at a time.
private struct LineCursor {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func advance(_ count: Int = 1) {
        index = min(index + count, scalars.count)
    }

    mutating func skipSpaces() {
        while peek() == " " || peek() == "\t" { advance() }
    }

    private func startsTriple(_ quote: Unicode.Scalar) -> Bool {
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
            guard peek() == "." else { return keys }
            advance()
        }
    }

    private mutating func key() -> String? {
        switch peek() {
        case "\"": return basicString()
        case "'": return literalString()
        default:
            var key = String.UnicodeScalarView()
            while let scalar = peek(), Self.isBareKey(scalar) {
                key.append(scalar)
                advance()
            }
            return key.isEmpty ? nil : String(key)
        }
    }

    private static func isBareKey(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            || scalar == "-"
    }

    /// A `"…"` string with its escapes decoded (keys may be quoted); the cursor is on the opening quote.
    private mutating func basicString() -> String {
        advance()
        var text = String.UnicodeScalarView()
        while let scalar = peek() {
            advance()
            if scalar == "\"" { break }
            guard scalar == "\\", let escaped = peek() else {
                text.append(scalar)
                continue
            }
            advance()
            switch escaped {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "b": text.append("\u{08}")
            case "f": text.append("\u{0C}")
            case "u", "U":
                let width = escaped == "u" ? 4 : 8
                var hex = ""
                for _ in 0..<width {
                    guard let digit = peek() else { break }
                    hex.unicodeScalars.append(digit)
                    advance()
                }
                if let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) { text.append(decoded) }
            default: text.append(escaped)
            }
        }
        return String(text)
    }

    /// A `'…'` string, taken as written; the cursor is on the opening quote.
    private mutating func literalString() -> String {
        advance()
        var text = String.UnicodeScalarView()
        while let scalar = peek() {
            advance()
            if scalar == "'" { break }
            text.append(scalar)
        }
        return String(text)
    }

    /// Skips one value inside an inline table, up to the `,` or `}` that ends it.
    mutating func skipInlineValue() {
        var depth = 0
        while let scalar = peek() {
            switch scalar {
            case "\"": _ = basicString()
            case "'": _ = literalString()
            case "[", "{":
                depth += 1
                advance()
            case "]", "}":
                if depth == 0 { return }
                depth -= 1
                advance()
            case ",":
                if depth == 0 { return }
                advance()
            default: advance()
            }
        }
    }

    /// Skips the rest of a value to the end of the line, noting in `state` what stays open for the next lines.
    mutating func skipValue(_ state: inout ValueScanState) {
        while let scalar = peek() {
            if let quote = state.openString {
                if quote == "\"", scalar == "\\" {
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
            switch scalar {
            case "#": return
            case "\"", "'":
                if startsTriple(scalar) {
                    advance(3)
                    state.openString = scalar
                } else if scalar == "\"" {
                    _ = basicString()
                } else {
                    _ = literalString()
                }
            case "[", "{":
                state.depth += 1
                advance()
            case "]", "}":
                state.depth = max(0, state.depth - 1)
                advance()
            default: advance()
            }
        }
    }
}
