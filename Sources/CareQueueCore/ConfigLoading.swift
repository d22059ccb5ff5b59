import Foundation

extension CareQueueConfig {
    /// Parses configuration text; `file` names it in errors and anchors relative paths (`[audit] key_file`, the TLS files).
    /// Throws the first problem `check` finds.
    public static func parse(text: String, file: String) throws(FileLineError) -> CareQueueConfig {
        let checked = check(text: text, file: file)
        if let first = checked.problems.first { throw first }
        return checked.config
    }

    /// Every problem in the file, not only the first (`config check`): syntax errors first, then
    /// settings in file order, then settings that disagree with each other. `config` is what the
    /// good lines give, over the defaults.
    public static func check(text: String, file: String) -> (config: CareQueueConfig, problems: [FileLineError]) {
        var problems: [FileLineError] = []
        let document = TOMLDocument.parse(text, file: file, problems: &problems)
        for stray in document.topLevel {
            problems.append(FileLineError(file: file, line: stray.line,
                                          message: "key '\(stray.key)' is outside any section; valid sections: \(ConfigSchema.sectionList)"))
        }
        var config = CareQueueConfig()
        // "section.key" → the line that set it, for problems found once every key is read; a key
        // whose value was refused counts as set, so it is not also reported missing.
        var lines: [String: Int] = [:]
        for section in document.sections {
            guard let keys = ConfigSchema.keys(in: section.name) else {
                problems.append(FileLineError(file: file, line: section.line,
                                              message: "unknown section [\(section.name)]; valid sections: \(ConfigSchema.sectionList)"))
                continue
            }
            if section.name == "outbound" {
                // Host and port are checked once every key is read (`checkOutbound`).
                config.outbound = CareQueueConfig.Outbound(host: "", port: 0)
                lines["outbound"] = section.line
            }
            for entry in section.entries {
                guard keys.contains(entry.key) || ConfigSchema.openSections.contains(section.name) else {
                    problems.append(FileLineError(file: file, line: entry.line,
                                                  message: "unknown key '\(entry.key)' in [\(section.name)]; valid keys: \(keys.joined(separator: ", "))"))
                    continue
                }
                lines["\(section.name).\(entry.key)"] = entry.line
                do {
                    try ConfigSchema.apply(ConfigValue(file: file, section: section.name, entry: entry), to: &config)
                } catch {
                    problems.append(error)
                }
            }
        }
        do { try ConfigSchema.checkBufferBudget(config.listener, lines: lines, file: file) } catch { problems.append(error) }
        do { try ConfigSchema.checkTLSSettings(config.listener, lines: lines, file: file) } catch { problems.append(error) }
        if let outbound = config.outbound {
            do { try ConfigSchema.checkOutbound(outbound, lines: lines, file: file) } catch { problems.append(error) }
        }
        return (config, problems)
    }
}

/// The sections and keys a configuration file may hold, and what each one sets.
enum ConfigSchema {
    static let sections: [(name: String, keys: [String])] = [
        ("windows", ["critical", "abnormal", "routine", "signoff", "review"]),
        ("tiers", ["critical_tests", "normal_flags"]),
        ("listener", ["host", "port", "max_frame_bytes", "partial_frame_timeout", "idle_timeout", "processing_ids",
                      "reused_control_id", "allow_plaintext", "max_connections", "max_connections_per_peer",
                      "max_buffered_bytes", "tls_certificate", "tls_private_key", "tls_client_ca"]),
        ("store", ["synchronous", "group", "max_backlog", "url", "password_file"]),
        ("clinic", ["name", "hours", "silent_after", "business_days", "holidays"]),
        ("audit", ["key_file"]),
        ("ui", ["theme", "idle_lock", "undo_window", "claim_for", "board_page_every", "bell"]),
        ("outbound", ["host", "port", "tls_ca", "tls_certificate", "tls_private_key", "events", "message", "document_type",
                      "version", "sending_application", "sending_facility", "receiving_application",
                      "receiving_facility", "ack_timeout", "retry_max_interval"]),
        ("workflow", ["signoff_required"]),
        ("status", ["review_backlog", "outbox_backlog", "outbox_age", "certificate_warning"]),
        ("turnaround", ["default", "stat", "referral", "missing_tier", "consult_note_tier"]),
        // Keys are test codes: any bare key, each a duration.
        ("turnaround_tests", []),
        ("log", ["format", "level", "max_bytes", "keep"]),
        ("retention", ["closed_after", "audit"]),
    ]

