import Foundation

/// A request's URL, checked before it is queued, and the key its per-host limit is counted under.
struct TransferTarget: Sendable {
    /// "scheme://host:port", lower-cased: transfers with the same key share the per-host limit.
    let hostKey: String

    /// Refuses anything but an absolute http or https URL with a host, before libcurl sees it.
    /// A byte-level split of "scheme://[userinfo@]host[:port]", and an ASCII host lower-cased as bytes: it runs
    /// once per fetch, and libcurl does the full parse (and enforces the scheme again) itself.
    init(validating request: FetchRequest) throws(FetchError) {
        let url = request.url.utf8
        guard let colon = url.firstIndex(of: UInt8(ascii: ":")) else {
            throw FetchError(url: request.url, reason: .invalidRequest("not an absolute URL"))
        }
        let scheme = String(decoding: url[..<colon], as: UTF8.self).lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw FetchError(url: request.url, reason: .protocolRefused(scheme: scheme, onRedirect: false))
        }
        let rest = url[url.index(after: colon)...]
        guard rest.starts(with: "//".utf8) else {
            throw FetchError(url: request.url, reason: .invalidRequest("not an absolute URL"))
        }
        var authority = rest.dropFirst(2).prefix {
            $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
        }
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) { authority = authority[authority.index(after: at)...] }
        // The port follows the last colon, unless that colon is inside an IPv6 literal's brackets.
        var host = authority
        var port = scheme == "https" ? 443 : 80
        if let portColon = authority.lastIndex(of: UInt8(ascii: ":")), authority.last != UInt8(ascii: "]") {
            host = authority[..<portColon]
            guard let explicit = Int(String(decoding: authority[authority.index(after: portColon)...], as: UTF8.self)),
                (1...65535).contains(explicit)
            else {
                throw FetchError(url: request.url, reason: .invalidRequest("the port is not a number from 1 to 65535"))
            }
            port = explicit
        }
        guard !host.isEmpty, !host.contains(where: { $0 <= 0x20 || $0 == 0x7f }) else {
            throw FetchError(url: request.url, reason: .invalidRequest("the URL has no host, or spaces in it"))
        }
        var key = Array(scheme.utf8) + Array("://".utf8)
        if host.allSatisfy({ $0 < 0x80 }) {
            key += host.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 0x20 : $0 }
        } else {
            key += String(decoding: host, as: UTF8.self).lowercased().utf8
        }
        key.append(UInt8(ascii: ":"))
        key += String(port).utf8
        hostKey = String(decoding: key, as: UTF8.self)
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
