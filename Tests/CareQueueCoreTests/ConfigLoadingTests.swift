import Foundation
import Testing
@testable import CareQueueCore
import TestSupport

@Suite("Configuration loading")
struct ConfigLoadingTests {
    typealias Change = @Sendable (inout CareQueueConfig) -> Void

    @Test("an empty file gives the defaults from DESIGN.md")
    func defaults() throws {
        let config = try CareQueueConfig.parse(text: "# nothing set\n", file: "/etc/cq/config.toml")
        #expect(config == CareQueueConfig())
        #expect(config.windows.critical == 30 * 60)
        #expect(config.windows.abnormal == 24 * 3600)
        #expect(config.windows.routine == 72 * 3600)
        #expect(config.tiers.normalFlags == ["", "N", "S", "NEG", "ND", "NR"])
        #expect(config.listener.host == "127.0.0.1")
        #expect(config.listener.port == 2575)
        #expect(config.listener.maxFrameBytes == 16 * 1024 * 1024)
        #expect(config.listener.processingIDs == ["P"])
        #expect(config.store.synchronous == .full)
        #expect(config.store.maxBacklog == 20_000)
        #expect(config.store.url == nil && config.store.passwordFile == nil, "SQLite unless a URL is given")
        #expect(config.ui.idleLock == 15 * 60)
        #expect(config.ui.undoWindow == 10)
        #expect(config.ui.claimFor == 5 * 60)
        // Sign-off is off until a site names tiers: today's behaviour is unchanged.
        #expect(config.workflow.signoffRequired.isEmpty)
        #expect(config.windows.signoff == 2 * 3600)
        #expect(config.windows.review == 3600, "a review-list message escalates after an hour open")
        #expect(config.status == CareQueueConfig.Status())
        #expect(config.status.reviewBacklog == 10 && config.status.outboxBacklog == 100)
        #expect(config.status.outboxAge == 15 * 60 && config.status.certificateWarning == 14 * 86_400)
    }

