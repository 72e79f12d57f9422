-- The basis a caseworker gives for approving an administrator application that matches no role
-- in Enhetsregisteret (a power of attorney received, for instance), kept with the decision.
ALTER TABLE org_member ADD COLUMN approval_basis TEXT;
