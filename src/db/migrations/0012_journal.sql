-- The public journal (offentleg journal). An entry is published once staff have assessed it
-- (offentlighetsvurdertDato); a manager may stop publication of an entry, a case file or the
-- whole journal, and every stop and lift stays here as the log of them. journal_index holds
-- what the public search may match of each assessed entry: words (public title without the
-- tagged person names, the case file's public title, organisations' names) and names (the
-- tagged names of natural persons), which match only while the entry is less than a year old
-- (offentlegforskrifta § 6 fjerde ledd).

CREATE TABLE journal_assessment (
    entry_id BIGINT PRIMARY KEY REFERENCES archive_entry (id),
    assessed_date TEXT NOT NULL, -- offentlighetsvurdertDato, the Oslo calendar day
    assessed_at BIGINT NOT NULL,
    assessed_by TEXT NOT NULL
);

-- Names of natural persons that staff marked in an entry's title.
CREATE TABLE journal_name (
    entry_id BIGINT NOT NULL REFERENCES archive_entry (id),
    name TEXT NOT NULL,
    PRIMARY KEY (entry_id, name)
);

CREATE TABLE journal_stop (
    id @ID@,
    scope TEXT NOT NULL CHECK (scope IN ('journal', 'saksmappe', 'journalpost')),
    target_id BIGINT NOT NULL, -- the case file's or the entry's id; 0 for the whole journal
    target_text TEXT NOT NULL, -- as the manager wrote it: '2026/17', '2026/17-3' or ''
    stopped_at BIGINT NOT NULL,
    stopped_by TEXT NOT NULL,
    lifted_at BIGINT NULL,
    lifted_by TEXT NULL
);
CREATE INDEX journal_stop_active ON journal_stop (scope, target_id) WHERE lifted_at IS NULL;

-- One row an assessed entry, rebuilt whenever its public metadata changes (journal_db.c).
-- sort_key orders the journal newest first in one integer: the journal date as YYYYMMDD in the
-- high bits and the entry's id in the low 32, so a date range is a key range, the page cursor is
-- one number, and the full-text index can hand out hits already in order (its rowid).
CREATE TABLE journal_index (
    entry_id BIGINT PRIMARY KEY REFERENCES archive_entry (id),
    case_file_id BIGINT NOT NULL,
    case_number TEXT NOT NULL, -- '2026/17'
    entry_no BIGINT NOT NULL,
    entry_type TEXT NOT NULL,
    registry_date TEXT NOT NULL,
    sort_key BIGINT NOT NULL UNIQUE,
    words TEXT NOT NULL,
    names TEXT NOT NULL
);
CREATE INDEX journal_index_case ON journal_index (case_number, sort_key);
