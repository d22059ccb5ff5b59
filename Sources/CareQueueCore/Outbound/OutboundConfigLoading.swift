extension ConfigSchema {
    static func applyOutbound(_ value: ConfigValue, to config: inout CareQueueConfig) throws(FileLineError) {
        // Host and port start unset; `checkOutbound` insists on both once the section is read.
        var outbound = config.outbound ?? CareQueueConfig.Outbound(host: "", port: 0)
        switch value.entry.key {
        case "host": outbound.host = try value.nonEmptyString()
        case "port": outbound.port = try value.integer(in: 1...65_535)
        case "tls_ca": outbound.tlsCA = try value.path()
        case "tls_certificate": outbound.tlsCertificate = try value.path()
        case "tls_private_key": outbound.tlsPrivateKey = try value.path()
        case "events": outbound.events = try value.outboundEvents()
        case "message":
            let names = CareQueueConfig.Outbound.MessageType.allCases.map(\.rawValue)
            outbound.message = CareQueueConfig.Outbound.MessageType(rawValue: try value.oneOf(names))!
        case "document_type": outbound.documentType = try value.hl7Code()
        case "version": outbound.version = try value.oneOf(CareQueueConfig.Outbound.supportedVersions)
        case "sending_application": outbound.sendingApplication = try value.hierarchicDesignator()
        case "sending_facility": outbound.sendingFacility = try value.hierarchicDesignator()
        case "receiving_application": outbound.receivingApplication = try value.hierarchicDesignator()
        case "receiving_facility": outbound.receivingFacility = try value.hierarchicDesignator()
        case "ack_timeout": outbound.ackTimeout = try value.positiveDuration()
        case "retry_max_interval": outbound.retryMaxInterval = try value.positiveDuration()
        default: throw value.invalid("is not supported by this version")
        }
        config.outbound = outbound
    }

    /// A destination needs an address, and a client certificate is presented only inside TLS.
    static func checkOutbound(_ outbound: CareQueueConfig.Outbound, lines: [String: Int], file: String) throws(FileLineError) {
        let missing = [("host", lines["outbound.host"]), ("port", lines["outbound.port"])].filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty {
            throw FileLineError(file: file, line: lines["outbound"], message: "[outbound] needs \(missing.joined(separator: " and ")): "
                + "the EHR's MLLP listener (leave the section out to send nothing)")
        }
        try checkCertificateAndKey(section: "outbound", certificate: outbound.tlsCertificate, key: outbound.tlsPrivateKey,
                                   purpose: "to present a client certificate", lines: lines, file: file)
        if outbound.tlsCertificate != nil, outbound.tlsCA == nil {
            throw FileLineError(file: file, line: lines["outbound.tls_certificate"], message: "[outbound] tls_certificate "
                + "needs tls_ca: the connection is TLS only when tls_ca names the CA the EHR's certificate must chain to")
        }
    }
}

extension ConfigValue {
    /// ["close", "attempt", …]: at least one, each once.
    func outboundEvents() throws(FileLineError) -> [OutboundEvent.Kind] {
        let names = try strings()
        let valid = OutboundEvent.Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard !names.isEmpty else { throw invalid("must list at least one of \(valid) (leave out [outbound] to send nothing)") }
        var kinds: [OutboundEvent.Kind] = []
        for name in names {
            guard let kind = OutboundEvent.Kind(rawValue: name) else { throw invalid("holds \"\(name)\"; valid: \(valid)") }
            guard !kinds.contains(kind) else { throw invalid("names \"\(name)\" twice") }
            kinds.append(kind)
        }
        return kinds
    }

    /// An HD written as HL7 has it, `namespace^universal id^type` (one to three components, each
    /// printable and free of the other delimiters); "" leaves the field empty.
    func hierarchicDesignator() throws(FileLineError) -> String {
        let text = try string()
        let forbidden: Set<Character> = ["|", "~", "\\", "&"]
        guard !text.contains(where: { forbidden.contains($0) || $0.unicodeScalars.contains(where: \.isControlCode) }),
              text.split(separator: "^", omittingEmptySubsequences: false).count <= 3 else {
            throw invalid("must be an HD such as \"CLINIC\" or \"CLINIC^2.16.840.1.113883.19.5^ISO\" "
                + "(at most three parts joined by ^, no |, ~, \\ or &), got \"\(text)\"")
        }
        return text
    }

    /// A coded value (HL7 table entry): letters, digits, `-` and `_`.
    func hl7Code() throws(FileLineError) -> String {
        let text = try string()
        guard !text.isEmpty, text.count <= 30,
              text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }) else {
            throw invalid("must be a code such as \"PN\" (letters, digits, - or _; at most 30), got \"\(text)\"")
        }
        return text
    }
}
