import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// nginx serving HTTP/2 over TLS on 127.0.0.1, with a self-signed certificate (IP:127.0.0.1, DNS:localhost) made
/// for the test and an access log that says which connection carried each request.
///
/// One process (`master_process off`, `daemon off`), so that SIGKILL stops all of it; killed by `stop()` or,
/// on any other path (a failed expectation, a thrown error), by `deinit`.
/// Not Sendable: a test makes it, uses it and drops it in one task.
public final class NginxH2Server {
    /// Why the server could not start; the description says what to do.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// One access-log line: `$connection $connection_requests $server_protocol $status $msec $request_time`.
    public struct AccessLogEntry: Equatable, Sendable {
        /// nginx's serial number of the connection that carried the request.
        public let connection: Int
        /// Which request on that connection this was (1 for the first).
        public let connectionRequests: Int
        /// "HTTP/2.0", "HTTP/1.1".
        public let serverProtocol: String
        public let status: Int
        /// When the request started and ended, in seconds since the epoch (from `$msec - $request_time`).
        public let start: Double
        public let end: Double
    }

    /// The port nginx listens on, on 127.0.0.1.
    public let port: Int
    /// The certificate nginx presents: pass it to the fetcher as its CA bundle.
    public let certificatePath: String
    private let directory: URL
    private let process: Process
    private let exited: AsyncStream<Void>

    /// Starts nginx serving `/feed.xml`, a body of `bodyBytes` bytes sent at `limitRate` bytes per second per
    /// request (nginx's `limit_rate`), so that requests made together are still running together.
    /// Throws `StartError` telling how to install nginx when it is missing.
    public init(bodyBytes: Int, limitRate: Int) async throws {
        guard let nginx = Self.findExecutable("nginx") else {
            throw StartError(
                description: "nginx is not installed: the HTTP/2 tests need it (Debian: apt-get install -y nginx; "
                    + ".ci/run installs it)"
            )
        }
        guard let openssl = Self.findExecutable("openssl") else {
            throw StartError(description: "openssl is not installed (Debian: apt-get install -y openssl)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nginx-h2-\(UUID().uuidString)")
        self.directory = directory
        let www = directory.appendingPathComponent("www")
        try FileManager.default.createDirectory(at: www, withIntermediateDirectories: true)
        certificatePath = directory.appendingPathComponent("cert.pem").path
        let keyPath = directory.appendingPathComponent("key.pem").path
        try await Self.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", keyPath, "-out", certificatePath,
            ],
            in: directory
        )

        let item = "<item><title>An item</title><link>https://example.com/a</link></item>\n"
        var body = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>h2</title>\n"
        while body.utf8.count + item.utf8.count + 20 <= bodyBytes { body += item }
        body += "</channel></rss>\n"
        body += String(repeating: " ", count: max(bodyBytes - body.utf8.count, 0))
        try Data(body.utf8).write(to: www.appendingPathComponent("feed.xml"))

        port = try Self.freePort()
        let base = directory.path
        let config = """
            daemon off;
            master_process off;
            pid \(base)/nginx.pid;
            error_log \(base)/error.log warn;
            events { worker_connections 256; }
            http {
                log_format connections '$connection $connection_requests $server_protocol $status $msec $request_time';
                access_log \(base)/access.log connections;
                client_body_temp_path \(base)/body; proxy_temp_path \(base)/proxy;
                fastcgi_temp_path \(base)/fastcgi; uwsgi_temp_path \(base)/uwsgi; scgi_temp_path \(base)/scgi;
                types { application/rss+xml xml; }
                server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(certificatePath);
                    ssl_certificate_key \(keyPath);
                    root \(www.path);
                    limit_rate \(limitRate);
                }
            }

            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("nginx.conf"))

        let (exited, exitedContinuation) = AsyncStream<Void>.makeStream()
        self.exited = exited
        process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        // -e: the error log from the start, before the config is read (else nginx opens /var/log/nginx/error.log).
        process.arguments = ["-p", base, "-c", "\(base)/nginx.conf", "-e", "\(base)/error.log"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.terminationHandler = { _ in
            exitedContinuation.yield()
            exitedContinuation.finish()
        }
        try process.run()
        do {
            try await waitUntilListening()
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
    }

    deinit {
        // SIGKILL: a child started by Foundation's Process inherits a mask that blocks SIGTERM.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// "https://127.0.0.1:PORT".
    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Kills nginx and waits until it has exited.
    public func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for await _ in exited {}
    }

    /// The access log so far, one entry per finished request.
    public func accessLog() throws -> [AccessLogEntry] {
        let url = directory.appendingPathComponent("access.log")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        return try text.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            guard fields.count == 6, let connection = Int(fields[0]), let requests = Int(fields[1]),
                let status = Int(fields[3]), let end = Double(fields[4]), let time = Double(fields[5])
            else { throw StartError(description: "unexpected access log line: \(line)") }
            return AccessLogEntry(
                connection: connection,
                connectionRequests: requests,
                serverProtocol: String(fields[2]),
                status: status,
                start: end - time,
                end: end
            )
        }
    }

    /// nginx's error log, for failure messages.
    public var errorLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
    }

    // MARK: Start-up

    private func waitUntilListening() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw StartError(description: "nginx exited at start-up: \(errorLog)")
            }
            if Self.acceptsConnections(port) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartError(description: "nginx did not listen on 127.0.0.1:\(port) within 10 s: \(errorLog)")
    }

    /// A connect to a listening loopback port completes inside the call, so this does not block.
    private static func acceptsConnections(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopbackSocketAddress(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port the kernel says is free now (nginx binds it a moment later; nothing else on the machine races
    /// for ports from the ephemeral range at this rate).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = loopbackSocketAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw StartError(description: "could not bind a port on 127.0.0.1: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The executable's path, from PATH and the sbin directories (nginx lives in /usr/sbin, which a non-root
    /// PATH may lack).
    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/sbin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a short command to completion without blocking a thread; throws with its stderr if it fails.
    private static func run(_ executable: String, _ arguments: [String], in directory: URL) async throws {
        let errors = directory.appendingPathComponent("\(URL(fileURLWithPath: executable).lastPathComponent).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errors)
        defer { try? errorHandle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw StartError(description: "\(executable) \(arguments.first ?? "") failed (\(status)): \(message)")
        }
    }
}
