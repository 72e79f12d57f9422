-- The public journal's full-text index (see 0012_journal.sql), SQLite: FTS5 over journal_index's
-- two columns, rowid = entry_id; journal_db.c writes both tables together.
CREATE VIRTUAL TABLE journal_fts USING fts5(words, names, tokenize = 'unicode61 remove_diacritics 0');
