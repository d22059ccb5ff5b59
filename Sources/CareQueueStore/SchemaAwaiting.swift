import GRDB

extension Schema {
    /// The dashboard's awaiting counts and list: an index over the orders still awaiting their
    /// (final) result, and a counter the counts' cache checks instead of counting again.
    static let awaitingMigration = "v17-awaiting"

    /// `orders_awaiting_queue` holds every column the counts and the list's order need, so counting
    /// reads only the index, and one queue's awaiting orders are one range of it.
    /// `orders_version` moves with every write that can change what awaits, whoever writes it.
    static let awaiting = """
        CREATE INDEX orders_awaiting_queue
            ON orders(ordering_npi, ordered_at, state, kind, expected_by)
            WHERE state IN ('ordered', 'preliminary');
        CREATE TABLE orders_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value INTEGER NOT NULL
        );
        INSERT INTO orders_version (id, value) VALUES (1, 0);
        CREATE TRIGGER orders_insert_bumps AFTER INSERT ON orders
            BEGIN UPDATE orders_version SET value = value + 1; END;
        CREATE TRIGGER orders_update_bumps
            AFTER UPDATE OF state, ordering_npi, kind, expected_by, ordered_at ON orders
            BEGIN UPDATE orders_version SET value = value + 1; END;
        CREATE TRIGGER orders_delete_bumps AFTER DELETE ON orders
            BEGIN UPDATE orders_version SET value = value + 1; END;

        """
}
