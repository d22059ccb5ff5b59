/// Recognises an HL7 batch (`FHS … BHS … MSH … BTS … FTS`) sent inside a single MLLP frame.
///
/// MLLP carries one message per frame; a batch in one frame cannot be answered per message, so the
/// listener refuses it and says what it is rather than "not HL7".
enum BatchEnvelope {
    /// "FHS" or "BHS" when `payload` (after a BOM and blank lines) starts with that envelope segment.
    static func leading(_ payload: [UInt8]) -> String? {
        var index = 0
        if payload.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < payload.count, payload[index] == 0x0D || payload[index] == 0x0A { index += 1 }
        guard payload.count - index >= 4 else { return nil }
        let id = String(decoding: payload[index..<index + 3], as: UTF8.self)
        guard id == "FHS" || id == "BHS" else { return nil }
        // FHS-1/BHS-1 is the field separator, as MSH-1: printable punctuation.
        let separator = payload[index + 3]
        let isPunctuation = separator > 0x20 && separator < 0x7F
            && !(separator >= 0x30 && separator <= 0x39) && !((separator | 0x20) >= 0x61 && (separator | 0x20) <= 0x7A)
        return isPunctuation ? id : nil
    }
}
