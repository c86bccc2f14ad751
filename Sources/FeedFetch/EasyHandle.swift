internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// One transfer's libcurl easy handle, with the request header list and everything its callbacks collect.
///
/// Not Sendable: it is created, driven and freed on the fetcher's transfer thread only. The callbacks
/// receive `Unmanaged.passUnretained(self)`: libcurl calls them only from inside `curl_multi_perform` on
/// that thread while the handle is added to the multi handle, and the transfer loop keeps this object in
/// its table of running transfers for exactly that time, so the pointer is always to a live object.
final class EasyHandle {
    private let curl: CurlEasy
    private var released = false
    let request: FetchRequest
    private let maxBodyBytes: Int
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes its own message for the last failure here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private(set) var body: [UInt8] = []
    /// Set by the write callback when the decoded body would pass the limit.
    private(set) var bodyLimitExceeded = false
    /// Header fields of the latest response (each new status line starts a new set).
    private(set) var responseHeaders: [HTTPHeader] = []
    /// Status of each final (non-1xx) response, in order: every one but the last is a redirect.
    private(set) var statuses: [Int] = []
    private(set) var httpVersion = ""
    /// Set by the open-socket or pre-request callback when the address policy refused a connection.
    private(set) var refusedAddress: String?

    /// The transfer of `request` on `curl`, a handle with no option set (new, or released by its last transfer).
    init(request: FetchRequest, maxBodyBytes: Int, on curl: CurlEasy) {
        self.curl = curl
        self.request = request
        self.maxBodyBytes = maxBodyBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        // libcurl must forget the header list, the error buffer and the callbacks' pointer to self before they go.
        if !released { curl.reset() }
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// The libcurl handle.
    var raw: UnsafeMutableRawPointer { curl.raw }

    /// Clears the handle's options and gives it back for another transfer; call once the transfer is out of
    /// the multi handle and its result read.
    func release() -> CurlEasy {
        precondition(!released, "an easy handle released twice")
        curl.reset()
        released = true
        return curl
    }

    /// libcurl's message for the last failure, or "" when it wrote none.
    var errorMessage: String { String(cString: errorBuffer) }

    /// Sets every option of the transfer. An option the linked libcurl lacks is a thrown error, not a crash.
    func configure(_ configuration: FetcherConfiguration) throws(FetchError) {
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_NOSIGNAL, 1, "NOSIGNAL")  // libcurl must never touch signal handlers in a daemon
        try set(CURLOPT_URL, request.url, "URL")
        try set(CURLOPT_PROTOCOLS_STR, "http,https", "PROTOCOLS_STR (libcurl 7.85 or later)")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https", "REDIR_PROTOCOLS_STR (libcurl 7.85 or later)")
        try set(CURLOPT_FOLLOWLOCATION, 1, "FOLLOWLOCATION")
        try set(CURLOPT_MAXREDIRS, configuration.maxRedirects, "MAXREDIRS")
        try set(CURLOPT_ACCEPT_ENCODING, "", "ACCEPT_ENCODING")  // "": every encoding this libcurl decodes
        try set(CURLOPT_HTTP_VERSION, feedwatch_http_version_2tls, "HTTP_VERSION")
        if request.url.prefix(6).lowercased() == "https:" {
            // Transfers started together to one https host wait for the first connection's TLS handshake
            // (ALPN) instead of each opening its own: with h2 they become streams on that one connection,
            // without it they open theirs a handshake later. Only https: 2TLS never gives plain http h2, and
            // there libcurl would hold the waiting transfers until the first one has finished.
            try set(CURLOPT_PIPEWAIT, 1, "PIPEWAIT")
        }
        try set(CURLOPT_SSL_VERIFYPEER, 1, "SSL_VERIFYPEER")
        try set(CURLOPT_SSL_VERIFYHOST, 2, "SSL_VERIFYHOST")
        if let bundle = configuration.caBundlePath { try set(CURLOPT_CAINFO, bundle, "CAINFO") }
        try set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds, "CONNECTTIMEOUT_MS")
        try set(CURLOPT_TIMEOUT_MS, configuration.totalTimeout.curlMilliseconds, "TIMEOUT_MS")
        try set(CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedLimit, "LOW_SPEED_LIMIT")
        try set(CURLOPT_LOW_SPEED_TIME, Int(configuration.lowSpeedTime.components.seconds), "LOW_SPEED_TIME")
        // Refuses early when Content-Length already says too much; the write callback enforces the real
        // (decoded) limit, which libcurl 7.88 does not check mid-transfer or after decompression.
        let sizeCode = feedwatch_easy_setopt_offset(raw, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxBodyBytes))
        try check(sizeCode, "MAXFILESIZE_LARGE")
        try set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1, "SUPPRESS_CONNECT_HEADERS")
        // libcurl's default 16 KiB receive buffer takes two or three reads and write callbacks for a typical
        // 25-50 KB feed; 64 KiB takes one (the curl tool itself uses 100 KiB).
        try set(CURLOPT_BUFFERSIZE, 64 << 10, "BUFFERSIZE")
        try check(feedwatch_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER")

        try setRequestHeaders(userAgent: configuration.userAgent)

        try check(feedwatch_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, userdata), "WRITEDATA")
        let writeCode = feedwatch_easy_setopt_write_function(raw, CURLOPT_WRITEFUNCTION) {
            data,
            size,
            count,
            userdata in
            let handle = Unmanaged<EasyHandle>.fromOpaque(userdata!).takeUnretainedValue()
            return handle.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        try check(writeCode, "WRITEFUNCTION")
        try check(feedwatch_easy_setopt_pointer(raw, CURLOPT_HEADERDATA, userdata), "HEADERDATA")
        let headerCode = feedwatch_easy_setopt_write_function(raw, CURLOPT_HEADERFUNCTION) {
            data,
            size,
            count,
            userdata in
            let handle = Unmanaged<EasyHandle>.fromOpaque(userdata!).takeUnretainedValue()
            return handle.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        try check(headerCode, "HEADERFUNCTION")

        if request.restrictsAddresses {
            try check(feedwatch_easy_setopt_pointer(raw, CURLOPT_OPENSOCKETDATA, userdata), "OPENSOCKETDATA")
            let socketCode = feedwatch_easy_setopt_opensocket_function(raw) { userdata, _, address in
                let handle = Unmanaged<EasyHandle>.fromOpaque(userdata!).takeUnretainedValue()
                return handle.openSocket(address!)
            }
            try check(socketCode, "OPENSOCKETFUNCTION")
            // A cached connection was opened without that check (by a trusted request to the same host name):
            // the first request opens a fresh one, through the open-socket callback.
            try set(CURLOPT_FRESH_CONNECT, 1, "FRESH_CONNECT")
            // libcurl ignores FRESH_CONNECT on redirect hops, which may reuse any cached connection: the
            // pre-request callback checks the address of the connection every request goes out on, reused or
            // not, before anything is sent.
            try check(feedwatch_easy_setopt_pointer(raw, CURLOPT_PREREQDATA, userdata), "PREREQDATA")
            let prereqCode = feedwatch_easy_setopt_prereq_function(raw) { userdata, primaryIP, _, primaryPort, _ in
                let handle = Unmanaged<EasyHandle>.fromOpaque(userdata!).takeUnretainedValue()
                return handle.checkConnection(primaryIP.map { String(cString: $0) } ?? "", port: Int(primaryPort))
            }
            try check(prereqCode, "PREREQFUNCTION (libcurl 7.80 or later)")
        }
    }

    /// The User-Agent goes in as a header line, not as CURLOPT_USERAGENT: libcurl 7.88 formats each option-made
    /// header a character at a time, twice, and request headers were a third of its work on a transfer. A
    /// User-Agent among the source's own headers replaces it.
    private func setRequestHeaders(userAgent: String) throws(FetchError) {
        for header in request.headers { try appendHeader(header.name, header.value) }
        if request.headers.value(for: "User-Agent") == nil { try appendHeader("User-Agent", userAgent) }
        if let etag = request.etag { try appendHeader("If-None-Match", etag) }
        if let date = request.lastModified { try appendHeader("If-Modified-Since", date) }
        try check(feedwatch_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER")
    }

    /// Appends `name: value` to the header list, built as the C string libcurl copies: every request sends one
    /// to three.
    private func appendHeader(_ name: String, _ value: String) throws(FetchError) {
        var line: [UInt8] = []
        line.reserveCapacity(name.utf8.count + value.utf8.count + 3)
        line.append(contentsOf: name.utf8)
        line.append(contentsOf: ": ".utf8)
        line.append(contentsOf: value.utf8)
        if line.contains(where: { $0 == 0x0d || $0 == 0x0a || $0 == 0 }) {
            // A line break inside a value would let a config value or stored ETag inject headers.
            let text = "\(name): \(value)"
            throw FetchError(
                url: request.url,
                reason: .invalidRequest("header contains a line break: \(text.debugDescription)")
            )
        }
        line.append(0)
        let appended = line.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { curl_slist_append(headerList, $0.baseAddress) }
        }
        guard let list = appended else {
            throw FetchError(
                url: request.url,
                reason: .libcurl(code: Int(CURLE_OUT_OF_MEMORY.rawValue), detail: "out of memory")
            )
        }
        headerList = list
    }

    // MARK: Callbacks (transfer thread, inside curl_multi_perform)

    /// Appends decoded body bytes; returning a short count makes libcurl stop with CURLE_WRITE_ERROR.
    private func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        if body.capacity == 0 { reserveBody() }
        guard body.count + chunk.count <= maxBodyBytes else {
            bodyLimitExceeded = true
            return 0
        }
        body.append(contentsOf: chunk)
        return chunk.count
    }

    /// Sizes the body buffer once from Content-Length, instead of growing it by doubling (a copy each time).
    private func reserveBody() {
        guard let length = responseHeaders.value(for: "Content-Length").flatMap({ Int($0) }), length > 0 else { return }
        // Encoded bodies decode to more (4x is typical of gzip on feeds). Capped, so that a lying
        // Content-Length cannot make every transfer reserve the whole limit.
        let encoded = responseHeaders.value(for: "Content-Encoding") != nil
        let guess = encoded ? (length > Int.max / 4 ? Int.max : length * 4) : length
        body.reserveCapacity(Swift.min(guess, maxBodyBytes, 4 << 20))
    }

    /// Collects one header line (libcurl passes exactly one, CRLF included) of any response in the chain.
    /// Works on bytes and makes Strings only of the name and value: it runs for every header of every hop.
    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Int {
        let bytes = line.trimmingWhitespace()
        guard let first = bytes.first else { return line.count }
        if bytes.starts(with: "HTTP/".utf8) {
            // "HTTP/1.1 304 Not Modified": the version, then three digits.
            let version = bytes.prefix { $0 != 0x20 }
            let code = bytes.dropFirst(version.count + 1).prefix { $0 != 0x20 }
            if code.count == 3, code.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
                let status = code.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                guard status >= 200 else { return line.count }
                // A new final response (the next hop of a redirect): forget the previous one's headers.
                statuses.append(status)
                httpVersion = String(decoding: version.dropFirst(5), as: UTF8.self)
                responseHeaders.removeAll(keepingCapacity: true)
                if responseHeaders.capacity == 0 { responseHeaders.reserveCapacity(16) }
            }
        } else if first == 0x20 || first == 0x09 {
            // obs-fold: a continuation of the previous field's value.
            if !responseHeaders.isEmpty {
                responseHeaders[responseHeaders.count - 1].value += " " + String(decoding: bytes, as: UTF8.self)
            }
        } else if let colon = bytes.firstIndex(of: 0x3a) {
            let name = String(decoding: bytes[..<colon], as: UTF8.self)
            let value = String(decoding: bytes[(colon + 1)...].trimmingWhitespace(), as: UTF8.self)
            responseHeaders.append(HTTPHeader(name: name, value: value))
        }
        return line.count
    }

    /// Opens the socket libcurl asked for, unless the address policy refuses the address.
    private func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        // curl_sockaddr ends in a `struct sockaddr` that libcurl allocates large enough for sockaddr_in6.
        let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
        let sockaddr = UnsafeRawPointer(address) + offset
        let family = address.pointee.family
        guard let ip = IPAddress(family: family, sockaddr: sockaddr) else {
            refusedAddress = "an address of family \(family)"
            return feedwatch_socket_bad
        }
        // sockaddr_in and sockaddr_in6 both keep the port, in network order, at byte 2.
        let port = Int(UInt16(bigEndian: sockaddr.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        guard admits(ip, port: port) else { return feedwatch_socket_bad }
        return socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
    }

    /// Lets a request go out on a connection (new or reused) to `address` (libcurl's text, IPv6 unbracketed)
    /// unless the address policy refuses it; refusing aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
    private func checkConnection(_ address: String, port: Int) -> Int32 {
        guard let ip = IPAddress(address) else {
            refusedAddress = "an address libcurl gave as \(address.debugDescription)"
            return feedwatch_prereq_abort
        }
        return admits(ip, port: port) ? feedwatch_prereq_ok : feedwatch_prereq_abort
    }

    /// False, with `refusedAddress` set, when the policy refuses `ip`.
    private func admits(_ ip: IPAddress, port: Int) -> Bool {
        guard let range = ip.restrictedRange, !request.endpointsTreatedAsPublic.contains("\(ip):\(port)") else {
            return true
        }
        refusedAddress = "\(ip) (\(range))"
        return false
    }

    // MARK: Options

    private func set(_ option: CURLoption, _ value: Int, _ name: StaticString) throws(FetchError) {
        try check(feedwatch_easy_setopt_long(raw, option, value), name)
    }

    private func set(_ option: CURLoption, _ value: String, _ name: StaticString) throws(FetchError) {
        try check(feedwatch_easy_setopt_string(raw, option, value), name)
    }

    private func check(_ code: CURLcode, _ name: StaticString) throws(FetchError) {
        guard code != CURLE_OK else { return }
        let version = String(cString: curl_version_info(feedwatch_version_now).pointee.version)
        let detail = "libcurl \(version) refused option CURLOPT_\(name): \(String(cString: curl_easy_strerror(code)))"
        throw FetchError(url: request.url, reason: .libcurl(code: Int(code.rawValue), detail: detail))
    }
}

extension BidirectionalCollection where Element == UInt8 {
    /// The bytes without leading and trailing spaces, tabs, CR and LF.
    func trimmingWhitespace() -> SubSequence {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a }
        guard let start = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[start...last]
    }
}
