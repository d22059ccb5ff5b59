import CareQueueCore
import Foundation
import StoreFixtures
import TestSupport
import Testing
@testable import CareQueueStore

/// A hostile feed's bytes reach every text column the same way on both stores: a NUL or another
/// control byte in any field of any message kind is answered, stored (for review or as a task)
/// and derived — never a failed transaction (PostgreSQL refuses NUL in text) and never a message
/// that blocks the derivation of those after it.
@Suite("Control bytes in every field on SQLite and PostgreSQL")
struct ControlBytesOnBothStoresTests {
    /// One message of each kind CareQueue takes: a result, two orders, a referral, a consult note.
    static let samples = ["01-critical-potassium-hh-v251.hl7", "32-order-orm-o01-resulted-v23.hl7",
                          "33-order-oml-o21-stat-v251.hl7", "36-referral-ref-i12-v25.hl7",
                          "37-consult-note-mdm-t02-v25.hl7"]

    /// Every variant of `sample` with `byte` put inside one field (or component), each under its
    /// own control id unless MSH-10 is the field changed.
    static func variants(of sample: String, byte: UInt8, ids prefix: String) throws -> [[UInt8]] {
        let text = try String(contentsOf: TestPaths.sampleData.appendingPathComponent(sample), encoding: .utf8)
        let segments = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map { Array($0.utf8) }
        var variants: [[UInt8]] = []
        for (segmentIndex, segment) in segments.enumerated() {
            let bars = segment.indices.filter { segment[$0] == UInt8(ascii: "|") }
            for bar in bars {
                var changed = segments
                changed[segmentIndex].insert(contentsOf: [UInt8(ascii: "x"), byte, UInt8(ascii: "y")], at: bar + 1)
                let isControlID = segmentIndex == 0 && bars.firstIndex(of: bar) == 8
                if !isControlID { changed[0] = withControlID("\(prefix)-\(variants.count)", changed[0]) }
                variants.append(Array(changed.joined(separator: [0x0D])) + [0x0D])
            }
        }
        return variants
    }

    private static func withControlID(_ id: String, _ msh: [UInt8]) -> [UInt8] {
        var fields = msh.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map(Array.init)
        guard fields.count > 9 else { return msh }
        fields[9] = Array(id.utf8)
        return Array(fields.joined(separator: [UInt8(ascii: "|")]))
    }

    @Test("a NUL or ESC in any field is stored and derived on each store",
          .timeLimit(.minutes(3)), arguments: StoreKind.available)
    func everyField(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let intake = FrameIntake(processingIDs: ["P"])
        var sent = 0
        for (number, sample) in Self.samples.enumerated() {
            for byte: UInt8 in [0x00, 0x1B] {
                let payloads = try Self.variants(of: sample, byte: byte, ids: "V\(number)-\(byte)")
                let items = payloads.map { intake.classify($0, peer: "127.0.0.1:9", receivedAt: Fixture.start).item }
                // One group commit per sample and byte, as a busy feed's burst would be.
                for (payload, outcome) in zip(payloads, store.writer.ingestTogether(items)) {
                    if case .failure(let failure) = outcome {
                        Issue.record("\(sample) with 0x\(String(byte, radix: 16)): \(failure) for \(String(decoding: payload.prefix(80), as: UTF8.self))")
                    }
                }
                sent += payloads.count
            }
        }
        store.writer.drain()
        #expect(try store.count("SELECT count(*) FROM messages") == sent)
        let raw = try store.database.engine.read { db in try db.bytes("SELECT raw FROM messages ORDER BY id DESC LIMIT 1") { _ in } }
        #expect(raw?.contains(0x1B) == true)
        #expect(try store.database.engine.read { db in try DerivationQueue.backlog(db) } == 0)
        let underived = try store.database.engine.read { db in
            try db.values(String.self, "SELECT derivation_error FROM messages WHERE derivation_error IS NOT NULL ORDER BY id")
        }
        #expect(underived.isEmpty, "\(underived)")
    }
}
