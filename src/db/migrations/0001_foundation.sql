-- Notices for the front page: news and operational messages. Times are unix seconds UTC;
-- a notice shows from published_at until expires_at (never expires when NULL).
CREATE TABLE notice (
    id @ID@,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    expires_at BIGINT NULL
);

CREATE INDEX notice_published_at ON notice (published_at);
