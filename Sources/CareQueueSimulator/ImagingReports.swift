import CareQueueCore

/// Radiology exams reported as narrative text, one OBX (TX) per line.
struct ImagingExam: Sendable {
    /// Lines of one report; `impression` lines carry the flag.
    struct Report: Sendable {
        var findings: [String]
        var impression: [String]
    }

    let title: String
    let histories: [String]
    let comparisons: [String]
    /// Builds the findings and impression for a tier.
    let report: @Sendable (Urgency, inout SplitMix64) -> Report

    /// OBX-3 of the lines up to and including "IMPRESSION:".
    static let studyCode = (code: "18782-3", text: "Radiology Study observation")
    /// OBX-3 of the impression lines.
    static let impressionCode = (code: "19005-8", text: "Radiology Impression")

    /// The report as OBX lines with status `status`; the first impression line is flagged for the tier.
    func observations(tier: Urgency, normalFlag: String, status: String,
                      using random: inout SplitMix64) -> [ReportedObservation] {
        let body = report(tier, &random)
        let studyLines = ["EXAM: \(title)", "HISTORY: \(random.pick(histories))", "COMPARISON: \(random.pick(comparisons))",
                          "FINDINGS:"] + body.findings.map { "  " + $0 } + ["IMPRESSION:"]
        var lines = studyLines.enumerated().map { index, line in
            ReportedObservation(valueType: "TX", code: Self.studyCode.code, text: Self.studyCode.text,
                                subID: String(index + 1), value: .text(line), status: status)
        }
        let flag: String
        switch tier {
        case .routine: flag = normalFlag
        case .abnormal: flag = "A"
        case .critical: flag = "AA"
        }
        for (index, line) in body.impression.enumerated() {
            lines.append(ReportedObservation(valueType: "TX", code: Self.impressionCode.code, text: Self.impressionCode.text,
                                             subID: String(index + 1), value: .text("  " + line),
                                             flag: index == 0 ? flag : "", status: status))
        }
        return lines
    }
}

extension ImagingExam {
    static let chestRadiograph = ImagingExam(
        title: "XR CHEST 2 VIEWS",
        histories: ["Cough.", "Shortness of breath.", "Fever.", "Chest pain.", "Preoperative evaluation."],
        comparisons: ["None.", "PA & lateral views from a prior visit."],
        report: { tier, random in
            switch tier {
            case .routine:
                return Report(findings: ["Lungs are clear. No pleural effusion or pneumothorax.",
                                         "Heart size is normal. Mediastinal contours are unremarkable.",
                                         "No acute osseous abnormality."],
                              impression: ["No acute cardiopulmonary process."])
            case .abnormal:
                if random.chance(0.5) {
                    return Report(findings: ["Patchy opacity in the right lower lobe.",
                                             "No pleural effusion or pneumothorax. Heart size is normal."],
                                  impression: ["Right lower lobe opacity, likely pneumonia.",
                                               "Follow-up radiograph in 6-8 weeks recommended."])
                }
                let size = random.integer(in: 6...14)
                return Report(findings: ["~\(size) mm nodule in the left upper lobe.",
                                         "Lungs otherwise clear. Heart size is normal."],
                              impression: ["\(size) mm left upper lobe nodule.", "Recommend CT chest for further evaluation."])
            case .critical:
                return Report(findings: ["Large right pneumothorax with leftward mediastinal shift.",
                                         "Left lung is clear."],
                              impression: ["Large right pneumothorax with signs of tension.",
                                           "Findings called to the ordering clinic and read back."])
            }
        })

    static let headCT = ImagingExam(
        title: "CT HEAD WITHOUT CONTRAST",
        histories: ["Headache.", "Fall.", "Dizziness.", "Confusion."],
        comparisons: ["None.", "CT head from a prior visit."],
        report: { tier, random in
            switch tier {
            case .routine:
                return Report(findings: ["No intracranial hemorrhage, mass effect or midline shift.",
                                         "Ventricles and sulci are normal for age.",
                                         "Visualized paranasal sinuses & mastoid air cells are clear."],
                              impression: ["No acute intracranial abnormality."])
            case .abnormal:
                return Report(findings: ["No intracranial hemorrhage or mass effect.",
                                         "Patchy periventricular white matter hypodensities."],
                              impression: ["No acute intracranial abnormality.",
                                           "Chronic small vessel ischemic changes."])
            case .critical:
                let thickness = random.integer(in: 6...14)
                let shift = random.integer(in: 3...9)
                return Report(findings: ["Acute left subdural hematoma measuring \(thickness) mm.",
                                         "\(shift) mm of rightward midline shift."],
                              impression: ["Acute left subdural hematoma with \(shift) mm midline shift.",
                                           "Findings called to the ordering clinic and read back."])
            }
        })

    static let abdominalUltrasound = ImagingExam(
        title: "US ABDOMEN COMPLETE",
        histories: ["Abdominal pain.", "Elevated liver enzymes.", "Nausea."],
        comparisons: ["None."],
        report: { tier, random in
            // Dictated measurements often use "|" and "~"; the encoder must escape them.
            let right = Double(random.integer(in: 98...118)) / 10
            let left = Double(random.integer(in: 98...118)) / 10
            let liver = Double(random.integer(in: 130...165)) / 10
            let measurements = "Right kidney \(right) cm | Left kidney \(left) cm."
            switch tier {
            case .routine:
                return Report(findings: ["Liver ~\(liver) cm, normal echotexture & contour.",
                                         "Gallbladder without stones or wall thickening.",
                                         measurements, "No hydronephrosis."],
                              impression: ["Normal abdominal ultrasound."])
            case .abnormal:
                return Report(findings: ["Liver ~\(liver) cm, normal echotexture & contour.",
                                         "Multiple mobile gallstones. No wall thickening or pericholecystic fluid.",
                                         measurements],
                              impression: ["Cholelithiasis without sonographic signs of cholecystitis."])
            case .critical:
                let aorta = Double(random.integer(in: 55...72)) / 10
                return Report(findings: ["Infrarenal abdominal aortic aneurysm measuring \(aorta) cm.",
                                         measurements],
                              impression: ["\(aorta) cm abdominal aortic aneurysm.",
                                           "Findings called to the ordering clinic and read back."])
            }
        })
}
