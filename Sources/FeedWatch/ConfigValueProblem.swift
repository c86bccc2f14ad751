/// Why one value could not be read (a duration without a unit, an unset variable); the loader adds the file, line
/// and key to make it a ``ConfigError``.
struct ConfigValueProblem: Error, Equatable {
    /// The kind the ``ConfigError`` will have.
    var kind: ConfigError.Kind
    /// What is wrong with the value, without the key (the loader puts that in front).
    var reason: String

    init(_ reason: String, kind: ConfigError.Kind = .invalidValue) {
        self.kind = kind
        self.reason = reason
    }
}
