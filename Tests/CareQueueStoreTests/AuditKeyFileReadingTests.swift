import CareQueueCore
import CareQueueStore
import Foundation
import TestSupport
import Testing

@Suite("The audit key file, read by the store")
struct AuditKeyFileReadingTests {
    @Test("no key file means the plain chain")
    func none() throws {
        #expect(try !AuditKeyFile.chain(path: nil).isKeyed)
    }

    @Test("a file of at least 32 bytes is the key", arguments: [32, 64])
    func accepted(size: Int) throws {
        let directory = try TestPaths.temporaryDirectory("carequeue-key")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("key").path
        let bytes = [UInt8]((0..<size).map { UInt8($0) })
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let chain = try AuditKeyFile.chain(path: path)

        #expect(chain.isKeyed)
        #expect(chain.keyCheck == AuditChain(key: bytes).keyCheck)
    }

    @Test("missing, unreadable or short files are clear errors")
    func refused() throws {
        let directory = try TestPaths.temporaryDirectory("carequeue-key")
        defer { try? FileManager.default.removeItem(at: directory) }
        let short = directory.appendingPathComponent("short").path
        try Data(repeating: 1, count: 31).write(to: URL(fileURLWithPath: short))

        #expect(throws: AuditKeyFileError("audit key file /nonexistent/key does not exist")) {
            try AuditKeyFile.bytes(path: "/nonexistent/key")
        }
        #expect(throws: AuditKeyFileError("audit key file \(directory.path) cannot be read")) {
            try AuditKeyFile.bytes(path: directory.path)
        }
        let error = #expect(throws: AuditKeyFileError.self) { try AuditKeyFile.bytes(path: short) }
        #expect(error?.description.hasPrefix("audit key file \(short) holds 31 bytes; it needs at least 32 random bytes") == true)
    }
}
