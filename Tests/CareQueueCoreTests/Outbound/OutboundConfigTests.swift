import Foundation
import Testing
@testable import CareQueueCore
import TestSupport

@Suite("Configuration: [outbound]")
struct OutboundConfigTests {
    static func parse(_ text: String) throws -> CareQueueConfig {
        try CareQueueConfig.parse(text: text + "\n", file: "/etc/cq/config.toml")
    }

    @Test("no [outbound] section: nothing is sent")
    func absent() throws {
        #expect(try Self.parse("[ui]\ntheme = \"default\"").outbound == nil)
        #expect(CareQueueConfig().outbound == nil)
    }

    @Test("host and port alone give the defaults")
    func defaults() throws {
        let outbound = try #require(try Self.parse("[outbound]\nhost = \"ehr.example\"\nport = 6661").outbound)
        #expect(outbound == CareQueueConfig.Outbound(host: "ehr.example", port: 6661))
        #expect(outbound.events == [.close])
        #expect(outbound.message == .mdmT02)
        #expect(outbound.documentType == "PN")
        #expect(outbound.version == "2.5.1")
        #expect(outbound.sendingApplication == "CareQueue")
        #expect(outbound.sendingFacility == "")
        #expect(outbound.ackTimeout == 30)
        #expect(!outbound.usesTLS)
    }

    @Test("every key sets its field, TLS paths relative to the config file")
    func everyKey() throws {
        let text = """
        [outbound]
        host = "ehr.example"
        port = 6661
        tls_ca = "tls/ehr-ca.pem"
        tls_certificate = "tls/client.pem"
        tls_private_key = "/srv/tls/client.key"
        events = ["close", "attempt", "signoff", "reopen"]
        message = "ORU^R01"
        document_type = "CN"
        version = "2.3"
        sending_application = "CQ"
        sending_facility = "EASTSIDE^2.16.840.1.113883.19.5^ISO"
        receiving_application = "EPIC"
        receiving_facility = ""
        ack_timeout = "1m"
        """
        var expected = CareQueueConfig.Outbound(host: "ehr.example", port: 6661)
        expected.tlsCA = "/etc/cq/tls/ehr-ca.pem"
        expected.tlsCertificate = "/etc/cq/tls/client.pem"
        expected.tlsPrivateKey = "/srv/tls/client.key"
        expected.events = [.close, .attempt, .signoff, .reopen]
        expected.message = .oruR01
        expected.documentType = "CN"
        expected.version = "2.3"
        expected.sendingApplication = "CQ"
        expected.sendingFacility = "EASTSIDE^2.16.840.1.113883.19.5^ISO"
        expected.receivingApplication = "EPIC"
        expected.receivingFacility = ""
        expected.ackTimeout = 60
        let outbound = try #require(try Self.parse(text).outbound)
        #expect(outbound == expected)
        #expect(outbound.usesTLS)
    }

    @Test("tls_ca alone is TLS trusting that CA")
    func caAlone() throws {
        let outbound = try Self.parse("[outbound]\nhost = \"h\"\nport = 1\ntls_ca = \"/ca.pem\"").outbound
        #expect(outbound?.usesTLS == true)
        #expect(outbound?.tlsCertificate == nil)
    }

    @Test("every supported version is accepted", arguments: CareQueueConfig.Outbound.supportedVersions)
    func versions(_ version: String) throws {
        #expect(try Self.parse("[outbound]\nhost = \"h\"\nport = 1\nversion = \"\(version)\"").outbound?.version == version)
    }

