// The words a date may contain, in the languages feeds are written in, and how the scanner looks them up.

/// A fixed open-addressing table from packed word keys to meanings, for the scanner's hot path.
///
/// A multiplicative hash of the key replaces Dictionary's seeded SipHash, which cost more than the
/// rest of reading a word. The table is filled once and never grows, and at most a quarter full, so
/// no text can lengthen a probe beyond the longest run the fixed word list made.
struct WordTable: Sendable {
    private let keys: [UInt64]
    private let meanings: [DateWords.Meaning]
    private let shift: UInt64
    let count: Int

    init(_ entries: [UInt64: DateWords.Meaning]) {
        var bits: UInt64 = 4
        while 1 << bits < entries.count * 4 { bits += 1 }
        let size = 1 << Int(bits)
        var keys = [UInt64](repeating: 0, count: size)
        var meanings = [DateWords.Meaning](repeating: .filler, count: size)
        let shift = 64 - bits
        // Sorted, so the layout does not depend on Dictionary's per-process seed.
        for (key, meaning) in entries.sorted(by: { $0.key < $1.key }) {
            var slot = Self.slot(of: key, shift: shift)
            while keys[slot] != 0 { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            meanings[slot] = meaning
        }
        (self.keys, self.meanings, self.shift, self.count) = (keys, meanings, shift, entries.count)
    }

    /// The meaning of a packed key; words have at least one letter, so 0 marks an empty slot.
    subscript(key: UInt64) -> DateWords.Meaning? {
        var slot = Self.slot(of: key, shift: shift)
        let mask = keys.count - 1
        while true {
            let candidate = keys[slot]
            if candidate == 0 { return nil }
            if candidate == key { return meanings[slot] }
            slot = (slot + 1) & mask
        }
    }

    private static func slot(of key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}

/// The words a date may contain: month and weekday names, AM/PM, zone abbreviations and connectives ("of", "de").
///
/// Words spelt with ASCII letters, and accented Latin words once their accents are dropped ("Martedì",
/// "févr", "März"), are keyed by their letters packed five bits each, so lookup needs no String.
/// Words in other scripts ("апреля", "квітня") are lowercased and looked up as Strings; String
/// equality is canonical, so a letter written with a combining accent finds its precomposed spelling.
enum DateWords {
    /// What a word in a date means.
    enum Meaning: Sendable, Equatable {
        case month(Int)
        /// Both a month and a weekday: "mar" is March in English, Tuesday in Italian, French and Spanish.
        case monthOrWeekday(month: Int)
        case weekday
        case meridiem(isPM: Bool)
        case zone(seconds: Int, isUniversal: Bool)
        case filler
    }

    // Twelve five-bit letters fill 60 of 64 bits; no word we know is longer.
    static let longestKey = 12
    /// The longest word in another script we look up, in UTF-8 bytes ("воскресенье" takes 22).
    static let longestWordBytes = 48
    static let letterA = key("a")
    static let letterJ = key("j")
    static let letterP = key("p")
    /// "às" without its accent; "à" is `letterA`. Only the accented spellings are connectives.
    static let letterAS = key("as")

    /// Month names, one list per language, January first; each entry holds every spelling of one month.
    static let monthNames: [(language: String, months: [String])] = [
        (
            "English",
            [
                "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
                "august aug", "september sep sept", "october oct", "november nov", "december dec",
            ]
        ),
        (
            "Italian",
            [
                "gennaio gen", "febbraio feb", "marzo mar", "aprile apr", "maggio mag", "giugno giu",
                "luglio lug", "agosto ago", "settembre set sett", "ottobre ott", "novembre nov", "dicembre dic",
            ]
        ),
        (
            "French",
            [
                "janvier janv jan", "février févr fév", "mars", "avril avr", "mai", "juin", "juillet juil",
                "août", "septembre sept", "octobre oct", "novembre nov", "décembre déc",
            ]
        ),
        // With the Austrian Jänner, and the "ae" spelling of "ä" that ASCII-only software writes.
        (
            "German",
            [
                "januar jänner jaenner jan jän", "februar feb", "märz maerz mär mrz", "april apr", "mai",
                "juni jun", "juli jul", "august aug", "september sep sept", "oktober okt", "november nov",
                "dezember dez",
            ]
        ),
        (
            "Spanish",
            [
                "enero ene", "febrero feb", "marzo mar", "abril abr", "mayo may", "junio jun", "julio jul",
                "agosto ago", "septiembre setiembre sep sept set", "octubre oct", "noviembre nov",
                "diciembre dic",
            ]
        ),
        (
            "Portuguese",
            [
                "janeiro jan", "fevereiro fev", "março mar", "abril abr", "maio mai", "junho jun",
                "julho jul", "agosto ago", "setembro set", "outubro out", "novembro nov", "dezembro dez",
            ]
        ),
        // Dates use the genitive ("5 апреля"); the nominative heads calendars and archive pages.
        (
            "Russian",
            [
                "января январь янв", "февраля февраль фев", "марта март мар", "апреля апрель апр",
                "мая май", "июня июнь июн", "июля июль июл", "августа август авг",
                "сентября сентябрь сен сент", "октября октябрь окт", "ноября ноябрь ноя нояб",
                "декабря декабрь дек",
            ]
        ),
        (
            "Ukrainian",
            [
                "січня січень січ", "лютого лютий лют", "березня березень бер", "квітня квітень квіт",
                "травня травень трав", "червня червень черв", "липня липень лип", "серпня серпень серп",
                "вересня вересень вер", "жовтня жовтень жовт", "листопада листопад лист",
                "грудня грудень груд",
            ]
        ),
    ]

    /// Weekday names and their abbreviations, one list per language.
    static let weekdayNames: [(language: String, words: String)] = [
        (
            "English",
            "monday tuesday wednesday thursday friday saturday sunday"
                + " mon tue tues wed weds thu thur thurs fri sat sun"
        ),
        ("Italian", "lunedì martedì mercoledì giovedì venerdì sabato domenica lun mar mer gio ven sab dom"),
        ("French", "lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim"),
        ("German", "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr sa so"),
        ("Spanish", "lunes martes miércoles jueves viernes sábado domingo lun mar mié jue vie sáb dom"),
        // "segunda-feira" reads as "segunda" then "feira", which is a connective.
        ("Portuguese", "segunda terça quarta quinta sexta sábado domingo seg ter qua qui sex sáb dom"),
        ("Russian", "понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс"),
        ("Ukrainian", "понеділок вівторок середа четвер п'ятниця субота неділя пн вт ср чт пт сб нд"),
    ]

    /// Words that join or follow a date's parts and mean nothing on their own: "April 5 at 4:48 PM",
    /// "5th of April", "5 de abril de 2022", "5 aprile 2022 alle ore 16:48", "5. April 2022 um 16:48 Uhr",
    /// "5 апреля 2022 г. в 16:48", "5 квітня 2022 р. о 16:48". The French "à" and Portuguese "às" are
    /// kept apart (`letterA`, `letterAS`): without their accents they are "a" and "as".
    static let connectives = "at of de del alle ore um uhr feira г р года року в о"

    static let table = WordTable(built.ascii)
    static let otherScripts: [String: Meaning] = built.otherScripts
    /// Words entered twice with different meanings, other than the month-or-weekday ones; empty unless a list is wrong.
    static let conflicts: [String] = built.conflicts
    private static let built = build()

    /// The meaning the scanner gives a word, for tests and diagnostics: the lookup `DateScanner` makes, on a String.
    static func meaning(of word: String) -> Meaning? {
        if let folded = latinKey(word) {
            if folded.hasAccent && (folded.key == letterA || folded.key == letterAS) { return .filler }
            return table[folded.key]
        }
        return otherScripts[lookupForm(word)]
    }

    static func appending(_ letter: UInt8, to key: UInt64) -> UInt64 {
        key << 5 | UInt64((letter | 0x20) &- 0x60)
    }

    static func key(_ word: String) -> UInt64 {
        word.utf8.prefix(longestKey).reduce(0) { appending($1, to: $0) }
    }

    /// The ASCII letter an accented Latin-1 letter is written on ("é" → "e", "Ä" → "a"), or nil.
    static func latinBase(of value: UInt32) -> UInt8? {
        guard value >= 0xC0, value <= 0xFF else { return nil }
        let base = latin1Bases[Int(value - 0xC0)]
        return base == UInt8(ascii: "-") ? nil : base
    }

    /// Combining accents (U+0300-U+036F), which text in decomposed form writes after the letter.
    static func isCombiningAccent(_ value: UInt32) -> Bool { value >= 0x300 && value <= 0x36F }

    /// The form a word in another script is looked up by: lowercased, with typographic apostrophes made ASCII.
    static func lookupForm(_ word: String) -> String {
        let lowered = word.lowercased()
        guard lowered.unicodeScalars.contains(where: { $0 == "\u{2019}" || $0 == "\u{02BC}" }) else { return lowered }
        return String(
            String.UnicodeScalarView(lowered.unicodeScalars.map { $0 == "\u{2019}" || $0 == "\u{02BC}" ? "'" : $0 })
        )
    }

    // U+00C0 to U+00FF; "-" where a letter has no ASCII base (Æ, Ð, ×, Þ, ß) or is not a letter.
    private static let latin1Bases: [UInt8] = Array(
        "aaaaaa-ceeeeiiii-nooooo-ouuuuy--aaaaaa-ceeeeiiii-nooooo-ouuuuy-y".utf8
    )

    /// The packed key of a word made of ASCII and accented Latin letters, or nil for any other word.
    private static func latinKey(_ word: String) -> (key: UInt64, hasAccent: Bool)? {
        var key: UInt64 = 0
        var letters = 0
        var hasAccent = false
        for scalar in word.unicodeScalars {
            let value = scalar.value
            if value < 0x80, DateScanner.isLetter(UInt8(value)) {
                key = appending(UInt8(value), to: key)
                letters += 1
            } else if let base = latinBase(of: value) {
                key = appending(base, to: key)
                letters += 1
                hasAccent = true
            } else if isCombiningAccent(value) && letters > 0 {
                hasAccent = true
            } else {
                return nil
            }
        }
        guard letters > 0, letters <= longestKey else { return nil }
        return (key, hasAccent)
    }

    private static func build() -> (ascii: [UInt64: Meaning], otherScripts: [String: Meaning], conflicts: [String]) {
        var ascii: [UInt64: Meaning] = [:]
        var otherScripts: [String: Meaning] = [:]
        var conflicts: [String] = []
        func enter(_ word: String, _ meaning: Meaning) {
            let existing: Meaning?
            if let folded = latinKey(word) {
                existing = ascii[folded.key]
            } else {
                existing = otherScripts[lookupForm(word)]
            }
            var merged = meaning
            switch (existing, meaning) {
            case (nil, _):
                break
            case let (existing?, _) where existing == meaning:
                return
            case let (.month(number)?, .weekday), let (.monthOrWeekday(number)?, .weekday):
                merged = .monthOrWeekday(month: number)
            default:
                conflicts.append(word)
                return
            }
            if let folded = latinKey(word) {
                ascii[folded.key] = merged
            } else {
                otherScripts[lookupForm(word)] = merged
            }
        }
        for (_, months) in monthNames {
            for (offset, spellings) in months.enumerated() {
                for word in spellings.split(separator: " ") { enter(String(word), .month(offset + 1)) }
            }
        }
        for (_, words) in weekdayNames {
            for word in words.split(separator: " ") { enter(String(word), .weekday) }
        }
        enter("am", .meridiem(isPM: false))
        enter("pm", .meridiem(isPM: true))
        for word in connectives.split(separator: " ") { enter(String(word), .filler) }
        for (name, seconds) in TimeZoneAbbreviations.offsets {
            enter(name, .zone(seconds: seconds, isUniversal: TimeZoneAbbreviations.universal.contains(name)))
        }
        return (ascii, otherScripts, conflicts)
    }
}
