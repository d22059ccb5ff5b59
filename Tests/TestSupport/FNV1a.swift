/// FNV-1a, 64-bit: a dependency-free fingerprint of bytes for golden tests and test doubles.
public struct FNV1a: Sendable {
    private var state: UInt64

    public init(offset: UInt64 = 0xcbf2_9ce4_8422_2325) {
        state = offset
    }

    public mutating func add(_ bytes: [UInt8]) {
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01B3
        }
    }

    public var value: UInt64 { state }

    public var hex: String { String(state, radix: 16) }
}
