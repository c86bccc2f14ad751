internal import Foundation
internal import Markup

/// A JSON document as ``JSONFeedReader`` reads it: the same values JSONSerialization gives, without its
/// bridged dictionaries and boxed strings.
///
/// ``parse(_:)`` reads the bytes itself, strictly (RFC 8259), and declines (nil) whatever it cannot read
/// exactly as JSONSerialization would, so that the caller then asks JSONSerialization, whose values
/// ``init(foundation:)`` converts and whose errors are the ones reported: ill-formed JSON, a key given twice,
/// a `\u` escape that is not a whole character, nesting deeper than ``maxDepth``. Numbers and booleans are
/// rare in feeds and are the one thing whose value is Foundation's business (an id's `stringValue`, a
/// size's `int64Value`): each literal is handed to JSONSerialization alone.
enum JSONValue {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    /// A number or a boolean, as the `NSNumber` JSONSerialization makes of it.
    case number(NSNumber)
    case null

    static let maxDepth = 64

    /// JSONSerialization's objects (dictionaries, arrays, strings, numbers, `NSNull`) as values.
    init(foundation value: Any) {
        switch value {
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init(foundation:)))
        case let array as [Any]: self = .array(array.map(JSONValue.init(foundation:)))
        case let string as String: self = .string(string)
        case let number as NSNumber: self = .number(number)
        default: self = .null
        }
    }

    /// The document in `utf8`, or nil when it should be left to JSONSerialization (see the type's comment).
    static func parse(_ utf8: [UInt8]) -> JSONValue? {
        utf8.withUnsafeBufferPointer { bytes in
            var reader = Reader(bytes: bytes)
            reader.skipSpace()
            guard let value = reader.value(depth: 0) else { return nil }
            reader.skipSpace()
            return reader.index == bytes.count ? value : nil
        }
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var number: NSNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Unescaped string bytes, reused from string to string.
        var scratch: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard index < bytes.count, depth < JSONValue.maxDepth else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                let start = index
                guard literal("true") || literal("false") else { return nil }
                return foundationNumber(start..<index)
            default: return number()
            }
        }

        private mutating func object(depth: Int) -> JSONValue? {
            var members: [String: JSONValue] = [:]
            var done = opens(closing: UInt8(ascii: "}"))
            while !done {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                skipSpace()
                guard let member = value(depth: depth + 1) else { return nil }
                // A repeated key (by String equality) is JSONSerialization's to resolve.
                guard members.updateValue(member, forKey: key) == nil, let closed = next(closing: UInt8(ascii: "}"))
                else {
                    return nil
                }
                done = closed
            }
            return .object(members)
        }

        private mutating func array(depth: Int) -> JSONValue? {
            var elements: [JSONValue] = []
            var done = opens(closing: UInt8(ascii: "]"))
            while !done {
                guard let element = value(depth: depth + 1), let closed = next(closing: UInt8(ascii: "]")) else {
                    return nil
                }
                elements.append(element)
                done = closed
            }
            return .array(elements)
        }

        /// At `{` or `[`: steps in, and says whether the bracket closes at once (an empty object or array).
        private mutating func opens(closing: UInt8) -> Bool {
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == closing else { return false }
            index += 1
            return true
        }

        /// After a member or element: true past the closing bracket, false past a comma (and the spaces after
        /// it), nil at anything else.
        private mutating func next(closing: UInt8) -> Bool? {
            skipSpace()
            guard index < bytes.count else { return nil }
            let separator = bytes[index]
            index += 1
            if separator == closing { return true }
            guard separator == UInt8(ascii: ",") else { return nil }
            skipSpace()
            return false
        }

        /// After `"`: the string up to the closing quote, escapes decoded.
        private mutating func string() -> String? {
            index += 1
            let start = index
            scratch.removeAll(keepingCapacity: true)
            var escaped = false
            var runStart = index
            while true {
                // Eight bytes at once up to the next quote, backslash or control character.
                while index &+ 8 <= bytes.count {
                    let word = ByteWord(bytes.baseAddress! + index)
                    let length = ByteWord.offsetOfFirst(
                        word.marks(of: UInt8(ascii: "\"")) | word.marks(of: UInt8(ascii: "\\"))
                            | word.marks(below: 0x20)
                    )
                    index &+= length
                    if length < 8 { break }
                }
                guard index < bytes.count else { return nil }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { return nil }
                if byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                escaped = true
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                guard escape() else { return nil }
                runStart = index
            }
            let text: String?
            if escaped {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                text = scratch.withUnsafeBufferPointer(Self.validString)
            } else {
                text = Self.validString(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
            index += 1
            return text
        }

        /// The bytes as a string when they are valid UTF-8; nil (JSONSerialization's to judge) otherwise.
        private static func validString(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
            let validation = UTF8Validation.firstInvalid(bytes)
            guard validation.offset == bytes.count else { return nil }
            return String(validatedUTF8: bytes, isASCII: validation.isASCII)
        }

        /// At `\`: one escape decoded into `scratch`; a `\u` escape must be a whole character (a surrogate
        /// pair, or no surrogate).
        private mutating func escape() -> Bool {
            guard index + 1 < bytes.count else { return false }
            let kind = bytes[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(kind)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                guard var unit = hex4() else { return false }
                if unit >= 0xDC00 && unit <= 0xDFFF { return false }
                if unit >= 0xD800 && unit <= 0xDBFF {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { return false }
                    index += 2
                    guard let low = hex4(), low >= 0xDC00 && low <= 0xDFFF else { return false }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else { return false }
                scratch.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return false
            }
            return true
        }

        private mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count,
                UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]).elementsEqual(
                    UnsafeBufferPointer(start: word.utf8Start, count: count)
                )
            else { return false }
            index += count
            return true
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, its value Foundation's.
        private mutating func number() -> JSONValue? {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { return nil }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, Self.isDigit(bytes[index]) else { return nil }
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, Self.isDigit(bytes[index]) else { return nil }
                skipDigits()
            }
            return foundationNumber(start..<index)
        }

        private mutating func skipDigits() {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }

        private static func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        /// The literal at `range` as JSONSerialization reads it, or nil if it does not.
        private func foundationNumber(_ range: Range<Int>) -> JSONValue? {
            let literal = Data(UnsafeBufferPointer(rebasing: bytes[range]))
            guard
                let number = (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed)) as? NSNumber
            else { return nil }
            return .number(number)
        }
    }
}
