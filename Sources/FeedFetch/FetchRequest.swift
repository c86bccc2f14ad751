/// One HTTP GET the fetcher should make: the URL, the caller's validators and where the URL came from.
public struct FetchRequest: Sendable {
    /// Where a URL came from, which decides which addresses it may reach.
    public enum Origin: Sendable, Equatable {
        /// The operator configured it (a source in the config file): it may reach any address.
        case configured
        /// It was found in fetched content (e.g. an article link inside a feed): it, and every redirect hop
        /// of it, may not reach loopback, private, link-local or unique-local addresses. The check is made on
        /// the address each socket connects to, and again on the connection each request (each hop) goes out
        /// on, reused or not, before it is sent; the first request never reuses a cached connection.
        /// Through a proxy (from http_proxy / https_proxy) the address checked is the proxy's.
        case untrusted
    }

    /// The absolute http or https URL to fetch.
    public var url: String
    /// The ETag from the last 200, sent as `If-None-Match`.
    public var etag: String?
    /// The Last-Modified value from the last 200, sent verbatim as `If-Modified-Since`.
    public var lastModified: String?
    /// Extra request headers (e.g. an API key a source needs).
    public var headers: [HTTPHeader]
    /// Where the URL came from; `.untrusted` turns the address policy on.
    public var origin: Origin
    /// Lets an `.untrusted` request reach non-public addresses anyway (the caller's explicit decision).
    public var allowsPrivateAddresses: Bool
    /// A tighter body-size limit than the fetcher's, in decoded bytes.
    public var maxBodyBytes: Int?
    /// Test seam: endpoints ("127.0.0.1:8080") the address policy treats as public, so that a test without
    /// the internet can play a public host on loopback. Internal: only this module and its `@testable` tests
    /// can set it; every real request leaves it empty.
    var endpointsTreatedAsPublic: Set<String> = []

    /// A request for `url`, with optional validators for a conditional GET.
    public init(
        url: String,
        etag: String? = nil,
        lastModified: String? = nil,
        headers: [HTTPHeader] = [],
        origin: Origin = .configured,
        allowsPrivateAddresses: Bool = false,
        maxBodyBytes: Int? = nil
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.headers = headers
        self.origin = origin
        self.allowsPrivateAddresses = allowsPrivateAddresses
        self.maxBodyBytes = maxBodyBytes
    }

    /// Whether connections must be checked against the address policy.
    var restrictsAddresses: Bool { origin == .untrusted && !allowsPrivateAddresses }
}

/// One HTTP header field as sent or received.
public struct HTTPHeader: Sendable, Equatable, CustomStringConvertible {
    /// The field name as it appeared on the wire.
    public var name: String
    /// The field value with surrounding white space removed.
    public var value: String

    /// A header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): \(value)" }
}

extension [HTTPHeader] {
    /// The value of the last field named `name` (compared case-insensitively), as HTTP resolves repeats.
    public func value(for name: String) -> String? {
        last { $0.name.caseInsensitiveEquals(name) }?.value
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        // Field names are ASCII tokens: folding A-Z is all that case-insensitivity needs here.
        // Compared in place where both strings hold their UTF-8 (as native ones do): a poll looks two names up
        // among its response's headers, and stepping a view a byte at a time cost more than the look-up.
        let inPlace = a.withContiguousStorageIfAvailable { left in
            b.withContiguousStorageIfAvailable { right in
                left.indices.allSatisfy { left[$0].asciiLowercased == right[$0].asciiLowercased }
            }
        }
        return (inPlace ?? nil) ?? zip(a, b).allSatisfy { $0.asciiLowercased == $1.asciiLowercased }
    }
}
