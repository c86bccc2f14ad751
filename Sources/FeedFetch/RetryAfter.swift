internal import CCurl
public import Foundation

/// A parsed `Retry-After` header: a delay in seconds or an HTTP-date (RFC 9110 §10.2.3).
public enum RetryAfter: Sendable, Equatable {
    /// `Retry-After: 120`.
    case seconds(Int)
    /// `Retry-After: Fri, 31 Dec 1999 23:59:59 GMT`.
    case date(Date)

    /// Parses a header value; nil when it is neither a non-negative integer nor an HTTP-date.
    public init?(headerValue: String) {
        let value = headerValue.trimmingCharacters(in: .whitespaces)
        if !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // A huge number means "much later", not a parse failure: clamp instead of rejecting.
            self = .seconds(Int(value) ?? Int.max)
            return
        }
        // curl_getdate is libcurl's own HTTP-date parser (IMF-fixdate, RFC 850 and asctime forms).
        let seconds = curl_getdate(value, nil)
        guard seconds != -1 else { return nil }
        self = .date(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// How long to wait from `now`; a date in the past means no wait.
    public func delay(from now: Date) -> TimeInterval {
        switch self {
        case .seconds(let seconds): return TimeInterval(seconds)
        case .date(let date): return max(0, date.timeIntervalSince(now))
        }
    }
}
