/// The kiosk wall board answers no key: nobody walking past can drill in, search or quit. Ctrl-C
/// (handled before any table) ends it from the machine's own keyboard, and is the one hint shown.
enum KioskKeys {
    static var table: KeyTable {
        KeyTable([
            KeyBinding(keys: [.control("c")], hint: KeyHint("Ctrl-C", "quit")) { _, _ in [.quit] },
        ])
    }
}
