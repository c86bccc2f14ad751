import Foundation
import Testing

@testable import FeedCore

/// The text of `Tests/FeedCoreTests/Fixtures/simhash/<name>.txt`.
private func article(_ name: String) throws -> String {
    String(decoding: try fixtureBytes(name, "txt", subdirectory: "Fixtures/simhash"), as: UTF8.self)
}

/// The pinned value was computed independently (Python: the same steps over `re.findall(r"\w+", text.lower())`).
@Suite("SimHash: pinned, and near for rewordings, far for other stories")
struct SimHashTests {
    @Test("the SimHash of a fixed text is pinned: stored fingerprints must never drift")
    func pinned() {
        #expect(
            SimHash.of(
                title: "Council approves tram",
                text: "The city council voted on Tuesday to expand the tram network."
            ) == 590_008_196_517_651_021
        )
        #expect(SimHash.of(title: nil, text: nil) == 0)
    }

    @Test("case, whitespace and punctuation do not change the SimHash")
    func normalised() {
        let base = SimHash.of(title: "Council approves tram", text: "The city council voted on Tuesday.")
        #expect(SimHash.of(title: "COUNCIL  approves tram!", text: "The city\ncouncil voted, on Tuesday") == base)
    }

    @Test("a 350-word story reworded in two places stays within distance 3; an unrelated story does not")
    func nearAndFar() throws {
        let original = SimHash.of(title: nil, text: try article("simhash-article"))
        let reworded = SimHash.of(title: nil, text: try article("simhash-article-reworded"))
        let unrelated = SimHash.of(title: nil, text: try article("simhash-unrelated"))
        #expect(original != reworded)
        #expect(SimHash.distance(original, reworded) <= SimHash.nearDuplicateDistance)
        #expect(SimHash.distance(original, unrelated) > SimHash.nearDuplicateDistance)
    }

    @Test("shingles are word triples: a text of n ≥ 3 words has n − 2")
    func shingleCount() {
        #expect(SimHash.fingerprint(title: nil, text: "one two three four five").shingles == 3)
        #expect(SimHash.fingerprint(title: nil, text: "one two").shingles == 1)
        #expect(SimHash.fingerprint(title: nil, text: "  ").shingles == 0)
    }

    @Test("words are letters and digits in any script")
    func words() {
        #expect(SimHash.words("Прага, 5 квітня: T-72!").map(String.init) == ["Прага", "5", "квітня", "T", "72"])
    }
}
