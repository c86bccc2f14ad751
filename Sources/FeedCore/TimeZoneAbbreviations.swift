// Zone abbreviations feeds print after a time; DateWords.swift enters them in the table of date words.

/// Zone abbreviations that feeds print after a time, with their offsets from UTC.
///
/// Abbreviations are not unique worldwide; where one is shared, the reading most common in
/// English-language feeds wins (CST is US Central, IST is India, BST is British Summer Time).
/// Ones with no dominant reading (AST, ADT, IDT) are left out on purpose, so that they fall
/// back to the assumed zone with `zoneAssumed` set instead of silently picking a side.
enum TimeZoneAbbreviations {
    /// Offsets from UTC in seconds, keyed by lowercase abbreviation.
    static let offsets: [(name: String, seconds: Int)] = [
        // The zones RFC 822 names itself.
        ("ut", 0), ("utc", 0), ("gmt", 0), ("z", 0),
        ("est", -5 * hour), ("edt", -4 * hour),
        ("cst", -6 * hour), ("cdt", -5 * hour),
        ("mst", -7 * hour), ("mdt", -6 * hour),
        ("pst", -8 * hour), ("pdt", -7 * hour),
        // North America beyond RFC 822.
        ("akst", -9 * hour), ("akdt", -8 * hour),
        ("hst", -10 * hour),
        ("nst", -3 * hour - 30 * minute), ("ndt", -2 * hour - 30 * minute),
        // Europe, including the German spellings German-language feeds print.
        ("wet", 0), ("west", 1 * hour), ("wez", 0), ("wesz", 1 * hour),
        ("bst", 1 * hour),
        ("cet", 1 * hour), ("cest", 2 * hour), ("met", 1 * hour), ("mest", 2 * hour),
        ("mez", 1 * hour), ("mesz", 2 * hour),
        ("eet", 2 * hour), ("eest", 3 * hour),
        ("msk", 3 * hour), ("msd", 4 * hour),
        // Africa, South America, Asia, Oceania.
        ("wat", 1 * hour), ("cat", 2 * hour), ("sast", 2 * hour), ("eat", 3 * hour),
        ("brt", -3 * hour), ("art", -3 * hour),
        ("pkt", 5 * hour), ("ist", 5 * hour + 30 * minute),
        ("ict", 7 * hour), ("wib", 7 * hour),
        ("hkt", 8 * hour), ("sgt", 8 * hour), ("pht", 8 * hour), ("awst", 8 * hour),
        ("jst", 9 * hour), ("kst", 9 * hour),
        ("acst", 9 * hour + 30 * minute), ("acdt", 10 * hour + 30 * minute),
        ("aest", 10 * hour), ("aedt", 11 * hour),
        ("nzst", 12 * hour), ("nzdt", 13 * hour),
    ]

    /// The abbreviations that name UTC itself, after which `+2` or `-05:30` adjusts the offset.
    static let universal: Set<String> = ["ut", "utc", "gmt"]

    private static let hour = 3600
    private static let minute = 60
}
