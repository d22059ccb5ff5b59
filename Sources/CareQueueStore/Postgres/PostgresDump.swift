import CareQueueCore
import Foundation

/// `backup` on PostgreSQL: the server's own tool, `pg_dump`, writes one consistent snapshot in its
/// custom format (`pg_restore` reads it); CareQueue adds what it adds to a SQLite copy — a private,
/// synced file published whole, an audit anchor for the rows it holds, and a `backup` audit row.
extension CareQueueDatabase {
    /// Why a PostgreSQL store was not dumped: `pg_dump` is missing, or it failed (its own words).
    public struct DumpFailure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Dumps this PostgreSQL database to `path` with the `pg_dump` at `tool` (see `findDumpTool`).
    public func dump(to path: String, replacing: Bool = false, by user: String, tool: String,
                     at now: Date = Date()) throws -> BackupSummary {
        guard let postgres = engine as? PostgresEngine else { throw StoreError.otherEngine("pg_dump (PostgreSQL's)") }
        let started = ContinuousClock.now
        let destination = try BackupDestination(path: path, replacing: replacing, source: self.path)
        defer { destination.discard() }
        let chain = try auditChain()
        // The archive's anchor starts where another host's prune restarted the chain, if one did.
        try adoptSharedCheckpoint(chain: chain)
        // pg_dump reads the snapshot this read transaction exports, so the task count and the audit
        // head read here are exactly the archive's, whatever the listeners commit meanwhile.
        let (tasks, head) = try engine.read { db in
            let snapshot = try db.value(String.self, "SELECT pg_export_snapshot()") ?? ""
            let counted = (try db.value(Int.self, "SELECT count(*) FROM tasks") ?? 0,
                           try db.fetchOne("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").flatMap { row -> (seq: Int64, hash: String)? in
                               guard let hash: String = row["hash"] else { return nil }
                               return (row["seq"], hash)
                           })
            try FilePermissions.withUmask(0o077) {
                try Self.runTool(tool, ["--format=custom", "--no-password", "--snapshot=\(snapshot)",
                                        "--file=\(destination.temporary)",
                                        "--dbname=\(Self.connectionString(postgres.settings.location))"],
                                 password: postgres.settings.password, doing: "pg_dump")
            }
            return counted
        }
        // The archive's table of contents must read back: a truncated file fails here.
        let restore = URL(fileURLWithPath: tool).deletingLastPathComponent().appendingPathComponent("pg_restore").path
        try Self.runTool(FileManager.default.isExecutableFile(atPath: restore) ? restore : "pg_restore",
                         ["--list", destination.temporary], password: nil, doing: "pg_restore --list")
        try destination.seal(destination.temporary)
        try destination.writeAnchor(try anchorLines(through: head, chain: chain, at: now))
        try destination.publish()
        // The archive is only read back by a restore; the chain it copied is checked at the source.
        // Rows the listeners committed after the snapshot may wait for their host's next anchoring:
        // they chain (the walk checked them), and the archive's own anchor covers its newest row.
        var verdict = try verifyAudit(with: chain)
        if case .unanchored(let rows, let keyed, _, _) = verdict { verdict = .intact(rows: rows, keyed: keyed) }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
        var summary = BackupSummary(path: path, tasks: tasks, bytes: bytes, auditThrough: head?.seq, audit: verdict,
                                    seconds: seconds)
        summary.unrecorded = record(summary, by: user, at: now)
        return summary
    }

    /// `pg_dump` on `PATH`, else the newest Debian server's; nil when neither is there.
    public static func findDumpTool(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let onPath = (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/pg_dump" }
        let debian = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/pg_dump" }
        return (onPath + debian).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// libpq's `key=value` connection string for `location` (no password: it goes in the
    /// environment, where `ps` does not show it).
    static func connectionString(_ location: PostgresLocation) -> String {
        var pairs = [("host", location.host), ("port", String(location.port)), ("user", location.user),
                     ("dbname", location.database), ("sslmode", location.sslMode.rawValue),
                     ("application_name", "carequeue-backup")]
        if let root = location.sslRootCert { pairs.append(("sslrootcert", root)) }
        if let timeout = location.connectTimeout { pairs.append(("connect_timeout", String(timeout))) }
        return pairs.map { key, value in
            "\(key)='\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))'"
        }.joined(separator: " ")
    }

    /// Runs `tool` to its end; a failure says which step failed and the tool's last words, escaped.
    private static func runTool(_ tool: String, _ arguments: [String], password: String?, doing step: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/usr/bin/env")
        process.arguments = tool.hasPrefix("/") ? arguments : [tool] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = password
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DumpFailure(description: "\(step) could not start (\(tool)): \(error.localizedDescription)")
        }
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let words = UntrustedText.forLog(String(decoding: said.suffix(600), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines), limit: 400)
            throw DumpFailure(description: "\(step) failed (exit \(process.terminationStatus)): \(words)")
        }
    }
}
