import Foundation

/// A request's URL, checked before it is queued, and the key its per-host limit is counted under.
struct TransferTarget: Sendable {
    /// "scheme://host:port", lower-cased: transfers with the same key share the per-host limit.
    let hostKey: String

    /// Refuses anything but an absolute http or https URL with a host, before libcurl sees it.
    /// A byte-level split of "scheme://[userinfo@]host[:port]", and an ASCII host lower-cased as bytes: it runs
    /// once per fetch, and libcurl does the full parse (and enforces the scheme again) itself.
    init(validating request: FetchRequest) throws(FetchError) {
        var url = request.url
        switch url.withUTF8(Self.hostKey) {
        case .key(let key): hostKey = String(decoding: key, as: UTF8.self)
        case .refused(let reason): throw FetchError(url: request.url, reason: reason)
        }
    }

    private enum Parsed {
        case key([UInt8])
        case refused(FetchError.Reason)
    }

    /// The host key of `url`'s bytes, or why it is refused.
    private static func hostKey(_ url: UnsafeBufferPointer<UInt8>) -> Parsed {
        guard let colon = url.firstIndex(of: UInt8(ascii: ":")) else {
            return .refused(.invalidRequest("not an absolute URL"))
        }
        let scheme = url[..<colon].map(\.asciiLowercased)
        guard scheme.elementsEqual("http".utf8) || scheme.elementsEqual("https".utf8) else {
            return .refused(.protocolRefused(scheme: String(decoding: scheme, as: UTF8.self), onRedirect: false))
        }
        let rest = url[(colon + 1)...]
        guard rest.starts(with: "//".utf8) else { return .refused(.invalidRequest("not an absolute URL")) }
        var authority = rest.dropFirst(2).prefix {
            $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
        }
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) { authority = authority[(at + 1)...] }
        // The port follows the last colon, unless that colon is inside an IPv6 literal's brackets.
        var host = authority
        var port = scheme.count == 5 ? 443 : 80
        if let portColon = authority.lastIndex(of: UInt8(ascii: ":")), authority.last != UInt8(ascii: "]") {
            host = authority[..<portColon]
            let digits = authority[(portColon + 1)...]
            guard (1...5).contains(digits.count),
                digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                case let explicit = digits.reduce(0, { $0 * 10 + Int($1 - UInt8(ascii: "0")) }),
                (1...65535).contains(explicit)
            else {
                return .refused(.invalidRequest("the port is not a number from 1 to 65535"))
            }
            port = explicit
        }
        guard !host.isEmpty, !host.contains(where: { $0 <= 0x20 || $0 == 0x7f }) else {
            return .refused(.invalidRequest("the URL has no host, or spaces in it"))
        }
        var key = scheme
        key.reserveCapacity(scheme.count + host.count + 9)
        key += "://".utf8
        if host.allSatisfy({ $0 < 0x80 }) {
            key += host.lazy.map(\.asciiLowercased)
        } else {
            key += String(decoding: host, as: UTF8.self).lowercased().utf8
        }
        key.append(UInt8(ascii: ":"))
        key += String(port).utf8
        return .key(key)
    }

    /// The host part of a URL, for messages.
    static func host(of url: String) -> String? {
        URLComponents(string: url)?.host
    }

    /// The port a URL connects to, explicit or implied by its scheme.
    static func port(of url: String) -> Int? {
        guard let components = URLComponents(string: url) else { return nil }
        return components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
    }
}
