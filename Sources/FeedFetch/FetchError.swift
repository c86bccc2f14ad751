/// Why a fetch failed, with the URL, worded so that an operator knows what to check.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL the caller asked for.
    public let url: String
    /// What went wrong, for code that decides what to do next.
    public let reason: Reason

    /// The stage a timed-out transfer had reached.
    public enum Phase: String, Sendable {
        case connecting = "connecting"
        case tlsHandshake = "in the TLS handshake"
        case waitingForResponse = "waiting for the response"
        case receiving = "receiving"
    }

    /// The failure, pattern-matchable; `description` words it for people.
    public enum Reason: Sendable, Equatable {
        /// The URL does not parse, or a header contains a line break.
        case invalidRequest(String)
        /// A scheme other than http or https, on the request or on a redirect hop.
        case protocolRefused(scheme: String, onRedirect: Bool)
        /// The host name did not resolve.
        case dnsFailure(host: String)
        /// Nothing listens on the port (TCP RST).
        case connectionRefused(host: String, port: Int)
        /// The connection could not be made for another reason (unreachable network, …).
        case couldNotConnect(detail: String)
        /// An untrusted request tried to reach a non-public address.
        case addressRefused(address: String)
        /// The total time limit or the connect time limit ran out.
        case timedOut(phase: Phase, seconds: Double, bytesRead: Int)
        /// The server sent less than the low-speed limit for the low-speed time.
        case tooSlow(phase: Phase, bytesPerSecond: Int, seconds: Int, bytesRead: Int)
        /// TLS handshake or certificate verification failed.
        case tls(detail: String)
        /// The decoded body passed the limit; the transfer was stopped there.
        case bodyTooLarge(limit: Int)
        /// More redirects than allowed (a loop, usually).
        case tooManyRedirects(limit: Int)
        /// The connection broke or closed early.
        case connectionLost(detail: String, bytesRead: Int)
        /// The body claims a Content-Encoding but does not decode.
        case badContentEncoding(detail: String)
        /// The server's reply is not valid HTTP.
        case protocolError(detail: String)
        /// The fetcher was shut down before the transfer finished.
        case shutDown
        /// Any other libcurl failure, with its code and message.
        case libcurl(code: Int, detail: String)
    }

    /// An error for `url`.
    public init(url: String, reason: Reason) {
        self.url = url
        self.reason = reason
    }

    public var description: String { "\(url): \(reason)" }
}

extension FetchError.Reason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidRequest(let detail):
            return "invalid request: \(detail)"
        case .protocolRefused(let scheme, let onRedirect):
            let what = onRedirect ? "redirect to a \(scheme): URL" : "\(scheme): URL"
            return "\(what) refused: only http and https are fetched"
        case .dnsFailure(let host):
            return "host name \(host) did not resolve: check the spelling and the machine's DNS"
        case .connectionRefused(let host, let port):
            return "connection refused by \(host) port \(port): is the server running, and is the port right?"
        case .couldNotConnect(let detail):
            return "could not connect: \(detail)"
        case .addressRefused(let address):
            return "refused to connect to \(address): links found in feeds may only reach public addresses"
        case .timedOut(let phase, let seconds, let bytesRead):
            return "timed out after \(formatSeconds(seconds)) while \(phase.rawValue), \(formatBytes(bytesRead)) read"
        case .tooSlow(let phase, let bytesPerSecond, let seconds, let bytesRead):
            return "too slow while \(phase.rawValue): under \(bytesPerSecond) B/s for \(seconds) s, "
                + "\(formatBytes(bytesRead)) read"
        case .tls(let detail):
            return "TLS failed: \(detail); check the server's certificate and name, or add its CA (ca_bundle)"
        case .bodyTooLarge(let limit):
            return "body larger than the \(formatBytes(limit)) limit (counted decompressed); stopped there"
        case .tooManyRedirects(let limit):
            return "more than \(limit) redirects (a redirect loop?)"
        case .connectionLost(let detail, let bytesRead):
            return "connection lost: \(detail), \(formatBytes(bytesRead)) read"
        case .badContentEncoding(let detail):
            return "body does not decode as its Content-Encoding says: \(detail)"
        case .protocolError(let detail):
            return "the server's reply is not valid HTTP: \(detail)"
        case .shutDown:
            return "the fetcher shut down before the transfer finished"
        case .libcurl(let code, let detail):
            return "libcurl error \(code): \(detail)"
        }
    }
}

/// "512 KiB", "3 B", "1.5 MiB": sizes as people read them.
func formatBytes(_ count: Int) -> String {
    if count < 1024 { return "\(count) B" }
    let units = ["KiB", "MiB", "GiB"]
    var value = Double(count) / 1024
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    let rounded = (value * 10).rounded() / 10
    let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    return "\(text) \(units[unit])"
}

/// "30 s", "2.5 s".
func formatSeconds(_ seconds: Double) -> String {
    let rounded = (seconds * 10).rounded() / 10
    return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
}
