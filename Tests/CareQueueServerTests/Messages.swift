import Foundation

/// HL7 texts for the listener tests (`\r` terminators), built from a few knobs.
enum Messages {
    static let npi = "1234567893"

    static func oru(control: String = "C1", version: String = "2.5.1", type: String = "ORU^R01^ORU_R01",
                    processing: String = "P", pid3: String = "MRN1^^^HOSP^MR", obr: Bool = true,
                    filler: String? = nil, flag: String = "N", msh15: String = "", msh16: String = "") -> String {
        let ackFields = msh15.isEmpty && msh16.isEmpty ? "" : "|||\(msh15)|\(msh16)"
        var text = "MSH|^~\\&|LAB^2.16.840.1.113883.19.4.6^ISO|HOSP|CQ|CLINIC|20260301120000||\(type)|\(control)|\(processing)|\(version)\(ackFields)\r"
        text += "PID|1||\(pid3)||Doe^Jane||19700101|F\r"
        if obr {
            let number = filler ?? "F-\(control)"
            text += "OBR|1|P-\(control)|\(number)|2823-3^Potassium^LN|||20260301110000|||||||||\(npi)^Chen^Ada^^^^^^^^^^NPI||||||||F\r"
            text += "OBX|1|NM|2823-3^Potassium^LN||\(flag == "HH" ? "6.8" : "4.1")|mmol/L|3.5-5.1|\(flag)|||F\r"
        }
        return text
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
