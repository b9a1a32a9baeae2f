-- Segments (a phase of the task over a span of frames) are single annotations that span frames, so the
-- rule "only a track spans frames" becomes "only a track or a segment does". SQLite cannot alter a
-- CHECK, so the table is rebuilt the documented way: create the new shape, copy, drop, rename, and
-- recreate the indexes. Nothing references annotations by foreign key (the edit log keeps whole rows
-- as JSON), and migrate() runs this with foreign keys off and checks them before it commits.
CREATE TABLE annotations_new (
  id             TEXT    PRIMARY KEY,
  episode_id     INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  camera_id      INTEGER NOT NULL,
  kind           TEXT    NOT NULL,                  -- 'point', 'box', 'trajectory', 'segment'; the kind registry owns the list
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
  -- A segment is about the whole episode but is filed under the camera it was made on (every row has
  -- one); the studio shows it on every camera.
  FOREIGN KEY (camera_id, episode_id) REFERENCES cameras (id, episode_id) ON DELETE CASCADE,
  CHECK (frame_end >= frame_start),
  CHECK (is_track = 1 OR kind = 'segment' OR frame_end = frame_start)
);

-- rowid is copied too: list order breaks frame ties on it (insertion order), which must survive.
INSERT INTO annotations_new (rowid, id, episode_id, camera_id, kind, frame_start, frame_end, is_track, geometry,
    label_class_id, query, source, confidence, author, created_at, updated_at)
  SELECT rowid, id, episode_id, camera_id, kind, frame_start, frame_end, is_track, geometry,
    label_class_id, query, source, confidence, author, created_at, updated_at
  FROM annotations;

DROP TABLE annotations;
ALTER TABLE annotations_new RENAME TO annotations;

CREATE INDEX annotations_by_episode ON annotations (episode_id, frame_start);
CREATE INDEX annotations_by_camera ON annotations (camera_id, episode_id, frame_start);
CREATE INDEX annotations_by_label ON annotations (label_class_id);
