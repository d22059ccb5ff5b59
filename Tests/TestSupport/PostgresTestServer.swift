import Foundation

/// The PostgreSQL server the PostgreSQL tests use, and a fresh database in it per test.
///
/// Order: `$CAREQUEUE_TEST_POSTGRES_URL` (what `.ci/run` sets), else the throw-away cluster that
/// `Scripts/postgres-test-cluster.sh start` starts or finds running — tried once per test process, so
/// a developer's plain `swift test` runs the PostgreSQL tests wherever Debian's `postgresql` package is
/// installed (stop that cluster with `Scripts/postgres-test-cluster.sh stop`). Tests skip when there is
/// no server, except under `CI=true`, where they run and fail (as `PythonPeers` does):
///
///     @Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
///     ... let url = try PostgresTestServer.freshDatabase(prefix: "ingest")
public enum PostgresTestServer {
    public static let urlVariable = "CAREQUEUE_TEST_POSTGRES_URL"

    /// The server's URL (`postgresql://user@host:port/db`), or nil when there is none.
    public static var url: String? { resolvedURL }

    /// True when the PostgreSQL tests should run: a server exists, or CI demands one.
    public static var shouldRun: Bool { url != nil || PythonPeers.isCI }

    public static let skipNote = """
        no PostgreSQL server: set \(urlVariable), or install Debian's postgresql package \
        (Scripts/postgres-test-cluster.sh starts a throw-away cluster)
        """

    /// The server's URL; under CI a missing server is a failure with this message.
    public static func requireURL() throws -> String {
        guard let url else { throw MissingServer(message: skipNote + (startProblem.map { ": \($0)" } ?? "")) }
        return url
    }

    /// A new empty database on the server, made for one test (`prefix` and a unique suffix), as a URL.
    public static func freshDatabase(prefix: String = "carequeue_test") throws -> String {
        let server = try requireURL()
        let name = databaseName(prefix: prefix)
        let result = try psql(server, ["-c", "CREATE DATABASE \(name)"])
        guard result.status == 0 else {
            throw MissingServer(message: "CREATE DATABASE \(name) failed: \(result.stderr)")
        }
        return try url(server, database: name)
    }

    /// Runs `psql` on `url` (no psqlrc, stopping at the first error) with `arguments` and `input` on stdin.
    public static func psql(_ url: String, _ arguments: [String], input: String? = nil,
                            timeout: TimeInterval = 120) throws -> ProcessResult {
        guard let psql = psqlBinary else { throw MissingServer(message: "no psql: install Debian's postgresql package") }
        return try Subprocess.run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url] + arguments,
                                  input: input.map { Data($0.utf8) }, timeout: timeout)
    }

    /// `url` with its database replaced by `database` (user, host, port and options kept).
    public static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else {
            throw MissingServer(message: "not a PostgreSQL URL: \(url)")
        }
        components.path = "/" + database
        guard let result = components.string else { throw MissingServer(message: "not a PostgreSQL URL: \(url)") }
        return result
    }

    /// psql from the newest Debian server (/usr/lib/postgresql/<major>/bin), else from PATH.
    public static let psqlBinary: URL? = {
        let debian = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let majors = debian.compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/psql" }
        let onPath = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/psql" }
        return (majors + onPath).first(where: FileManager.default.isExecutableFile(atPath:)).map(URL.init(fileURLWithPath:))
    }()

    public struct MissingServer: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    // MARK: - Finding the server once

    private static let clusterScript = TestPaths.packageRoot.appendingPathComponent("Scripts/postgres-test-cluster.sh")

    private static let resolved: (url: String?, problem: String?) = {
        if let explicit = ProcessInfo.processInfo.environment[urlVariable], !explicit.isEmpty { return (explicit, nil) }
        guard FileManager.default.isExecutableFile(atPath: clusterScript.path) else {
            return (nil, "\(clusterScript.path) is missing")
        }
        do {
            let result = try Subprocess.run(clusterScript, ["start"], timeout: 180)
            let printed = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
            guard result.status == 0, printed.hasPrefix("postgresql://") else {
                return (nil, "postgres-test-cluster.sh start failed: \(result.stderr.suffix(500))")
            }
            return (printed, nil)
        } catch {
            return (nil, "could not run postgres-test-cluster.sh: \(error)")
        }
    }()

    private static var resolvedURL: String? { resolved.url }
    private static var startProblem: String? { resolved.problem }

    private static let counter = Counter()

    /// Lowercase letters, digits and underscores (an unquoted identifier), unique to this process and call.
    static func databaseName(prefix: String) -> String {
        let cleaned = String(prefix.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        let suffix = "_\(ProcessInfo.processInfo.processIdentifier)_\(counter.next())_\(UUID().uuidString.prefix(6).lowercased())"
        return String(("cq_" + cleaned).prefix(63 - suffix.count)) + suffix
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}
