import Testing

@testable import FeedCore

@Suite("Word diff between revisions")
struct WordDiffTests {
    @Test("a replaced word shows as removed then inserted, in place")
    func replacement() {
        let diff = WordDiff(old: "the harvest was largely lost", new: "the harvest was almost entirely lost")
        #expect(diff.rendered == "the harvest was [-largely-] {+almost entirely+} lost")
        #expect(!diff.isEmpty)
    }

    @Test("whitespace changes are no change")
    func whitespaceOnly() {
        #expect(WordDiff(old: "a  b\nc", new: "a b c").isEmpty)
    }

    @Test("additions at the ends and a deletion in the middle")
    func endsAndMiddle() {
        let diff = WordDiff(old: "b c d", new: "a b d e")
        #expect(diff.runs == [.inserted("a"), .kept("b"), .removed("c"), .kept("d"), .inserted("e")])
    }
}
