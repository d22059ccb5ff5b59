import CareQueueTUI
import Foundation

/// Finds the files that ship beside the program (`Themes/`, `SampleData/`): in an environment
/// override, the current directory, or the package the executable was built in (`swift run`
/// puts it under `.build/…/debug/`).
public enum DashboardResources {
    /// The directories named `name` that exist, in search order.
    public static func directories(named name: String, override variable: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var candidates: [URL] = []
        if let variable, let value = environment[variable], !value.isEmpty {
            candidates.append(URL(fileURLWithPath: value))
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name))
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var directory = executable.deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(directory.appendingPathComponent(name))
                directory = directory.deletingLastPathComponent()
            }
        }
        var seen = Set<String>()
        return candidates.filter { url in
            var isDirectory: ObjCBool = false
            let path = url.standardizedFileURL.path
            guard seen.insert(path).inserted else { return false }
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// The theme called `name`: a `.theme` file path, `Themes/NAME.theme` (see `directories`,
    /// `$CAREQUEUE_THEMES` first), else a built-in theme of that name.
    public static func theme(named name: String) throws -> Theme {
        if name.contains("/") || name.hasSuffix(".theme") { return try loadTheme(at: name) }
        let searched = directories(named: "Themes", override: "CAREQUEUE_THEMES")
        for directory in searched {
            let file = directory.appendingPathComponent("\(name).theme")
            if FileManager.default.fileExists(atPath: file.path) { return try loadTheme(at: file.path) }
        }
        if let builtIn = Theme.builtIns[name] { return builtIn }
        let places = searched.isEmpty ? "no Themes directory found" : "looked in " + searched.map(\.path).joined(separator: ", ")
        throw CommandFailure("no theme named '\(name)' (\(places); built-in: \(Theme.builtIns.keys.sorted().joined(separator: ", ")))")
    }

    /// The theme in the file at `path`; errors are `file:line: message`, one per line.
    public static func loadTheme(at path: String) throws -> Theme {
        let text = try FileReading.text(atPath: path)
        do {
            return try ThemeFile.load(text: text, file: path)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
