-- Comments pinned to a frame of an episode (and optionally one of its cameras, by name, so a comment
-- outlives nothing it should not: it goes with its episode). Not part of the undo history.
CREATE TABLE comments (
  id          INTEGER PRIMARY KEY,
  episode_id  INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  frame_index INTEGER NOT NULL CHECK (frame_index >= 0),
  camera      TEXT,
  text        TEXT    NOT NULL CHECK (length(text) > 0),
  author      TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX comments_by_episode ON comments (episode_id, frame_index);
