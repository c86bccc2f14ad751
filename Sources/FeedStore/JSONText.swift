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
    public static func quoted(_ string: String) -> String {
        var out = "\""
        out.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Parses what ``array(_:)`` wrote (or any JSON array of strings); anything else gives [].
    static func strings(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data) as? [String]
        else { return [] }
        return value
    }
}
