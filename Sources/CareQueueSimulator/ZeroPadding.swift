extension String {
    /// The text with leading zeros up to `width` characters.
    func zeroPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

extension Int {
    /// The decimal digits with leading zeros up to `width` digits.
    func zeroPadded(to width: Int) -> String {
        String(self).zeroPadded(to: width)
    }
}
