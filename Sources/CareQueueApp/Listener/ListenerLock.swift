import CareQueueCore
import CareQueueStore
import Foundation

/// One listener per database on each host: `ExclusiveFileLock.listener`, holding the holder's pid
/// and address, taken before the port so a second listener says whom it gave way to and binds nothing.
///
/// On SQLite the file lies beside the database (one listener per file); on PostgreSQL in the local
/// state directory, named after the server and database (`CareQueueDatabase.localPath`), so each
/// host runs one listener and several hosts share the database.
struct ListenerLock: Sendable {
    let file: ExclusiveFileLock

    init(database: CareQueueDatabase) {
        file = .listener(databasePath: database.localPath)
    }

    /// Takes the lock; throws `ListenerAlreadyRunning` naming the holder, or `CommandFailure`
    /// when the lock file cannot be opened.
    func acquire(database: CareQueueDatabase) throws {
        let taken: Bool
        do {
            taken = try file.tryAcquire()
        } catch {
            throw CommandFailure(error.description)
        }
        guard taken else { throw holder(database: database) }
        file.record("pid=\(getpid())\n")
    }

    /// Once bound: the address joins the pid in the file.
    func record(address: String) {
        file.record("pid=\(getpid())\naddress=\(address)\n")
    }

    func release() {
        file.release()
    }

    /// Who holds the lock: from its file, or, while the holder is still binding, its last heartbeat
    /// (this host's: the holder runs here).
    private func holder(database: CareQueueDatabase) -> ListenerAlreadyRunning {
        var fields: [String: String] = [:]
        for line in file.recorded().split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        let pid = fields["pid"].flatMap { Int32($0) }
        var address = fields["address"]
        if address == nil,
           let beat = (try? database.heartbeats())?.first(where: { $0.host == Heartbeat.thisHost && $0.pid == pid }) {
            address = beat.address
        }
        return ListenerAlreadyRunning(pid: pid, address: address, lockFile: file.path)
    }
}

/// Another process already listens for this database.
public struct ListenerAlreadyRunning: Error, CustomStringConvertible {
    public var pid: Int32?
    public var address: String?
    public var lockFile: String

    /// "pid 4242 on 127.0.0.1:2575"
    public var holder: String {
        let who = [pid.map { "pid \($0)" }, address.map { "on \($0)" }].compactMap { $0 }.joined(separator: " ")
        return who.isEmpty ? "holding \(lockFile)" : who
    }

    public var description: String {
        "another listener already serves this database (\(holder)); stop it first, or give this one its own --db"
    }
}
