package store

// migrations[i] brings a store from schema version i to i+1. Never edit a
// migration that has shipped; append a new one.
var migrations = []string{
	// 1: the first schema.
	//
	// Articles are listed newest first by sortkey, the date in seconds
	// shifted left 24 bits with the low bits of the ID as a tie-breaker, so
	// that one integer orders the list, pages it, bounds it by date, keys
	// the tag index and is the full-text index's rowid: FTS5 then returns
	// matches newest first, and a LIMIT stops it early.
	//
	// An article's effective tags (item, source, rule and user tags, see
	// tags.go) are materialised in article_tags, keyed by (tag, sortkey) so
	// a tag is read newest first too. tag_counts is kept by triggers, so the
	// tag pane never counts.
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
	body_hash     TEXT    NOT NULL DEFAULT '',
	full_text     INTEGER NOT NULL DEFAULT 0,
	-- not fetched again before this (Cache-Control, Retry-After, back-off)
	next_fetch    INTEGER NOT NULL DEFAULT 0,
	failures      INTEGER NOT NULL DEFAULT 0
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
	sortkey    INTEGER NOT NULL,
	first_seen INTEGER NOT NULL,
	summary    TEXT    NOT NULL DEFAULT '',
	problem    TEXT    NOT NULL DEFAULT '',
	hash       TEXT    NOT NULL,
	item_tags  TEXT    NOT NULL DEFAULT '',
	rule_tags  TEXT    NOT NULL DEFAULT '',
	user_tags  TEXT    NOT NULL DEFAULT '',
	read       INTEGER NOT NULL DEFAULT 0,
	starred    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (source_id, key)
);
CREATE INDEX articles_by_sortkey ON articles(sortkey);
CREATE INDEX articles_unread ON articles(sortkey) WHERE read = 0;
CREATE INDEX articles_starred ON articles(sortkey) WHERE starred = 1;
CREATE INDEX articles_by_source ON articles(source_id, sortkey);

CREATE TABLE bodies (
	article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	format     TEXT NOT NULL,
	content    TEXT NOT NULL,
	text       TEXT NOT NULL DEFAULT '',
	markdown   TEXT,
	-- the page's main content, extracted and converted, when fetched
	full       TEXT,
	full_error TEXT NOT NULL DEFAULT ''
);

