-- The Noark 5 archive: archive (arkiv), series (arkivdel), case files (saksmappe), registry
-- entries (journalpost) with their correspondence parties, document descriptions and document
-- objects, screening, and the change log. Times are unix seconds UTC; calendar dates are
-- 'YYYY-MM-DD' in Oslo time. systemID columns hold UUIDs.

CREATE TABLE archive (
    id @ID@,
    system_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    creator_id TEXT NOT NULL,   -- arkivskaperID
    creator_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE archive_series (
    id @ID@,
    archive_id BIGINT NOT NULL REFERENCES archive (id),
    system_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One archive and one series for case files; their systemIDs are fixed so every installation
-- names them the same way in its extracts.
INSERT INTO archive (system_id, title, creator_id, creator_name, created_at)
VALUES ('6d0c1a52-8f3e-4b7a-9c2d-1e5f7a9b0c01', 'Forbrukertilsynet – sakarkiv', 'forbrukertilsynet',
        'Forbrukertilsynet', 1767222000);
INSERT INTO archive_series (archive_id, system_id, title, created_at)
VALUES (1, '6d0c1a52-8f3e-4b7a-9c2d-1e5f7a9b0c02', 'Sakarkiv', 1767222000);

-- Gap-free numbers: one row per (kind, year), raised by an upsert inside the transaction that
-- uses the number, so a rollback gives the number back and concurrent writers queue on the row.
CREATE TABLE archive_counter (
    kind TEXT NOT NULL CHECK (kind IN ('saksmappe', 'journalpost')),
    year INTEGER NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (kind, year)
);

CREATE TABLE archive_case_file (
    id @ID@,
    series_id BIGINT NOT NULL REFERENCES archive_series (id),
    system_id TEXT NOT NULL UNIQUE,
    case_year INTEGER NOT NULL,
    case_seq BIGINT NOT NULL,
    title TEXT NOT NULL,
    public_title TEXT NOT NULL,
    status TEXT NOT NULL,          -- saksstatus, e.g. 'Under behandling'
    admin_unit TEXT NOT NULL,      -- administrativEnhet
    caseworker TEXT NOT NULL,      -- saksansvarlig
    case_date TEXT NOT NULL,       -- saksdato
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    closed_at BIGINT NULL,
    closed_by TEXT NULL,
    last_entry_no BIGINT NOT NULL DEFAULT 0, -- the last journalpostnummer given in this case
    UNIQUE (case_year, case_seq)
);

CREATE TABLE archive_entry (
    id @ID@,
    case_file_id BIGINT NOT NULL REFERENCES archive_case_file (id),
    system_id TEXT NOT NULL UNIQUE,
    entry_year INTEGER NOT NULL,   -- journalaar
    entry_seq BIGINT NOT NULL,     -- journalsekvensnummer
    entry_no BIGINT NOT NULL,      -- journalpostnummer within the case file
    entry_type TEXT NOT NULL CHECK (entry_type IN ('I', 'U', 'N', 'X')),
    status TEXT NOT NULL,          -- journalstatus
    registry_date TEXT NOT NULL,   -- journaldato
    document_date TEXT NULL,       -- dokumentetsDato
    title TEXT NOT NULL,
    public_title TEXT NOT NULL,    -- offentligTittel, screened words replaced
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    -- Screening (skjerming); access_code is NULL when the entry is public.
    access_code TEXT NULL,         -- tilgangsrestriksjon
    legal_basis TEXT NULL,         -- skjermingshjemmel
    screened_fields TEXT NULL,     -- skjermingMetadata codes, space separated: 'TRO NA'
    screening_years INTEGER NULL,  -- skjermingsvarighet
    screening_ends TEXT NULL,      -- skjermingOpphoererDato
    UNIQUE (entry_year, entry_seq),
    UNIQUE (case_file_id, entry_no)
);
CREATE INDEX archive_entry_registry_date ON archive_entry (registry_date);

CREATE TABLE archive_party (
    id @ID@,
    entry_id BIGINT NOT NULL REFERENCES archive_entry (id),
    role TEXT NOT NULL CHECK (role IN ('Avsender', 'Mottaker', 'Kopimottaker')),
    kind TEXT NOT NULL CHECK (kind IN ('person', 'organisasjon')),
    name TEXT NOT NULL,
    org_number TEXT NULL
);
CREATE INDEX archive_party_entry ON archive_party (entry_id);

CREATE TABLE archive_document (
    id @ID@,
    entry_id BIGINT NOT NULL REFERENCES archive_entry (id),
    system_id TEXT NOT NULL UNIQUE,
    doc_no INTEGER NOT NULL,       -- dokumentnummer
    role TEXT NOT NULL,            -- tilknyttetRegistreringSom: 'Hoveddokument' or 'Vedlegg'
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (entry_id, doc_no)
);

CREATE TABLE archive_document_object (
    id @ID@,
    document_id BIGINT NOT NULL REFERENCES archive_document (id),
    system_id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    variant TEXT NOT NULL,         -- variantformat
    format TEXT NOT NULL,          -- format: the file type
    mime_type TEXT NOT NULL,
    file_name TEXT NOT NULL,       -- the name it was uploaded under: for display only
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,          -- 64 lowercase hex digits; names the stored content
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX archive_document_object_sha256 ON archive_document_object (sha256);

-- Document content on PostgreSQL, keyed by its checksum (on SQLite the content lives in files
-- under MINSIDE_VAR_DIR/documents and this table stays empty).
CREATE TABLE archive_blob (
    sha256 TEXT PRIMARY KEY,
    content @BLOB@ NOT NULL
);

-- Endringslogg: changes to registered metadata.
CREATE TABLE archive_change (
    id @ID@,
    target_system_id TEXT NOT NULL, -- referanseArkivenhet
    field TEXT NOT NULL,            -- referanseMetadata
    changed_at BIGINT NOT NULL,
    changed_by TEXT NOT NULL,
    old_value TEXT NULL,
    new_value TEXT NULL
);
