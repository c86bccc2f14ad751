import FeedFetch
import Foundation
import Testing

/// TLS as every handle sets it up: verification always on, and a CA bundle the operator adds, against a real
/// TLS server (`openssl s_server`) with a certificate made for the test.
@Suite(.serialized) struct EasyHandleTests {
    /// A self-signed certificate for 127.0.0.1 and the `openssl s_server -www` process serving it.
    final class TLSServer {
        let directory: URL
        let port: Int
        private let process: Process

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Self.openssl([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory.appendingPathComponent("key.pem").path,
                "-out", directory.appendingPathComponent("cert.pem").path,
            ])
            port = try Self.freePort()
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = [
                "s_server", "-www", "-quiet", "-accept", "127.0.0.1:\(port)", "-cert",
                directory.appendingPathComponent("cert.pem").path, "-key",
                directory.appendingPathComponent("key.pem").path,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try Self.waitUntilListening(port)
        }

        var certificate: String { directory.appendingPathComponent("cert.pem").path }

        deinit {
            // SIGKILL: a child started by Foundation's Process inherits a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }

        private static func openssl(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "openssl \(arguments[0]) failed")
        }

        private static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
                }
            }
            try #require(bound)
            return Int(UInt16(bigEndian: address.sin_port))
        }

        private static func waitUntilListening(_ port: Int) throws {
            for _ in 0..<100 {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = UInt16(port).bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                    }
                }
                close(fd)
                if connected { return }
                usleep(50_000)
            }
            Issue.record("openssl s_server did not listen on port \(port) within 5 s")
        }
    }

    static let hasOpenSSL = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    @Test(.enabled(if: hasOpenSSL, "needs /usr/bin/openssl (Debian: openssl) to run a TLS server"))
    func anUnknownCertificateIsRefusedAndTheOperatorsCABundleIsTrusted() async throws {
        let server = try TLSServer()
        let url = "https://127.0.0.1:\(server.port)/"

        let strict = Fetcher()
        let error = await fetchError { try await strict.fetch(FetchRequest(url: url)) }
        await strict.shutdown()
        guard case .tls? = error?.reason else {
            Issue.record("a self-signed certificate must fail TLS verification, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("ca_bundle") == true)

        let trusting = Fetcher(configuration: configured { $0.caBundlePath = server.certificate })
        let response = try await trusting.fetch(FetchRequest(url: url))
        await trusting.shutdown()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("s_server"))
    }
}
