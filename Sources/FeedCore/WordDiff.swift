/// The difference between two versions of a text, word by word, as `git diff --word-diff` shows it.
public struct WordDiff: Sendable, Hashable {
    /// One run of words that were kept, removed or inserted.
    public enum Run: Sendable, Hashable {
        case kept(String)
        case removed(String)
        case inserted(String)
    }

    /// The runs, in reading order; a removal comes before the insertion that replaces it.
    public var runs: [Run]

    /// The word diff turning `old` into `new`; words are separated by whitespace, which is not compared.
    public init(old: String, new: String) {
        let oldWords = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let newWords = new.split(whereSeparator: \.isWhitespace).map(String.init)
        // The standard library's difference is Myers' algorithm: O((N+M)·D), fine for article-length text.
        let difference = newWords.difference(from: oldWords)
        var removedAt = Set<Int>()
        var insertedAt = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removedAt.insert(offset)
            case .insert(let offset, _, _): insertedAt.insert(offset)
            }
        }
        var runs: [Run] = []
        func append(_ run: Run) {
            switch (runs.last, run) {
            case (.kept(let a)?, .kept(let b)): runs[runs.count - 1] = .kept(a + " " + b)
            case (.removed(let a)?, .removed(let b)): runs[runs.count - 1] = .removed(a + " " + b)
            case (.inserted(let a)?, .inserted(let b)): runs[runs.count - 1] = .inserted(a + " " + b)
            default: runs.append(run)
            }
        }
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < oldWords.count || newIndex < newWords.count {
            if oldIndex < oldWords.count, removedAt.contains(oldIndex) {
                append(.removed(oldWords[oldIndex]))
                oldIndex += 1
            } else if newIndex < newWords.count, insertedAt.contains(newIndex) {
                append(.inserted(newWords[newIndex]))
                newIndex += 1
            } else {
                // Neither removed nor inserted: the same word on both sides.
                if newIndex < newWords.count { append(.kept(newWords[newIndex])) }
                oldIndex += 1
                newIndex += 1
            }
        }
        self.runs = runs
    }

    /// True when the two texts have the same words.
    public var isEmpty: Bool {
        runs.allSatisfy { if case .kept = $0 { true } else { false } }
    }

    /// The diff as one line of text: `[-removed-]` and `{+inserted+}` around changed words.
    public var rendered: String {
        runs.map { run in
            switch run {
            case .kept(let words): words
            case .removed(let words): "[-" + words + "-]"
            case .inserted(let words): "{+" + words + "+}"
            }
        }.joined(separator: " ")
    }
}
