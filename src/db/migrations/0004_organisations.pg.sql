-- Enhetsregisteret: units (enheter and underenheter), the words of their names for the
-- organisation search, and their roles for the approval of representatives.
-- status: 0 active, 1 bankrupt, under liquidation or deleted (shown last and marked).
-- Text keys use the "C" collation so prefix ranges compare bytes, as SQLite does. The word
-- index includes the name, so the word scan reads the index alone (after the import's VACUUM).
CREATE TABLE organisation (
    orgnr TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    name_norm TEXT COLLATE "C" NOT NULL,
    legal_form TEXT NULL,
    city TEXT NULL,
    parent_orgnr TEXT NULL,
    bankrupt INTEGER NOT NULL DEFAULT 0,
    liquidating INTEGER NOT NULL DEFAULT 0,
    deleted_on TEXT NULL,
    status INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

-- "Name starts with": a range scan in (status, name) order, no sorting.
CREATE INDEX organisation_status_name ON organisation (status, name_norm);

-- One row per word of a normalised name. The key is the order results are shown in (active
-- first, then the word closest to what was typed, then the shortest name), so a word-prefix
-- search is a range scan that stops after a few rows. The whole normalised name rides along
-- so the other words of a query are checked in the same scan, without a lookup per unit. A
-- unit's old words are found again from its old name, so no index on orgnr is needed.
CREATE TABLE organisation_word (
    status INTEGER NOT NULL,
    word TEXT COLLATE "C" NOT NULL,
    name_len INTEGER NOT NULL,
    orgnr TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    PRIMARY KEY (status, word, name_len, orgnr) INCLUDE (name_norm)
);

-- Roles as Enhetsregisteret gives them; a unit's roles are replaced whole on each import.
CREATE TABLE organisation_role (
    orgnr TEXT NOT NULL,
    group_code TEXT NOT NULL,
    role_code TEXT NOT NULL,
    person_name TEXT NULL,
    birth_date TEXT NULL,
    unit_orgnr TEXT NULL,
    resigned INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL,
    PRIMARY KEY (orgnr, position)
);
