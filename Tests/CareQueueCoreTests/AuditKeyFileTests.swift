import CareQueueCore
import Foundation
import TestSupport
import Testing

@Suite("The audit key file")
struct AuditKeyFileTests {
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

    @Test("key fingerprints tell keys apart and reveal nothing for the plain chain")
    func keyCheck() {
        let a = AuditChain(key: [UInt8](repeating: 1, count: 32))
        let b = AuditChain(key: [UInt8](repeating: 2, count: 32))
        #expect(a.keyCheck != nil)
        #expect(a.keyCheck != b.keyCheck)
        #expect(AuditChain(key: nil).keyCheck == nil)
    }

    @Test("one row at a time: a wrong previous hash or content is explained")
    func rowProblems() {
        let chain = AuditChain(key: nil)
        let entry = AuditEntry(seq: 1, at: Date(timeIntervalSince1970: 0), user: "u", action: "a", taskID: nil, details: "{}")
        let hash = chain.hash(entry, previous: AuditChain.genesis)
        #expect(chain.problem(entry, previous: AuditChain.genesis, hash: hash, expectedPrevious: AuditChain.genesis) == nil)
        #expect(chain.problem(entry, previous: AuditChain.genesis, hash: hash, expectedPrevious: hash)?
            .hasPrefix("its previous-hash does not match") == true)
        var edited = entry
        edited.user = "v"
        #expect(chain.problem(edited, previous: AuditChain.genesis, hash: hash, expectedPrevious: AuditChain.genesis)?
            .hasPrefix("its content does not match its hash") == true)
    }

    @Test("hashes match SHA-256 and HMAC-SHA-256 of the length-prefixed fields computed elsewhere (Python hashlib)")
    func knownAnswers() {
        let entry = AuditEntry(seq: 1, at: Date(timeIntervalSince1970: 0), user: "u", action: "a", taskID: nil, details: "{}")
        #expect(AuditChain(key: nil).hash(entry, previous: AuditChain.genesis)
            == "51c8a49cd8b0b60c3c40613ad6429a3dfc492a3107f5978f31d4e34e0b340cd5")
        #expect(AuditChain(key: [UInt8](repeating: 7, count: 32)).hash(entry, previous: AuditChain.genesis)
            == "2dd22c2769a1a58c0965fc5cca850d242923a621ed812c26ffe3a89858b71cc3")
    }
}
