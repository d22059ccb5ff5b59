import CareQueueCore
import Foundation
import Synchronization

/// A PostgreSQL session-level advisory lock held on a connection of its own, for as long as its
/// holder runs: work one process on any host may do at a time (the outbox's delivery).
///
/// The server drops the lock with the session, so a holder that dies (SIGKILL, power cut, or a
/// lost network once the server notices) never blocks the next one: no lease needs expiring. The
/// connection is kept while waiting too, so trying again costs one round trip, not a connect.
public final class SessionLock: Sendable {
    private let settings: PostgresSettings
    private let key: Int64
    private let state = Mutex(Session())

    private struct Session {
        var client: PostgresClient?
        var held = false
    }

    init(settings: PostgresSettings, key: Int64) {
        self.settings = settings
        self.key = key
    }

    deinit {
        release()
    }

    /// Takes the lock if it is free; true when this process holds it (now or already). A lock
    /// already held is checked with a round trip on its session: a session the server ended took
    /// the lock with it, and then the lock is tried for again on a new one. Throws when the
    /// server cannot be reached.
    public func tryAcquire() throws -> Bool {
        try state.withLock { session in
            if session.held, let client = session.client {
                if (try? client.run("SELECT 1", [])) != nil { return true }
                Self.end(&session)
            }
            if session.client?.isClosed ?? true {
                session.client = nil
                session.client = try PostgresClient.connect(settings, id: 0)
            }
            do {
                let taken: Int64? = try session.client?.run("SELECT pg_try_advisory_lock(?)", [.integer(key)]).rows.first?[0]
                session.held = taken == 1
                return session.held
            } catch {
                Self.end(&session)
                throw error
            }
        }
    }

    /// Lets the lock go: the session ends, and the server releases what it held.
    public func release() {
        state.withLock { Self.end(&$0) }
    }

    private static func end(_ session: inout Session) {
        session.client?.close()
        session.client = nil
        session.held = false
    }
}