    @Test("bad [outbound] settings name the file, line and key", arguments: [
        Named("empty section", "[ui]\n[outbound]",
              "c.toml:2: [outbound] needs host and port: the EHR's MLLP listener (leave the section out to send nothing)"),
        Named("no port", "[outbound]\nhost = \"ehr\"",
              "c.toml:1: [outbound] needs port: the EHR's MLLP listener (leave the section out to send nothing)"),
        Named("no host", "[outbound]\nport = 6661",
              "c.toml:1: [outbound] needs host: the EHR's MLLP listener (leave the section out to send nothing)"),
        Named("host empty", "[outbound]\nhost = \"\"\nport = 1", "c.toml:2: [outbound] host must not be empty"),
        Named("port zero", "[outbound]\nhost = \"h\"\nport = 0", "c.toml:3: [outbound] port must be 1–65535, got 0"),
        Named("port as text", "[outbound]\nhost = \"h\"\nport = \"6661\"", "c.toml:3: [outbound] port must be an integer, not a string"),
        Named("certificate without its key", "[outbound]\nhost = \"h\"\nport = 1\ntls_ca = \"ca.pem\"\ntls_certificate = \"c.pem\"",
              "c.toml:5: [outbound] tls_certificate is set without tls_private_key: set both (PEM files) to present a client certificate"),
        Named("key without its certificate", "[outbound]\nhost = \"h\"\nport = 1\ntls_ca = \"ca.pem\"\ntls_private_key = \"c.key\"",
              "c.toml:5: [outbound] tls_private_key is set without tls_certificate: set both (PEM files) to present a client certificate"),
        Named("client certificate without tls_ca", "[outbound]\nhost = \"h\"\nport = 1\ntls_certificate = \"c.pem\"\ntls_private_key = \"c.key\"",
              "c.toml:4: [outbound] tls_certificate needs tls_ca: the connection is TLS only when tls_ca names the CA the EHR's certificate must chain to"),
        Named("tls_ca empty", "[outbound]\ntls_ca = \"\"", "c.toml:2: [outbound] tls_ca must not be empty"),
        Named("events unknown", "[outbound]\nevents = [\"close\", \"ack\"]",
              #"c.toml:2: [outbound] events holds "ack"; valid: "close", "attempt", "signoff", "reopen""#),
        Named("events empty", "[outbound]\nevents = []",
              #"c.toml:2: [outbound] events must list at least one of "close", "attempt", "signoff", "reopen" (leave out [outbound] to send nothing)"#),
        Named("events twice", "[outbound]\nevents = [\"close\", \"close\"]", #"c.toml:2: [outbound] events names "close" twice"#),
        Named("events as a string", "[outbound]\nevents = \"close\"", "c.toml:2: [outbound] events must be an array of strings, not a string"),
        Named("message unknown", "[outbound]\nmessage = \"ORU^R30\"",
              #"c.toml:2: [outbound] message must be one of "MDM^T02", "ORU^R01", got "ORU^R30""#),
        Named("document_type with a delimiter", "[outbound]\ndocument_type = \"PN^x\"",
              #"c.toml:2: [outbound] document_type must be a code such as "PN" (letters, digits, - or _; at most 30), got "PN^x""#),
        Named("document_type empty", "[outbound]\ndocument_type = \"\"",
              #"c.toml:2: [outbound] document_type must be a code such as "PN" (letters, digits, - or _; at most 30), got """#),
        Named("version unsupported", "[outbound]\nversion = \"2.7\"",
              #"c.toml:2: [outbound] version must be one of "2.3", "2.3.1", "2.4", "2.5", "2.5.1", got "2.7""#),
        Named("version as a number", "[outbound]\nversion = 2.5",
              #"c.toml:2: [outbound] version must be one of "2.3", "2.3.1", "2.4", "2.5", "2.5.1", not a decimal number"#),
        Named("facility with a field separator", "[outbound]\nsending_facility = \"A|B\"",
              #"c.toml:2: [outbound] sending_facility must be an HD such as "CLINIC" or "CLINIC^2.16.840.1.113883.19.5^ISO" (at most three parts joined by ^, no |, ~, \ or &), got "A|B""#),
        Named("application with four parts", "[outbound]\nreceiving_application = \"A^B^C^D\"",
              #"c.toml:2: [outbound] receiving_application must be an HD such as "CLINIC" or "CLINIC^2.16.840.1.113883.19.5^ISO" (at most three parts joined by ^, no |, ~, \ or &), got "A^B^C^D""#),
        Named("ack_timeout zero", "[outbound]\nack_timeout = \"0s\"", #"c.toml:2: [outbound] ack_timeout must be longer than zero, got "0s""#),
        Named("ack_timeout without unit", "[outbound]\nack_timeout = \"30\"",
              #"c.toml:2: [outbound] ack_timeout must be a duration such as "45s", "30m", "24h" or "7d", got "30""#),
        Named("unknown key", "[outbound]\nhots = \"h\"",
              "c.toml:2: unknown key 'hots' in [outbound]; valid keys: host, port, tls_ca, tls_certificate, tls_private_key, events, message, document_type, version, sending_application, sending_facility, receiving_application, receiving_facility, ack_timeout, retry_max_interval"),
    ])
    func badValues(_ row: Named<String, String>) {
        let error = #expect(throws: FileLineError.self) { try CareQueueConfig.parse(text: row.input + "\n", file: "c.toml") }
        #expect(error?.description == row.expected)
    }
}
