import CareQueueCore
import HL7

/// A synthetic patient: invented names (some in UTF-8), MRN, birth date, sex, fictional 555-01xx phone.
struct SimulatedPatient: Sendable, Equatable {
    var mrn: String
    var family: String
    var given: String
    var middle: String
    /// PID-7, `YYYYMMDD`.
    var birthDate: String
    /// PID-8, F or M.
    var sex: String
    /// PID-13 XTN.1 as written, plus the area code and local number for XTN.6/.7.
    var phone: String
    var areaCode: String
    var localNumber: String
    var street: String

    /// What CareQueue should read from the PID segment.
    var patient: Patient {
        Patient(mrn: mrn, family: family, given: given, dob: birthDate, phone: phone)
    }
}

/// The fixed pool of synthetic patients: the same people in every run, so a demo shows results piling up.
enum SimulatedPatients {
    private static let families = [
        "Müller", "García", "患者", "Nguyễn", "O'Brien", "Kowalczyk", "Søndergaard", "Haddad", "Okafor", "Lindqvist",
        "Dubois", "Rossi", "Novák", "Tanaka", "Johnson", "Williams", "Brown", "Davis", "Martinez", "Lopez",
        "Wilson", "Anderson", "Thompson", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker",
        "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson",
        "Carter", "Mitchell", "Pérez", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
        "Collins", "Stewart", "Sánchez", "Morris", "Rogers", "Reed", "Cook", "Ibrahim", "Chen", "Kim",
    ]
    private static let femaleGivens = [
        "Maria", "Zoë", "Renée", "Ana", "Mei", "Fatima", "Olivia", "Emma", "Siobhán", "Ingrid",
        "Aiko", "Grace", "Chloé", "Priya", "Linda", "Keiko", "Amara", "Léa", "Hannah", "Rosa",
    ]
    private static let maleGivens = [
        "José", "Jürgen", "François", "Björn", "Kwame", "Liam", "Noah", "James", "Omar", "Mateo",
        "Wei", "Tomás", "David", "Samuel", "Arjun", "Lars", "Hiroshi", "Daniel", "Ahmed", "Luca",
    ]
    private static let fixedGivens = ["Müller": "Jürgen", "García": "José", "患者": "太郎"]
    private static let streets = ["Maple Ave", "Oak St", "Elm St", "Cedar Ln", "Birch Rd", "Willow Way", "Lakeview Dr"]

    /// Sixty patients, built from a fixed seed (not the simulator's), so every run has the same ones.
    static let pool: [SimulatedPatient] = {
        var random = SplitMix64(seed: 0x5EED_0F9A_71E4_7500)
        return families.enumerated().map { index, family in
            var female = random.chance(0.5)
            var given = random.pick(female ? femaleGivens : maleGivens)
            // Fixed first names for the UTF-8 names the demo and tests look for.
            if let fixed = fixedGivens[family] {
                given = fixed
                female = false
            }
            let middle = random.chance(0.4) ? String(random.pick(Array("ABCDEFGHJKLMNPRSTW"))) : ""
            // Adults: the reference ranges are adult ranges.
            let year = 1935 + random.below(71)
            let month = 1 + random.below(12)
            let day = 1 + random.below(28)
            let local = "01" + ZeroPadding.padded(index, to: 2)
            return SimulatedPatient(
                mrn: ZeroPadding.padded(2_000_000 + index * 1_373 + random.below(1_000), to: 8),
                family: family, given: given, middle: middle,
                birthDate: ZeroPadding.padded(year, to: 4) + ZeroPadding.padded(month, to: 2)
                    + ZeroPadding.padded(day, to: 2),
                sex: female ? "F" : "M",
                phone: "(555)555-\(local)", areaCode: "555", localNumber: "555\(local)",
                street: "\(10 + random.below(980)) \(random.pick(streets))")
        }
    }()
}
