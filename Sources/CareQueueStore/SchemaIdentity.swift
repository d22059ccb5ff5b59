import GRDB

extension Schema {
    /// Who wrote each audit row by operating-system account, and which roster person logs in as which
    /// account.
    static let identityMigration = "v5-identity"

    /// Rows written before this migration keep a NULL `os_user` and hash as they always did; every
    /// row written after it must name the account (a trigger, like `audit_must_chain`, refuses one
    /// that does not). Adding a column is not an UPDATE, so the append-only triggers stay in force.
    static let identity = """
        ALTER TABLE audit ADD COLUMN os_user TEXT CHECK (os_user IS NULL OR trim(os_user) <> '');
        CREATE TRIGGER audit_must_name_account BEFORE INSERT ON audit WHEN NEW.os_user IS NULL
            BEGIN SELECT RAISE(ABORT, 'audit rows must name the operating-system account'); END;

        ALTER TABLE providers ADD COLUMN login TEXT CHECK (login IS NULL OR login <> '');
        CREATE UNIQUE INDEX providers_login ON providers(login) WHERE login IS NOT NULL;

        """
}
