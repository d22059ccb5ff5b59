import Foundation
import HL7
import Testing

@Suite("Seeded fuzzing: no input crashes or reads out of bounds")
struct FuzzTests {
    /// Bytes that matter to the parser, drawn more often than chance would.
    static let interesting: [UInt8] = Array("MSH|^~\\&#PIDOBXOBRORCNTEZ\r\n\"".utf8) + [0xEF, 0xBB, 0xBF, 0x0B, 0x1C, 0x00, 0xFF, 0xC3]

    static let seeds: [String] = [
        Fixture.bytes(Fixture.oru251),
        Fixture.bytes([Fixture.header(version: "2.7", encoding: "^~\\&#", charset: "8859/1")] + Fixture.body, terminator: "\n"),
        Fixture.bytes(["MSH#^~!&#A#B#C#D#1##ORU^R01#X#P#2.3", "PID#1##M1!F!x", "OBX#1#ED#X##^AP^PDF^Base64^QUJD"], terminator: "\r\n"),
    ].map { String(decoding: $0, as: UTF8.self) }

    @Test("Random bytes", arguments: [UInt64(1), 2, 3])
    func randomBytes(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<1_500 {
            let length = Int.random(in: 0...200, using: &random)
            var bytes: [UInt8] = Bool.random(using: &random) ? Array("MSH|^~\\&|".utf8) : []
            for _ in 0..<length {
                bytes.append(Bool.random(using: &random) ? Self.interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random))
            }
            Self.exercise(bytes)
        }
    }

    @Test("Random mutations of valid messages", arguments: [UInt64(11), 12, 13])
    func mutations(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let seeds = Self.seeds.map { Array($0.utf8) }
        for _ in 0..<1_500 {
            var bytes = seeds.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...6, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: bytes[at] = Self.interesting.randomElement(using: &random)!
                case 1: bytes.insert(Self.interesting.randomElement(using: &random)!, at: at)
                case 2: bytes.remove(at: at)
                case 3: bytes = Array(bytes.prefix(at))
                default: bytes[at] = UInt8.random(in: 0...255, using: &random)
                }
            }
            Self.exercise(bytes)
        }
    }

    /// Runs everything a caller might do with `bytes`; any trap fails the whole test run.
    static func exercise(_ bytes: [UInt8]) {
        _ = HL7FileSplitter.split(bytes)
        let message: HL7Message
        do {
            message = try HL7Parser.parse(bytes)
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count)
            _ = error.description
            _ = try? HL7Parser.parseHeader(bytes)
            return
        }
        #expect(message.raw == bytes)
        #expect(!message.segments.isEmpty)
        for segment in message.segments {
            _ = segment.id
            for number in -1...(segment.fieldCount + 2) {
                let field = segment[number]
                _ = field.text
                _ = field.styledText
                for repetition in field.repetitions {
                    for component in repetition.components {
                        _ = component.subcomponents.map(\.text)
                    }
                }
                _ = field.component(3).subcomponent(2).raw
            }
        }
        let header = message.header
        _ = [header.sendingApplication.encoded, header.controlID, header.versionID, header.triggerEvent, header.characterSet]
        if let structure = try? message.oruStructure() {
            for result in structure.patientResults {
                _ = result.patient.map { [$0.mrn ?? "", $0.family, $0.given, $0.dateOfBirthISO ?? "", $0.phone ?? ""] }
                for order in result.orders {
                    _ = [order.priority ?? "", order.fillerOrderNumber ?? "", order.request.service.displayText]
                    _ = order.orderingProvider?.person.isNPI
                    for group in order.observations {
                        let observation = group.observation
                        _ = [observation.displayValue, observation.units, observation.referenceRange]
                        _ = observation.abnormalFlags
                    }
                }
            }
        }
        let reencoded = message.encoded()
        #expect(reencoded.count <= bytes.count)
        _ = message.encoded(terminators: .carriageReturn)
        _ = try? HL7MessageBuilder(message).build()
        let builder = HL7AckBuilder(idGenerator: FixedControlIDGenerator(id: "F"), timeZone: TimeZone(secondsFromGMT: 0)!)
        let ack = builder.acknowledgment(for: message, outcome: .error(HL7AckError(code: .requiredFieldMissing)), at: Date(timeIntervalSince1970: 0))
        #expect((try? HL7Parser.parse(ack)) != nil, "an ACK always parses")
    }
}
