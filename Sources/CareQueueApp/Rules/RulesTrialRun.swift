import CareQueueCore
import CareQueueStore
import Foundation

/// `rules try`: reads the messages, the roster (the database's, with `--roster` / `--coverage`
/// files over it) and runs the trial. The database is opened read only — never created, migrated,
/// audited or anchored — so trying rules changes nothing.
public struct RulesTrialRun {
    /// Where the messages come from.
    public enum Source {
        /// Files and directories (see `RulesTrialInputs`).
        case paths([String])
        /// Messages stored at or after this instant, refused ones too.
        case stored(since: Date)
    }

    public var config: CareQueueConfig
    public var store: StoreLocation
    public var rosterFile: String?
    public var coverageFile: String?
    /// When the messages are taken to arrive (routing, coverage, clocks).
    public var at: Date

    public init(config: CareQueueConfig, store: StoreLocation, rosterFile: String?, coverageFile: String?, at: Date) {
        self.config = config
        self.store = store
        self.rosterFile = rosterFile
        self.coverageFile = coverageFile
        self.at = at
    }

    public struct Report {
        public var messages: [TrialMessage]
        /// Files in a directory that held no message.
        public var skipped: [String]
        /// The database routed against; nil when none was used.
        public var database: String?
    }

    public func run(_ source: Source) throws -> Report {
        var readsStoredMessages = false
        if case .stored = source { readsStoredMessages = true }
        let database = try openDatabase(needed: readsStoredMessages)
        let storedRoster = try StoreAccess.run { (try database?.providers() ?? [], try database?.coverage() ?? []) }
        let roster = try combinedRoster(providers: storedRoster.0, coverage: storedRoster.1)
        let trial = RulesTrial(config: config, roster: roster, at: at)
        var skipped: [String] = []
        let inputs: [RulesTrial.Input]
        switch source {
        case .paths(let paths):
            let read = try RulesTrialInputs(paths: paths)
            inputs = read.inputs
            skipped = read.skipped
            guard !inputs.isEmpty else { throw CommandFailure("no messages to try in \(paths.joined(separator: ", ")): no file holds an MSH line") }
        case .stored(let since):
            inputs = try StoreAccess.run { try database!.storedMessages(since: since) }
                .map { RulesTrial.Input(label: "message \($0.id)", raw: $0.raw) }
        }
        let messages: [TrialMessage]
        if let database {
            messages = try StoreAccess.run { try database.tryRules(inputs, with: trial, asNew: readsStoredMessages) }
        } else {
            var trial = trial
            messages = try inputs.map { try trial.run($0, store: NothingStored()) }
        }
        return Report(messages: messages, skipped: skipped, database: database?.path)
    }

    /// The database read only; nil when it does not exist and a roster file stands in for it.
    private func openDatabase(needed: Bool) throws -> CareQueueDatabase? {
        let hint = needed ? "--stored reads its messages" : "give --db, or try a roster file with --roster FILE.csv"
        switch store {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                if rosterFile != nil, !needed { return nil }
                throw CommandFailure("no database at \(path): \(hint) (rules try never creates one)")
            }
            return try StoreAccess.open(store, access: .readOnly, config: config)
        case .postgres(let location):
            // The DBA's database is there; whether CareQueue's store is in it, opening it says.
            do {
                return try StoreAccess.openKeepingErrors(location, access: .readOnly, config: config)
            } catch StoreError.emptyDatabase {
                if rosterFile != nil, !needed { return nil }
                throw CommandFailure("no CareQueue store in \(location.redacted) yet: \(hint) (rules try never creates one)")
            } catch {
                throw StoreAccess.commandFailure(error)
            }
        }
    }

    /// The stored roster and coverage with the files laid over them, each checked as its import checks it.
    private func combinedRoster(providers: [Provider], coverage: [Coverage]) throws -> Roster {
        var rosterContents: RosterImport.Contents?
        if let file = rosterFile {
            let text = try ImportFile.read(file)
            rosterContents = try Self.checked { () throws(FileLineErrors) in
                try RosterImport.contents(text: text, file: file, existing: Set(providers.map(\.npi)))
            }
        }
        let known = Set(providers.map(\.npi)).union(rosterContents?.providers.map(\.npi) ?? [])
        var coverageRows: [Coverage]?
        if let file = coverageFile {
            let text = try ImportFile.read(file)
            coverageRows = try Self.checked { () throws(FileLineErrors) in
                try CoverageImport.parse(text: text, file: file, knownNPIs: known, timeZone: .current)
            }
        }
        return TrialRoster.combine(providers: providers, coverage: coverage, rosterFile: rosterContents, coverageFile: coverageRows)
    }

    private static func checked<T>(_ body: () throws(FileLineErrors) -> T) throws -> T {
        do { return try body() } catch { throw CommandFailure(error.description) }
    }
}
