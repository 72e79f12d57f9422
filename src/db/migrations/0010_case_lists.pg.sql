-- «Våre saker» sorted by status or by deadline with 10,000 cases in one organisation: the sort
-- keys ride along in case_org, so each order is an index range that stops after one page.
-- A trigger keeps them equal to case_record's, whoever changes the case.
ALTER TABLE case_org ADD COLUMN status TEXT NOT NULL DEFAULT 'mottatt';
ALTER TABLE case_org ADD COLUMN deadline_key TEXT NOT NULL DEFAULT '9999-12-31'; -- no deadline: last
CREATE INDEX case_org_by_status ON case_org (orgnr, case_type, status, case_id DESC);
CREATE INDEX case_org_by_deadline ON case_org (orgnr, case_type, deadline_key, case_id DESC);

CREATE FUNCTION case_org_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE case_org SET status = NEW.status, deadline_key = COALESCE(NEW.deadline, '9999-12-31')
    WHERE case_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_org_follow AFTER UPDATE OF status, deadline ON case_record
    FOR EACH ROW EXECUTE FUNCTION case_org_follow();
