/// A source whose URL answered with the same permanent redirect enough polls in a row to be moved to the target.
public struct SourceMove: Sendable, Hashable {
    /// The URL polled until now.
    public var from: String
    /// The permanent redirect's final URL, to poll from now on.
    public var to: String
    /// How many polls in a row saw the redirect.
    public var polls: Int

    /// Creates a move.
    public init(from: String, to: String, polls: Int) {
        self.from = from
        self.to = to
        self.polls = polls
    }
}
