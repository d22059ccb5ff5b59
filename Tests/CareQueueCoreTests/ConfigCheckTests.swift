import Testing
@testable import CareQueueCore
import HL7

@Suite("Configuration check: every problem, and the effective configuration")
struct ConfigCheckTests {
    @Test("problems on several lines are all reported, with the good lines still applied")
    func everyProblem() {
        let text = """
        [listener]
        port = 70000
        host = "0.0.0.0"
        [ui]
        bell = "loud"
        theme = "dark" "x"
        [log]
        level = "verbose"
        format = "json"
        """
        let checked = CareQueueConfig.check(text: text + "\n", file: "c.toml")
        #expect(checked.problems.map(\.description) == [
            "c.toml:6: unexpected text after the value of 'theme': '\"x\"'",
            "c.toml:2: [listener] port must be 0–65535, got 70000",
            #"c.toml:5: [ui] bell must be one of "board", "always", "never", got "loud""#,
            #"c.toml:8: [log] level must be one of "trace", "debug", "info", "notice", "warning", "error", "critical", got "verbose""#,
        ])
        #expect(checked.config.listener.host == "0.0.0.0")
        #expect(checked.config.log.format == .json)
        // The first-error API still throws the first of them.
        #expect(throws: checked.problems[0]) { try CareQueueConfig.parse(text: text + "\n", file: "c.toml") }
    }

    @Test("keys under a bad section header are not reported again, the next section is read")
    func badSectionSkipsItsKeys() {
        let text = "[listner]\nport = 1\nprot = 2\n[ui]\nbel = \"x\"\n[ui]\ntheme = \"y\"\n"
        let checked = CareQueueConfig.check(text: text, file: "c.toml")
        #expect(checked.problems.map(\.line) == [6, 1, 5])
    }

    @Test("a refused outbound port is not also reported missing")
    func refusedValueCountsAsSet() {
        let checked = CareQueueConfig.check(text: "[outbound]\nhost = \"ehr\"\nport = \"x\"\n", file: "c.toml")
        #expect(checked.problems.map(\.description) == [#"c.toml:3: [outbound] port must be an integer, not a string"#])
    }

    @Test("the [log] section: format, level, size and count")
    func logSection() throws {
        let config = try CareQueueConfig.parse(text: "[log]\nformat = \"json\"\nlevel = \"debug\"\nmax_bytes = 65536\nkeep = 2\n", file: "c.toml")
        #expect(config.log.format == .json)
        #expect(config.log.level == .debug)
        #expect(config.log.maxBytes == 65_536)
        #expect(config.log.keep == 2)
        #expect(CareQueueConfig().log.maxBytes == 10 * 1024 * 1024)
        #expect(CareQueueConfig().log.keep == 5)
        #expect(throws: FileLineError(file: "c.toml", line: 2, message: #"[log] format must be one of "text", "json", got "xml""#)) {
            try CareQueueConfig.parse(text: "[log]\nformat = \"xml\"\n", file: "c.toml")
        }
    }

    @Test("--show writes every section and key, and reads back as the same configuration")
    func effectiveTextRoundTrips() throws {
        var config = CareQueueConfig()
        config.listener.tlsCertificate = "/etc/cq/s.pem"
        config.listener.tlsPrivateKey = "/etc/cq/s.key"
        config.listener.tlsClientCA = "/etc/cq/ca.pem"
        config.store.group = "care"
        config.store.url = PostgresLocation(user: "care queue", host: "::1", port: 5433, database: "cq", sslMode: .verifyCA,
                                            sslRootCert: "/etc/cq/pg-ca.pem", applicationName: "carequeue listen", connectTimeout: 5)
        config.store.passwordFile = "/etc/cq/pg.password"
        config.audit.keyFile = "/etc/cq/audit.key"
        config.clinic.name = #"St. "Mary's" \ North"#
        config.log.level = .notice
        config.outbound = CareQueueConfig.Outbound(host: "ehr.example", port: 6661)
        config.outbound?.events = [.close, .signoff]
        config.outbound?.tlsCA = "/etc/cq/ehr-ca.pem"
        config.outbound?.tlsCertificate = "/etc/cq/c.pem"
        config.outbound?.tlsPrivateKey = "/etc/cq/c.key"
        config.retention.closedAfter = 400 * 86_400
        config.retention.audit = 7 * 365 * 86_400
        let text = config.effectiveText()
        for (section, keys) in ConfigSchema.sections {
            #expect(text.contains("[\(section)]\n"), "[\(section)]")
            for key in keys { #expect(ConfigSchema.value(of: section, key, in: config) != nil, "[\(section)] \(key)") }
        }
        #expect(try CareQueueConfig.parse(text: text, file: "/etc/cq/config.toml") == config)
    }

    @Test("--show of the defaults comments out what is not set, and reads back as the defaults")
    func defaultsShowUnsetAsComments() throws {
        let text = CareQueueConfig().effectiveText()
        #expect(text.contains("[windows]\ncritical = \"30m\"\n"))
        #expect(text.contains("\nreview = \"1h\"\n"), "the review clock's window is shown with the others")
        #expect(text.contains("# tls_certificate is not set\n"))
        #expect(text.contains("# [outbound] is not set"))
        #expect(text.contains("# host is not set\n"))
        #expect(text.contains("# ack_timeout = \"30s\"\n"))
        #expect(text.contains("[log]\nformat = \"text\"\n# level is not set\nmax_bytes = 10485760\nkeep = 5\n"))
        #expect(text.contains("[retention]\n# closed_after is not set\naudit = \"2192d\"\n"), "retention is off by default")
        #expect(text.contains("max_backlog = 20000\n# url is not set\n# password_file is not set\n"), "SQLite by default")
        #expect(try CareQueueConfig.parse(text: text, file: "c.toml") == CareQueueConfig())
    }
}

@Suite("Why a peer refused a message, from its ACK")
struct AckReasonTests {
    @Test("v2.5+: ERR-3 code and text, then MSA-3 or ERR-8; before v2.5: ERR-1.4; control characters shown")
    func detail() throws {
        let modern = try HL7Message(parsing: Array("MSH|^~\\&|A|B|C|D|20260101||ACK|1|P|2.5.1\rMSA|AE|C1\rERR||PID^1^3|101^Required field missing^HL70357|E||||no MRN\u{7}\r".utf8))
        #expect(AckReason.detail(in: modern) == "101 Required field missing: no MRN<0x07>")
        let old = try HL7Message(parsing: Array("MSH|^~\\&|A|B|C|D|20260101||ACK|1|P|2.3\rMSA|AR|C1|not for us\rERR|MSH^1^11^202&Unsupported processing id&HL70357\r".utf8))
        #expect(AckReason.detail(in: old) == "202 Unsupported processing id: not for us")
        let bare = try HL7Message(parsing: Array("MSH|^~\\&|A|B|C|D|20260101||ACK|1|P|2.5\rMSA|AE|C1|unknown patient\r".utf8))
        #expect(AckReason.detail(in: bare) == "unknown patient")
        #expect(AckReason.words(in: modern) == "no MRN<0x07>")
    }
}
