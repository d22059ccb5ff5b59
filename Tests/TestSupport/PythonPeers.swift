import Foundation

/// Locates a Python with the interop peers (python-hl7 `hl7`, `hl7apy`) for interop tests.
///
/// Order: `$CAREQUEUE_PYTHON`, then `.venv/bin/python` in the package (what `.ci/run` makes),
/// then `python3` on PATH. Tests skip with a clear message when no such Python exists,
/// except under `CI=true`, where they run and fail.
public enum PythonPeers {
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    public static let python: URL? = {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["CAREQUEUE_PYTHON"] { candidates.append(explicit) }
        candidates.append(TestPaths.packageRoot.appendingPathComponent(".venv/bin/python").path)
        candidates.append(contentsOf: (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
            .split(separator: ":").map { "\($0)/python3" })
        for path in candidates where FileManager.default.isExecutableFile(atPath: path) {
            let url = URL(fileURLWithPath: path)
            if let result = try? Subprocess.run(url, ["-c", "import hl7, hl7apy"], timeout: 30), result.status == 0 {
                return url
            }
        }
        return nil
    }()

    /// A Python for peers that need only the standard library (`ssl`): the package's .venv one, else `python3`.
    public static let standardPython: URL? = {
        var candidates = [TestPaths.packageRoot.appendingPathComponent(".venv/bin/python").path]
        candidates.append(contentsOf: (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
            .split(separator: ":").map { "\($0)/python3" })
        return candidates.first(where: FileManager.default.isExecutableFile(atPath:)).map(URL.init(fileURLWithPath:))
    }()

    /// True when the interop tests should run: the peers exist, or CI demands them.
    public static var shouldRun: Bool { python != nil || isCI }

    /// The Python to use; under CI a missing one is a failure with this message.
    public static func require() throws -> URL {
        guard let python else {
            throw MissingPeer(message: "no python with `hl7` and `hl7apy`: run .ci/run or `python3 -m venv .venv && .venv/bin/pip install hl7 hl7apy`")
        }
        return python
    }

    public struct MissingPeer: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
