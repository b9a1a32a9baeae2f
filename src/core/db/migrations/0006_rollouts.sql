-- Rollouts kept as folders: 0001 made evaluations, rollouts and failure tags; this adds what the
-- rollout store, the importers of rollouts made elsewhere and the failure review need.
--
-- An import is an evaluation with source 'imported' (its config names the format and the path), so
-- every rollout still belongs to one evaluation; a suite run of a checkpoint keeps the checkpoint's
-- path even when the checkpoint row is deleted later, and why it failed.
ALTER TABLE evaluations ADD COLUMN checkpoint_path TEXT;
ALTER TABLE evaluations ADD COLUMN error TEXT;

-- folder: rollouts/<id>, relative to the project; holds rollout.json and <camera>.mp4.
-- source_format: 'sim' for our own, the importer's format otherwise ('libero', 'lerobot-eval', ...).
-- suggested_tag: a failure tag a rule proposed from the signals; the confirmed one is the rollout's
-- row in rollout_failure_tags (who and when), which the review keeps to one per rollout.
ALTER TABLE rollouts ADD COLUMN folder TEXT;
ALTER TABLE rollouts ADD COLUMN source_format TEXT NOT NULL DEFAULT 'sim';
ALTER TABLE rollouts ADD COLUMN task_family TEXT;
ALTER TABLE rollouts ADD COLUMN suggested_tag TEXT;
CREATE INDEX rollouts_by_variant ON rollouts (variant, evaluation_id);

-- The taxonomy is the failure_tags table; position keeps the order the project gave it.
ALTER TABLE failure_tags ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
