import Testing

@testable import FeedWatch

/// ConfigKeySuggestion: which typos get a "did you mean", and which keys are too far off to guess.
struct ConfigKeySuggestionTests {
    let keys = ["interval", "min_interval", "timezone", "tags", "url", "path", "log_level"]

    @Test(arguments: [
        ("intervall", "interval"), ("Interval", "interval"), ("min-interval", "min_interval"), ("tag", "tags"),
        ("ulr", "url"), ("timzone", "timezone"), ("log_levle", "log_level"),
    ])
    func suggestsTheKeyATypoMeant(typo: String, key: String) {
        #expect(ConfigKeySuggestion.closest(to: typo, among: keys) == key)
    }

    @Test(arguments: ["colour", "uri_path", "xyz", "intervals_max"])
    func guessesNothingForAnUnrelatedKey(key: String) {
        #expect(ConfigKeySuggestion.closest(to: key, among: keys) == nil)
    }

    @Test func editDistanceCountsASwapAsOne() {
        #expect(ConfigKeySuggestion.editDistance(Array("ab"), Array("ba")) == 1)
        #expect(ConfigKeySuggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(ConfigKeySuggestion.editDistance([], Array("abc")) == 3)
    }
}
