-- Questions and answers on a practice: the tacit knowledge around it.
-- Hiding is a moderator's act with a reason and keeps the row (moderators
-- still see it, marked). An edit keeps the text it replaces in post_edits.
CREATE TABLE questions (
    id            INTEGER PRIMARY KEY,
    practice_id   INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES users(id),
    body          TEXT NOT NULL,
    created_at    DATETIME NOT NULL,
    edited_at     DATETIME,
    hidden_at     DATETIME,
    hidden_by     INTEGER REFERENCES users(id),
    hidden_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX questions_practice ON questions(practice_id, id);

CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,
    question_id   INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES users(id),
    body          TEXT NOT NULL,
    accepted      INTEGER NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL,
    edited_at     DATETIME,
    hidden_at     DATETIME,
    hidden_by     INTEGER REFERENCES users(id),
    hidden_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX answers_question ON answers(question_id, id);

-- The earlier versions of an edited question or answer: each row is a text
-- as it stood until replaced at replaced_at.
CREATE TABLE post_edits (
    id          INTEGER PRIMARY KEY,
    post_kind   TEXT NOT NULL CHECK (post_kind IN ('question', 'answer')),
    post_id     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    written_at  DATETIME NOT NULL,
    replaced_at DATETIME NOT NULL,
    replaced_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX post_edits_post ON post_edits(post_kind, post_id, id);
