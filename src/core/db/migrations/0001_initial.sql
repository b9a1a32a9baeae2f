-- The schema the studio starts with. Times are unix milliseconds. JSON columns are checked with
-- json_valid so that a bad write fails at the door instead of later in a screen. Every foreign key
-- column leads some index, so cascades and parent deletes never scan the child table.

CREATE TABLE project_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Datasets and their media --------------------------------------------------------------------------

CREATE TABLE datasets (
  id             INTEGER PRIMARY KEY,
  name           TEXT    NOT NULL UNIQUE,
  source_format  TEXT    NOT NULL,                  -- 'lerobot', 'sim', 'hdf5'; no CHECK so a new importer needs no table rebuild
  source_version TEXT    NOT NULL DEFAULT '',       -- e.g. LeRobot codebase_version 'v2.1'
  source_path    TEXT    NOT NULL,
  fps            REAL    NOT NULL CHECK (fps > 0),
  import_options TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(import_options)),
  copy_media     INTEGER NOT NULL DEFAULT 0 CHECK (copy_media IN (0, 1)),
  warnings       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(warnings) AND json_type(warnings) = 'array'),
  metadata       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  imported_at    INTEGER NOT NULL
);

-- One row per file that holds frames, so thousands of frame rows share one path string.
CREATE TABLE media_files (
  id         INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  path       TEXT    NOT NULL,                      -- relative to the project folder when in_project, else absolute
  in_project INTEGER NOT NULL DEFAULT 0 CHECK (in_project IN (0, 1)),
  kind       TEXT    NOT NULL,                      -- 'video', 'image', 'packed'
  codec      TEXT,
  pix_fmt    TEXT,
  size_bytes INTEGER,
  mtime_ms   INTEGER,                               -- seen at import; a change means the cache is stale
  UNIQUE (dataset_id, path)
);

-- Episodes ----------------------------------------------------------------------------------------

CREATE TABLE episodes (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  episode_index INTEGER NOT NULL,
  instruction   TEXT    NOT NULL DEFAULT '',
  length        INTEGER NOT NULL CHECK (length >= 0),
  fps           REAL    NOT NULL CHECK (fps > 0),
  review_status TEXT    NOT NULL DEFAULT 'unreviewed'
                CHECK (review_status IN ('unreviewed', 'accepted', 'rejected', 'needs_annotation')),
  reviewed_by   TEXT,
  reviewed_at   INTEGER,
  success       INTEGER CHECK (success IN (0, 1)),
  metadata      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  UNIQUE (dataset_id, episode_index)
);
CREATE INDEX episodes_by_review_status ON episodes (review_status);
-- The list sorts by length or instruction across all datasets or within one; both read in index order.
CREATE INDEX episodes_by_length ON episodes (length);
CREATE INDEX episodes_by_instruction ON episodes (instruction COLLATE NOCASE);
CREATE INDEX episodes_by_dataset_length ON episodes (dataset_id, length);
CREATE INDEX episodes_by_dataset_instruction ON episodes (dataset_id, instruction COLLATE NOCASE);

-- LeRobot lists several tasks per episode; the episode list filters on any of them.
CREATE TABLE episode_tasks (
  episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  task       TEXT    NOT NULL,
  PRIMARY KEY (episode_id, task)
) WITHOUT ROWID;
CREATE INDEX episode_tasks_by_task ON episode_tasks (task, episode_id);