    /// Sections whose keys are not fixed (their values are still checked).
    static let openSections: Set<String> = ["turnaround_tests"]

    static let sectionList = sections.map(\.name).joined(separator: ", ")

    static let processingIDs = ["P", "T", "D"]

    /// The smallest `max_frame_bytes` that still holds an MSH and a few segments.
    static let minimumFrameBytes = 1024

    /// One frame must fit in the buffer budget, or a large legal message could never be read.
    static func checkBufferBudget(_ listener: CareQueueConfig.Listener, lines: [String: Int],
                                  file: String) throws(FileLineError) {
        guard listener.maxBufferedBytes < listener.maxFrameBytes else { return }
        let line = lines["listener.max_buffered_bytes"] ?? lines["listener.max_frame_bytes"]
        throw FileLineError(file: file, line: line, message: "[listener] max_buffered_bytes (\(listener.maxBufferedBytes)) "
            + "is below max_frame_bytes (\(listener.maxFrameBytes)): one whole frame must fit in the budget")
    }

    static func keys(in section: String) -> [String]? {
        sections.first { $0.name == section }?.keys
    }

    static func apply(_ value: ConfigValue, to config: inout CareQueueConfig) throws(FileLineError) {
        switch (value.section, value.entry.key) {
        case ("windows", "critical"): config.windows.critical = try value.positiveDuration()
        case ("windows", "abnormal"): config.windows.abnormal = try value.positiveDuration()
        case ("windows", "routine"): config.windows.routine = try value.positiveDuration()
        case ("windows", "signoff"): config.windows.signoff = try value.positiveDuration()
        case ("windows", "review"): config.windows.review = try value.positiveDuration()
        case ("tiers", "critical_tests"): config.tiers.criticalTests = try value.strings()
        case ("tiers", "normal_flags"): config.tiers.normalFlags = try value.strings()
        case ("listener", "host"): config.listener.host = try value.nonEmptyString()
        case ("listener", "port"): config.listener.port = try value.integer(in: 0...65_535)
        case ("listener", "max_frame_bytes"): config.listener.maxFrameBytes = try value.integer(in: minimumFrameBytes...Int.max)
        case ("listener", "partial_frame_timeout"): config.listener.partialFrameTimeout = try value.positiveDuration()
        case ("listener", "idle_timeout"): config.listener.idleTimeout = try value.positiveDuration()
        case ("listener", "processing_ids"): config.listener.processingIDs = try value.processingIDs()
        case ("listener", "reused_control_id"): config.listener.reusedControlID = try value.reusedControlID()
        case ("listener", "allow_plaintext"): config.listener.allowPlaintext = try value.boolean()
        case ("listener", "max_connections"): config.listener.maxConnections = try value.integer(in: 1...Int.max)
        case ("listener", "max_connections_per_peer"):
            config.listener.maxConnectionsPerPeer = try value.integer(in: 1...Int.max)
        case ("listener", "max_buffered_bytes"):
            config.listener.maxBufferedBytes = try value.integer(in: minimumFrameBytes...Int.max)
        case ("listener", "tls_certificate"): config.listener.tlsCertificate = try value.path()
        case ("listener", "tls_private_key"): config.listener.tlsPrivateKey = try value.path()
        case ("listener", "tls_client_ca"): config.listener.tlsClientCA = try value.path()
        case ("store", "synchronous"): config.store.synchronous = try value.synchronous()
        case ("store", "group"): config.store.group = try value.nonEmptyString()
        case ("store", "max_backlog"): config.store.maxBacklog = try value.integer(in: 1...Int.max)
        case ("store", "url"): config.store.url = try value.postgresURL()
        case ("store", "password_file"): config.store.passwordFile = try value.path()
        case ("clinic", "name"): config.clinic.name = try value.nonEmptyString()
        case ("clinic", "hours"): config.clinic.hours = try value.clinicHours()
        case ("clinic", "silent_after"): config.clinic.silentAfter = try value.positiveDuration()
        case ("clinic", "business_days"): config.clinic.businessDays = try value.weekdays()
        case ("clinic", "holidays"): config.clinic.holidays = try value.dates()
        case ("audit", "key_file"): config.audit.keyFile = try value.path()
        case ("ui", "theme"): config.ui.theme = try value.nonEmptyString()
        case ("ui", "idle_lock"): config.ui.idleLock = try value.duration()
        case ("ui", "undo_window"): config.ui.undoWindow = try value.positiveDuration()
        case ("ui", "claim_for"): config.ui.claimFor = try value.positiveDuration()
        case ("ui", "board_page_every"): config.ui.boardPageEvery = try value.positiveDuration()
        case ("ui", "bell"): config.ui.bell = try value.oneOf(["board", "always", "never"])
        case ("outbound", _): try applyOutbound(value, to: &config)
        case ("workflow", "signoff_required"): config.workflow.signoffRequired = try value.tiers()
        case ("status", "review_backlog"): config.status.reviewBacklog = try value.integer(in: 0...Int.max)
        case ("status", "outbox_backlog"): config.status.outboxBacklog = try value.integer(in: 0...Int.max)
        case ("status", "outbox_age"): config.status.outboxAge = try value.positiveDuration()
        case ("status", "certificate_warning"): config.status.certificateWarning = try value.positiveDuration()
        case ("turnaround", "default"): config.turnaround.defaultWindow = try value.positiveDuration()
        case ("turnaround", "stat"): config.turnaround.stat = try value.positiveDuration()
        case ("turnaround", "referral"): config.turnaround.referral = try value.positiveDuration()
        case ("turnaround", "missing_tier"): config.turnaround.missingTier = try value.tier()
        case ("turnaround", "consult_note_tier"): config.turnaround.consultNoteTier = try value.tier()
        case ("turnaround_tests", let code): config.turnaround.tests[code] = try value.positiveDuration()
        case ("log", "format"):
            config.log.format = LogFormat(rawValue: try value.oneOf(LogFormat.allCases.map(\.rawValue)))!
        case ("log", "level"): config.log.level = LogLevel(rawValue: try value.oneOf(LogLevel.allCases.map(\.rawValue)))!
        // Below 4 KiB the file would turn over every few lines.
        case ("log", "max_bytes"): config.log.maxBytes = try value.integer(in: 4096...Int.max)
        case ("log", "keep"): config.log.keep = try value.integer(in: 1...100)
        case ("retention", "closed_after"): config.retention.closedAfter = try value.positiveDuration()
        case ("retention", "audit"): config.retention.audit = try value.positiveDuration()
        default:
            // `sections` lists a key this switch does not handle: a programming error, reported like a bad key.
            throw value.invalid("is not supported by this version")
        }
    }
}

