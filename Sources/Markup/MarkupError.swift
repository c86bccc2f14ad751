/// A problem libxml2 reported, with where it happened.
public struct MarkupDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// libxml2's message, trimmed.
    public var message: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int

    /// Creates a diagnostic.
    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        line > 0 ? "line \(line), column \(column): \(message)" : message
    }
}

/// Why a document was refused outright; hostile input is never recovered from.
public enum MarkupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document is larger than ``MarkupLimits/maxDocumentBytes``.
    case documentTooLarge(bytes: Int, limit: Int)
    /// Elements nest deeper than ``MarkupLimits/maxDepth``.
    case tooDeep(limit: Int, line: Int)
    /// An entity declared in the document is defined through other entities or markup (the billion-laughs shape).
    case entityExpansionRefused(entity: String, line: Int)
    /// References to declared entities expanded past ``MarkupLimits/maxEntityExpansionBytes``.
    case entityExpansionLimit(limit: Int, line: Int)
    /// libxml2 could not start a parser (out of memory).
    case parserUnavailable

    public var description: String {
        switch self {
        case .documentTooLarge(let bytes, let limit):
            return "document is \(bytes) bytes, over the limit of \(limit) bytes"
        case .tooDeep(let limit, let line):
            return "line \(line): elements nest deeper than \(limit) levels; refusing the document"
        case .entityExpansionRefused(let entity, let line):
            return "line \(line): entity '\(entity)' is defined in terms of other entities or markup; "
                + "nested entity expansion is refused (billion-laughs protection)"
        case .entityExpansionLimit(let limit, let line):
            return "line \(line): entity references expand to more than \(limit) bytes; refusing the document"
        case .parserUnavailable:
            return "libxml2 could not create a parser context (out of memory?)"
        }
    }
}
