/// The limits and identity every transfer of one `Fetcher` shares.
public struct FetcherConfiguration: Sendable {
    /// Transfers running at once; more wait in the fetcher's queue (their timeouts start when they run).
    public var maxConcurrentTransfers = 64
    /// Transfers running at once against one scheme, host and port (counted on the request's first URL).
    public var maxTransfersPerHost = 6
    /// How long the TCP connect and TLS handshake may take.
    public var connectTimeout: Duration = .seconds(10)
    /// How long one transfer may take in all, redirects included.
    public var totalTimeout: Duration = .seconds(60)
    /// A transfer slower than this many bytes per second for `lowSpeedTime` is abandoned.
    public var lowSpeedLimit = 64
    /// How long a transfer may stay under `lowSpeedLimit`.
    public var lowSpeedTime: Duration = .seconds(20)
    /// The largest body accepted, counted after decompression.
    public var maxBodyBytes = 16 << 20
    /// Redirects followed before giving up.
    public var maxRedirects = 5
    /// The User-Agent header sent with every request.
    public var userAgent = "feedwatch/0.1 (+https://github.com/feedwatch/feedwatch)"
    /// A PEM bundle of extra certificate authorities, trusted alongside the system's CA directory.
    public var caBundlePath: String?

    /// The defaults: 64 transfers, 6 per host, 10 s connect, 60 s total, 16 MiB, 5 redirects.
    public init() {}
}

extension Duration {
    /// Whole milliseconds, rounded up so that a positive duration never becomes 0 (which libcurl reads as "none").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(millis, 0))
    }

    /// Seconds as a Double, for timings and messages.
    var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
