import CareQueueCore
import Foundation
import Glibc

/// `config check [FILE]`: every problem in a configuration file at once, and the configuration
/// it gives. Beyond what loading refuses, the files it names must be readable by this account, since
/// `listen` would stop on them later.
public enum ConfigCheck {
    public struct Report: Sendable {
        /// The file checked, as named or found.
        public var file: String
        /// False when no file was named and the default one does not exist: the defaults apply.
        public var exists: Bool
        /// In line order; problems about the whole file (unreadable, not UTF-8) first.
        public var problems: [FileLineError]
        /// What the good lines give over the defaults.
        public var config: CareQueueConfig
    }

    /// Checks `path`, else the default configuration file.
    public static func run(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Report {
        let file = path ?? CareQueueConfig.defaultPath(environment: environment)
        let found: (file: String, text: String)?
        do {
            found = try CareQueueConfig.readText(path: file, explicit: path != nil, environment: environment)
        } catch {
            return Report(file: file, exists: false, problems: [error], config: CareQueueConfig())
        }
        guard let found else { return Report(file: file, exists: false, problems: [], config: CareQueueConfig()) }
        let checked = CareQueueConfig.check(text: found.text, file: found.file)
        let problems = checked.problems + unreadableFiles(in: found.text, file: found.file, config: checked.config)
        return Report(file: found.file, exists: true, problems: problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) },
                      config: checked.config)
    }

    /// Each file setting whose file this account cannot read, at the line that names it.
    private static func unreadableFiles(in text: String, file: String, config: CareQueueConfig) -> [FileLineError] {
        var ignored: [FileLineError] = []
        let document = TOMLDocument.parse(text, file: file, problems: &ignored)
        let settings: [(section: String, key: String, path: String?)] = [
            ("listener", "tls_certificate", config.listener.tlsCertificate),
            ("listener", "tls_private_key", config.listener.tlsPrivateKey),
            ("listener", "tls_client_ca", config.listener.tlsClientCA),
            ("audit", "key_file", config.audit.keyFile),
            ("store", "password_file", config.store.passwordFile),
            ("outbound", "tls_ca", config.outbound?.tlsCA),
            ("outbound", "tls_certificate", config.outbound?.tlsCertificate),
            ("outbound", "tls_private_key", config.outbound?.tlsPrivateKey),
        ]
        return settings.compactMap { setting -> FileLineError? in
            guard let path = setting.path, let entry = document[section: setting.section]?[setting.key] else { return nil }
            do throws(FileReading.Failure) {
                _ = try FileReading.bytes(atPath: path)
                return nil
            } catch {
                return FileLineError(file: file, line: entry.line,
                                     message: "[\(setting.section)] \(setting.key) \(path) cannot be read: \(error.reason)")
            }
        }
    }
}
