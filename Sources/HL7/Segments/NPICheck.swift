/// The National Provider Identifier check digit (CMS: Luhn over `80840` + the first nine digits).
public enum NPICheck {
    /// True for exactly ten ASCII digits whose last is the check digit; `1234567893` is valid.
    public static func isValid(_ candidate: String) -> Bool {
        let utf8 = candidate.utf8
        guard utf8.count == 10 else { return false }
        var digits: [Int] = []
        digits.reserveCapacity(10)
        for byte in utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return false }
            digits.append(Int(byte - 0x30))
        }
        return checkDigit(forFirstNine: digits.prefix(9)) == digits[9]
    }

    /// The check digit for nine leading NPI digits.
    public static func checkDigit<Digits: BidirectionalCollection<Int>>(forFirstNine nine: Digits) -> Int {
        // Luhn from the right, doubling the check digit's neighbour first; the 80840 prefix
        // contributes a constant 24 to the sum.
        var sum = 24
        for (offset, digit) in nine.reversed().enumerated() {
            if offset % 2 == 0 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return (10 - sum % 10) % 10
    }
}
