import CareQueueCore
import CareQueueServer
import Foundation
import GRDB
import HL7
import TestSupport
@testable import CareQueueStore

/// One ORU^R01 whose every identity and text field can be set, for the hostile-input tests.
struct Draft {
    var fieldSeparator = "|"
    var encoding = "^~\\&"
    var application = "LAB"
    var facility = "HOSP"
    var timestamp = "20260301120000"
    var type = "ORU^R01^ORU_R01"
    var control = "C1"
    var version = "2.5.1"
    var charset = ""
    var mrn = "MRN1"
    var family = "Doe"
    var given = "Jane"
    var placer = "P1"
    var filler = "F1"
    var service = "2823-3"
    var provider = Messages.npi
    var value = "4.1"
    var units = "mmol/L"
    var note: String?
    var terminator = "\r"

    var segments: [String] {
        let f = fieldSeparator
        var msh = "MSH\(f)\(encoding)\(f)\(application)\(f)\(facility)\(f)CQ\(f)CLINIC\(f)\(timestamp)\(f)\(f)\(type)\(f)\(control)\(f)P\(f)\(version)"
        if !charset.isEmpty { msh += "\(f)\(f)\(f)\(f)\(f)\(f)\(charset)" }
        var segments = [
            msh,
            "PID|1||\(mrn)^^^HOSP^MR||\(family)^\(given)||19700101|F|||||555-0100",
            "OBR|1|\(placer)|\(filler)|\(service)^Potassium^LN|||20260301110000|||||||||\(provider)^Chen^Ada^^^^^^^^^^NPI||||||||F",
            "OBX|1|NM|2823-3^Potassium^LN||\(value)|\(units)|3.5-5.1|N|||F",
        ]
        if let note { segments.append("NTE|1||\(note)") }
        return segments
    }

    var bytes: [UInt8] { Array(segments.joined(separator: terminator).utf8) + Array(terminator.utf8) }

    /// The same draft changed by `change`.
    func with(_ change: (inout Draft) -> Void) -> Draft {
        var copy = self
        change(&copy)
        return copy
    }
}

/// Intake, store and ACK without a socket: what the listener does with one frame, synchronously.
final class IntakePipeline {
    let directory: URL
    let database: CareQueueDatabase
    let writer: StoreWriter
    let intake = FrameIntake(processingIDs: ["P"])
    let composer = AckComposer()

    init(configure: (inout CareQueueConfig) -> Void = { _ in }) throws {
        directory = try TestPaths.temporaryDirectory("hostile")
        var config = CareQueueConfig()
        configure(&config)
        database = try CareQueueDatabase(path: directory.appendingPathComponent("cq.sqlite").path)
        try database.importRoster([Provider(npi: Messages.npi, name: "Dr Ada Chen", role: .physician)])
        writer = StoreWriter(database: database, config: config)
    }

    deinit {
        writer.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The ACK the listener would send for `payload`, after the store's commit.
    func deliver(_ payload: [UInt8]) throws -> Answer {
        let decision = intake.classify(payload, peer: "127.0.0.1:40000", receivedAt: Date())
        let result = writer.ingestNow(decision.item)
        let ack = try HL7Message(parsing: composer.ack(for: decision.inbound, result: result, at: Date()) ?? [])
        return Answer(ack: ack)
    }

    func deliver(_ draft: Draft) throws -> Answer { try deliver(draft.bytes) }

    func count(_ sql: String) throws -> Int {
        try database.pool.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    func strings(_ sql: String) throws -> [String] {
        try database.pool.read { db in try String.fetchAll(db, sql: sql) }
    }
}

/// The parts of an ACK the tests look at.
struct Answer {
    let ack: HL7Message

    var code: String { ack.firstSegment(withID: "MSA")?[1].text ?? "" }
    var controlID: String { ack.firstSegment(withID: "MSA")?[2].raw ?? "" }
    var errorCode: String { ack.firstSegment(withID: "ERR")?[3].component(1).text ?? "" }
    /// ERR-2 with `^` between components, whatever the inbound's component separator was.
    var location: String {
        let separator = String(UnicodeScalar(ack.delimiters.component))
        return (ack.firstSegment(withID: "ERR")?[2].raw ?? "").replacingOccurrences(of: separator, with: "^")
    }
    var text: String { String(decoding: ack.raw, as: UTF8.self) }
}
