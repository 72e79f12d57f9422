-- The record of what the retention rules deleted (src/retention/): the rule, the kind and id of
-- the item, and when. Never the deleted data itself: the id says which row went, not whose.
CREATE TABLE retention_log (
    id @ID@,
    rule TEXT NOT NULL,
    kind TEXT NOT NULL,
    item_id BIGINT NOT NULL,
    deleted_at BIGINT NOT NULL
);
CREATE INDEX retention_log_deleted_at ON retention_log (deleted_at);
-- A deletion is recorded once: a second run that meets an item already recorded (it cannot:
-- the item is gone) would fail rather than count it twice.
CREATE UNIQUE INDEX retention_log_item ON retention_log (rule, item_id);
