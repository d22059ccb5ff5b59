import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// `carequeue audit …`
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The append-only, hash-chained audit trail.",
        subcommands: [AuditVerifyCommand.self, AuditListCommand.self])
}

/// `carequeue audit verify [--key-file PATH]`
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the audit trail's hash chain; name the first broken row.",
        discussion: """
            Exit 0 when every row verifies and the anchor beside the database covers the newest row; \
            2 when every row verifies but the newest ones are not anchored yet (a running CareQueue \
            anchors within seconds, and on a clean stop); 1 naming the first row that does not verify, \
            or how many rows are missing from the end (or after a retention purge's checkpoint). On \
            PostgreSQL, rows other hosts wrote are first anchored here when they extend this host's \
            anchor. After a \
            purge pruned old rows, it also says which row the chain starts at. A keyed chain ([audit] \
            key_file) needs its key file.
            """)

    @OptionGroup var common: CommonOptions
    @Option(name: .customLong("key-file"), help: ArgumentHelp("The audit key file (default: [audit] key_file).", valueName: "path"))
    var keyFile: String?

    func run() async throws {
        let (config, database) = try ConfiguredStore.openForReading(common)
        let chain: AuditChain
        do {
            chain = try AuditKeyFile.chain(path: keyFile ?? config.audit.keyFile)
        } catch {
            throw CommandFailure(error.description)
        }
        if database.dialect == .postgres {
            // Hosts share a PostgreSQL store, each with its own anchor: rows the others wrote since
            // this host last wrote are witnessed here first, as any write of this host would (only
            // when they extend what it anchored; if not, the verdict below says why).
            _ = try? database.anchorAudit(chain: chain)
        }
        switch try StoreAccess.run({ try database.verifyAudit(with: chain) }) {
        case .intact(let rows, let keyed):
            print("audit chain intact: \(rows) row\(rows == 1 ? "" : "s"), anchored through the newest (\(Self.how(keyed)))")
            if let restart = try StoreAccess.run({ try database.auditRestart() }) {
                print("the chain starts at row \(restart.seq): the rows before it were pruned by retention "
                    + "(checkpoint of \(Timestamp.iso(restart.at)) in the audit anchor)")
            }
        case .unanchored(let rows, let keyed, let anchoredThrough, let unanchored):
            let anchored = anchoredThrough.map { "anchored through row \($0)" } ?? "never anchored"
            print("audit chain verifies: \(rows) row\(rows == 1 ? "" : "s"), \(anchored) (\(Self.how(keyed)))")
            print("unanchored: \(unanchored) row\(unanchored == 1 ? "" : "s") — written in the last few seconds by a running "
                + "CareQueue, or before a process was killed; a CareQueue process anchors them at its next write or clean stop")
            Foundation.exit(2)
        case .broken(let seq, let why):
            throw CommandFailure("audit chain broken at row \(seq): \(why)")
        case .missing(let from, let through, let evidence):
            let count = through - from + 1
            let place = evidence.hasPrefix(AuditVerdict.checkpointEvidence) ? "after the retention checkpoint" : "from the end"
            throw CommandFailure("audit chain broken: \(count) row\(count == 1 ? "" : "s") missing \(place) "
                + "(rows \(from) to \(through); \(evidence))")
        case .anchorBroken(let why):
            throw CommandFailure(why)
        case .keyRequired:
            throw CommandFailure("this audit chain is keyed: pass the key file (--key-file PATH, or [audit] key_file in the configuration)")
        case .wrongKey:
            throw CommandFailure("the key file is not the key this audit chain was made with")
        }
    }

    private static func how(_ keyed: Bool) -> String {
        keyed ? "HMAC-SHA-256 with the key file" : "SHA-256, no key"
    }
}

/// `carequeue audit list [--task ID] [--action NAME] [--mrn MRN] [--json]`
struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List audit rows, oldest first.",
        discussion: """
            Filters combine. --action task.viewed lists who opened which task (dashboard detail or tasks show); \
            --mrn MRN answers "who looked at this patient": the rows of the patient's tasks and the raw views \
            of the messages that reported them.
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "Only the rows of this task.") var task: Int64?
    @Option(help: ArgumentHelp("Only rows of this action (exact), e.g. task.viewed, close.", valueName: "name"))
    var action: String?
    @Option(help: ArgumentHelp("Only rows about this patient: their tasks, and views of their messages.", valueName: "mrn"))
    var mrn: String?
    @Flag(help: "JSON: rows of seq, at, user, os_user, os_user_name, action, task_id, details, hash.") var json = false

    func run() async throws {
        let (_, database) = try ConfiguredStore.openForReading(common)
        let filter = AuditFilter(taskID: task, action: action, mrn: mrn)
        let rows = try StoreAccess.run { try database.auditRecords(filter) }
        if json {
            try JSONOutput.print(rows.map(AuditRecordJSON.init))
            return
        }
        TextTable.print(header: ["SEQ", "AT", "USER", "ACTION", "TASK", "DETAILS"], rows: rows.map { row in
            [String(row.seq), Timestamp.iso(row.at), ScreenText.sanitize(row.actor), row.action,
             row.taskID.map(String.init) ?? "-", ScreenText.sanitize(row.details)]
        })
    }
}
