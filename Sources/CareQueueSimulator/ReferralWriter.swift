import CareQueueCore
import Foundation
import HL7

/// Writes REF^I12 v2.5 referrals from the clinic's EHR to an outside specialist:
///
///     MSH  RF1  PRD(RP)  PRD(RT)  PID
///
/// RF1-6 is the referral id its consult note will name; RF1-7 when it was made; RF1-10 the reason.
struct ReferralWriter: Sendable {
    struct Reason: Sendable {
        var code: String
        var text: String
        /// The specialist referred to.
        var family: String
        var given: String
        var npi: String
    }

    /// Reasons with their specialists (outside the roster; NPIs with a valid check digit).
    static let reasons: [Reason] = ([
        ("CARD", "Cardiology evaluation of exertional chest pain", "Ng", "Lee", [1, 9, 2, 2, 3, 3, 4, 4, 5]),
        ("DERM", "Dermatology: changing pigmented lesion", "Haldane", "Ruth", [1, 4, 0, 7, 8, 8, 2, 1, 6]),
        ("ENDO", "Endocrinology: thyroid nodule", "Aziz", "Omar", [1, 6, 3, 0, 5, 5, 9, 0, 2]),
        ("GI", "Gastroenterology: screening colonoscopy", "Varga", "Eszter", [1, 8, 1, 1, 0, 4, 6, 7, 3]),
        ("NEURO", "Neurology: recurrent headaches", "Osei", "Kofi", [1, 2, 5, 5, 7, 3, 0, 9, 8]),
    ] as [(String, String, String, String, [Int])]).map { code, text, family, given, nine in
        Reason(code: code, text: text, family: family, given: given,
               npi: (nine + [NPI.checkDigit(forFirstNine: nine)]).map(String.init).joined())
    }

    var segments: MessageSegments

    func message(controlID: String, at instant: Date, id: String, reason: Reason, referring: ProviderPlan,
                 patient: SimulatedPatient) -> [UInt8] {
        var rf1 = HL7SegmentBuilder("RF1")
        rf1[1] = .components(["P", "Pending", "HL70283"])
        rf1[2] = .components(["R", "Routine", "HL70280"])
        rf1[3] = .components(["SP", "Specialty", "HL70281"])
        rf1[5] = .components(["O", "Outpatient", "HL70282"])
        rf1[6] = .text(id)
        rf1[7] = .text(segments.timestamp(instant))
        rf1[10] = .components([reason.code, reason.text])
        var body = [rf1]
        if referring.placement != .nowhere {
            body.append(provider(role: ["RP", "Referring provider", "HL70286"], family: referring.family,
                                 given: referring.given, degree: referring.degree, npi: referring.npi))
        }
        body.append(provider(role: ["RT", "Referred to provider", "HL70286"], family: reason.family, given: reason.given,
                             degree: "MD", npi: reason.npi))
        body.append(segments.pid(patient))
        return segments.message({ declaresUTF8 in
            segments.msh(type: ["REF", "I12", "REF_I12"], version: "2.5", controlID: controlID, at: instant,
                         application: OrderWriter.sender.application, facility: OrderWriter.sender.facility,
                         declaresUTF8: declaresUTF8)
        }, body: body, alwaysDeclaresUTF8: false)
    }

    /// PRD: role, name, and PRD-7 `NPI^NPI`.
    private func provider(role: [String], family: String, given: String, degree: String, npi: String) -> HL7SegmentBuilder {
        var prd = HL7SegmentBuilder("PRD")
        prd[1] = .components(role)
        prd[2] = segments.components([family, given, "", "", "", degree])
        prd[7] = .components([npi, "NPI"])
        return prd
    }
}
