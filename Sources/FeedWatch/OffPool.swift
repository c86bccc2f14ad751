import Dispatch

/// Runs blocking or long CPU-bound work (SQLite, libxml2, file reads) on Dispatch queues of its own, never on
/// Swift's cooperative thread pool, whose few threads must stay free to drive every other poll.
enum OffPool {
    /// libxml2 parses and article extractions, several at once.
    private static let parsing = DispatchQueue(label: "feedwatch.parse", attributes: .concurrent)
    /// Store transactions and file reads: SQLite has one writer anyway, and a serial queue keeps the commit
    /// order the order polls finished in.
    static let ioQueue = DispatchQueue(label: "feedwatch.io")

    /// Runs `body` on the parsing queue and returns its result.
    static func parse<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        try await run(on: parsing, body)
    }

    /// Runs `body` on the I/O queue and returns its result.
    static func io<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        try await run(on: ioQueue, body)
    }

    private static func run<T: Sendable, E: Error>(
        on queue: DispatchQueue,
        _ body: @escaping @Sendable () throws(E) -> T
    ) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(E) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
