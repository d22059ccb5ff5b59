import CareQueueCore

/// Something a clinician orders and a lab or radiology reports: OBR-4, its department, how often
/// it is ordered and how its results are produced.
struct OrderableTest: Sendable {
    enum Kind: Sendable {
        case panel([SimulatedAnalyte])
        case urinalysis
        case bloodCulture
        case imaging(ImagingExam)
    }

    /// Both reports of an order: the preliminary one when the order is reported twice.
    struct Reports: Sendable {
        var preliminary: (observations: [ReportedObservation], tier: Urgency)?
        var final: (observations: [ReportedObservation], tier: Urgency)
    }

    /// OBR-4 identifier, text and coding system.
    let code: String
    let text: String
    let system: String
    let section: LabSection
    /// Relative share of orders.
    let weight: Double
    /// Share ordered STAT.
    let statShare: Double
    /// Share reported preliminary first, then final.
    let preliminaryShare: Double
    let kind: Kind
    /// An NTE for the order as a whole, sometimes sent.
    let orderNote: String?

    init(_ code: String, _ text: String, system: String = "LN", section: LabSection, weight: Double,
         statShare: Double = 0.1, preliminaryShare: Double = 0, kind: Kind, orderNote: String? = nil) {
        self.code = code
        self.text = text
        self.system = system
        self.section = section
        self.weight = weight
        self.statShare = statShare
        self.preliminaryShare = preliminaryShare
        self.kind = kind
        self.orderNote = orderNote
    }

    /// Whether results of this test can be reported in `tier`.
    func supports(_ tier: Urgency) -> Bool {
        switch (kind, tier) {
        case (_, .routine), (_, .abnormal): return true
        case (.panel(let analytes), .critical): return PanelResults.canBeCritical(analytes)
        case (.urinalysis, .critical): return false
        case (.bloodCulture, .critical), (.imaging, .critical): return true
        }
    }

    /// Results planned for `tier`; with `preliminaryFirst`, a preliminary report as well.
    func reports(tier: Urgency, preliminaryFirst: Bool, normalFlag: String,
                 using random: inout SplitMix64) -> Reports {
        let observations: [ReportedObservation]
        switch kind {
        case .bloodCulture:
            let culture = BloodCulture.reports(tier: tier, normalFlag: normalFlag, using: &random)
            return Reports(preliminary: (culture.preliminary, culture.preliminaryTier), final: (culture.final, culture.finalTier))
        case .panel(let analytes):
            observations = PanelResults.observations(analytes, tier: tier, normalFlag: normalFlag, status: "F", using: &random)
        case .urinalysis:
            observations = Urinalysis.observations(tier: tier, normalFlag: normalFlag, status: "F", using: &random)
        case .imaging(let exam):
            observations = exam.observations(tier: tier, normalFlag: normalFlag, status: "F", using: &random)
        }
        guard preliminaryFirst else { return Reports(preliminary: nil, final: (observations, tier)) }
        // The same values reported twice: first marked preliminary, then final.
        let preliminary = observations.map { line -> ReportedObservation in
            var line = line
            line.status = "P"
            return line
        }
        return Reports(preliminary: (preliminary, tier), final: (observations, tier))
    }
}

extension OrderableTest {
    /// The simulator's test menu, roughly in proportion to a primary-care result stream.
    static let catalogue: [OrderableTest] = [
        OrderableTest("24321-2", "Basic metabolic panel", section: .chemistry, weight: 22, preliminaryShare: 0.02,
                      kind: .panel([NumericPanels.sodium, NumericPanels.potassium, NumericPanels.chloride,
                                    NumericPanels.carbonDioxide, NumericPanels.ureaNitrogen, NumericPanels.creatinine,
                                    NumericPanels.glucose, NumericPanels.calcium])),
        OrderableTest("58410-2", "CBC panel", section: .hematology, weight: 20, preliminaryShare: 0.03,
                      kind: .panel([NumericPanels.whiteCells, NumericPanels.hemoglobin, NumericPanels.hematocrit,
                                    NumericPanels.meanCellVolume, NumericPanels.platelets])),
        OrderableTest("24331-1", "Lipid panel", section: .chemistry, weight: 8, statShare: 0,
                      kind: .panel([NumericPanels.cholesterol, NumericPanels.triglycerides, NumericPanels.hdl, NumericPanels.ldl]),
                      orderNote: "Patient reports fasting for 12 hours."),
        OrderableTest("3016-3", "TSH", section: .chemistry, weight: 6, statShare: 0, kind: .panel([NumericPanels.tsh])),
        OrderableTest("4548-4", "Hemoglobin A1c", section: .chemistry, weight: 7, statShare: 0,
                      kind: .panel([NumericPanels.hemoglobinA1c])),
        OrderableTest("PTINR", "Prothrombin time & INR", system: "L", section: .hematology, weight: 6, statShare: 0.2,
                      kind: .panel([NumericPanels.prothrombinTime, NumericPanels.inr])),
        OrderableTest("10839-9", "Troponin I", section: .chemistry, weight: 4, statShare: 0.85,
                      kind: .panel([NumericPanels.troponin])),
        OrderableTest("24357-6", "Urinalysis macro (dipstick) panel", section: .urinalysis, weight: 8, statShare: 0.05,
                      kind: .urinalysis),
        OrderableTest("600-7", "Blood culture", section: .microbiology, weight: 3, statShare: 0.3, preliminaryShare: 1,
                      kind: .bloodCulture),
        OrderableTest("71046", "XR Chest 2 views", system: "C4", section: .radiology, weight: 5, statShare: 0.15,
                      preliminaryShare: 0.08, kind: .imaging(.chestRadiograph)),
        OrderableTest("70450", "CT Head without contrast", system: "C4", section: .radiology, weight: 1.5, statShare: 0.5,
                      preliminaryShare: 0.08, kind: .imaging(.headCT)),
        OrderableTest("76700", "US Abdomen complete", system: "C4", section: .radiology, weight: 1.5, statShare: 0.05,
                      preliminaryShare: 0.08, kind: .imaging(.abdominalUltrasound)),
    ]
}
