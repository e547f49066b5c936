package store

// migrations[i] brings a store from schema version i to i+1. Never edit a
// migration that has shipped; append a new one.
var migrations = []string{
	// 1: sources, articles with bodies kept apart (list queries never touch
	// article text), tags.
	`
CREATE TABLE sources (
	id            INTEGER PRIMARY KEY,
	kind          TEXT    NOT NULL,
	location      TEXT    NOT NULL UNIQUE,
	title         TEXT    NOT NULL DEFAULT '',
	user_title    TEXT    NOT NULL DEFAULT '',
	site_url      TEXT    NOT NULL DEFAULT '',
	added_at      INTEGER NOT NULL,
	last_attempt  INTEGER NOT NULL DEFAULT 0,
	last_success  INTEGER NOT NULL DEFAULT 0,
	last_status   INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT    NOT NULL DEFAULT '',
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	body_hash     TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE source_tags (
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	tag       TEXT    NOT NULL,
	PRIMARY KEY (source_id, tag)
) WITHOUT ROWID;

CREATE TABLE articles (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	key        TEXT    NOT NULL,
	title      TEXT    NOT NULL,
	link       TEXT    NOT NULL DEFAULT '',
	author     TEXT    NOT NULL DEFAULT '',
	published  INTEGER NOT NULL DEFAULT 0,
	date       INTEGER NOT NULL,
	first_seen INTEGER NOT NULL,
	summary    TEXT    NOT NULL DEFAULT '',
	problem    TEXT    NOT NULL DEFAULT '',
	hash       TEXT    NOT NULL,
	read       INTEGER NOT NULL DEFAULT 0,
	starred    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (source_id, key)
);
CREATE INDEX articles_by_date ON articles(date DESC, id DESC);
CREATE INDEX articles_by_source ON articles(source_id, date DESC);

CREATE TABLE bodies (
	article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	format     TEXT NOT NULL,
	content    TEXT NOT NULL,
	text       TEXT NOT NULL DEFAULT '',
	markdown   TEXT
);

CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	tag        TEXT    NOT NULL,
	PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_tag ON article_tags(tag, article_id);
`,
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)
