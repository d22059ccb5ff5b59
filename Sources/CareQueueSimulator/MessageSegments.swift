import Foundation
import HL7

/// The parts every simulated message shares, whatever its type: the header, the patient, coded
/// values, timestamps and the encoding (standard delimiters `|^~\&`, `\r` after every segment, a
/// line feed in text as `\X0A\`, trailing empty fields and components left out, as senders do).
struct MessageSegments: Sendable {
    /// The assigning authority of the clinic's MRNs and the namespace of its placer numbers.
    static let clinicNamespace = "CQEHR"
    static let clinicAuthority = ["CQEHR", "2.16.840.1.113883.19.5", "ISO"]

    var receivingApplication: String
    var receivingFacility: String
    var timeZone: TimeZone

    /// Header and body as bytes; MSH-18 says UTF-8 when asked to or when the body is not ASCII.
    func message(_ header: (Bool) -> HL7SegmentBuilder, body: [HL7SegmentBuilder], alwaysDeclaresUTF8: Bool) -> [UInt8] {
        let encodedBody = Self.encoded(body)
        let isASCII = encodedBody.allSatisfy { $0 < 0x80 }
        return Self.encoded([header(alwaysDeclaresUTF8 || !isASCII)]) + encodedBody
    }

    static func encoded(_ segments: [HL7SegmentBuilder]) -> [UInt8] {
        var builder = HL7MessageBuilder(lineFeed: .hex)
        builder.segments = segments.map { segment in
            var segment = segment
            while let last = segment.fields.last, builder.encode(last).isEmpty { segment.fields.removeLast() }
            return segment
        }
        return builder.encoded()
    }

    /// MSH from `application`/`facility` (HDs already in HL7 form) to the receiving side.
    func msh(type: [String], version: String, controlID: String, at instant: Date, application: String,
             facility: String, declaresUTF8: Bool) -> HL7SegmentBuilder {
        var msh = HL7SegmentBuilder("MSH")
        msh[3] = .encoded(Array(application.utf8))
        msh[4] = .encoded(Array(facility.utf8))
        msh[5] = .encoded(Array(receivingApplication.utf8))
        msh[6] = .encoded(Array(receivingFacility.utf8))
        msh[7] = .text(timestamp(instant))
        msh[9] = .components(type)
        msh[10] = .text(controlID)
        msh[11] = .text("P")
        msh[12] = .text(version)
        if declaresUTF8 { msh[18] = .text("UNICODE UTF-8") }
        return msh
    }

    /// PID with the clinic MRN, after the lab's own patient id when `labNamespace` is given.
    func pid(_ patient: SimulatedPatient, labNamespace: String? = nil) -> HL7SegmentBuilder {
        let clinicID = HL7FieldValue.structured([[patient.mrn], [], [], Self.clinicAuthority, ["MR"]])
        var pid = HL7SegmentBuilder("PID")
        pid[1] = .text("1")
        if let labNamespace {
            let labID = HL7FieldValue.structured([[labNamespace + patient.mrn], [], [], [labNamespace], ["PI"]])
            pid[3] = .repetitions([labID, clinicID])
        } else {
            pid[3] = .repetitions([clinicID])
        }
        pid[5] = components([patient.family, patient.given, patient.middle])
        pid[7] = .text(patient.birthDate)
        pid[8] = .text(patient.sex)
        pid[11] = .components([patient.street, "", "Springfield", "IL", "62701", "USA", "H"])
        pid[13] = .components([patient.phone, "PRN", "PH", "", "1", patient.areaCode, patient.localNumber])
        return pid
    }

    /// TQ1 with the priority in TQ1-9 (table 0485: S stat, else R routine).
    func tq1(priority: String) -> HL7SegmentBuilder {
        var tq1 = HL7SegmentBuilder("TQ1")
        tq1[1] = .text("1")
        tq1[9] = priority == "S" ? .components(["S", "Stat", "HL70485"]) : .components(["R", "Routine", "HL70485"])
        return tq1
    }

    /// A CWE of identifier, text and coding system.
    func coded(_ code: String, _ text: String, _ system: String) -> HL7FieldValue {
        components([code, text, system])
    }

    /// Texts as components, without trailing empty ones.
    func components(_ texts: [String]) -> HL7FieldValue {
        var texts = texts
        while texts.last?.isEmpty == true { texts.removeLast() }
        return .components(texts)
    }

    /// `YYYYMMDDHHMMSS±HHMM` in the writer's time zone.
    func timestamp(_ instant: Date) -> String {
        HL7Timestamp.format(instant, in: timeZone)
    }
}