-- Word search over instructions. External content: the text lives once, in episodes.
CREATE VIRTUAL TABLE episodes_fts USING fts5 (
  instruction,
  content = 'episodes',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
CREATE TRIGGER episodes_fts_after_insert AFTER INSERT ON episodes BEGIN
  INSERT INTO episodes_fts (rowid, instruction) VALUES (new.id, new.instruction);
END;
CREATE TRIGGER episodes_fts_after_delete AFTER DELETE ON episodes BEGIN
  INSERT INTO episodes_fts (episodes_fts, rowid, instruction) VALUES ('delete', old.id, old.instruction);
END;
CREATE TRIGGER episodes_fts_after_update AFTER UPDATE OF instruction ON episodes BEGIN
  INSERT INTO episodes_fts (episodes_fts, rowid, instruction) VALUES ('delete', old.id, old.instruction);
  INSERT INTO episodes_fts (rowid, instruction) VALUES (new.id, new.instruction);
END;

-- Where an episode made by the built-in environment keeps its ground truth.
CREATE TABLE episode_sim_truth (
  episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
  truth_path TEXT    NOT NULL,                      -- per-frame ground-truth parquet, absolute
  seed       INTEGER NOT NULL,
  variant    TEXT    NOT NULL,
  task_spec  TEXT    NOT NULL CHECK (json_valid(task_spec)),
  termination TEXT
);

-- Cameras are per episode: calibration and the video file differ between episodes.
CREATE TABLE cameras (
  id               INTEGER PRIMARY KEY,
  episode_id       INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  name             TEXT    NOT NULL,                -- short name shown in the UI, e.g. 'front'
  key              TEXT    NOT NULL,                -- the source's feature key, e.g. 'observation.images.front'
  width            INTEGER NOT NULL CHECK (width > 0),
  height           INTEGER NOT NULL CHECK (height > 0),
  fps              REAL    NOT NULL CHECK (fps > 0),
  frame_count      INTEGER NOT NULL CHECK (frame_count >= 0),
  media_file_id    INTEGER REFERENCES media_files (id) ON DELETE CASCADE,  -- the episode's video, when one file holds it
  from_timestamp   REAL    NOT NULL DEFAULT 0,      -- where the episode starts in that file, seconds
  calibration      TEXT    CHECK (calibration IS NULL OR json_valid(calibration)),
  calibration_path TEXT,
  UNIQUE (episode_id, name),
  UNIQUE (id, episode_id)                           -- target of annotations' (camera, episode) key
);
CREATE INDEX cameras_by_media_file ON cameras (media_file_id);

-- The frame index: where each frame of each camera lives. A video frame has pts (seconds in the
-- file); a frame inside a packed file has byte_offset + byte_length; neither means the whole file.
CREATE TABLE frames (
  camera_id     INTEGER NOT NULL REFERENCES cameras (id) ON DELETE CASCADE,
  frame_index   INTEGER NOT NULL,
  timestamp     REAL    NOT NULL,                   -- seconds from the episode start
  media_file_id INTEGER NOT NULL REFERENCES media_files (id) ON DELETE CASCADE,
  pts           REAL,
  byte_offset   INTEGER,
  byte_length   INTEGER,
  PRIMARY KEY (camera_id, frame_index),
  CHECK (pts IS NULL OR byte_offset IS NULL)
) WITHOUT ROWID;
CREATE INDEX frames_by_media_file ON frames (media_file_id);

-- One row per episode and signal: row-major float32 little-endian, frame_count x dims.
CREATE TABLE signals (
  id          INTEGER PRIMARY KEY,
  episode_id  INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,                     -- 'state', 'action'
  frame_count INTEGER NOT NULL CHECK (frame_count >= 0),
  dim_names   TEXT    NOT NULL CHECK (json_valid(dim_names) AND json_type(dim_names) = 'array'),
  data        BLOB    NOT NULL,
  UNIQUE (episode_id, name),
  CHECK (length(data) = 4 * frame_count * json_array_length(dim_names))
);

-- Annotations -------------------------------------------------------------------------------------

CREATE TABLE label_classes (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  color       TEXT    NOT NULL,
  description TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);

-- A frame annotation has frame_start = frame_end; a keyframe track spans a range and keeps its
-- keyframes in geometry. The id is made by the caller so undo can re-create a row under its old id.
CREATE TABLE annotations (
  id             TEXT    PRIMARY KEY,
  episode_id     INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  camera_id      INTEGER NOT NULL,
  kind           TEXT    NOT NULL,                  -- 'point', 'box', 'trajectory'; the kind registry owns the list
  frame_start    INTEGER NOT NULL CHECK (frame_start >= 0),
  frame_end      INTEGER NOT NULL,
  is_track       INTEGER NOT NULL DEFAULT 0 CHECK (is_track IN (0, 1)),
  geometry       TEXT    NOT NULL CHECK (json_valid(geometry)),
  label_class_id INTEGER REFERENCES label_classes (id) ON DELETE RESTRICT,
  query          TEXT,
  source         TEXT    NOT NULL
                 CHECK (source IN ('manual', 'interpolated', 'tracked', 'projected', 'imported', 'ground_truth')),
  confidence     REAL,
  author         TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  FOREIGN KEY (camera_id, episode_id) REFERENCES cameras (id, episode_id) ON DELETE CASCADE,
  CHECK (frame_end >= frame_start),
  CHECK (is_track = 1 OR frame_end = frame_start)
);
CREATE INDEX annotations_by_episode ON annotations (episode_id, frame_start);
CREATE INDEX annotations_by_camera ON annotations (camera_id, episode_id, frame_start);
CREATE INDEX annotations_by_label ON annotations (label_class_id);

-- The persisted history. One row per history step (the diffs between two marks). Scope is the
-- episode, or NULL for project-wide edits such as label classes. Undone rows form the redo stack;
-- a new step in the scope turns them into 'discarded' (kept as an audit trail).
CREATE TABLE edit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  episode_id  INTEGER REFERENCES episodes (id) ON DELETE CASCADE,
  command     TEXT    NOT NULL,
  undoable    INTEGER NOT NULL CHECK (undoable IN (0, 1)),
  state       TEXT    NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded')),
  camera_id   INTEGER,                              -- where undo brings the view back; no key, it is only a hint
  frame_index INTEGER,
  forward     TEXT    NOT NULL CHECK (json_valid(forward)),
  backward    TEXT    NOT NULL CHECK (json_valid(backward)),
  author      TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  CHECK (undoable = 1 OR state = 'done')
);
CREATE INDEX edit_log_by_scope ON edit_log (episode_id, seq);
CREATE INDEX edit_log_by_state ON edit_log (episode_id, state, undoable, seq);

