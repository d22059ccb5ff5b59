import CareQueueCore
import Foundation

/// Finding and reading the configuration file; `CareQueueConfig.parse` reads the text.
extension CareQueueConfig {
    /// `$XDG_CONFIG_HOME/carequeue/config.toml`, else `~/.config/carequeue/config.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("carequeue/config.toml").path
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/carequeue/config.toml").path
    }

    /// Reads `path` (nil: the default path); a missing file gives the defaults unless `explicit` (`--config`).
    public static func load(path: String?, explicit: Bool,
                            environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(FileLineError) -> CareQueueConfig {
        guard let (file, text) = try readText(path: path, explicit: explicit, environment: environment) else {
            return CareQueueConfig()
        }
        return try parse(text: text, file: file)
    }

    /// The file `load` reads and its text; nil when the default file does not exist (the defaults apply).
    public static func readText(path: String?, explicit: Bool,
                                environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(FileLineError) -> (file: String, text: String)? {
        let file = path ?? defaultPath(environment: environment)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            if explicit { throw FileLineError(file: file, line: nil, message: "no such file") }
            return nil
        }
        guard !isDirectory.boolValue else { throw FileLineError(file: file, line: nil, message: "is a directory") }
        let bytes: [UInt8]
        do {
            bytes = try FileReading.bytes(atPath: file)
        } catch {
            throw FileLineError(file: file, line: nil, message: "cannot be read: \(error.reason)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileLineError(file: file, line: nil, message: "is not valid UTF-8")
        }
        return (file, text)
    }
}
