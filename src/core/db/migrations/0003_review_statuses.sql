-- Review statuses become a workflow: todo, in_progress, done, needs_review, rejected.
-- SQLite cannot alter a CHECK, and rebuilding `episodes` would mean rebuilding every table whose
-- foreign keys name it, so the column is swapped in place: a new one with the new CHECK, filled
-- through the mapping, then the old one dropped (its index first: SQLite refuses to drop an indexed
-- column) and the new one given the old name. Nothing was annotated or reviewed in the old
-- `unreviewed` and `needs_annotation`, so both are work still to do; `accepted` is `done`.
ALTER TABLE episodes ADD COLUMN review_status_new TEXT NOT NULL DEFAULT 'todo'
  CHECK (review_status_new IN ('todo', 'in_progress', 'done', 'needs_review', 'rejected'));

UPDATE episodes SET review_status_new = CASE review_status
  WHEN 'accepted' THEN 'done'
  WHEN 'rejected' THEN 'rejected'
  ELSE 'todo'
END;

DROP INDEX episodes_by_review_status;
ALTER TABLE episodes DROP COLUMN review_status;
ALTER TABLE episodes RENAME COLUMN review_status_new TO review_status;
CREATE INDEX episodes_by_review_status ON episodes (review_status);
