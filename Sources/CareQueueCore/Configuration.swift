import Foundation

/// Everything `--config` can set, with DESIGN.md's defaults. Flags beat the file, which beats these.
public struct CareQueueConfig: Sendable, Equatable {
    public var windows = Windows()
    public var tiers = Tiers()
    public var listener = Listener()
    public var store = Store()
    public var clinic = Clinic()
    public var audit = Audit()
    public var ui = UI()
    /// `[outbound]`; nil when the file has no such section, and then nothing is sent.
    public var outbound: Outbound? = nil
    public var workflow = Workflow()
    public var status = Status()
    public var turnaround = Turnaround()
    public var log = Log()
    public var retention = Retention()

    public init() {}

    /// Due windows per tier, in seconds.
    public struct Windows: Sendable, Equatable {
        public var critical: TimeInterval = 30 * 60
        public var abnormal: TimeInterval = 24 * 3600
        public var routine: TimeInterval = 72 * 3600
        /// How long a gated result may wait for its provider's sign-off before it escalates.
        public var signoff: TimeInterval = 2 * 3600
        /// How long a message may sit open on the review list (refused, or acknowledged without its
        /// tasks) before it escalates to the care coordinators.
        public var review: TimeInterval = 3600
        public init() {}

        public func window(for urgency: Urgency) -> TimeInterval {
            switch urgency {
            case .critical: return critical
            case .abnormal: return abnormal
            case .routine: return routine
            }
        }
    }

    public struct Tiers: Sendable, Equatable {
        /// LOINC codes whose results are always critical.
        public var criticalTests: [String] = [] {
            didSet { rules = Tiering.Rules(criticalTests: criticalTests, normalFlags: normalFlags) }
        }
        /// OBX-8 values that do not make a result abnormal.
        public var normalFlags: [String] = ["", "N", "S", "NEG", "ND", "NR"] {
            didSet { rules = Tiering.Rules(criticalTests: criticalTests, normalFlags: normalFlags) }
        }
        /// The two lists as tiering compares them, rebuilt whenever one is set: once per
        /// configuration, not once per message.
        private(set) var rules: Tiering.Rules

        public init() {
            rules = Tiering.Rules(criticalTests: criticalTests, normalFlags: normalFlags)
        }

        /// Equal when the lists are (`rules` follows from them).
        public static func == (lhs: Tiers, rhs: Tiers) -> Bool {
            lhs.criticalTests == rhs.criticalTests && lhs.normalFlags == rhs.normalFlags
        }
    }

    public struct Listener: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 2575
        public var maxFrameBytes = 16 * 1024 * 1024
        public var partialFrameTimeout: TimeInterval = 30
        public var idleTimeout: TimeInterval = 600
        public var processingIDs = ["P"]
        /// What to do with a message whose sender and control id are already stored with other content.
        public var reusedControlID = ReusedControlID.refuse
        /// Plaintext MLLP on an address other machines can reach, said deliberately (e.g. inside a VPN).
        public var allowPlaintext = false
        /// Open connections at once; one more is closed as it arrives.
        public var maxConnections = 64
        /// Open connections from one address at once.
        public var maxConnectionsPerPeer = 16
        /// What all connections may hold in memory together (frames being read and messages awaiting
        /// their commit); never below `maxFrameBytes`, so one frame can always be read.
        public var maxBufferedBytes = 64 * 1024 * 1024
        /// PEM certificate chain (leaf first) and its private key; with both the listener speaks TLS only.
        public var tlsCertificate: String? = nil
        public var tlsPrivateKey: String? = nil
        /// PEM CA certificate(s); when set, a client must present a certificate it signed (mutual TLS).
        public var tlsClientCA: String? = nil
        public init() {}

        /// The listener speaks TLS (the loader refuses a certificate without its key, and the reverse).
        public var usesTLS: Bool { tlsCertificate != nil && tlsPrivateKey != nil }
    }

    /// `[listener] reused_control_id`: a control id arriving again with different content.
    public enum ReusedControlID: String, Sendable, Equatable {
        /// AE 205 ("control id reused with different content"), kept in the review list.
        case refuse
        /// Stored and routed as a new message (feeds that reuse ids, e.g. timestamps as MSH-10).
        case accept
    }

    public enum Synchronous: String, Sendable, Equatable { case full, normal }

    public struct Store: Sendable, Equatable {
        public var synchronous = Synchronous.full
        /// Unix group that may share the database (files become 0660, owned by this group).
        public var group: String? = nil
        /// Messages stored and acknowledged but not yet derived into tasks, at most; at the bound
        /// the next ACK waits until derivation catches up (backpressure). At ~4,000 derived per
        /// second, 20,000 is a burst of ~5 s, and no result waits longer than that to be seen.
        public var maxBacklog = 20_000
        /// `postgresql://…`: the store is this PostgreSQL database instead of a SQLite file (unless
        /// `--db` or `$CAREQUEUE_DB` says otherwise). Holds no password: see `passwordFile`.
        public var url: PostgresLocation? = nil
        /// A file holding only the PostgreSQL password; without it, `$PGPASSFILE` or `~/.pgpass`.
        public var passwordFile: String? = nil
        public init() {}
    }

    public struct Clinic: Sendable, Equatable {
        public var name = "CareQueue"
        /// "HH:MM-HH:MM" local time, nil = always.
        public var hours: String? = "07:00-19:00"
        public var silentAfter: TimeInterval = 20 * 60
        /// Days the clinic opens (its hours apply on these); callbacks default to the next opening.
        public var businessDays: Set<ClinicWeekday> = ClinicWeekday.workWeek
        /// Local dates "YYYY-MM-DD" the clinic stays closed on a business day.
        public var holidays: [String] = []
        public init() {}
    }

    public struct Audit: Sendable, Equatable {
        /// A file of at least 32 random bytes; when set, the audit chain is an HMAC.
        public var keyFile: String? = nil
        public init() {}
    }

    /// `[status]`: when `carequeue status` warns (exit 1) rather than says OK.
    public struct Status: Sendable, Equatable {
        /// More messages than this waiting in the review list.
        public var reviewBacklog = 10
        /// More outbox rows than this waiting for the EHR.
        public var outboxBacklog = 100
        /// The oldest waiting outbox row older than this.
        public var outboxAge: TimeInterval = 15 * 60
        /// The listener's TLS certificate expiring within this long.
        public var certificateWarning: TimeInterval = 14 * 86_400
        public init() {}
    }

    public struct Workflow: Sendable, Equatable {
        /// Tiers whose results no patient hears of before a provider signed them off; empty: no gate.
        public var signoffRequired: [Urgency] = []
        public init() {}
    }

    public struct UI: Sendable, Equatable {
        public var theme = "default"
        /// The dashboard locks after this long without a key; 0 turns the lock off.
        public var idleLock: TimeInterval = 15 * 60
        /// How long `u` can undo the dashboard's last action.
        public var undoWindow: TimeInterval = 10
        /// How long opening a task or starting an action claims it (a soft lock others see).
        public var claimFor: TimeInterval = 5 * 60
        /// The board turns to its next page after this long without a key.
        public var boardPageEvery: TimeInterval = 10
        /// When a new critical or a level-2 escalation rings the terminal bell: "board" (while the
        /// board is on show), "always" or "never".
        public var bell = "board"
        public init() {}
    }
}
