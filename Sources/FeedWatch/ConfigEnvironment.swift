import Foundation

/// `${NAME}` in a header value or `user_agent` is replaced by the environment variable NAME, so secrets such as tokens
/// stay out of the file (systemd's `EnvironmentFile=` or `LoadCredential=` supply them). `$${` is a literal `${`;
/// any other `$` is just a `$`.
enum ConfigEnvironment {
    /// `text` with every `${NAME}` replaced, or why it cannot be: an unset variable, a malformed reference.
    static func expand(_ text: String, environment: [String: String]) throws(ConfigValueProblem) -> String {
        try expansion(of: text, environment: environment).value
    }

    /// `text` with every `${NAME}` replaced, and the names it used: a value that used none holds no secret and can be
    /// shown as it is.
    static func expansion(
        of text: String,
        environment: [String: String]
    ) throws(ConfigValueProblem)
        -> (value: String, variables: [String])
    {
        guard text.contains("$") else { return (text, []) }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var variables: [String] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$" else {
                result.append(scalar)
                index += 1
                continue
            }
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let afterNext = index + 2 < scalars.count ? scalars[index + 2] : nil
            if next == "$", afterNext == "{" {
                result.append(contentsOf: "${".unicodeScalars)
                index += 3
            } else if next == "{" {
                guard let close = scalars[(index + 2)...].firstIndex(of: "}") else {
                    throw ConfigValueProblem("'${' is not closed by '}' (write $${ for a literal ${)")
                }
                let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                guard isVariableName(name) else {
                    throw ConfigValueProblem(
                        "'${\(name)}' is not an environment variable name (letters, digits and _, not starting with "
                            + "a digit; write $${ for a literal ${)"
                    )
                }
                guard let value = environment[name] else {
                    throw ConfigValueProblem(
                        "environment variable \(name) is not set (the value uses ${\(name)})",
                        kind: .unsetVariable
                    )
                }
                result.append(contentsOf: value.unicodeScalars)
                variables.append(name)
                index = close + 1
            } else {
                result.append(scalar)
                index += 1
            }
        }
        return (String(result), variables)
    }

    /// `text` written so that ``expand(_:environment:)`` gives it back unchanged: each `${` becomes `$${`.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "${", with: "$${")
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
