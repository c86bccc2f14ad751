import Foundation
import Testing
@testable import FeedCore

/// 2022-04-05T16:48:00Z: most cases below spell this one instant in a different way.
private let reference = 1_649_177_280.0
private let hour = 3_600.0
private let minute = 60.0
/// 2022-04-05T00:00:00Z, for forms that carry no time.
private let referenceMidnight = 1_649_116_800.0

private func stated(_ seconds: Double) -> FeedDate {
    FeedDate(instant: Date(timeIntervalSince1970: seconds), zoneAssumed: false)
}

private func assumed(_ seconds: Double) -> FeedDate {
    FeedDate(instant: Date(timeIntervalSince1970: seconds), zoneAssumed: true)
}

private func romeParser() throws -> DateParser {
    DateParser(assumedTimeZone: try #require(TimeZone(identifier: "Europe/Rome")))
}

struct DateParserTests {
    static let rfc822Stated: [(String, Double)] = [
        ("Tue, 05 Apr 2022 16:48:00 GMT", reference),
        ("Tue, 05 Apr 2022 16:48:00 UT", reference),
        ("Tue, 05 Apr 2022 16:48:00 UTC", reference),
        ("Tue, 05 Apr 2022 16:48:00 Z", reference),
        ("Tue, 05 Apr 2022 16:48:00 +0000", reference),
        ("Tue, 05 Apr 2022 16:48:00 -0000", reference),
        ("Tue, 05 Apr 2022 16:48:00 +0200", reference - 2 * hour),
        ("Tue, 05 Apr 2022 16:48:00 +02:00", reference - 2 * hour),
        ("Tue, 05 Apr 2022 16:48:00 +02", reference - 2 * hour),
        ("Tue, 05 Apr 2022 16:48:00 -0430", reference + 4 * hour + 30 * minute),
        ("Tue, 05 Apr 2022 16:48 +0200", reference - 2 * hour),
        ("Tue, 5 Apr 2022 16:48:00 GMT", reference),
        ("05 Apr 2022 16:48:00 GMT", reference),
        ("Fri, 05 Apr 2022 16:48:00 GMT", reference),
        ("Tuesday, 05 April 2022 16:48:00 GMT", reference),
        ("tue, 05 apr 2022 16:48:00 gmt", reference),
        ("TUE, 05 APR 2022 16:48:00 GMT", reference),
        ("Tue,  05  Apr  2022   16:48:00  GMT", reference),
        ("Tue,05 Apr 2022 16:48:00 GMT", reference),
        ("Tue, 05 Apr, 2022, 16:48:00, GMT", reference),
        (" \tTue, 05 Apr 2022 16:48:00 GMT\n", reference),
        ("Tue, Apr 05 2022 16:48:00 GMT", reference),
        ("Tue, 05 Apr 2022 16:48:00 +0000 (UTC)", reference),
        ("Tue, 05 Apr 2022 16:48:00 -0400 (EDT)", reference + 4 * hour),
        ("Tue Apr 05 2022 16:48:00 GMT+0200 (Central European Summer Time)", reference - 2 * hour),
        ("Tue, 5 Apr 2022 16:48:00 +0200 GMT", reference - 2 * hour),
        ("Tue, 05 Apr 2022 16:48:00 GMT+2", reference - 2 * hour),
        ("Tue, 05 Apr 2022 16:48:00 UTC-5", reference + 5 * hour),
        ("Tue, 05 Apr 2022 16:48:00 UTC+5:30", reference - 5 * hour - 30 * minute),
        // A number is what the software wrote; it wins over a name that disagrees with it.
        ("Tue, 05 Apr 2022 16:48:00 EST -0400", reference + 4 * hour),
        ("Tuesday, 05-Apr-22 16:48:00 GMT", reference),
        ("Tue Apr 05 16:48:00 CEST 2022", reference - 2 * hour),
        ("5 April 2022 16:48 CEST", reference - 2 * hour),
        ("Tue, 05 Apr 2022 16:48:00\u{00A0}GMT", reference),
    ]

    static let namedZones: [(String, Double)] = [
        ("EST", -5.0), ("EDT", -4), ("CST", -6), ("CDT", -5), ("MST", -7), ("MDT", -6), ("PST", -8), ("PDT", -7),
        ("CET", 1), ("CEST", 2), ("EET", 2), ("EEST", 3), ("WET", 0), ("WEST", 1), ("BST", 1),
        ("MSK", 3), ("MSD", 4), ("JST", 9), ("KST", 9), ("HKT", 8), ("SGT", 8),
        ("AEST", 10), ("AEDT", 11), ("ACST", 9.5), ("AWST", 8), ("NZST", 12), ("NZDT", 13), ("IST", 5.5),
    ]

    static let twoDigitYears: [(String, Double)] = [
        ("05 Apr 22 16:48:00 GMT", reference),
        ("01 Jan 00 00:00:00 GMT", 946_684_800.0),  // 2000-01-01
        ("31 Dec 49 00:00:00 GMT", 2_524_521_600.0),  // 2049-12-31
        ("01 Jan 50 00:00:00 GMT", -631_152_000.0),  // 1950-01-01
        ("Wed, 05 Apr 95 16:48:00 GMT", 797_100_480.0),  // 1995-04-05
    ]

    static let zonelessCases: [(String, Double)] = [
        ("Apr 5, 2022 4:48 PM", reference),
        ("Apr 5, 2022 4:48PM", reference),
        ("April 5, 2022 4:48 p.m.", reference),
        ("April 5th, 2022 at 4:48 PM", reference),
        ("Apr 5, 2022 12:05 AM", referenceMidnight + 5 * minute),
        ("Apr 5, 2022 12:05 PM", referenceMidnight + 12 * hour + 5 * minute),
        ("Tuesday, April 5, 2022 - 16:48", reference),
        ("Tue Apr  5 16:48:00 2022", reference),
        ("2022/04/05 16:48", reference),
        ("2022-04-05 16:48:00", reference),
        ("2022-04-05T16:48:00", reference),
        ("2022-04-05T16:48", reference),
        // Military letters carry no usable offset (RFC 2822 section 4.3), nor do abbreviations we do not know.
        ("Tue, 05 Apr 2022 16:48:00 M", reference),
        ("Tue, 05 Apr 2022 16:48:00 ADT", reference),
        ("05 Apr 2022", referenceMidnight),
        ("Apr 5 2022", referenceMidnight),
        ("2022-04-05", referenceMidnight),
        ("2022-095", referenceMidnight),
        ("2022-04", 1_648_771_200.0),  // 2022-04-01
    ]

    static let isoStated: [(String, Double)] = [
        ("2022-04-05T16:48:00Z", reference),
        ("2022-04-05t16:48:00z", reference),
        ("2022-04-05T16:48Z", reference),
        ("2022-04-05T16:48:00+02:00", reference - 2 * hour),
        ("2022-04-05T16:48:00-05:00", reference + 5 * hour),
        ("2022-04-05T16:48:00+0200", reference - 2 * hour),
        ("2022-04-05T16:48:00+02", reference - 2 * hour),
        ("2022-04-05 16:48:00Z", reference),
        ("2022-04-05 16:48:00 UTC", reference),
        ("2022-04-05 16:48:00 +0200", reference - 2 * hour),
        ("2022-04-05T16:48:00+02:00[Europe/Rome]", reference - 2 * hour),
        ("20220405T164800Z", reference),
        ("20220405T1648+0200", reference - 2 * hour),
        ("2022-04-05-06:00", referenceMidnight + 6 * hour),
        ("2022-04-05T24:00:00Z", referenceMidnight + 24 * hour),
        ("2016-12-31T23:59:60Z", 1_483_228_799.0),  // the leap second clamps to 23:59:59
        ("2024-02-29T12:00:00Z", 1_709_208_000.0),
        ("1649177280", reference),
    ]

    static let fractions: [(String, Double)] = [
        ("2022-04-05T16:48:00.5Z", 0.5),
        ("2022-04-05T16:48:00,25Z", 0.25),
        ("2022-04-05T16:48:00.123Z", 0.123),
        ("2022-04-05T16:48:00.123456789Z", 0.123_456_789),
        ("2022-04-05T16:48:00.1234567891234Z", 0.123_456_789),
        ("20220405T164800.750Z", 0.75),
    ]

    static let unreadableTexts: [String] = [
        "", "   ", "hello", "Tuesday", "2022", "12345", "16:48", "Apr 2022",
        // Numeric day/month orders cannot be told apart, so none is guessed.
        "05/04/2022", "04/05/2022", "25/04/2022", "05.04.2022", "05-04-2022", "22-04-05",
        "2022-13-01", "2022-00-10", "2022-04-00", "2022-04-31", "2022-02-29", "2022-366", "0999-04-05", "10000-04-05",
        "0000-00-00 00:00:00", "2022/04", "2022-04T16:48", "20220405",
        "2022-04-05T25:00:00Z", "2022-04-05T24:01:00Z", "2022-04-05T16:60:00Z", "2022-04-05T16:48:61Z",
        "2022-04-05T16:48:00+2500", "2022-04-05T16:48:00+02:60", "2022-04-05 16:48:00 +5",
        "Tue, 32 Apr 2022 16:48:00 GMT", "Tue, 05 Foo 2022 16:48:00 GMT", "Tue, 05 Apr 2022 16:48:00 garbage",
        "Tue, 05 Apr 2022 16:48:00 +0200 +0300", "Tue, 05 Apr 2022 16:48:00 GMT CEST",
        "Tue, 05 Apr 2022 16:48:00 J", "Tue, 05 Apr 2022 4:48:00 P", "2022-04-05T16:48:00Zjunk",
        "Apr 5, 2022 13:00 PM", "Apr 5, 2022 0:30 AM", "Apr 5, 2022 PM", "5 Apr Apr 2022", "Apr 5 2022 16:48 2023",
        "0649177280", "16491772800", "Tue, 05 Apr 2022 16:48:00 GMT" + String(repeating: " ", count: 300),
    ]

    static let romeCases: [(String, Double)] = [
        ("2022-01-15 12:00:00", 1_642_244_400.0),  // winter, CET: 11:00Z
        ("2022-07-15 12:00:00", 1_657_879_200.0),  // summer, CEST: 10:00Z
        ("Apr 5, 2022 4:48 PM", reference - 2 * hour),
        ("2022-04-05", referenceMidnight - 2 * hour),
        ("Tue, 05 Apr 2022 16:48:00 M", reference - 2 * hour),
        ("2022-03-27 01:59", 1_648_342_740.0),  // 00:59Z, just before clocks spring forward
        ("2022-03-27 02:30", 1_648_344_600.0),  // skipped by the change: read as 03:30 CEST, 01:30Z
        ("2022-03-27 03:30", 1_648_344_600.0),
        ("2022-10-30 02:30", 1_667_089_800.0),  // repeated by the change: first occurrence, 00:30Z
        ("2022-10-30 03:30", 1_667_097_000.0),  // 02:30Z, after clocks fall back
    ]

    @Test("RFC 822/1123/2822 with a stated zone", arguments: rfc822Stated)
    func rfc822WithStatedZone(text: String, seconds: Double) {
        #expect(DateParser().parse(text) == stated(seconds))
    }

    @Test("Named zones", arguments: namedZones)
    func namedZone(abbreviation: String, offsetHours: Double) {
        let date = DateParser().parse("Tue, 05 Apr 2022 16:48:00 \(abbreviation)")
        #expect(date == stated(reference - offsetHours * hour))
    }

    @Test("RFC 2822 two-digit years: 00-49 are 20xx, 50-99 are 19xx", arguments: twoDigitYears)
    func twoDigitYear(text: String, seconds: Double) {
        #expect(DateParser().parse(text) == stated(seconds))
    }

    @Test("Times with no zone take the assumed one", arguments: zonelessCases)
    func zoneless(text: String, seconds: Double) {
        #expect(DateParser().parse(text) == assumed(seconds))
    }

    @Test("RFC 3339, ISO 8601 and W3CDTF with a stated zone", arguments: isoStated)
    func iso8601WithStatedZone(text: String, seconds: Double) {
        #expect(DateParser().parse(text) == stated(seconds))
    }

    @Test("Fractional seconds of any length", arguments: fractions)
    func fractionalSeconds(text: String, fraction: Double) throws {
        let date = try #require(DateParser().parse(text))
        // A Double near 1.6e9 only resolves about 0.24 microseconds.
        #expect(abs(date.instant.timeIntervalSince1970 - (reference + fraction)) < 1e-6)
        #expect(date.zoneAssumed == false)
    }

    @Test("Not a date we can read with confidence", arguments: unreadableTexts)
    func unreadable(text: String) {
        #expect(DateParser().parse(text) == nil)
    }

    @Test("Europe/Rome as the assumed zone", arguments: romeCases)
    func romeAssumed(text: String, seconds: Double) throws {
        #expect(try romeParser().parse(text) == assumed(seconds))
    }

    @Test func statedZoneIgnoresAssumedZone() throws {
        let rome = try romeParser()
        #expect(rome.parse("2022-04-05T16:48:00Z") == stated(reference))
        #expect(rome.parse("Tue, 05 Apr 2022 16:48:00 -0500") == stated(reference + 5 * hour))
    }

    @Test func fixedOffsetAssumedZone() throws {
        let parser = DateParser(assumedTimeZone: try #require(TimeZone(secondsFromGMT: -3 * 3_600)))
        #expect(parser.parse("2022-04-05 16:48") == assumed(reference + 3 * hour))
    }

    @Test func bytesMatchString() {
        let text = "Tue, 05 Apr 2022 16:48:00 +0200"
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { DateParser().parse(utf8: $0) }
        #expect(fromBytes == stated(reference - 2 * hour))
    }

    @Test func daysFromCivilMatchesKnownDates() {
        #expect(DateScanner.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(DateScanner.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(DateScanner.daysFromCivil(year: 1000, month: 1, day: 1) == -354_285)
        #expect(DateScanner.daysFromCivil(year: 9999, month: 12, day: 31) == 2_932_896)
    }
}