CREATE TABLE article_tags (
	tag        TEXT    NOT NULL,
	sortkey    INTEGER NOT NULL,
	article_id INTEGER NOT NULL,
	PRIMARY KEY (tag, sortkey, article_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_article ON article_tags(article_id);

CREATE TABLE tag_counts (
	tag    TEXT    PRIMARY KEY,
	total  INTEGER NOT NULL,
	unread INTEGER NOT NULL
) WITHOUT ROWID;

-- Articles written but not yet in the full-text index. Indexing trails the
-- write (a refresh is not slowed by it); every full-text search first
-- indexes what is pending, so none answers from a stale index.
CREATE TABLE fts_pending (
	sortkey INTEGER PRIMARY KEY
);

CREATE VIRTUAL TABLE fts USING fts5(
	title, summary, body,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);

-- Articles removed by retention; a refresh does not bring them back while
-- their feed still lists them.
CREATE TABLE gone (
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	key       TEXT    NOT NULL,
	at        INTEGER NOT NULL,
	PRIMARY KEY (source_id, key)
) WITHOUT ROWID;

CREATE TABLE filters (
	name     TEXT PRIMARY KEY,
	query    TEXT NOT NULL,
	position INTEGER NOT NULL
);

CREATE TRIGGER article_tags_added AFTER INSERT ON article_tags BEGIN
	INSERT INTO tag_counts(tag, total, unread)
		VALUES (NEW.tag, 1, (SELECT read = 0 FROM articles WHERE id = NEW.article_id))
		ON CONFLICT(tag) DO UPDATE SET total = total + 1, unread = unread + excluded.unread;
END;

CREATE TRIGGER article_tags_removed AFTER DELETE ON article_tags BEGIN
	UPDATE tag_counts SET total = total - 1,
		unread = unread - coalesce((SELECT read = 0 FROM articles WHERE id = OLD.article_id), 0)
		WHERE tag = OLD.tag;
	DELETE FROM tag_counts WHERE tag = OLD.tag AND total <= 0;
END;

CREATE TRIGGER article_read_changed AFTER UPDATE OF read ON articles WHEN OLD.read <> NEW.read BEGIN
	UPDATE tag_counts SET unread = unread + (CASE WHEN NEW.read THEN -1 ELSE 1 END)
		WHERE tag IN (SELECT tag FROM article_tags WHERE article_id = NEW.id);
END;

-- Before the row goes, so the triggers above still see its read state.
CREATE TRIGGER article_deleting BEFORE DELETE ON articles BEGIN
	DELETE FROM article_tags WHERE article_id = OLD.id;
	DELETE FROM fts WHERE rowid = OLD.sortkey;
	DELETE FROM fts_pending WHERE sortkey = OLD.sortkey;
END;
`,

	// 2: sync with a server. Remote sources and articles carry the server's
	// ids; read and starred changes to remote articles wait in sync_queue
	// until the server accepted them, a newer change replacing an older one.
	`
ALTER TABLE sources ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN remote_id INTEGER;
CREATE UNIQUE INDEX articles_by_remote_id ON articles(remote_id) WHERE remote_id IS NOT NULL;

CREATE TABLE sync_queue (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	field      TEXT    NOT NULL CHECK (field IN ('read', 'starred')),
	value      INTEGER NOT NULL,
	at         INTEGER NOT NULL,
	PRIMARY KEY (article_id, field)
) WITHOUT ROWID;

CREATE TABLE sync_account (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	api        TEXT    NOT NULL,
	url        TEXT    NOT NULL,
	user       TEXT    NOT NULL,
	token      TEXT    NOT NULL DEFAULT '',
	last_sync  INTEGER NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT ''
);
`,

	// 3: the server's last known read and starred values of each remote
	// article (NULL: not known yet). A sync compares the server's values
	// with these to tell which fields the server changed since, so that a
	// field nobody changed on one side never overwrites the other.
	`
ALTER TABLE articles ADD COLUMN srv_read INTEGER;
ALTER TABLE articles ADD COLUMN srv_starred INTEGER;
`,

	// 4: pages saved to read later (the one source of kind 'saved'). A saved
	// page that could not be fetched yet (offline, a failing server) is
	// pending: it is kept with what was known, and a refresh fetches it.
	`
ALTER TABLE articles ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_pending ON articles(source_id) WHERE pending = 1;
`,

	// 5: the order a saved filter lists in ('' is newest first).
	`
ALTER TABLE filters ADD COLUMN sort TEXT NOT NULL DEFAULT '';
`,

	// The site an article is from, apart from its author: a saved page's
	// site name was written after its author ("Ada Lovelace · The
	// Loopback Gazette"), and is taken out of it here.
	`
ALTER TABLE articles ADD COLUMN site TEXT NOT NULL DEFAULT '';
UPDATE articles SET
	site = substr(author, instr(author, ' · ') + 3),
	author = substr(author, 1, instr(author, ' · ') - 1)
WHERE instr(author, ' · ') > 0 AND source_id IN (SELECT id FROM sources WHERE kind = 'saved');
`,

	// 7: bodies are kept compressed (see body.go) and there is no plain-text
	// copy of them for search: the index is built from the bodies. Its text
	// now also holds the letter pairs of Chinese, Japanese and Korean runs,
	// so it is built again: every article waits in fts_pending. The
	// bodies are rewritten after this step, a batch a transaction, from
	// body_rewrite's next_id on (see rewriteBodies); the table goes when
	// all are.
	`
DROP TABLE fts;
CREATE VIRTUAL TABLE fts USING fts5(
	title, summary, body,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
DELETE FROM fts_pending;
INSERT OR IGNORE INTO fts_pending(sortkey) SELECT sortkey FROM articles;
CREATE TABLE body_rewrite (next_id INTEGER NOT NULL);
INSERT INTO body_rewrite(next_id) VALUES (0);
`,

	// 8: zstd dictionaries trained on the store's own bodies (see
	// dict.go); a body compressed with one names it in its frame.
	`
CREATE TABLE body_dicts (
	id   INTEGER PRIMARY KEY,
	dict BLOB NOT NULL
);
`,

	// 9: how many write transactions were committed, by any byline process:
	// each adds one as it commits (see writeTx.Commit), so a reader tells
	// the writes of others from its own exactly (see watch.go).
	`
CREATE TABLE write_count (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO write_count(id, n) VALUES (1, 0);
`,

	// 10: 'byline save' looks a saved page up by where it was found too
	// (see SavedArticle). A link that is the article's key is found by the
	// key's index already, so only the others are indexed.
	`
CREATE INDEX articles_by_link ON articles(source_id, link) WHERE link <> key AND link <> '';
`,

	// 11: only saved pages are looked up by their link, so only they are
	// indexed by it: a feed item's link differs from its key (its GUID) as
	// often as not, and indexing every one cost 50 bytes an article and a
	// B-tree insert each in a refresh. saved_page is 1 for the pages of a
	// Saved source (set as they are written, see savePreparedAt).
	`
ALTER TABLE articles ADD COLUMN saved_page INTEGER;
UPDATE articles SET saved_page = 1 WHERE source_id IN (SELECT id FROM sources WHERE kind = 'saved');
DROP INDEX articles_by_link;
CREATE INDEX articles_by_link ON articles(source_id, link) WHERE saved_page = 1 AND link <> key AND link <> '';
`,

	// 12: a refresh writes bodies in a fast form (an S2 block after a zero
	// byte), which the search index puts in their lasting one (see
	// body.go); the version keeps an older byline, which would not read
	// such a body, from opening the store. And the Markdown an item's HTML
	// was converted to is made again when next shown: the conversion now
	// keeps a heading's id and in-page links (#über-uns), which the Markdown
	// made before lost.
	`
UPDATE bodies SET markdown = NULL WHERE markdown IS NOT NULL;
`,
}

// schemaCompressedBodies is the schema that compresses bodies (see
// finishUpgrade).
const schemaCompressedBodies = 7

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)
