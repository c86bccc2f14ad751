/// A language guessed from the words of a text, for articles whose metadata does not state one.
///
/// Stop-word profiles: the language whose most common words make up the largest share of the text wins,
/// when they make up at least 5% of it. Russian and Ukrainian share most stop words, so their own letters
/// (і ї є ґ against ы э ъ ё) decide between them.
public enum LanguageGuess {
    static let profiles: [(String, Set<Substring>)] = [
        (
            "en",
            [
                "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by", "at", "from",
                "it", "have", "are", "be",
            ]
        ),
        (
            "it",
            [
                "di", "e", "il", "la", "che", "in", "per", "un", "una", "del", "della", "le", "non", "si", "con",
                "sono", "al", "dei", "nel", "è",
            ]
        ),
        (
            "fr",
            [
                "de", "la", "le", "et", "les", "des", "en", "un", "une", "du", "est", "que", "pour", "dans", "qui",
                "sur", "au", "pas", "par", "avec",
            ]
        ),
        (
            "de",
            [
                "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im",
                "dem", "nicht", "ein", "eine", "auch",
            ]
        ),
        (
            "es",
            [
                "de", "la", "que", "el", "en", "y", "los", "del", "se", "las", "por", "un", "para", "con", "una", "su",
                "al", "es", "lo", "como",
            ]
        ),
        (
            "ru",
            [
                "и", "в", "не", "на", "что", "с", "по", "как", "это", "к", "из", "у", "за", "от", "о", "для", "но",
                "он", "его", "так",
            ]
        ),
        (
            "uk",
            [
                "і", "в", "не", "на", "що", "з", "у", "та", "до", "як", "це", "за", "від", "про", "для", "але", "й",
                "він", "його", "також",
            ]
        ),
    ]

    /// The guessed ISO 639-1 code, or nil when no profile fits well enough.
    public static func language(of paragraphs: [String]) -> String? {
        var counts = [Int](repeating: 0, count: profiles.count)
        var total = 0
        var ukrainianLetters = 0
        var russianLetters = 0
        for paragraph in paragraphs {
            let lowered = paragraph.lowercased()
            for scalar in lowered.unicodeScalars {
                switch scalar {
                case "і", "ї", "є", "ґ": ukrainianLetters += 1
                case "ы", "э", "ъ", "ё": russianLetters += 1
                default: break
                }
            }
            for word in lowered.split(whereSeparator: { !$0.isLetter }) {
                total += 1
                for (index, profile) in profiles.enumerated() where profile.1.contains(word) { counts[index] += 1 }
            }
        }
        guard total > 0, let best = counts.indices.max(by: { counts[$0] < counts[$1] }),
            counts[best] * 20 >= total
        else { return nil }
        let code = profiles[best].0
        if code == "ru" || code == "uk" { return ukrainianLetters > russianLetters ? "uk" : "ru" }
        return code
    }
}
