import GRDB

/// The store's tables, created and changed only by numbered migrations (never edited once released).
///
/// Times are Unix seconds (REAL, UTC); `sqlite3` shows them with `datetime(x, 'unixepoch')`.
/// The README's "Store" section documents every table for people querying with `sqlite3`.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sources, items, revisions, sightings, fetch log, simhash bands, search") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2: the scheduler's state per source, the extractor version per revision") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3: poll counts per source, the fetch log indexed by time") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4: the source table's checks without IN lists") { db in
            try db.execute(sql: v4)
        }
        return migrator
    }

    /// SQLite checks `x IN (three or more values)` by building a temporary b-tree, on every execution of a
    /// statement that sets `x`: recording a poll sets `health`, so each poll built and dropped one, which cost
    /// more than the update itself. The same checks as comparisons cost nothing; SQLite cannot change a check
    /// in place, so the table is rebuilt as its documentation describes (foreign keys are off during migrations,
    /// and the references to `source` name it, not the dropped table).
    private static let v4 = """
        CREATE TABLE source_v4 (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,          -- the [[source]] name in the config
            url TEXT NOT NULL,
            etag TEXT,                          -- validators as last received, sent back on the next poll
            last_modified TEXT,
            body_hash TEXT,                     -- SHA-256 of the last body parsed
            next_poll_at REAL,
            failure_streak INTEGER NOT NULL DEFAULT 0,
            last_status INTEGER,
            last_error TEXT,
            last_polled_at REAL,
            last_success_at REAL,
            last_new_item_at REAL,
            moved_to TEXT,                      -- where a permanent redirect points
            identity_mode TEXT NOT NULL DEFAULT 'guid'
                CHECK (identity_mode = 'guid' OR identity_mode = 'link' OR identity_mode = 'content'),
            identity_reason TEXT,               -- why the source left 'guid' mode
            health TEXT NOT NULL DEFAULT 'healthy'
                CHECK (health = 'healthy' OR health = 'backing_off' OR health = 'failing'),
            next_poll_reason TEXT,              -- interval, ttl, backoff, retry_after, skip_hours …
            redirect_target TEXT,               -- the permanent redirect seen on the last polls
            redirect_streak INTEGER NOT NULL DEFAULT 0,
            moved_from TEXT,                    -- the configured URL when the source moved
            hints TEXT,                         -- the feed's publishing hints (JSON), for 304 polls
            failures_since REAL,                -- the first failure of the current failure streak
            polls_ok INTEGER NOT NULL DEFAULT 0,            -- answered 2xx, no error
            polls_not_modified INTEGER NOT NULL DEFAULT 0,  -- answered 304
            polls_failed INTEGER NOT NULL DEFAULT 0,        -- error, no answer, or 4xx/5xx
            last_new INTEGER,                   -- the last poll's counts
            last_revised INTEGER,
            last_duplicate INTEGER
        );
        INSERT INTO source_v4 SELECT
            id, name, url, etag, last_modified, body_hash, next_poll_at, failure_streak, last_status, last_error,
            last_polled_at, last_success_at, last_new_item_at, moved_to, identity_mode, identity_reason, health,
            next_poll_reason, redirect_target, redirect_streak, moved_from, hints, failures_since, polls_ok,
            polls_not_modified, polls_failed, last_new, last_revised, last_duplicate
        FROM source;
        DROP TABLE source;
        ALTER TABLE source_v4 RENAME TO source;
        """

    /// An index on `fetch_log(source_id, …)` put every poll's log row on another page of the index (a batch of
    /// polls of different sources touched as many pages as polls, each written to the WAL at commit): it cost
    /// more than the rest of recording a 304. What `status` read through it now lives in the source row, kept by
    /// the statement that records each poll; the log is indexed by time, where rows only append.
    private static let v3 = """
        ALTER TABLE source ADD COLUMN polls_ok INTEGER NOT NULL DEFAULT 0;           -- answered 2xx, no error
        ALTER TABLE source ADD COLUMN polls_not_modified INTEGER NOT NULL DEFAULT 0; -- answered 304
        ALTER TABLE source ADD COLUMN polls_failed INTEGER NOT NULL DEFAULT 0;       -- error, no answer, or 4xx/5xx
        ALTER TABLE source ADD COLUMN last_new INTEGER;                              -- the last poll's counts
        ALTER TABLE source ADD COLUMN last_revised INTEGER;
        ALTER TABLE source ADD COLUMN last_duplicate INTEGER;
        UPDATE source SET
            polls_ok = (SELECT count(*) FROM fetch_log f
                WHERE f.source_id = source.id AND f.status BETWEEN 200 AND 299 AND f.error IS NULL),
            polls_not_modified = (SELECT count(*) FROM fetch_log f WHERE f.source_id = source.id AND f.status = 304),
            polls_failed = (SELECT count(*) FROM fetch_log f
                WHERE f.source_id = source.id AND (f.error IS NOT NULL OR f.status IS NULL OR f.status >= 400)),
            (last_new, last_revised, last_duplicate) = (SELECT new, revised, duplicate FROM fetch_log
                WHERE id = (SELECT max(id) FROM fetch_log WHERE source_id = source.id));
        DROP INDEX fetch_log_by_source;
        CREATE INDEX fetch_log_by_time ON fetch_log(fetched_at);
        """

    private static let v2 = """
        ALTER TABLE source ADD COLUMN health TEXT NOT NULL DEFAULT 'healthy'
            CHECK (health IN ('healthy', 'backing_off', 'failing'));
        ALTER TABLE source ADD COLUMN next_poll_reason TEXT;    -- interval, ttl, backoff, retry_after, skip_hours …
        ALTER TABLE source ADD COLUMN redirect_target TEXT;     -- the permanent redirect seen on the last polls
        ALTER TABLE source ADD COLUMN redirect_streak INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE source ADD COLUMN moved_from TEXT;          -- the configured URL when the source moved
        ALTER TABLE source ADD COLUMN hints TEXT;               -- the feed's publishing hints (JSON), for 304 polls
        ALTER TABLE source ADD COLUMN failures_since REAL;      -- the first failure of the current failure streak
        -- NULL for text that came from the feed; the extractor's version for text extracted from a page, so a
        -- change of text that coincides with a new extractor is told apart from a change of the story.
        ALTER TABLE revision ADD COLUMN extractor_version INTEGER;
        -- For `full_text` sources: the content hash of the feed's own entry the page was fetched for, so a story
        -- whose entry did not change is not fetched again.
        ALTER TABLE revision ADD COLUMN feed_hash TEXT;
        """

    private static let v1 = """
        CREATE TABLE source (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,          -- the [[source]] name in the config
            url TEXT NOT NULL,
            etag TEXT,                          -- validators as last received, sent back on the next poll
            last_modified TEXT,
            body_hash TEXT,                     -- SHA-256 of the last body parsed
            next_poll_at REAL,
            failure_streak INTEGER NOT NULL DEFAULT 0,
            last_status INTEGER,
            last_error TEXT,
            last_polled_at REAL,
            last_success_at REAL,
            last_new_item_at REAL,
            moved_to TEXT,                      -- where a permanent redirect points
            identity_mode TEXT NOT NULL DEFAULT 'guid' CHECK (identity_mode IN ('guid', 'link', 'content')),
            identity_reason TEXT                -- why the source left 'guid' mode
        );
        CREATE TABLE source_tag (
            source_id INTEGER NOT NULL REFERENCES source(id),
            tag TEXT NOT NULL,
            PRIMARY KEY (source_id, tag)
        ) WITHOUT ROWID;

        CREATE TABLE cluster (id INTEGER PRIMARY KEY);

        CREATE TABLE item (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES source(id),
            identity TEXT NOT NULL,             -- guid:…, link:…, hash:… (FeedCore) or content:… (fallback)
            link TEXT,
            link_key TEXT,                      -- the normalised link, for the link fallback
            first_seen_at REAL NOT NULL,
            revision_count INTEGER NOT NULL,
            latest_revision_id INTEGER,
            cluster_id INTEGER NOT NULL REFERENCES cluster(id),
            UNIQUE (source_id, identity)
        );
        CREATE INDEX item_by_source_link ON item(source_id, link_key);
        CREATE INDEX item_by_source_first_seen ON item(source_id, first_seen_at);
        CREATE INDEX item_by_first_seen ON item(first_seen_at);
        CREATE INDEX item_by_cluster ON item(cluster_id);

        CREATE TABLE revision (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES item(id),
            number INTEGER NOT NULL,            -- 1, 2, 3 … per item, never a gap
            content_hash TEXT NOT NULL,
            title TEXT,
            authors TEXT,                       -- JSON array of strings
            categories TEXT,                    -- JSON array of strings
            published REAL,
            updated REAL,
            summary TEXT,
            text TEXT,                          -- plain text: the content, else the summary
            html TEXT,                          -- sanitised HTML
            language TEXT,
            simhash INTEGER NOT NULL,           -- the 64-bit SimHash as a signed integer
            fetched_at REAL NOT NULL,
            UNIQUE (item_id, number)
        );
        CREATE INDEX revision_by_content_hash ON revision(content_hash);

        CREATE TABLE item_tag (
            item_id INTEGER NOT NULL REFERENCES item(id),
            tag TEXT NOT NULL,
            PRIMARY KEY (tag, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX item_tag_by_item ON item_tag(item_id);

        -- The SimHash split into four 16-bit bands (key = band << 16 | bits): two hashes within distance 3
        -- agree on at least one band, so candidates come from four index look-ups, not a scan.
        CREATE TABLE simhash_band (
            key INTEGER NOT NULL,
            item_id INTEGER NOT NULL REFERENCES item(id),
            simhash INTEGER NOT NULL,
            PRIMARY KEY (key, item_id, simhash)
        ) WITHOUT ROWID;
        CREATE INDEX simhash_band_by_item ON simhash_band(item_id);

        CREATE TABLE sighting (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES item(id),   -- the stored story this was a copy of
            source_id INTEGER NOT NULL REFERENCES source(id),
            identity TEXT NOT NULL,
            link TEXT,
            content_hash TEXT NOT NULL,
            seen_at REAL NOT NULL,
            UNIQUE (source_id, identity)
        );
        CREATE INDEX sighting_by_item ON sighting(item_id);

        -- What retention pruned, so a story still in its feed is not stored again as new.
        CREATE TABLE tombstone (
            source_id INTEGER NOT NULL REFERENCES source(id),
            identity TEXT NOT NULL,
            link_key TEXT,
            content_hash TEXT NOT NULL,
            pruned_at REAL NOT NULL,
            PRIMARY KEY (source_id, identity, content_hash)
        ) WITHOUT ROWID;
        CREATE INDEX tombstone_by_link ON tombstone(source_id, link_key);
        CREATE INDEX tombstone_by_hash ON tombstone(content_hash);

        CREATE TABLE fetch_log (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES source(id),
            fetched_at REAL NOT NULL,
            url TEXT NOT NULL,
            status INTEGER,                     -- HTTP status; NULL when no response arrived
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            bytes INTEGER NOT NULL,
            duration_ms REAL NOT NULL,
            error TEXT,
            items INTEGER NOT NULL,
            new INTEGER NOT NULL,
            revised INTEGER NOT NULL,
            duplicate INTEGER NOT NULL,
            near_duplicate INTEGER NOT NULL
        );
        CREATE INDEX fetch_log_by_source ON fetch_log(source_id, fetched_at);

        -- Full-text search over each story's latest revision; rows are revision ids, the text stays in
        -- `revision` (external content), and the store keeps the two in step by hand.
        CREATE VIRTUAL TABLE revision_search USING fts5(
            title, text, content='revision', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        """
}
