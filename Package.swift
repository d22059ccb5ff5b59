// swift-tools-version:6.0
import PackageDescription

let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")
let nioTLS = Target.Dependency.product(name: "NIOTLS", package: "swift-nio")
let postgresNIO = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")

let package = Package(
    name: "CareQueue",
    products: [
        .executable(name: "carequeue", targets: ["carequeue"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure HL7 v2: model, parser, encoder, escapes, ACK builder. Foundation only.
        .target(name: "HL7"),
        // MLLP framing on NIOCore and the `send` client (plaintext or TLS).
        .target(name: "MLLP", dependencies: [nioCore, nioPosix, nioSSL, nioTLS]),
        // Pure domain: extraction, routing, tiering, clocks, lifecycle, escalation, configuration.
        .target(name: "CareQueueCore", dependencies: ["HL7"]),
        // Seeded, realistic ORU^R01 traffic for `simulate`, `demo` and the kill test, written with HL7's builder.
        .target(name: "CareQueueSimulator", dependencies: ["HL7", "CareQueueCore"]),
        // The store: SQLite through GRDB (migrations, the single writer, queries) or PostgreSQL through
        // postgres-nio behind the same SQL layer; the audit chain's SHA-256 and HMAC.
        .target(name: "CareQueueStore", dependencies: ["CareQueueCore", "HL7", grdb, logging, crypto, postgresNIO, nioCore, nioPosix, nioSSL]),
        // The MLLP listener: connections, limits, timeouts, TLS, ACK after commit.
        .target(name: "CareQueueServer", dependencies: ["HL7", "MLLP", "CareQueueCore", nioCore, nioPosix, nioSSL, nioTLS, logging]),
        // System library: ncursesw through a shim header (no pkgConfig: SwiftPM drops its flags).
        .systemLibrary(name: "CNcursesw"),
        // Dashboard: state, keys, layout into a screen model, themes, and the only ncurses caller.
        .target(name: "CareQueueTUI", dependencies: ["CareQueueCore", "CNcursesw"]),
        // Application layer: wiring and the logic behind each command (listener service, upkeep, the
        // dashboard session and its adapters), testable without the executable.
        .target(
            name: "CareQueueApp",
            dependencies: ["HL7", "MLLP", "CareQueueCore", "CareQueueSimulator", "CareQueueStore", "CareQueueServer",
                           "CareQueueTUI", nioCore, nioPosix, nioSSL, logging]
        ),
        .executableTarget(
            name: "carequeue",
            dependencies: [
                "HL7", "MLLP", "CareQueueCore", "CareQueueSimulator", "CareQueueStore", "CareQueueServer", "CareQueueTUI",
                "CareQueueApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                nioCore, nioPosix, logging, grdb,
            ]
        ),

        .target(name: "TestSupport", dependencies: ["CareQueueCore", logging], path: "Tests/TestSupport"),
        .testTarget(name: "HL7Tests", dependencies: ["HL7", "TestSupport"]),
        .testTarget(name: "MLLPTests", dependencies: ["MLLP", "TestSupport", nioCore, nioPosix, nioSSL, .product(name: "NIOEmbedded", package: "swift-nio")]),
        .testTarget(name: "CareQueueCoreTests", dependencies: ["CareQueueCore", "HL7", "TestSupport"]),
        .testTarget(name: "CareQueueSimulatorTests", dependencies: ["CareQueueSimulator", "CareQueueCore", "HL7", "TestSupport"]),
        // A fresh store on a pinned clock, and the results, roster and orders the store tests share.
        .target(name: "StoreFixtures", dependencies: ["CareQueueStore", "CareQueueCore", "HL7", "TestSupport", grdb], path: "Tests/StoreFixtures"),
        .testTarget(name: "CareQueueStoreTests", dependencies: ["CareQueueStore", "CareQueueCore", "HL7", "TestSupport", "StoreFixtures", grdb]),
        .testTarget(name: "CareQueueServerTests", dependencies: ["CareQueueServer", "CareQueueStore", "CareQueueCore", "HL7", "MLLP", "TestSupport", nioCore, nioPosix, nioSSL, logging, grdb, .product(name: "NIOEmbedded", package: "swift-nio")]),
        .testTarget(name: "CareQueueTUITests", dependencies: ["CareQueueTUI", "CareQueueCore", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "CareQueueAppTests", dependencies: ["CareQueueApp", "CareQueueStore", "CareQueueCore", "CareQueueTUI", "TestSupport", "StoreFixtures"]),
        // The command-line module's pure parts (the kill loop's schedule and reconciliation, the parse benchmark).
        .testTarget(name: "CareQueueCommandTests", dependencies: ["carequeue", "CareQueueCore", "CareQueueSimulator", "CareQueueStore",
                                                               "StoreFixtures", "TestSupport"]),
        // End-to-end and interop tests that run the built `carequeue` binary and Python peers.
        .testTarget(name: "CLITests", dependencies: ["HL7", "MLLP", "CareQueueCore", "CareQueueStore", "CareQueueServer", "TestSupport", "StoreFixtures", nioCore]),
    ]
)
