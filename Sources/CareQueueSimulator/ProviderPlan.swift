import CareQueueCore
import Foundation
import HL7

/// How one order names its ordering provider, decided once so a follow-up repeats it exactly.
struct ProviderPlan: Sendable, Equatable {
    /// Which fields carry the XCN.
    enum Placement: Sendable, Equatable {
        case orderAndCommon  // OBR-16 and ORC-12
        case orderOnly       // OBR-16
        case commonOnly      // ORC-12 only (OBR-16 empty)
        case nowhere
    }

    var npi: String
    var family: String
    var given: String
    /// XCN.7: MD, DO, NP, PA.
    var degree: String
    var placement: Placement
    /// The roster provider this is, nil for an outside NPI.
    var rosterNPI: String?

    /// No provider at all: the result must land in the Unassigned queue.
    static let none = ProviderPlan(npi: "", family: "", given: "", degree: "", placement: .nowhere, rosterNPI: nil)

    /// OBR-16 / ORC-12: `NPI^Family^Given^^^^Degree^^&2.16.840.1.113883.4.6&ISO^L^^^NPI`.
    var xcn: HL7FieldValue {
        .structured([[npi], [family], [given], [], [], [], [degree], [], ["", HL7ExtendedPerson.npiOID, "ISO"], ["L"],
                     [], [], ["NPI"]])
    }

    /// What CareQueue should read as the ordering provider (OBR-16 first, else ORC-12); the writer
    /// always sends an ORC when the provider is only there.
    var reference: ProviderReference? {
        let source: ProviderField
        switch placement {
        case .orderAndCommon, .orderOnly: source = .obr16
        case .commonOnly: source = .orc12
        case .nowhere: return nil
        }
        return ProviderReference(id: npi, idType: "NPI", family: family, given: given, isNPI: true, source: source)
    }
}

/// Picks ordering providers: mostly the patient's usual roster provider, sometimes another, and a
/// small share of outside NPIs or none at all, so the Unassigned queue gets traffic.
struct ProviderPicker: Sendable {
    /// Share of orders with an NPI not on the roster or no provider.
    static let unassignedShare = 0.03

    private static let outsiders: [(family: String, given: String, degree: String)] = [
        ("Reyes", "Dana", "MD"), ("Lindgren", "Maja", "NP"), ("Okonkwo", "Chidi", "DO"), ("Abernathy", "Sam", "PA"),
    ]

    private let orderers: [Provider]
    private let rosterNPIs: Set<String>

    /// Orders come from the roster's physicians, NPs and PAs, in roster order.
    init(roster: [Provider]) {
        orderers = roster.filter { $0.role.ordersTests }
        rosterNPIs = Set(roster.map(\.npi))
    }

    /// The provider of a new order for the patient at `patientIndex` in the pool.
    func plan(patientIndex: Int, using random: inout SplitMix64) -> ProviderPlan {
        if orderers.isEmpty || random.chance(Self.unassignedShare) {
            return random.chance(0.5) ? outsider(using: &random) : .none
        }
        let provider = random.chance(0.7) ? orderers[patientIndex % orderers.count] : random.pick(orderers)
        let (family, given) = Self.nameParts(provider.name)
        let placement: ProviderPlan.Placement
        switch random.unit() {
        case ..<0.15: placement = .commonOnly
        case ..<0.55: placement = .orderAndCommon
        default: placement = .orderOnly
        }
        return ProviderPlan(npi: provider.npi, family: family, given: given, degree: Self.degree(provider.role),
                            placement: placement, rosterNPI: provider.npi)
    }

    /// A provider outside the roster with a well-formed NPI (valid check digit).
    private func outsider(using random: inout SplitMix64) -> ProviderPlan {
        var npi: String
        repeat {
            let nine = [1] + (0..<8).map { _ in random.below(10) }
            npi = (nine + [NPI.checkDigit(forFirstNine: nine)]).map(String.init).joined()
        } while rosterNPIs.contains(npi)
        let person = random.pick(Self.outsiders)
        return ProviderPlan(npi: npi, family: person.family, given: person.given, degree: person.degree,
                            placement: random.chance(0.5) ? .orderAndCommon : .orderOnly, rosterNPI: nil)
    }

    /// "Patel, Anika" → ("Patel", "Anika"); "Anika Patel", "Dr Anika Patel MD" → ("Patel", "Anika").
    static func nameParts(_ name: String) -> (family: String, given: String) {
        func words(_ text: Substring) -> [Substring] {
            var words = text.split(separator: " ")
            if let first = words.first, titles.contains(first.lowercased()) { words.removeFirst() }
            while let last = words.last, degrees.contains(last.uppercased().trimmingCharacters(in: .punctuationCharacters)) {
                words.removeLast()
            }
            return words
        }
        if let comma = name.firstIndex(of: ",") {
            let family = words(name[..<comma]).joined(separator: " ")
            let given = words(name[name.index(after: comma)...]).joined(separator: " ")
            return (family, given)
        }
        let parts = words(Substring(name))
        guard let family = parts.last else { return (name.trimmingCharacters(in: .whitespaces), "") }
        return (String(family), parts.dropLast().joined(separator: " "))
    }

    private static let titles: Set<String> = ["dr", "dr."]
    private static let degrees: Set<String> = ["MD", "DO", "NP", "PA", "PA-C", "APRN", "FNP", "RN"]

    private static func degree(_ role: ProviderRole) -> String {
        switch role {
        case .np: return "NP"
        case .pa: return "PA"
        case .physician, .coordinator, .chargeNurse: return "MD"
        }
    }
}
