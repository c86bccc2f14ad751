#if canImport(Glibc)
import Glibc
#endif

/// An IP address as connected to, classified for the untrusted-request policy.
struct IPAddress: Equatable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, network order.
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        precondition(bytes.count == 4 || bytes.count == 16)
        self.bytes = bytes
    }

    /// Reads a `sockaddr_in` or `sockaddr_in6`; nil for any other family (which the policy refuses).
    init?(family: Int32, sockaddr: UnsafeRawPointer) {
        switch family {
        case AF_INET:
            let address = sockaddr.loadUnaligned(as: sockaddr_in.self)
            self.init(bytes: withUnsafeBytes(of: address.sin_addr) { Array($0) })
        case AF_INET6:
            let address = sockaddr.loadUnaligned(as: sockaddr_in6.self)
            self.init(bytes: withUnsafeBytes(of: address.sin6_addr) { Array($0) })
        default:
            return nil
        }
    }

    /// Parses dotted IPv4 or IPv6 text (for tests and messages).
    init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(bytes: withUnsafeBytes(of: v4) { Array($0) })
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            self.init(bytes: withUnsafeBytes(of: v6) { Array($0) })
        } else {
            return nil
        }
    }

    /// The name of the non-public range the address is in, or nil for a public address.
    /// Ranges from the IANA special-purpose registries (RFC 6890 and successors) that a feed link has no
    /// business reaching: they are how a fetched page would probe the daemon's own network.
    var restrictedRange: String? {
        if bytes.count == 4 { return Self.restrictedIPv4Range(bytes) }
        let b = bytes
        let zeroPrefix = b[0..<10].allSatisfy { $0 == 0 }
        if zeroPrefix && b[10] == 0xff && b[11] == 0xff {
            // IPv4-mapped (::ffff:a.b.c.d): the kernel connects to the IPv4 address inside.
            return Self.restrictedIPv4Range(Array(b[12..<16])).map { "IPv4-mapped \($0)" }
        }
        if zeroPrefix && b[10] == 0 && b[11] == 0 {
            if b[12..<15].allSatisfy({ $0 == 0 }) && b[15] <= 1 { return b[15] == 1 ? "loopback" : "unspecified" }
            return "IPv4-compatible"  // deprecated ::a.b.c.d form; nothing public uses it
        }
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b { return "NAT64" }
        if b[0] & 0xfe == 0xfc { return "unique-local" }
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return "link-local" }
        if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return "site-local" }
        if b[0] == 0xff { return "multicast" }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 { return "documentation" }
        return nil
    }

    private static func restrictedIPv4Range(_ b: [UInt8]) -> String? {
        switch (b[0], b[1]) {
        case (0, _): return "unspecified"
        case (10, _): return "private"
        case (100, 64...127): return "shared (CGNAT)"
        case (127, _): return "loopback"
        case (169, 254): return "link-local"
        case (172, 16...31): return "private"
        case (192, 168): return "private"
        case (192, 0) where b[2] == 0: return "IETF protocol assignments"
        // TEST-NET-1, -2 and -3 are never routed on the internet, like 2001:db8::/32 for IPv6.
        case (192, 0) where b[2] == 2, (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return "documentation"
        case (198, 18...19): return "benchmarking"
        case (224...239, _): return "multicast"
        case (240...255, _): return "reserved"
        default: return nil
        }
    }

    var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
