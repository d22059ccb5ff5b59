import Foundation

extension CareQueueConfig {
    /// `[outbound]`: the one EHR destination task events are written back to. Absent section, nil
    /// `CareQueueConfig.outbound`: nothing is sent.
    public struct Outbound: Sendable, Equatable {
        /// The EHR's MLLP listener (both required when the section exists).
        public var host: String
        public var port: Int
        /// PEM CA certificate(s) the EHR's certificate must chain to; when set, the connection is TLS.
        public var tlsCA: String? = nil
        /// PEM client certificate and its key, for an EHR that asks for one (mutual TLS); both or neither.
        public var tlsCertificate: String? = nil
        public var tlsPrivateKey: String? = nil
        /// Which task events produce a message, in the order the file lists them.
        public var events: [OutboundEvent.Kind] = [.close]
        public var message = MessageType.mdmT02
        /// TXA-2, HL7 table 0270: "PN" is a progress note, the note a coordinator's follow-up is.
        public var documentType = "PN"
        /// MSH-12; one of `supportedVersions`.
        public var version = "2.5.1"
        /// MSH-3…6 as HDs in HL7 form (`EHR^2.16.840.1.113883.19.5^ISO`); "" leaves the field empty.
        public var sendingApplication = "CareQueue"
        public var sendingFacility = ""
        public var receivingApplication = ""
        public var receivingFacility = ""
        /// How long the delivery waits for the EHR's ACK before it counts the attempt as failed.
        public var ackTimeout: TimeInterval = 30
        /// The longest wait between resends after transport failures (the wait doubles from 1 s up to it).
        public var retryMaxInterval: TimeInterval = 60

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// The connection is TLS (the loader refuses a client certificate without `tls_ca`).
        public var usesTLS: Bool { tlsCA != nil }

        /// Versions whose MDM^T02 and ORU^R01 structures the encoder writes and hl7apy checks.
        public static let supportedVersions = ["2.3", "2.3.1", "2.4", "2.5", "2.5.1"]

        /// `[outbound] message`.
        public enum MessageType: String, Sendable, Equatable, CaseIterable {
            /// A document (TXA) holding the event as text: what EHRs file as a phone encounter note.
            case mdmT02 = "MDM^T02"
            /// The same text as observations under the original order.
            case oruR01 = "ORU^R01"
        }
    }
}
