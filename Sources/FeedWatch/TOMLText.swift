/// TOML literals as the effective config, the error messages and `import-opml` write them.
public enum TOMLText {
    /// `text` as a TOML basic string, quotes included, escaped so that any text reads back unchanged.
    public static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{00}"..."\u{1F}", "\u{7F}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `key` bare when TOML allows it (letters, digits, `_`, `-`), quoted otherwise.
    static func key(_ key: String) -> String {
        let isBare =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                    || $0 == "-"
            }
        return isBare ? key : string(key)
    }

    /// An array of strings on one line: `["news", "ukraine"]`.
    static func array(_ strings: [String]) -> String {
        "[" + strings.map(string).joined(separator: ", ") + "]"
    }

    /// `text` quoted for a message, cut to a length that keeps the message on one line.
    static func quoted(_ text: String) -> String {
        text.count <= 80 ? string(text) : string(String(text.prefix(77)) + "…")
    }
}
