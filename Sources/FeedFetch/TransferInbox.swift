import Synchronization

/// One `fetch` call waiting for the transfer thread. A class: it goes from the caller to the inbox, a host's
/// queue and the running set, and a copy of the request it holds cost a dozen reference counts at each.
final class TransferJob: Sendable {
    let id: UInt64
    let request: FetchRequest
    let target: TransferTarget
    let ticket: TransferTicket
    let continuation: CheckedContinuation<FetchResponse, any Error>

    init(
        id: UInt64,
        request: FetchRequest,
        target: TransferTarget,
        ticket: TransferTicket,
        continuation: CheckedContinuation<FetchResponse, any Error>
    ) {
        self.id = id
        self.request = request
        self.target = target
        self.ticket = ticket
        self.continuation = continuation
    }
}

/// Set once by the task-cancellation handler of one `fetch`; read by the transfer thread before it starts the
/// transfer, so a task cancelled before its job arrived never starts one.
final class TransferTicket: Sendable {
    private let cancelled = Atomic<Bool>(false)

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() { cancelled.store(true, ordering: .releasing) }
}

/// The mailbox between callers of `fetch` (any thread) and the transfer thread.
final class TransferInbox: Sendable {
    enum Command: Sendable {
        case start(TransferJob)
        case cancel(id: UInt64)
        case shutdown(cancelInFlight: Bool)
    }

    private struct State {
        var commands: [Command] = []
        /// Present while the multi handle exists; nil before the thread has made it and after it freed it.
        var wakeup: MultiWakeup?
        /// A wakeup was sent and the thread has not taken the commands since: one is enough for any number
        /// of commands (2,000 fetches submitted at once would otherwise write 2,000 times to libcurl's pipe).
        var wakePending = false
        /// No new transfers once a shutdown was asked for.
        var closed = false
        var exited = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []

        /// Interrupts the thread's poll unless a wakeup is already on its way (called under the lock).
        mutating func wake() {
            guard !wakePending, let wakeup else { return }
            wakePending = true
            wakeup.wake()
        }
    }

    private let state = Mutex(State())

    /// Queues a transfer; false when the fetcher is shutting down.
    func submit(_ job: TransferJob) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.commands.append(.start(job))
            state.wake()
            return true
        }
    }

    /// Asks the thread to abort transfer `id` if it is still queued or running.
    func cancel(id: UInt64) {
        post(.cancel(id: id))
    }

    /// Refuses new transfers and asks the thread to exit once the running ones finish (or at once).
    func shutdown(cancelInFlight: Bool) {
        state.withLock { state in
            state.closed = true
            state.commands.append(.shutdown(cancelInFlight: cancelInFlight))
            state.wake()
        }
    }

    private func post(_ command: Command) {
        state.withLock { state in
            state.commands.append(command)
            state.wake()
        }
    }

    /// Waits until the transfer thread has freed every handle and exited.
    func waitForExit() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.exited { return true }
                state.exitWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    // MARK: Transfer thread

    /// Publishes the multi handle so that callers can wake the thread's poll.
    func attach(_ wakeup: MultiWakeup) {
        state.withLock { $0.wakeup = wakeup }
    }

    /// Every command posted since the last call.
    func takeCommands() -> [Command] {
        state.withLock { state in
            let commands = state.commands
            state.commands = []
            state.wakePending = false
            return commands
        }
    }

    /// Called before the multi handle is freed: nobody may wake it any more.
    func detach() {
        state.withLock { $0.wakeup = nil }
    }

    /// Called last on the thread: returns whatever commands raced with the exit and wakes the waiters.
    func markExited() -> [Command] {
        let (commands, waiters) = state.withLock { state in
            state.exited = true
            state.closed = true
            let result = (state.commands, state.exitWaiters)
            state.commands = []
            state.exitWaiters = []
            return result
        }
        for waiter in waiters { waiter.resume() }
        return commands
    }
}
