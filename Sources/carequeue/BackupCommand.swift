import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue backup PATH [--force]`: a verified copy of the live database and its audit anchor.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database, safely while the listener runs, and verify the copy.",
        discussion: """
            On PostgreSQL, runs pg_dump (custom format, one snapshot; restore with pg_restore), checks \
            the archive with pg_restore --list, and records it as below; without pg_dump it says how to \
            back up instead. On SQLite, uses SQLite's online backup from one read snapshot, so the listener keeps accepting messages \
            meanwhile. The copy is checked (integrity_check, foreign_key_check), made private (0600), given \
            an audit anchor (PATH-audit-anchor) covering exactly its audit rows, synced, and only then given \
            the name PATH. `carequeue audit verify --db PATH` passes on it (with the same [audit] key_file). \
            Exit 0 when the copy is complete and its audit trail verifies; 1 otherwise, saying why.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: ArgumentHelp("Where to write the copy; its directory must exist.", valueName: "path")) var path: String
    @Flag(help: "Replace PATH (and its audit anchor) when it exists.") var force = false

    func run() async throws {
        let user = try actor.name()
        let (_, database) = try ConfiguredStore.openForWriting(common)
        if database.dialect == .postgres { return try dump(database, user: user) }
        let summary = try StoreAccess.run { try database.backup(to: path, replacing: force, by: user) }
        let line = "backup of \(summary.tasks) task\(summary.tasks == 1 ? "" : "s") (\(Self.megabytes(summary.bytes))) "
            + "to \(path) in \(String(format: "%.1f", summary.seconds)) s; integrity ok"
        guard case .intact = summary.audit else {
            print(line)
            throw CommandFailure("the copy's audit trail does not verify (\(Self.why(summary.audit))); "
                + "run `carequeue audit verify` on the source")
        }
        print(line + "; " + (summary.auditThrough.map { "audit verifies through row \($0)" } ?? "audit trail empty"))
        if let unrecorded = summary.unrecorded {
            throw CommandFailure("the copy is complete, but the backup could not be recorded in the audit trail: \(unrecorded)")
        }
    }

    /// A PostgreSQL store is copied by the server's own tool; without it, say how to back it up.
    private func dump(_ database: CareQueueDatabase, user: String) throws {
        guard let tool = CareQueueDatabase.findDumpTool() else {
            throw CommandFailure("""
                a PostgreSQL store is backed up with pg_dump, which is not installed here (Debian: apt-get install \
                postgresql-client); or by your DBA's base backups and replication. By hand: \
                pg_dump --format=custom --file=\(path) '\(database.path)' (the password from ~/.pgpass or $PGPASSFILE)
                """)
        }
        let summary = try StoreAccess.run { try database.dump(to: path, replacing: force, by: user, tool: tool) }
        guard case .intact = summary.audit else {
            throw CommandFailure("the dump at \(path) is complete, but the database's audit trail does not verify "
                + "(\(Self.why(summary.audit))); run `carequeue audit verify`")
        }
        print("backup of \(summary.tasks) task\(summary.tasks == 1 ? "" : "s") (\(Self.megabytes(summary.bytes))) to \(path) "
              + "in \(String(format: "%.1f", summary.seconds)) s with \(tool) (custom format: restore with pg_restore); "
              + (summary.auditThrough.map { "audit anchor through row \($0)" } ?? "audit trail empty"))
        if let unrecorded = summary.unrecorded {
            throw CommandFailure("the copy is complete, but the backup could not be recorded in the audit trail: \(unrecorded)")
        }
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    private static func why(_ verdict: AuditVerdict) -> String {
        switch verdict {
        case .intact: "intact"
        case .unanchored(_, _, _, let rows): "\(rows) rows unanchored"
        case .broken(let seq, let why): "broken at row \(seq): \(why)"
        case .missing(let from, let through, _): "rows \(from) to \(through) missing"
        case .anchorBroken(let why): why
        case .keyRequired: "the chain is keyed; [audit] key_file is needed"
        case .wrongKey: "[audit] key_file is not this chain's key"
        }
    }
}
