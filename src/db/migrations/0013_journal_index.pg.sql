-- The public journal's full-text index (see 0012_journal.sql), PostgreSQL: its own full-text
-- search with the 'simple' configuration (no stemming, so a word matches as written, as with
-- SQLite's FTS5) and GIN indexes. all_tsv adds the names of persons, which match only in entries
-- less than a year old.
ALTER TABLE journal_index
    ADD COLUMN words_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED;
ALTER TABLE journal_index
    ADD COLUMN all_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', words || ' ' || names)) STORED;
CREATE INDEX journal_index_words ON journal_index USING GIN (words_tsv);
CREATE INDEX journal_index_all ON journal_index USING GIN (all_tsv);
