/// Makes MSH-10 control ids for messages CareQueue sends.
public protocol HL7ControlIDGenerator: Sendable {
    /// A new id, unique among ids this generator hands out, at most 20 characters (the v2.3 limit).
    func next() -> String
}

/// Twenty random Crockford base-32 characters (100 bits) from the system's secure generator.
///
/// Not a timestamp: two ACKs in the same instant still differ, and a clock that steps backwards
/// cannot repeat an id.
public struct RandomControlIDGenerator: HL7ControlIDGenerator {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    public init() {}

    public func next() -> String {
        var generator = SystemRandomNumberGenerator()
        var bits = (generator.next() as UInt64, generator.next() as UInt64)
        var characters: [UInt8] = []
        characters.reserveCapacity(20)
        for index in 0..<20 {
            // 12 characters from the first word (60 bits), 8 from the second (40 bits).
            if index < 12 {
                characters.append(Self.alphabet[Int(bits.0 & 31)])
                bits.0 >>= 5
            } else {
                characters.append(Self.alphabet[Int(bits.1 & 31)])
                bits.1 >>= 5
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