-- Training ----------------------------------------------------------------------------------------

CREATE TABLE training_runs (
  id                 INTEGER PRIMARY KEY,
  name               TEXT    NOT NULL,
  stage              TEXT    NOT NULL,              -- 'grounding' (stage 1) or 'action' (stage 2)
  status             TEXT    NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  init_checkpoint_id INTEGER REFERENCES checkpoints (id) ON DELETE SET NULL,
  config             TEXT    NOT NULL CHECK (json_valid(config)),
  backend            TEXT,                          -- what the worker picked, e.g. 'tfjs-node'
  run_dir            TEXT    NOT NULL,              -- relative to the project folder
  error              TEXT,
  created_at         INTEGER NOT NULL,
  started_at         INTEGER,
  finished_at        INTEGER
);
CREATE INDEX training_runs_by_init_checkpoint ON training_runs (init_checkpoint_id);

-- Which datasets a run trained on; deleting a dataset keeps the run and drops the link.
CREATE TABLE run_datasets (
  run_id     INTEGER NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  PRIMARY KEY (run_id, dataset_id)
) WITHOUT ROWID;
CREATE INDEX run_datasets_by_dataset ON run_datasets (dataset_id, run_id);

CREATE TABLE checkpoints (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
  step       INTEGER NOT NULL,
  epoch      REAL,
  path       TEXT    NOT NULL,                      -- relative to the project folder
  size_bytes INTEGER,
  metrics    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
  is_best    INTEGER NOT NULL DEFAULT 0 CHECK (is_best IN (0, 1)),
  created_at INTEGER NOT NULL,
  UNIQUE (run_id, step)
);

CREATE TABLE metrics (
  run_id    INTEGER NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
  name      TEXT    NOT NULL,                       -- e.g. 'train/loss', 'val/point_error'
  step      INTEGER NOT NULL,
  value     REAL    NOT NULL,
  wall_time INTEGER NOT NULL,
  PRIMARY KEY (run_id, name, step)
) WITHOUT ROWID;

-- Evaluations and rollouts ------------------------------------------------------------------------

-- A batch of rollouts: a sim evaluation of a checkpoint, an imported evaluation log, or a recording.
CREATE TABLE evaluations (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL,
  source        TEXT    NOT NULL CHECK (source IN ('sim', 'imported', 'recorded')),
  run_id        INTEGER REFERENCES training_runs (id) ON DELETE CASCADE,
  checkpoint_id INTEGER REFERENCES checkpoints (id) ON DELETE SET NULL,
  status        TEXT    NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  config        TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  summary       TEXT    CHECK (summary IS NULL OR json_valid(summary)),
  created_at    INTEGER NOT NULL,
  finished_at   INTEGER
);
CREATE INDEX evaluations_by_run ON evaluations (run_id);
CREATE INDEX evaluations_by_checkpoint ON evaluations (checkpoint_id);

CREATE TABLE rollouts (
  id            INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  rollout_index INTEGER NOT NULL,
  episode_id    INTEGER REFERENCES episodes (id) ON DELETE SET NULL,  -- the dataset episode it replays, if any
  variant       TEXT,
  seed          INTEGER,
  instruction   TEXT    NOT NULL DEFAULT '',
  success       INTEGER CHECK (success IN (0, 1)),
  termination   TEXT,
  length        INTEGER NOT NULL DEFAULT 0 CHECK (length >= 0),
  fps           REAL    NOT NULL CHECK (fps > 0),
  state_dims    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(state_dims)),
  action_dims   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(action_dims)),
  cameras       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(cameras)),  -- [{name, width, height, path, calibration?}]; step i is frame i
  metadata      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at    INTEGER NOT NULL,
  UNIQUE (evaluation_id, rollout_index)
);
CREATE INDEX rollouts_by_success ON rollouts (evaluation_id, success, rollout_index);
CREATE INDEX rollouts_by_episode ON rollouts (episode_id);

CREATE TABLE rollout_steps (
  rollout_id INTEGER NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
  step       INTEGER NOT NULL,
  timestamp  REAL    NOT NULL,
  state      BLOB,                                  -- float32 x the rollout's state_dims
  action     BLOB,                                  -- float32 x the rollout's action_dims
  prediction TEXT    CHECK (prediction IS NULL OR json_valid(prediction)),  -- stage-1 outputs: points, boxes, trajectory
  reward     REAL,
  PRIMARY KEY (rollout_id, step)
);

CREATE TABLE failure_tags (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT    NOT NULL DEFAULT '',
  color       TEXT
);

CREATE TABLE rollout_failure_tags (
  rollout_id INTEGER NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES failure_tags (id) ON DELETE CASCADE,
  step       INTEGER,                               -- where the failure shows, when known
  note       TEXT    NOT NULL DEFAULT '',
  author     TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (rollout_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX rollout_failure_tags_by_tag ON rollout_failure_tags (tag_id, rollout_id);
