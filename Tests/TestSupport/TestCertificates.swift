import Foundation

/// A throwaway PKI made with the `openssl` CLI, for the TLS tests: the same commands README gives.
///
/// Two CAs (the trusted one and a stranger); from the trusted CA a server certificate for
/// `localhost` and 127.0.0.1, one for another name, a client certificate, and expired copies of the
/// server and client certificates (same keys); from the stranger CA a client certificate. EC P-256
/// keys, which openssl makes in milliseconds. Tests skip without `openssl`, except under `CI=true`.
public struct TestCertificates: Sendable {
    public let directory: URL

    public static let openssl: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { URL(fileURLWithPath: "\($0)/openssl") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// True when the TLS tests should run: openssl exists, or CI demands them.
    public static var shouldRun: Bool { openssl != nil || PythonPeers.isCI }

    /// Makes every certificate in `directory` (created if needed).
    public init(in directory: URL) throws {
        guard let openssl = Self.openssl else {
            throw PythonPeers.MissingPeer(message: "no `openssl` on PATH: run .ci/run or `apt-get install openssl`")
        }
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func run(_ arguments: [String]) throws {
            let result = try Subprocess.run(openssl, arguments, timeout: 60)
            guard result.status == 0 else { throw OpenSSLFailure(arguments: arguments, stderr: result.stderr) }
        }
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (ca, name) in [("ca", "CareQueue test CA"), ("stranger-ca", "Some other CA")] {
            try run(["req", "-x509"] + ec + ["-keyout", path("\(ca).key"), "-out", path("\(ca).pem"), "-days", "3650",
                     "-subj", "/CN=\(name)", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        }
        /// A key and a certificate for it signed by `ca`, valid for `days` (negative: already expired).
        func leaf(_ name: String, ca: String, subject: String, extensions: String, days: Int = 365, key: String? = nil) throws {
            if let key {
                // Every certificate X.pem has its X.key, even one that shares another's key.
                try FileManager.default.copyItem(atPath: key, toPath: path("\(name).key"))
                try run(["req", "-new", "-key", key, "-out", path("\(name).csr"), "-subj", "/CN=\(subject)"])
            } else {
                try run(["req"] + ec + ["-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(subject)"])
            }
            try (extensions + "\nauthorityKeyIdentifier=keyid\n").write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
            try run(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"),
                     "-CAcreateserial", "-out", path("\(name).pem"), "-days", "\(days)", "-extfile", path("\(name).ext")])
        }
        let serverNames = "subjectAltName=DNS:localhost,IP:127.0.0.1"
        try leaf("server", ca: "ca", subject: "localhost", extensions: serverNames)
        try leaf("server-expired", ca: "ca", subject: "localhost", extensions: serverNames, days: -1, key: path("server.key"))
        try leaf("server-elsewhere", ca: "ca", subject: "elsewhere.example", extensions: "subjectAltName=DNS:elsewhere.example",
                 key: path("server.key"))
        try leaf("client", ca: "ca", subject: "lab-gateway", extensions: "extendedKeyUsage=clientAuth")
        try leaf("client-expired", ca: "ca", subject: "lab-gateway", extensions: "extendedKeyUsage=clientAuth", days: -1,
                 key: path("client.key"))
        try leaf("stranger", ca: "stranger-ca", subject: "lab-gateway", extensions: "extendedKeyUsage=clientAuth")
    }

    /// A file in the directory: `ca.pem`, and `X.pem` with its key `X.key` for X in `server`,
    /// `server-expired`, `server-elsewhere`, `client`, `client-expired` and `stranger`.
    public func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// `[listener]` lines for TLS with this PKI's server certificate (`certificate` names another).
    public func listenerSettings(certificate: String = "server.pem", clientCA: Bool = false) -> String {
        var text = "tls_certificate = \"\(path(certificate))\"\ntls_private_key = \"\(path("server.key"))\"\n"
        if clientCA { text += "tls_client_ca = \"\(path("ca.pem"))\"\n" }
        return text
    }

    public struct OpenSSLFailure: Error, CustomStringConvertible {
        public var arguments: [String]
        public var stderr: String
        public var description: String { "openssl \(arguments.joined(separator: " ")) failed: \(stderr)" }
    }
}
