import Testing
import CareQueueCore
import TestSupport

@Suite("NPI")
struct NPITests {
    @Test("check digit and shape", arguments: [
        Named("CMS example", "1234567893", true),
        Named("another valid", TestNPI.b, true),
        Named("check digit 0", "3000000000", true),
        Named("wrong check digit", "1234567890", false),
        Named("every other check digit fails", "1234567894", false),
        Named("swapped digits", "2134567893", false),
        Named("nine digits", "123456789", false),
        Named("eleven digits", "12345678930", false),
        Named("empty", "", false),
        Named("letter", "12345678a3", false),
        Named("leading space", " 1234567893", false),
        Named("trailing newline", "1234567893\n", false),
        Named("sign", "+234567893", false),
        Named("Arabic-Indic digits", "١٢٣٤٥٦٧٨٩٣", false),
        Named("full-width digits", "１２３４５６７８９３", false),
        Named("the 15-digit card form", "808401234567893", false),
    ])
    func validity(_ row: Named<String, Bool>) {
        #expect(NPI.isValid(row.input) == row.expected)
    }

    /// Luhn over the 15 digits `80840` + NPI, written independently of the production shortcut.
    static func luhnAccepts(_ npi: String) -> Bool {
        let digits = ("80840" + npi).compactMap(\.wholeNumberValue)
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let doubled = offset % 2 == 1 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0
    }

    @Test("agrees with a plain Luhn check over 80840 + the NPI")
    func agreesWithLuhn() {
        // A deterministic spread of ten-digit numbers, valid and not.
        var candidate: UInt64 = 1_000_000_000
        for _ in 0..<5_000 {
            let text = String(candidate)
            #expect(NPI.isValid(text) == Self.luhnAccepts(text), "\(text)")
            candidate += 1_799_999 // coprime to 10, so every last digit appears
        }
    }

    @Test("exactly one check digit completes any nine digits", arguments: ["123456789", "000000000", "999999999", "555000111", "100000000"])
    func oneCheckDigit(_ nine: String) {
        let payload = nine.compactMap(\.wholeNumberValue)
        let check = NPI.checkDigit(forFirstNine: payload)
        let valid = (0...9).filter { NPI.isValid(nine + String($0)) }
        #expect(valid == [check])
    }
}
