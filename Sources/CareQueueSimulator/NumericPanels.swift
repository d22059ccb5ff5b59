/// The numeric analytes and panels the simulator reports, with real LOINC codes and common adult
/// reference ranges and panic limits.
public enum NumericPanels {
    static let sodium = SimulatedAnalyte("2951-2", "Sodium", units: "mmol/L", range: "136-145", decimals: 0,
                                         low: 136, high: 145, panicLow: 120, panicHigh: 160,
                                         plausible: 105...175, highShare: 0.35, offWeight: 2)
    static let potassium = SimulatedAnalyte("2823-3", "Potassium", units: "mmol/L", range: "3.5-5.1", decimals: 1,
                                            low: 3.5, high: 5.1, panicLow: 2.8, panicHigh: 6.2,
                                            plausible: 1.8...8.5, highShare: 0.6, offWeight: 4)
    static let chloride = SimulatedAnalyte("2075-0", "Chloride", units: "mmol/L", range: "98-107", decimals: 0,
                                           low: 98, high: 107, plausible: 80...125, highShare: 0.5)
    static let carbonDioxide = SimulatedAnalyte("2028-9", "Carbon dioxide, total", units: "mmol/L", range: "22-29", decimals: 0,
                                                low: 22, high: 29, panicLow: 10, panicHigh: 40,
                                                plausible: 5...45, highShare: 0.3)
    static let ureaNitrogen = SimulatedAnalyte("3094-0", "Urea nitrogen", units: "mg/dL", range: "7-20", decimals: 0,
                                               low: 7, high: 20, plausible: 2...140, highShare: 0.85, offWeight: 2)
    static let creatinine = SimulatedAnalyte("2160-0", "Creatinine", units: "mg/dL", range: "0.60-1.30", decimals: 2,
                                             low: 0.6, high: 1.3, plausible: 0.3...9.5, highShare: 0.9, offWeight: 3)
    static let glucose = SimulatedAnalyte("2345-7", "Glucose", units: "mg/dL", range: "70-99", decimals: 0,
                                          low: 70, high: 99, panicLow: 40, panicHigh: 500,
                                          plausible: 20...700, highShare: 0.85, offWeight: 5)
    static let calcium = SimulatedAnalyte("17861-6", "Calcium", units: "mg/dL", range: "8.5-10.5", decimals: 1,
                                          low: 8.5, high: 10.5, panicLow: 6.0, panicHigh: 13.0,
                                          plausible: 5.0...15.0, highShare: 0.4)

    static let whiteCells = SimulatedAnalyte("6690-2", "WBC", units: "10^3/uL", range: "4.5-11.0", decimals: 1,
                                             low: 4.5, high: 11.0, panicLow: 2.0, panicHigh: 30.0,
                                             plausible: 0.4...60.0, highShare: 0.6, offWeight: 3)
    static let hemoglobin = SimulatedAnalyte("718-7", "Hemoglobin", units: "g/dL", range: "12.0-17.5", decimals: 1,
                                             low: 12.0, high: 17.5, panicLow: 7.0, panicHigh: 20.0,
                                             plausible: 4.5...22.0, highShare: 0.15, offWeight: 3)
    static let hematocrit = SimulatedAnalyte("4544-3", "Hematocrit", units: "%", range: "36.0-52.0", decimals: 1,
                                             low: 36.0, high: 52.0, panicLow: 21.0, panicHigh: 60.0,
                                             plausible: 14.0...66.0, highShare: 0.15,
                                             derivation: .init(source: "718-7", factor: 3.0, spread: 1.5))
    static let meanCellVolume = SimulatedAnalyte("787-2", "MCV", units: "fL", range: "80-100", decimals: 0,
                                                 low: 80, high: 100, plausible: 60...120, highShare: 0.5)
    static let platelets = SimulatedAnalyte("777-3", "Platelets", units: "10^3/uL", range: "150-400", decimals: 0,
                                            low: 150, high: 400, panicLow: 20, panicHigh: 1000,
                                            plausible: 5...1200, highShare: 0.3, offWeight: 2)

    static let troponin = SimulatedAnalyte("10839-9", "Troponin I.cardiac", units: "ng/mL", range: "<0.04", decimals: 2,
                                           low: nil, high: 0.03, panicHigh: 0.5,
                                           plausible: 0...25.0, highShare: 1)
    static let prothrombinTime = SimulatedAnalyte("5902-2", "Prothrombin time (PT)", units: "s", range: "11.0-13.5", decimals: 1,
                                                  low: 11.0, high: 13.5, plausible: 9.5...90.0, highShare: 1,
                                                  derivation: .init(source: "6301-6", factor: 12.2, spread: 0.4))
    static let inr = SimulatedAnalyte("6301-6", "INR", units: "{INR}", range: "0.9-1.1", decimals: 1,
                                      low: 0.9, high: 1.1, panicHigh: 5.0,
                                      plausible: 0.8...9.0, highShare: 1)
    static let tsh = SimulatedAnalyte("3016-3", "TSH", units: "mIU/L", range: "0.45-4.50", decimals: 2,
                                      low: 0.45, high: 4.5, plausible: 0.01...60.0, highShare: 0.6)
    static let hemoglobinA1c = SimulatedAnalyte("4548-4", "Hemoglobin A1c", units: "%", range: "4.0-5.6", decimals: 1,
                                                low: 4.0, high: 5.6, plausible: 4.0...14.0, highShare: 1)
    static let cholesterol = SimulatedAnalyte("2093-3", "Cholesterol", units: "mg/dL", range: "<200", decimals: 0,
                                              low: nil, high: 199, plausible: 120...320, highShare: 1, offWeight: 2)
    static let triglycerides = SimulatedAnalyte("2571-8", "Triglycerides", units: "mg/dL", range: "<150", decimals: 0,
                                                low: nil, high: 149, plausible: 40...900, highShare: 1, offWeight: 2)
    static let hdl = SimulatedAnalyte("2085-9", "HDL Cholesterol", units: "mg/dL", range: ">39", decimals: 0,
                                      low: 40, high: nil, plausible: 20...95, highShare: 0)
    static let ldl = SimulatedAnalyte("13457-7", "LDL Cholesterol (calculated)", units: "mg/dL", range: "<100", decimals: 0,
                                      low: nil, high: 99, plausible: 40...240, highShare: 1, offWeight: 3)

    static let urineSpecificGravity = SimulatedAnalyte("5811-5", "Specific gravity", units: "", range: "1.005-1.030", decimals: 3,
                                                       low: 1.005, high: 1.030, plausible: 1.001...1.040, highShare: 0.5)
    static let urinePH = SimulatedAnalyte("5803-2", "pH", units: "[pH]", range: "5.0-8.0", decimals: 1,
                                          low: 5.0, high: 8.0, plausible: 4.5...9.0, highShare: 0.5)

    /// Every numeric analyte the simulator can report.
    public static let analytes: [SimulatedAnalyte] = [
        sodium, potassium, chloride, carbonDioxide, ureaNitrogen, creatinine, glucose, calcium,
        whiteCells, hemoglobin, hematocrit, meanCellVolume, platelets,
        troponin, prothrombinTime, inr, tsh, hemoglobinA1c, cholesterol, triglycerides, hdl, ldl,
        urineSpecificGravity, urinePH,
    ]

    /// The analyte with OBX-3 identifier `code`, if the simulator reports it as a number.
    public static func analyte(code: String) -> SimulatedAnalyte? {
        analytes.first { $0.code == code }
    }
}
