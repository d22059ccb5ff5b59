import CareQueueCore
import CareQueueSimulator
import Foundation

/// The tasks `bench dashboard` fills its store with: deterministic from the index, skewed across
/// 30 ordering providers and Unassigned like a busy clinic, most routine, a few critical, patients
/// with accented names (José, Nguyễn, Müller) that come back for several results.
struct DashboardBenchMix: Sendable {
    /// One task row as ingest would have written it.
    struct Row: Sendable, Equatable {
        var mrn: String
        var family: String
        var given: String
        var dob: String
        var orderingNPI: String
        /// nil is Unassigned (the ordering NPI was not on the roster).
        var assignedNPI: String?
        var urgency: Urgency
        var status: TaskStatus
        var receivedAt: Date
        var dueAt: Date?
        /// Set when acknowledged (or closed): the clock stops, so there is no due time.
        var clockStoppedAt: Date?
        var test: (code: String, text: String)
        var observations: [Observation]

        static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.mrn == rhs.mrn && lhs.assignedNPI == rhs.assignedNPI && lhs.urgency == rhs.urgency
                && lhs.status == rhs.status && lhs.receivedAt == rhs.receivedAt && lhs.test.code == rhs.test.code
        }
    }

    struct Observation: Sendable {
        var code: String
        var text: String
        var value: String
        var units: String
        var range: String
        var flag: String
    }

    static let families = ["García", "Nguyễn", "Müller", "Smith", "O'Brien", "Kowalczyk", "Johansson", "Dubois",
                           "Øverland", "Šimić", "Papadopoulos", "Hernández", "Chen", "Okafor", "Bianchi", "Lefèvre",
                           "Schäfer", "Ramírez", "Kim", "Novák", "Murphy", "Andersen", "Côté", "Yılmaz", "Patel",
                           "Fernández", "Wójcik", "Brontë", "Nakamura", "Ó Súilleabháin", "Jones", "Peña"]
    static let givens = ["José", "Zoë", "Renée", "André", "María", "Thảo", "Jürgen", "Chloé", "Siân", "Ana",
                         "Łukasz", "Noël", "Ingrid", "Mohammed", "Inés", "Björn", "Amélie", "Ji-woo", "Oluwaseun",
                         "Lucía", "Hélène", "Tomás", "Emma", "Dmitri", "Aoife", "François", "Priya", "Søren"]
    static let providerNames = ["Ada Chen", "José Ramírez", "Thị Hương Nguyễn", "Klaus Müller", "Zoë Dubois",
                                "Ana Peña", "Øyvind Berg", "Renée Côté", "Siobhán Murphy", "Raj Patel",
                                "Ingrid Andersen", "Łucja Wójcik", "Ahmet Yılmaz", "Chiamaka Okafor", "Marco Bianchi",
                                "Hélène Lefèvre", "Yuki Nakamura", "Pavel Novák", "Min-jun Kim", "Sofia García",
                                "Björn Johansson", "Petra Šimić", "Nikos Papadopoulos", "Lucía Hernández",
                                "Emily Brontë", "Seán Ó Súilleabháin", "Jürgen Schäfer", "Inés Fernández",
                                "David Jones", "Amélie Durand"]
    static let tests: [(code: String, text: String, units: String, range: String, low: Double, high: Double)] = [
        ("2823-3", "Potassium", "mmol/L", "3.5-5.1", 3.5, 5.1), ("2951-2", "Sodium", "mmol/L", "136-145", 136, 145),
        ("2345-7", "Glucose", "mg/dL", "70-99", 70, 99), ("718-7", "Hemoglobin", "g/dL", "12.0-16.0", 12, 16),
        ("2160-0", "Creatinine", "mg/dL", "0.6-1.2", 0.6, 1.2), ("6690-2", "WBC", "10*3/uL", "4.0-11.0", 4, 11),
        ("777-3", "Platelets", "10*3/uL", "150-400", 150, 400), ("3016-3", "TSH", "mIU/L", "0.4-4.0", 0.4, 4),
    ]

    /// Distinct patients the tasks are spread over (about 2.5 results each at 100,000 tasks).
    var patients = 40_000
    var windows = CareQueueConfig.Windows()

    /// The login of the coordinator the keys are timed as: the roster names them for three queues.
    static let coordinator = "bench"
    /// Their queues: a middle one and two of the smallest (with Unassigned, about a tenth of the open
    /// tasks), so "mine" passes over many other entries to fill a screen.
    static let coordinatedQueues: Set<Int> = [10, 20, 29]

    /// The roster: 30 physicians, NPs and PAs who own queues, and a charge nurse who does not.
    static var roster: [Provider] {
        let roles: [ProviderRole] = [.physician, .physician, .np, .pa]
        return providerNames.enumerated().map { index, name in
            Provider(npi: npi(index), name: name, role: roles[index % roles.count],
                     coordinators: coordinatedQueues.contains(index) ? [coordinator] : [])
        } + [Provider(npi: npi(providerNames.count), name: "Maëlle Girard", role: .chargeNurse)]
    }

    /// A valid NPI per index (the check digit is the real Luhn one).
    static func npi(_ index: Int) -> String {
        let nine = String(format: "1%08d", 31_415_000 + index * 7)
        return nine + String(NPI.checkDigit(forFirstNine: nine.compactMap(\.wholeNumberValue)))
    }

    /// An ordering NPI not on the roster: its tasks land in Unassigned.
    static let offRosterNPI = npi(999)

    /// Task `index` as of `now`; `closed` makes it a closed task of the last 90 days.
    func row(_ index: Int, now: Date, closed: Bool = false) -> Row {
        var random = SplitMix64(seed: UInt64(index) &* 0x9E37_79B9 &+ (closed ? 0xC105ED : 0))
        let patient = Int(random.next() % UInt64(patients)) + (closed ? patients : 0)
        var person = SplitMix64(seed: UInt64(patient) &+ 77)
        let family = Self.families[Int(person.next() % UInt64(Self.families.count))]
        let given = Self.givens[Int(person.next() % UInt64(Self.givens.count))]
        let dob = String(format: "%04d%02d%02d", 1930 + Int(person.next() % 90), 1 + Int(person.next() % 12),
                         1 + Int(person.next() % 28))

        // Queue sizes fall off like 1/(rank+1); about 6 % come from ordering NPIs off the roster.
        let unassigned = random.next() % 100 < 6
        let owner = Self.skewedProvider(random.next())
        let ordering = unassigned ? Self.offRosterNPI : Self.npi(owner)

        let tierRoll = random.next() % 1000
        let urgency: Urgency = tierRoll < 25 ? .critical : tierRoll < 300 ? .abnormal : .routine
        let window = windows.window(for: urgency)
        // Critical results arrive over the last hours, others over up to twice their window: some overdue.
        let age = closed ? Double(random.next() % (90 * 86_400))
            : Double(random.next() % UInt64(urgency == .critical ? 4 * 3600 : Int(window * 2)))
        let received = now.addingTimeInterval(-age).rounded
        let acknowledged = !closed && random.next() % 100 < 10
        let stopped = closed || acknowledged ? received.addingTimeInterval(min(age, 600)).rounded : nil
        let status: TaskStatus = closed ? .closed : acknowledged ? .acknowledged : .open

        let test = Self.tests[Int(random.next() % UInt64(Self.tests.count))]
        let count = 1 + Int(random.next() % 3)
        let observations = (0..<count).map { position -> Observation in
            let flagged = position == 0 && urgency != .routine
            let value = flagged ? test.high * (urgency == .critical ? 1.6 : 1.15) : (test.low + test.high) / 2
            return Observation(code: position == 0 ? test.code : "\(test.code)-\(position)", text: test.text,
                               value: String(format: "%.1f", value), units: test.units, range: test.range,
                               flag: flagged ? (urgency == .critical ? "HH" : "H") : "N")
        }
        return Row(mrn: String(format: "MRN%07d", patient), family: family, given: given, dob: dob,
                   orderingNPI: ordering, assignedNPI: unassigned ? nil : ordering, urgency: urgency, status: status,
                   receivedAt: received, dueAt: stopped == nil ? received.addingTimeInterval(window) : nil,
                   clockStoppedAt: stopped, test: (test.code, test.text), observations: observations)
    }

    /// Provider rank 0..<30 with weight 1/(rank+1).
    static func skewedProvider(_ bits: UInt64) -> Int {
        let weights = (0..<providerNames.count).map { 1.0 / Double($0 + 1) }
        var target = Double(bits % 1_000_000) / 1_000_000 * weights.reduce(0, +)
        for (rank, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return rank }
        }
        return providerNames.count - 1
    }
}

private extension Date {
    /// Whole seconds, as the store keeps times.
    var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
