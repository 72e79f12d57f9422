-- Web statistics without tracking (docs/statistics.md). Nothing here names a person, a device or
-- an address: page views are counts by day, route pattern, referring site and device class, and
-- unique visitors are keyed hashes whose key (the day's salt) is deleted after midnight.

-- Page views a day (Oslo date 'YYYY-MM-DD'), by route pattern («/saker/:id», never an id or a
-- query), the referring site's host ('' for none, our own pages or an address) and device class
-- ('mobil', 'nettbrett', 'datamaskin'). Robots are not counted.
CREATE TABLE stats_page_view (
    day TEXT NOT NULL,
    route TEXT NOT NULL,
    referrer_host TEXT NOT NULL,
    device TEXT NOT NULL CHECK (device IN ('mobil', 'nettbrett', 'datamaskin')),
    views BIGINT NOT NULL,
    PRIMARY KEY (day, route, referrer_host, device)
);

-- The statistics page reads a period's rows once; with views in the index it never visits the
-- table (a year of data: 30 days of rows in a few milliseconds).
CREATE INDEX stats_page_view_read ON stats_page_view (day, route, referrer_host, device, views);

-- Today's visitors, as 16-byte keyed hashes of (shortened client address, browser string) under
-- the day's salt. After midnight they are counted into stats_visitor_day and deleted.
CREATE TABLE stats_visitor (
    day TEXT NOT NULL,
    hash @BLOB@ NOT NULL,
    PRIMARY KEY (day, hash)
);

-- Unique visitors of each finished day.
CREATE TABLE stats_visitor_day (
    day TEXT PRIMARY KEY,
    visitors BIGINT NOT NULL
);

-- The salt of the current day, shared by every instance on one database. Deleted at the first
-- flush after midnight, so no salt is kept together with its day once the day is over.
CREATE TABLE stats_salt (
    day TEXT PRIMARY KEY,
    salt @BLOB@ NOT NULL
);

-- The statistics page's reads of cases (src/cases/case_stats_db.c): cases filed in a period, and
-- mediation cases closed in a period, each answered from its index alone.
CREATE INDEX case_record_created ON case_record (created_at, case_type);
CREATE INDEX case_record_closed ON case_record (case_type, status, closed_at, created_at);
