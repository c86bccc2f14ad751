/// Something the parser noticed and worked around; the feed was still read.
public struct ParseWarning: Sendable, Hashable, CustomStringConvertible {
    /// What happened, in words a user can act on.
    public var message: String
    /// The 1-based line in the document, when known.
    public var line: Int?

    /// Creates a warning.
    public init(_ message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
