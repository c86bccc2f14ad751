/// The "did you mean 'interval'?" of an unknown-key message: the known key a typo most likely meant.
enum ConfigKeySuggestion {
    /// The known key closest to `key`, if it is close enough to be a typo of it: one edit for keys of up to four
    /// letters, two for longer ones. Case, `-` for `_` and two swapped neighbours count as slips.
    static func closest(to key: String, among known: [String]) -> String? {
        let folded = fold(key)
        let allowed = folded.count <= 4 ? 1 : 2
        var best: (key: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(folded, fold(candidate))
            if distance <= allowed, distance < best?.distance ?? .max { best = (candidate, distance) }
        }
        return best?.key
    }

    /// `"; did you mean 'interval'?"`, or nothing when no known key is close.
    static func hint(for key: String, among known: [String]) -> String {
        closest(to: key, among: known).map { "; did you mean '\($0)'?" } ?? ""
    }

    private static func fold(_ key: String) -> [Character] {
        key.lowercased().map { $0 == "-" ? "_" : $0 }
    }

    /// Optimal string alignment distance: inserting, deleting or replacing a letter, or swapping two neighbours,
    /// costs one.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var distance = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { distance[i][0] = i }
        for j in 0...b.count { distance[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                distance[i][j] = min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    distance[i][j] = min(distance[i][j], distance[i - 2][j - 2] + 1)
                }
            }
        }
        return distance[a.count][b.count]
    }
}
