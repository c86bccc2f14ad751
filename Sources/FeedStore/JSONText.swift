import Foundation

/// JSON text for the few shapes the store writes (string arrays in columns, export lines), shared with the
/// daemon's log lines so both escape strings the same way.
public enum JSONText {
    /// `["a","b"]`.
    public static func array(_ strings: [String]) -> String {
        var out = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            out += quoted(string)
        }
        return out + "]"
    }

    /// A JSON string literal (RFC 8259: quote, backslash and control characters escaped).
    ///
    /// Written over UTF-8 bytes into one allocation: every exported item goes through it.
    public static func quoted(_ string: String) -> String {
        var string = string
        return string.withUTF8 { source in
            String(unsafeUninitializedCapacity: quotedCount(source)) { out in
                var count = 0
                writeQuoted(source) { byte in
                    out[count] = byte
                    count += 1
                }
                return count
            }
        }
    }

    /// Appends ``quoted(_:)``'s bytes to `out`: log lines are built as bytes and written as they are.
    public static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        // A native string's bytes are read in place; only a bridged one is copied to be read.
        if string.utf8.withContiguousStorageIfAvailable({ appendQuoted(utf8: $0, to: &out) }) == nil {
            var copy = string
            copy.withUTF8 { appendQuoted(utf8: $0, to: &out) }
        }
    }

    private static func appendQuoted(utf8 source: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let count = quotedCount(source)
        guard count > source.count + 2 else {
            // Nothing to escape, as in almost every log value: one copy instead of a byte at a time.
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: source)
            out.append(UInt8(ascii: "\""))
            return
        }
        out.reserveCapacity(out.count + count)
        writeQuoted(source) { out.append($0) }
    }

    /// The length of `source` quoted: `\u00XX` is the longest escape, six bytes for one.
    private static func quotedCount(_ source: UnsafeBufferPointer<UInt8>) -> Int {
        var escapes = 0
        for byte in source where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            escapes += 1
        }
        return source.count + 5 * escapes + 2
    }

    private static func writeQuoted(_ source: UnsafeBufferPointer<UInt8>, _ put: (UInt8) -> Void) {
        put(UInt8(ascii: "\""))
        for byte in source {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                put(UInt8(ascii: "\\"))
                put(byte)
            case UInt8(ascii: "\n"):
                put(UInt8(ascii: "\\"))
                put(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"):
                put(UInt8(ascii: "\\"))
                put(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"):
                put(UInt8(ascii: "\\"))
                put(UInt8(ascii: "t"))
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                for escaped in [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ] {
                    put(escaped)
                }
            default:
                put(byte)
            }
        }
        put(UInt8(ascii: "\""))
    }

    /// Parses what ``array(_:)`` wrote (or any JSON array of strings); anything else gives [].
    static func strings(_ text: String?) -> [String] {
        // Most sources have no tags: every poll reads them back.
        if text == "[]" { return [] }
        guard let text, let data = text.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data) as? [String]
        else { return [] }
        return value
    }
}