    @Test("a tier that does not exist is named with the valid ones")
    func unknownSignoffTier() {
        #expect(throws: FileLineError(file: "c.toml", line: 2,
                                      message: #"[workflow] signoff_required holds unknown tier "abnormall"; valid: critical, abnormal, routine"#)) {
            try CareQueueConfig.parse(text: "[workflow]\nsignoff_required = [\"abnormall\"]\n", file: "c.toml")
        }
    }

    static let keyCases: [Named<String, Change>] = [
        Named("windows.critical", "[windows]\ncritical = \"45s\"", { $0.windows.critical = 45 }),
        Named("windows.abnormal", "[windows]\nabnormal = \"12h\"", { $0.windows.abnormal = 12 * 3600 }),
        Named("windows.routine", "[windows]\nroutine = \"7d\"", { $0.windows.routine = 7 * 86_400 }),
        Named("tiers.critical_tests", "[tiers]\ncritical_tests = [\"2823-3\", \"6298-4\"]", { $0.tiers.criticalTests = ["2823-3", "6298-4"] }),
        Named("tiers.normal_flags", "[tiers]\nnormal_flags = [\"N\"]", { $0.tiers.normalFlags = ["N"] }),
        Named("tiers.normal_flags empty", "[tiers]\nnormal_flags = []", { $0.tiers.normalFlags = [] }),
        Named("listener.host", "[listener]\nhost = \"0.0.0.0\"", { $0.listener.host = "0.0.0.0" }),
        Named("listener.port", "[listener]\nport = 2576", { $0.listener.port = 2576 }),
        Named("listener.allow_plaintext", "[listener]\nallow_plaintext = true", { $0.listener.allowPlaintext = true }),
        Named("listener TLS files, relative to the config file", "[listener]\ntls_certificate = \"tls/server.pem\"\ntls_private_key = \"/srv/tls/server.key\"",
              { $0.listener.tlsCertificate = "/etc/cq/tls/server.pem"; $0.listener.tlsPrivateKey = "/srv/tls/server.key" }),
        Named("listener.tls_client_ca", "[listener]\ntls_client_ca = \"ca.pem\"\ntls_certificate = \"s.pem\"\ntls_private_key = \"s.key\"",
              { $0.listener.tlsClientCA = "/etc/cq/ca.pem"; $0.listener.tlsCertificate = "/etc/cq/s.pem"; $0.listener.tlsPrivateKey = "/etc/cq/s.key" }),
        Named("listener.port zero", "[listener]\nport = 0", { $0.listener.port = 0 }),
        Named("listener.port top", "[listener]\nport = 65535", { $0.listener.port = 65_535 }),
        Named("listener.max_frame_bytes", "[listener]\nmax_frame_bytes = 1048576", { $0.listener.maxFrameBytes = 1_048_576 }),
        Named("listener.max_frame_bytes at 1 KiB", "[listener]\nmax_frame_bytes = 1024", { $0.listener.maxFrameBytes = 1024 }),
        Named("listener.max_connections", "[listener]\nmax_connections = 8", { $0.listener.maxConnections = 8 }),
        Named("listener.max_connections_per_peer", "[listener]\nmax_connections_per_peer = 2",
              { $0.listener.maxConnectionsPerPeer = 2 }),
        Named("listener.max_buffered_bytes equal to max_frame_bytes",
              "[listener]\nmax_frame_bytes = 1048576\nmax_buffered_bytes = 1048576",
              { $0.listener.maxFrameBytes = 1_048_576; $0.listener.maxBufferedBytes = 1_048_576 }),
        Named("listener.partial_frame_timeout", "[listener]\npartial_frame_timeout = \"5s\"", { $0.listener.partialFrameTimeout = 5 }),
        Named("listener.idle_timeout", "[listener]\nidle_timeout = \"1h\"", { $0.listener.idleTimeout = 3600 }),
        Named("listener.processing_ids", "[listener]\nprocessing_ids = [\"P\", \"T\", \"D\"]", { $0.listener.processingIDs = ["P", "T", "D"] }),
        Named("store.synchronous normal", "[store]\nsynchronous = \"normal\"", { $0.store.synchronous = .normal }),
        Named("store.synchronous full", "[store]\nsynchronous = \"full\"", { $0.store.synchronous = .full }),
        Named("store.max_backlog", "[store]\nmax_backlog = 500", { $0.store.maxBacklog = 500 }),
        Named("store.group", "[store]\ngroup = \"clinic\"", { $0.store.group = "clinic" }),
        Named("store.url", "[store]\nurl = \"postgresql://carequeue@db.example.org/queue?sslmode=verify-full\"",
              { $0.store.url = PostgresLocation(user: "carequeue", host: "db.example.org", database: "queue", sslMode: .verifyFull) }),
        Named("store.password_file relative to the config file", "[store]\npassword_file = \"pg.password\"",
              { $0.store.passwordFile = "/etc/cq/pg.password" }),
        Named("clinic.name", "[clinic]\nname = \"Eastside Family Practice\"", { $0.clinic.name = "Eastside Family Practice" }),
        Named("clinic.hours", "[clinic]\nhours = \"08:30-17:00\"", { $0.clinic.hours = "08:30-17:00" }),
        Named("clinic.hours normalised", "[clinic]\nhours = \"8:30-17:00\"", { $0.clinic.hours = "08:30-17:00" }),
        Named("clinic.hours across midnight", "[clinic]\nhours = \"22:00-06:00\"", { $0.clinic.hours = "22:00-06:00" }),
        Named("clinic.silent_after", "[clinic]\nsilent_after = \"5m\"", { $0.clinic.silentAfter = 300 }),
        Named("clinic.business_days short and full names", "[clinic]\nbusiness_days = [\"mon\", \"Tuesday\", \"SAT\"]",
              { $0.clinic.businessDays = [.mon, .tue, .sat] }),
        Named("clinic.holidays", "[clinic]\nholidays = [\"2026-12-25\", \"2027-01-01\"]",
              { $0.clinic.holidays = ["2026-12-25", "2027-01-01"] }),
        Named("audit.key_file absolute", "[audit]\nkey_file = \"/var/lib/cq/audit.key\"", { $0.audit.keyFile = "/var/lib/cq/audit.key" }),
        Named("audit.key_file relative to the config file", "[audit]\nkey_file = \"keys/audit.key\"", { $0.audit.keyFile = "/etc/cq/keys/audit.key" }),
        Named("audit.key_file with dot segments", "[audit]\nkey_file = \"../audit.key\"", { $0.audit.keyFile = "/etc/audit.key" }),
        Named("ui.theme", "[ui]\ntheme = \"high-contrast\"", { $0.ui.theme = "high-contrast" }),
        Named("ui.idle_lock", "[ui]\nidle_lock = \"5m\"", { $0.ui.idleLock = 300 }),
        Named("ui.idle_lock off", "[ui]\nidle_lock = \"0s\"", { $0.ui.idleLock = 0 }),
        Named("ui.undo_window", "[ui]\nundo_window = \"30s\"", { $0.ui.undoWindow = 30 }),
        Named("ui.board_page_every", "[ui]\nboard_page_every = \"20s\"", { $0.ui.boardPageEvery = 20 }),
        Named("ui.bell", "[ui]\nbell = \"always\"", { $0.ui.bell = "always" }),
        Named("ui.claim_for", "[ui]\nclaim_for = \"2m\"", { $0.ui.claimFor = 120 }),
        Named("empty section", "[ui]", { _ in }),
        Named("windows.signoff", "[windows]\nsignoff = \"90m\"", { $0.windows.signoff = 5400 }),
        Named("windows.review", "[windows]\nreview = \"2d\"", { $0.windows.review = 2 * 86_400 }),
        Named("windows.review seconds", "[windows]\nreview = \"45s\"", { $0.windows.review = 45 }),
        Named("workflow.signoff_required", "[workflow]\nsignoff_required = [\"critical\", \"abnormal\", \"critical\"]",
              { $0.workflow.signoffRequired = [.critical, .abnormal] }),
        Named("workflow.signoff_required empty", "[workflow]\nsignoff_required = []", { $0.workflow.signoffRequired = [] }),
        Named("status.review_backlog", "[status]\nreview_backlog = 0", { $0.status.reviewBacklog = 0 }),
        Named("status.outbox_backlog", "[status]\noutbox_backlog = 250", { $0.status.outboxBacklog = 250 }),
        Named("status.outbox_age", "[status]\noutbox_age = \"1h\"", { $0.status.outboxAge = 3600 }),
        Named("status.certificate_warning", "[status]\ncertificate_warning = \"30d\"", { $0.status.certificateWarning = 30 * 86_400 }),
        Named("retention.closed_after", "[retention]\nclosed_after = \"400d\"", { $0.retention.closedAfter = 400 * 86_400 }),
        Named("retention.audit", "[retention]\naudit = \"2557d\"", { $0.retention.audit = 2557 * 86_400 }),
    ]

    @Test("every key sets its field", arguments: keyCases)
    func everyKey(_ row: Named<String, Change>) throws {
        var expected = CareQueueConfig()
        row.expected(&expected)
        #expect(try CareQueueConfig.parse(text: row.input + "\n", file: "/etc/cq/config.toml") == expected)
    }

    @Test("every key the schema lists is accepted with a valid value")
    func schemaAndSwitchAgree() throws {
        let samples: [TOMLValue] = [.string("30m"), .strings(["P"]), .integer(2048), .string("07:00-19:00"), .string("full"), .string("x"), .string("accept"), .boolean(true),
                                     .strings(["mon"]), .strings(["2026-12-25"]), .string("board"), .strings(["close"]),
                                     .string("MDM^T02"), .string("2.5.1"), .strings(["critical"]), .string("critical"), .string("json"), .string("info"),
                                     .integer(8192), .integer(5), .string("postgresql://cq@db/cq")]
        for (section, keys) in ConfigSchema.sections {
            for key in keys {
                let accepted = samples.contains { sample in
                    var config = CareQueueConfig()
                    let value = ConfigValue(file: "c.toml", section: section, entry: TOMLEntry(key: key, value: sample, line: 1))
                    return (try? ConfigSchema.apply(value, to: &config)) != nil
                }
                #expect(accepted, "[\(section)] \(key)")
            }
        }
    }

    @Test("a file setting several keys")
    func wholeFile() throws {
        let text = """
        # CareQueue
        [windows]
        critical = "15m"   # stricter than the default

        [listener]
        host = "0.0.0.0"
        port = 3000
        processing_ids = ["P", "T"]

        [tiers]
        critical_tests = [
          "2823-3",  # potassium
          "6298-4",
        ]
        """
        let config = try CareQueueConfig.parse(text: text, file: "c.toml")
        var expected = CareQueueConfig()
        expected.windows.critical = 900
        expected.listener.host = "0.0.0.0"
        expected.listener.port = 3000
        expected.listener.processingIDs = ["P", "T"]
        expected.tiers.criticalTests = ["2823-3", "6298-4"]
        #expect(config == expected)
    }

    @Test("bad values name the file, line and key", arguments: [
        Named("duration without unit", "[windows]\ncritical = \"30\"",
              #"c.toml:2: [windows] critical must be a duration such as "45s", "30m", "24h" or "7d", got "30""#),
        Named("duration as a number", "[windows]\n\nabnormal = 30",
              #"c.toml:3: [windows] abnormal must be a duration string such as "30m", not an integer"#),
        Named("zero duration", "[windows]\nroutine = \"0s\"", #"c.toml:2: [windows] routine must be longer than zero, got "0s""#),
        Named("negative duration", "[windows]\nroutine = \"-1h\"",
              #"c.toml:2: [windows] routine must be a duration such as "45s", "30m", "24h" or "7d", got "-1h""#),
        Named("critical_tests not an array", "[tiers]\ncritical_tests = \"2823-3\"",
              "c.toml:2: [tiers] critical_tests must be an array of strings, not a string"),
        Named("normal_flags not an array", "[tiers]\nnormal_flags = true", "c.toml:2: [tiers] normal_flags must be an array of strings, not a boolean"),
        Named("host empty", "[listener]\nhost = \"\"", "c.toml:2: [listener] host must not be empty"),
        Named("host as a number", "[listener]\nhost = 127", "c.toml:2: [listener] host must be a string, not an integer"),
        Named("port too large", "[listener]\nport = 70000", "c.toml:2: [listener] port must be 0–65535, got 70000"),
        Named("allow_plaintext as a string", "[listener]\nallow_plaintext = \"yes\"",
              "c.toml:2: [listener] allow_plaintext must be true or false, not a string"),
        Named("tls_certificate without its key", "[listener]\ntls_certificate = \"s.pem\"",
              "c.toml:2: [listener] tls_certificate is set without tls_private_key: set both (PEM files) to listen with TLS"),
        Named("tls_private_key without its certificate", "[listener]\nhost = \"0.0.0.0\"\ntls_private_key = \"s.key\"",
              "c.toml:3: [listener] tls_private_key is set without tls_certificate: set both (PEM files) to listen with TLS"),
        Named("tls_client_ca without TLS", "[listener]\ntls_client_ca = \"ca.pem\"",
              "c.toml:2: [listener] tls_client_ca needs tls_certificate and tls_private_key: mutual TLS is TLS with client certificates"),
        Named("tls_certificate empty", "[listener]\ntls_certificate = \"\"", "c.toml:2: [listener] tls_certificate must not be empty"),
        Named("port negative", "[listener]\nport = -1", "c.toml:2: [listener] port must be 0–65535, got -1"),
        Named("port as a string", "[listener]\nport = \"2575\"", "c.toml:2: [listener] port must be an integer, not a string"),
        Named("port as a decimal", "[listener]\nport = 2575.0", "c.toml:2: [listener] port must be an integer, not a decimal number"),
        Named("max_frame_bytes too small", "[listener]\nmax_frame_bytes = 1023", "c.toml:2: [listener] max_frame_bytes must be at least 1024, got 1023"),
        Named("max_frame_bytes zero", "[listener]\nmax_frame_bytes = 0", "c.toml:2: [listener] max_frame_bytes must be at least 1024, got 0"),
        Named("max_frame_bytes as text", "[listener]\nmax_frame_bytes = \"16MiB\"", "c.toml:2: [listener] max_frame_bytes must be an integer, not a string"),
        Named("max_connections zero", "[listener]\nmax_connections = 0", "c.toml:2: [listener] max_connections must be at least 1, got 0"),
        Named("max_connections_per_peer negative", "[listener]\nmax_connections_per_peer = -1",
              "c.toml:2: [listener] max_connections_per_peer must be at least 1, got -1"),
        Named("max_buffered_bytes below max_frame_bytes", "[listener]\nmax_buffered_bytes = 8388608",
              "c.toml:2: [listener] max_buffered_bytes (8388608) is below max_frame_bytes (16777216): one whole frame must fit in the budget"),
        Named("max_frame_bytes raised above the default budget", "[listener]\nmax_frame_bytes = 100000000",
              "c.toml:2: [listener] max_buffered_bytes (67108864) is below max_frame_bytes (100000000): one whole frame must fit in the budget"),
        Named("partial_frame_timeout bad", "[listener]\npartial_frame_timeout = \"soon\"",
              #"c.toml:2: [listener] partial_frame_timeout must be a duration such as "45s", "30m", "24h" or "7d", got "soon""#),
        Named("idle_timeout zero", "[listener]\nidle_timeout = \"0m\"", #"c.toml:2: [listener] idle_timeout must be longer than zero, got "0m""#),
        Named("processing_ids unknown", "[listener]\nprocessing_ids = [\"P\", \"X\"]",
              #"c.toml:2: [listener] processing_ids holds unknown processing id "X"; valid: P, T, D"#),
        Named("processing_ids lower case", "[listener]\nprocessing_ids = [\"p\"]",
              #"c.toml:2: [listener] processing_ids holds unknown processing id "p"; valid: P, T, D"#),
        Named("processing_ids empty", "[listener]\nprocessing_ids = []", "c.toml:2: [listener] processing_ids must list at least one of P, T, D"),
        Named("processing_ids as a string", "[listener]\nprocessing_ids = \"P\"", "c.toml:2: [listener] processing_ids must be an array of strings, not a string"),
        Named("url holding a password, which the message does not repeat", "[store]\nurl = \"postgresql://cq:hunter2@db/cq\"",
              "c.toml:2: [store] url is refused: the URL holds a password (user:password@): a password never goes in the URL; "
              + "put the password in the file [store] password_file names, or in a .pgpass file ($PGPASSFILE or ~/.pgpass)"),
        Named("url naming a SQLite file", "[store]\nurl = \"/var/lib/carequeue/carequeue.sqlite\"",
              #"c.toml:2: [store] url must be a postgresql:// URL such as "postgresql://carequeue@127.0.0.1:5432/carequeue"; a SQLite file is chosen with --db or $CAREQUEUE_DB"#),
        Named("url with an unknown parameter", "[store]\n\nurl = \"postgres://cq@db/cq?sslmode=require&target_session_attrs=any\"",
              #"c.toml:3: [store] url is refused: unknown URL parameter "target_session_attrs"; valid: sslmode, sslrootcert, application_name, connect_timeout, host"#),
        Named("url with a bad sslmode", "[store]\nurl = \"postgresql://cq@db/cq?sslmode=on\"",
              #"c.toml:2: [store] url is refused: sslmode "on" is not one of disable, allow, prefer, require, verify-ca, verify-full"#),
        Named("url empty", "[store]\nurl = \"\"", "c.toml:2: [store] url must not be empty"),
        Named("password_file empty", "[store]\npassword_file = \"\"", "c.toml:2: [store] password_file must not be empty"),
        Named("synchronous unknown", "[store]\nsynchronous = \"off\"", #"c.toml:2: [store] synchronous must be "full" or "normal", got "off""#),
        Named("synchronous upper case", "[store]\nsynchronous = \"FULL\"", #"c.toml:2: [store] synchronous must be "full" or "normal", got "FULL""#),
        Named("group empty", "[store]\ngroup = \" \"", "c.toml:2: [store] group must not be empty"),
        Named("max_backlog zero", "[store]\nmax_backlog = 0", "c.toml:2: [store] max_backlog must be at least 1, got 0"),
        Named("max_backlog as text", "[store]\nmax_backlog = \"many\"", "c.toml:2: [store] max_backlog must be an integer, not a string"),
        Named("clinic name as a boolean", "[clinic]\nname = false", "c.toml:2: [clinic] name must be a string, not a boolean"),
        Named("clinic hours malformed", "[clinic]\nhours = \"7-19\"",
              #"c.toml:2: [clinic] hours must look like "07:00-19:00" (start and end differ; "00:00-24:00" for always), got "7-19""#),
        Named("clinic hours equal", "[clinic]\nhours = \"07:00-07:00\"",
              #"c.toml:2: [clinic] hours must look like "07:00-19:00" (start and end differ; "00:00-24:00" for always), got "07:00-07:00""#),
        Named("business_days unknown day", "[clinic]\nbusiness_days = [\"mon\", \"funday\"]",
              #"c.toml:2: [clinic] business_days holds "funday", which is not a day; use mon, tue, wed, thu, fri, sat, sun"#),
        Named("business_days empty", "[clinic]\nbusiness_days = []",
              "c.toml:2: [clinic] business_days must name at least one day (mon, tue, wed, thu, fri, sat, sun)"),
        Named("business_days twice", "[clinic]\nbusiness_days = [\"mon\", \"monday\"]",
              "c.toml:2: [clinic] business_days names mon twice"),
        Named("business_days as a string", "[clinic]\nbusiness_days = \"mon-fri\"",
              "c.toml:2: [clinic] business_days must be an array of strings, not a string"),
        Named("holidays impossible date", "[clinic]\nholidays = [\"2026-02-30\"]",
              #"c.toml:2: [clinic] holidays holds "2026-02-30", which is not a date YYYY-MM-DD such as "2026-12-25""#),
        Named("holidays with a time", "[clinic]\nholidays = [\"2026-12-25T00:00\"]",
              #"c.toml:2: [clinic] holidays holds "2026-12-25T00:00", which is not a date YYYY-MM-DD such as "2026-12-25""#),
        Named("silent_after as a number", "[clinic]\nsilent_after = 20",
              #"c.toml:2: [clinic] silent_after must be a duration string such as "30m", not an integer"#),
        Named("key_file empty", "[audit]\nkey_file = \"\"", "c.toml:2: [audit] key_file must not be empty"),
        Named("theme as an array", "[ui]\ntheme = [\"dark\"]", "c.toml:2: [ui] theme must be a string, not an array"),
        Named("idle_lock as a number", "[ui]\nidle_lock = 15",
              #"c.toml:2: [ui] idle_lock must be a duration string such as "15m", not an integer"#),
        Named("idle_lock without a unit", "[ui]\nidle_lock = \"15\"",
              #"c.toml:2: [ui] idle_lock must be a duration such as "15m", "1h" or "0s" (off), got "15""#),
        Named("undo_window zero", "[ui]\nundo_window = \"0s\"", #"c.toml:2: [ui] undo_window must be longer than zero, got "0s""#),
        Named("bell unknown", "[ui]\nbell = \"loud\"", #"c.toml:2: [ui] bell must be one of "board", "always", "never", got "loud""#),
        Named("claim_for without a unit", "[ui]\nclaim_for = \"5\"",
              #"c.toml:2: [ui] claim_for must be a duration such as "45s", "30m", "24h" or "7d", got "5""#),
        Named("negative review backlog", "[status]\nreview_backlog = -1", "c.toml:2: [status] review_backlog must be at least 0, got -1"),
        Named("outbox age of zero", "[status]\noutbox_age = \"0s\"", #"c.toml:2: [status] outbox_age must be longer than zero, got "0s""#),
    ])
    func badValues(_ row: Named<String, String>) {
        let error = #expect(throws: FileLineError.self) { try CareQueueConfig.parse(text: row.input + "\n", file: "c.toml") }
        #expect(error?.description == row.expected)
    }

    @Test("unknown names list the valid ones", arguments: [
        Named("unknown key", "[listener]\nhost = \"h\"\nprot = 1",
              "c.toml:3: unknown key 'prot' in [listener]; valid keys: host, port, max_frame_bytes, partial_frame_timeout, idle_timeout, processing_ids, reused_control_id, allow_plaintext, max_connections, max_connections_per_peer, max_buffered_bytes, tls_certificate, tls_private_key, tls_client_ca"),
        Named("key from another section", "[windows]\ntheme = \"x\"", "c.toml:2: unknown key 'theme' in [windows]; valid keys: critical, abnormal, routine, signoff, review"),
        Named("dotted key", "[ui]\nui.theme = \"x\"", "c.toml:2: unknown key 'ui.theme' in [ui]; valid keys: theme, idle_lock, undo_window, claim_for, board_page_every, bell"),
        Named("unknown section", "[ui]\n\n[listner]\nport = 1",
              "c.toml:3: unknown section [listner]; valid sections: windows, tiers, listener, store, clinic, audit, ui, outbound, workflow, status, turnaround, turnaround_tests, log, retention"),
        Named("key outside any section", "port = 2575\n[listener]",
              "c.toml:1: key 'port' is outside any section; valid sections: windows, tiers, listener, store, clinic, audit, ui, outbound, workflow, status, turnaround, turnaround_tests, log, retention"),
        Named("syntax error", "[listener]\nhost = \"open", "c.toml:2: unterminated string"),
        Named("duplicate key", "[listener]\nport = 1\nport = 2", "c.toml:3: duplicate key 'port' in [listener] (first on line 2)"),
        Named("duplicate section", "[ui]\n[store]\n[ui]", "c.toml:3: duplicate section [ui] (first on line 1)"),
    ])
    func unknownNames(_ row: Named<String, String>) {
        let error = #expect(throws: FileLineError.self) { try CareQueueConfig.parse(text: row.input + "\n", file: "c.toml") }
        #expect(error?.description == row.expected)
    }

    @Test("key_file starting with ~ is under the home directory")
    func keyFileTilde() throws {
        let config = try CareQueueConfig.parse(text: "[audit]\nkey_file = \"~/cq/audit.key\"\n", file: "/etc/cq/config.toml")
        let expected = URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent("cq/audit.key").path
        #expect(config.audit.keyFile == expected)
    }
}
