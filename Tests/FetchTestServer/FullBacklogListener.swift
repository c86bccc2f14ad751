#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 where a connect never completes, without the internet: a socket listening with a
/// backlog of 0 that never accepts, its accept queue filled by one connection of its own. Linux then drops
/// every further SYN (ListenOverflows), so a client's connect hangs until its own timeout, as against a
/// host that does not answer.
///
/// Not Sendable: a test makes it, uses it and drops it in one task; `deinit` closes every socket.
public final class FullBacklogListener {
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The port whose connects hang.
    public let port: Int
    private let listener: Int32
    private var filler: Int32 = -1

    public init() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SetupError(description: "socket() failed: errno \(errno)") }
        var address = loopbackSocketAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        // Backlog 0: the queue is full once it holds one connection (Linux compares "queued > backlog").
        guard bound, listen(fd, 0) == 0 else {
            let error = errno
            close(fd)
            throw SetupError(description: "could not listen on 127.0.0.1: errno \(error)")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        // From here on a thrown error releases the object, and deinit closes the sockets.

        // The filler: a non-blocking connect, then wait (without blocking a thread) until the kernel has
        // completed its handshake, which puts it in the accept queue.
        filler = socket(
            AF_INET,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
            0
        )
        guard filler >= 0 else { throw SetupError(description: "socket() failed: errno \(errno)") }
        var target = loopbackSocketAddress(port: port)
        let started = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 || errno == EINPROGRESS
            }
        }
        guard started else { throw SetupError(description: "connect to the listener failed: errno \(errno)") }
        let deadline = ContinuousClock.now + .seconds(5)
        while !isConnected(filler) {
            guard ContinuousClock.now < deadline else {
                throw SetupError(description: "the filler connection did not complete within 5 s")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    deinit {
        if filler >= 0 { close(filler) }
        close(listener)
    }

    /// "http://127.0.0.1:PORT".
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Whether a non-blocking connect has finished successfully (a zero-timeout poll, then SO_ERROR).
    private func isConnected(_ fd: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&entry, 1, 0) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
    }
}

/// 127.0.0.1 at `port`, for the socket calls of the test servers that are not NIO.
func loopbackSocketAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}
