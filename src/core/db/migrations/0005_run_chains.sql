-- ST4VLA's recipe is two runs: stage 1 (grounding), then stage 2 from its last checkpoint. The stage-1 run
-- keeps what the stage 2 will be (next_stage: its name, configuration and datasets as JSON) until the
-- studio starts it, so a studio that restarts in between still starts it; the stage-2 run names its parent.
ALTER TABLE training_runs ADD COLUMN parent_run_id INTEGER REFERENCES training_runs (id) ON DELETE SET NULL;
ALTER TABLE training_runs ADD COLUMN next_stage TEXT CHECK (next_stage IS NULL OR json_valid(next_stage));
CREATE INDEX training_runs_by_parent ON training_runs (parent_run_id);
