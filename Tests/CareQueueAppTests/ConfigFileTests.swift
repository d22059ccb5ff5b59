import CareQueueApp
import CareQueueCore
import Foundation
import TestSupport
import Testing

@Suite("Configuration file: where it is and reading it")
struct ConfigFileTests {
    @Test("the default path follows XDG_CONFIG_HOME, else HOME", arguments: [
        Named("XDG_CONFIG_HOME", ["XDG_CONFIG_HOME": "/x/conf", "HOME": "/home/u"], "/x/conf/carequeue/config.toml"),
        Named("relative XDG_CONFIG_HOME is ignored", ["XDG_CONFIG_HOME": "conf", "HOME": "/home/u"], "/home/u/.config/carequeue/config.toml"),
        Named("empty XDG_CONFIG_HOME is ignored", ["XDG_CONFIG_HOME": "", "HOME": "/home/u"], "/home/u/.config/carequeue/config.toml"),
        Named("HOME only", ["HOME": "/home/u"], "/home/u/.config/carequeue/config.toml"),
    ])
    func defaultPath(_ row: Named<[String: String], String>) {
        #expect(CareQueueConfig.defaultPath(environment: row.input) == row.expected)
    }

    @Test("a missing default file gives the defaults")
    func missingDefaultFile() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try CareQueueConfig.load(path: nil, explicit: false, environment: ["XDG_CONFIG_HOME": directory.path])
        #expect(config == CareQueueConfig())
    }

    @Test("the default file is read when it exists")
    func defaultFileRead() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("carequeue/config.toml")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "[listener]\nport = 3001\n[audit]\nkey_file = \"audit.key\"\n".write(to: file, atomically: true, encoding: .utf8)
        let config = try CareQueueConfig.load(path: nil, explicit: false, environment: ["XDG_CONFIG_HOME": directory.path])
        #expect(config.listener.port == 3001)
        #expect(config.audit.keyFile == file.deletingLastPathComponent().appendingPathComponent("audit.key").path)
    }

    @Test("a missing named file is an error")
    func missingNamedFile() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nope.toml").path
        let error = #expect(throws: FileLineError.self) { try CareQueueConfig.load(path: path, explicit: true) }
        #expect(error?.description == "\(path): no such file")
    }

    @Test("a named file is read, and its errors carry its path")
    func namedFile() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("site.toml").path
        try "[ui]\ntheme = \"high-contrast\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CareQueueConfig.load(path: path, explicit: true).ui.theme == "high-contrast")

        try "[ui]\ntheme = \"x\"\ncolour = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: FileLineError.self) { try CareQueueConfig.load(path: path, explicit: true) }
        #expect(error?.description == "\(path):3: unknown key 'colour' in [ui]; valid keys: theme, idle_lock, undo_window, claim_for, board_page_every, bell")
    }

    @Test("a directory or a file that is not UTF-8 is refused")
    func unreadable() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dirError = #expect(throws: FileLineError.self) { try CareQueueConfig.load(path: directory.path, explicit: true) }
        #expect(dirError?.description == "\(directory.path): is a directory")

        let latin1 = directory.appendingPathComponent("latin1.toml")
        try Data([0x5B, 0x75, 0x69, 0x5D, 0x0A, 0x23, 0xE9, 0x0A]).write(to: latin1)
        let textError = #expect(throws: FileLineError.self) { try CareQueueConfig.load(path: latin1.path, explicit: false) }
        #expect(textError?.description == "\(latin1.path): is not valid UTF-8")
    }
}