/// One configuration entry being read, with the place to blame when it is wrong.
struct ConfigValue {
    let file: String
    let section: String
    let entry: TOMLEntry

    /// "config.toml:7: [listener] port must be …"
    func invalid(_ complaint: String) -> FileLineError {
        FileLineError(file: file, line: entry.line, message: "[\(section)] \(entry.key) \(complaint)")
    }

    func string(expecting kind: String = "a string") throws(FileLineError) -> String {
        guard case .string(let text) = entry.value else {
            throw invalid("must be \(kind), not \(entry.value.kindDescription)")
        }
        return text
    }

    func nonEmptyString() throws(FileLineError) -> String {
        let text = try string()
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid("must not be empty") }
        return text
    }

    func integer(in range: ClosedRange<Int>) throws(FileLineError) -> Int {
        guard case .integer(let number) = entry.value else {
            throw invalid("must be an integer, not \(entry.value.kindDescription)")
        }
        guard range.contains(number) else {
            let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
            throw invalid("must be \(bounds), got \(number)")
        }
        return number
    }

    /// One of `choices`, spelled exactly.
    func oneOf(_ choices: [String]) throws(FileLineError) -> String {
        let text = try string(expecting: "one of \(choices.map { "\"\($0)\"" }.joined(separator: ", "))")
        guard choices.contains(text) else {
            throw invalid("must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(text)\"")
        }
        return text
    }

    func strings() throws(FileLineError) -> [String] {
        guard case .strings(let items) = entry.value else {
            throw invalid("must be an array of strings, not \(entry.value.kindDescription)")
        }
        return items
    }

    func positiveDuration() throws(FileLineError) -> TimeInterval {
        let text = try string(expecting: "a duration string such as \"30m\"")
        guard let seconds = DurationText.parse(text) else {
            throw invalid("must be a duration such as \"45s\", \"30m\", \"24h\" or \"7d\", got \"\(text)\"")
        }
        guard seconds > 0 else { throw invalid("must be longer than zero, got \"\(text)\"") }
        return seconds
    }

    /// A duration where zero is meaningful ("0s" turns something off).
    func duration() throws(FileLineError) -> TimeInterval {
        let text = try string(expecting: "a duration string such as \"15m\"")
        guard let seconds = DurationText.parse(text) else {
            throw invalid("must be a duration such as \"15m\", \"1h\" or \"0s\" (off), got \"\(text)\"")
        }
        return seconds
    }

    func processingIDs() throws(FileLineError) -> [String] {
        let ids = try strings()
        let valid = ConfigSchema.processingIDs
        guard !ids.isEmpty else { throw invalid("must list at least one of \(valid.joined(separator: ", "))") }
        if let unknown = ids.first(where: { !valid.contains($0) }) {
            throw invalid("holds unknown processing id \"\(unknown)\"; valid: \(valid.joined(separator: ", "))")
        }
        return ids
    }

    /// Tier names (`["critical", "abnormal"]`), each once.
    /// One tier: "critical", "abnormal" or "routine".
    func tier() throws(FileLineError) -> Urgency {
        Urgency(rawValue: try oneOf(Urgency.allCases.map(\.rawValue)))!
    }

    func tiers() throws(FileLineError) -> [Urgency] {
        var tiers: [Urgency] = []
        for name in try strings() {
            guard let tier = Urgency(rawValue: name) else {
                throw invalid("holds unknown tier \"\(name)\"; valid: critical, abnormal, routine")
            }
            if !tiers.contains(tier) { tiers.append(tier) }
        }
        return tiers
    }

    func boolean() throws(FileLineError) -> Bool {
        guard case .boolean(let flag) = entry.value else {
            throw invalid("must be true or false, not \(entry.value.kindDescription)")
        }
        return flag
    }

    func reusedControlID() throws(FileLineError) -> CareQueueConfig.ReusedControlID {
        let text = try string()
        guard let policy = CareQueueConfig.ReusedControlID(rawValue: text) else {
            throw invalid("must be \"refuse\" (answer AE 205) or \"accept\" (store it as a new message), not \"\(text)\"")
        }
        return policy
    }

    func synchronous() throws(FileLineError) -> CareQueueConfig.Synchronous {
        let text = try string()
        guard let mode = CareQueueConfig.Synchronous(rawValue: text) else {
            throw invalid("must be \"full\" or \"normal\", got \"\(text)\"")
        }
        return mode
    }

    /// A `postgresql://` URL; a SQLite path belongs to `--db` or `$CAREQUEUE_DB`.
    func postgresURL() throws(FileLineError) -> PostgresLocation {
        let text = try nonEmptyString()
        guard PostgresURL.isURL(text) else {
            throw invalid("must be a postgresql:// URL such as \"postgresql://carequeue@127.0.0.1:5432/carequeue\"; "
                + "a SQLite file is chosen with --db or $CAREQUEUE_DB")
        }
        do {
            return try PostgresURL.parse(text)
        } catch {
            throw invalid("is refused: \(error.message)")
        }
    }

    func clinicHours() throws(FileLineError) -> String {
        let text = try string()
        guard let hours = ClinicHours(parsing: text) else {
            throw invalid("must look like \"07:00-19:00\" (start and end differ; \"00:00-24:00\" for always), got \"\(text)\"")
        }
        return hours.description
    }

    /// ["mon", "tue", …]: at least one day, each named once by its English name or first three letters.
    func weekdays() throws(FileLineError) -> Set<ClinicWeekday> {
        let names = try strings()
        let valid = ClinicWeekday.allCases.sorted().map(\.rawValue).joined(separator: ", ")
        guard !names.isEmpty else { throw invalid("must name at least one day (\(valid))") }
        var days: Set<ClinicWeekday> = []
        for name in names {
            guard let day = ClinicWeekday(name: name) else {
                throw invalid("holds \"\(name)\", which is not a day; use \(valid)")
            }
            guard days.insert(day).inserted else { throw invalid("names \(day.rawValue) twice") }
        }
        return days
    }

    /// ["2026-12-25", …]: calendar dates, local to the clinic.
    func dates() throws(FileLineError) -> [String] {
        let texts = try strings()
        for text in texts where text.count != 10 || ISO8601Input.parse(text, timeZone: TimeZone(secondsFromGMT: 0)!) == nil {
            throw invalid("holds \"\(text)\", which is not a date YYYY-MM-DD such as \"2026-12-25\"")
        }
        return texts
    }

    /// A path; `~` is the home directory and a relative path is relative to the config file's directory.
    func path() throws(FileLineError) -> String {
        let expanded = NSString(string: try nonEmptyString()).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        return directory.appendingPathComponent(expanded).standardizedFileURL.path
    }
}
