import CareQueueCore
import Dispatch
import Foundation
import Synchronization

/// Runs derivation chunks on a thread of its own, beside the writer (PostgreSQL): each chunk is a
/// transaction on a connection of its own, so the ACK's transactions no longer wait behind one.
/// SQLite keeps deriving on the writer thread: it has one write lock, which a second writer would
/// only queue for.
///
/// The writer thread starts a chunk when none runs and collects its outcome once `finished` told it
/// so; all bookkeeping (backlog, barriers, retries) stays on the writer thread (`WriterDerivation`).
/// The derivation queue's advisory lock still lets one chunk run at a time across every host.
final class DerivationWorker: @unchecked Sendable {
    // @unchecked: `derivation` is used by this worker's thread while a chunk runs and by the writer
    // thread only to `remember` (locked inside `Derivation`) or before the first chunk starts.
    private let derivation: Derivation
    private struct Mailbox {
        var request: Duration?
        var result: Result<Derivation.Chunk, StoreError>?
        var stopping = false
    }
    private let mailbox = Mutex(Mailbox())
    private let requested = DispatchSemaphore(value: 0)
    private let running = DispatchGroup()
    private let finished: @Sendable () -> Void

    /// `finished` runs on the worker's thread after each chunk; it must only wake the writer.
    init(_ derivation: Derivation, finished: @escaping @Sendable () -> Void) {
        self.derivation = derivation
        self.finished = finished
        running.enter()
        let thread = Thread { [self] in
            loop()
            running.leave()
        }
        thread.name = "carequeue.store-deriver"
        thread.start()
    }

    /// Starts a chunk of at most `time` (one at a time: call again only after `takeResult`).
    func start(time: Duration) {
        mailbox.withLock { $0.request = time }
        requested.signal()
    }

    /// The finished chunk's outcome, once; nil while it runs.
    func takeResult() -> Result<Derivation.Chunk, StoreError>? {
        mailbox.withLock { mailbox in
            defer { mailbox.result = nil }
            return mailbox.result
        }
    }

    /// Ends the thread once the chunk in progress, if any, is done.
    func stop() {
        mailbox.withLock { $0.stopping = true }
        requested.signal()
        running.wait()
    }

    private func loop() {
        while true {
            requested.wait()
            let (time, stopping) = mailbox.withLock { mailbox in
                defer { mailbox.request = nil }
                return (mailbox.request, mailbox.stopping)
            }
            if let time {
                let result = Result { () throws(StoreError) in try derivation.runChunk(time: time) }
                mailbox.withLock { $0.result = result }
                finished()
            } else if stopping {
                return
            }
        }
    }
}
