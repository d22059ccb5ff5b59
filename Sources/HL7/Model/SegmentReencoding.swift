extension HL7Segment {
    /// The segment as text written with `target`'s delimiters, meaning unchanged: each separator and
    /// the escape character become `target`'s, a data byte that is one of `target`'s delimiters is
    /// escaped (`\F\` …), escape sequences stay as sent, line breaks of wrapped continuation lines
    /// are removed, and the bytes are decoded from the message's character set. For copying a
    /// segment as received (the PID of a result) into a message of our own. No terminator.
    public func reencoded(with target: HL7Delimiters = .standard) -> String {
        let source = storage.delimiters
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes where byte != HL7Parser.cr && byte != HL7Parser.lf {
            switch byte {
            case source.field: out.append(target.field)
            case source.component: out.append(target.component)
            case source.repetition: out.append(target.repetition)
            case source.subcomponent: out.append(target.subcomponent)
            case source.escape: out.append(target.escape)
            case target.field: out += [target.escape, 0x46, target.escape]         // \F\
            case target.component: out += [target.escape, 0x53, target.escape]     // \S\
            case target.repetition: out += [target.escape, 0x52, target.escape]    // \R\
            case target.subcomponent: out += [target.escape, 0x54, target.escape]  // \T\
            case target.escape: out += [target.escape, 0x45, target.escape]        // \E\
            default: out.append(byte)
            }
        }
        return TextDecoding.string(out, storage.charset.encoding)
    }
}
