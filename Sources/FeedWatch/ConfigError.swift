/// Why a config file was rejected, as one line naming the file, the line, the table, the key and what was expected:
/// `feedwatch.toml:12: source 'kyiv': interval: expected a duration such as "90s", "15m" or "2h", got 15 (an integer)`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake it is, for callers that react to some differently.
    public enum Kind: Sendable, Hashable {
        /// The file is missing, unreadable or not UTF-8.
        case unreadable
        /// The text is not valid TOML.
        case syntax
        /// A key or table feedwatch does not know, most often a typo.
        case unknownKey
        /// A value of the wrong TOML type (an integer where a duration string belongs).
        case wrongType
        /// A value of the right type that is malformed or out of range, alone or next to another key.
        case invalidValue
        /// A source with neither `url` nor `path`.
        case missingKey
        /// Keys that exclude each other, such as `url` and `path` in one source.
        case conflictingKeys
        /// `${NAME}` names an environment variable that is not set.
        case unsetVariable
        /// Two sources with one name.
        case duplicateName
        /// The file has no `[[source]]` table.
        case noSources
    }

    /// What kind of mistake it is.
    public var kind: Kind
    /// The file as it was named to the loader.
    public var file: String
    /// The 1-based line the mistake is on, when it is on one.
    public var line: Int?
    /// The table the key is in: `[daemon]`, `source 'kyiv'`, or nil at the top level.
    public var table: String?
    /// The key, dotted below its table (`headers.Authorization`), when the mistake is about one.
    public var key: String?
    /// What is wrong and what would be right.
    public var message: String

    /// Creates an error; ``description`` joins the parts.
    public init(
        _ kind: Kind,
        file: String,
        line: Int? = nil,
        table: String? = nil,
        key: String? = nil,
        message: String
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.table = table
        self.key = key
        self.message = message
    }

    /// The one-line message: `file:line: table: key: message`, leaving out the parts it has not got.
    public var description: String {
        var parts = [line.map { "\(file):\($0)" } ?? file]
        if let table { parts.append(table) }
        if let key { parts.append(key) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
