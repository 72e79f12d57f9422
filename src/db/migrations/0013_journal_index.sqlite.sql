-- The public journal's full-text index (see 0012_journal.sql), SQLite: FTS5 over journal_index's
-- two columns, rowid = sort_key, so hits come newest first straight from the index;
-- journal_db.c writes both tables together.
CREATE VIRTUAL TABLE journal_fts USING fts5(words, names, tokenize = 'unicode61 remove_diacritics 0');
