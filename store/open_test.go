package store

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// foreignDB writes an SQLite database of another program, in rollback
// journal mode and mode 0644, running the statements given.
func foreignDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	db.Close()
	os.Chmod(path, 0o644)
}

func assertUntouched(t *testing.T, path string, before []byte, mode os.FileMode) {
	t.Helper()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("%s: bytes changed", filepath.Base(path))
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != mode {
		t.Errorf("%s: mode changed to %v", filepath.Base(path), info.Mode().Perm())
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("%s: %s left behind", filepath.Base(path), side)
		}
	}
}

func TestOpenLeavesOtherDatabasesAsTheyAre(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, want string
		stmts      []string
	}{
		{"notes", "not a byline store", []string{"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes(body) VALUES ('mine')"}},
		{"clashing", "not a byline store", []string{"CREATE TABLE sources (x)", "PRAGMA user_version = 1"}},
		{"versioned", "not a byline store", []string{"CREATE TABLE t (x)", "PRAGMA user_version = 7"}},
		{"other app id", "not a byline store", []string{"PRAGMA application_id = 1234"}},
		{"newer byline", "newer byline", []string{"CREATE TABLE sources (x)", "CREATE TABLE articles (x)", "CREATE TABLE fts_pending (x)",
			"PRAGMA user_version = 999", "PRAGMA application_id = 1652124782"}},
		// WAL mode: even a read-only look makes -wal and -shm files.
		{"wal notes", "not a byline store", []string{"PRAGMA journal_mode = WAL", "CREATE TABLE notes (id INTEGER PRIMARY KEY)"}},
		{"wal newer byline", "newer byline", []string{"PRAGMA journal_mode = WAL", "CREATE TABLE sources (x)", "CREATE TABLE articles (x)",
			"CREATE TABLE fts_pending (x)", "PRAGMA user_version = 999", "PRAGMA application_id = 1652124782"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".db")
			foreignDB(t, path, c.stmts...)
			before, _ := os.ReadFile(path)
			_, err := Open(path)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("want %q naming the file, got %v", c.want, err)
			}
			assertUntouched(t, path, before, 0o644)
			for _, side := range []string{path + "-wal", path + "-shm"} {
				if _, err := os.Stat(side); err == nil {
					t.Errorf("%s left behind", filepath.Base(side))
				}
			}
		})
	}
}

func TestNewStoreIsPrivateFromItsFirstByte(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustAddSource(t, s, "/x")
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if info, err := os.Stat(p); err == nil && info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", filepath.Base(p), info.Mode().Perm())
		}
	}
	var id int
	s.db.QueryRow("PRAGMA application_id").Scan(&id)
	if id != applicationID {
		t.Errorf("application_id = %d", id)
	}
}

func TestReadOnlyStoreReadsAndRefusesWrites(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files")
	}
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustAddSource(t, s, "/x")
	s.Close()
	os.Chmod(path, 0o400)
	s, err = Open(path)
	if err != nil {
		t.Fatalf("read-only store: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	if srcs, err := s.Sources(ctx); err != nil || len(srcs) != 1 {
		t.Fatalf("reading a read-only store: %v", err)
	}
	_, err = s.AddSource(ctx, NewSource{Kind: "file", Location: "/y"})
	if err == nil || !strings.Contains(Explain(err).Error(), "read-only") {
		t.Fatalf("writing a read-only store: %v", err)
	}
}

func TestFailedFirstMigrationLeavesNoFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	saved := migrations
	migrations = append(append([]string(nil), saved...), "THIS IS NOT SQL")
	SchemaVersion = len(migrations)
	defer func() { migrations = saved; SchemaVersion = len(saved) }()
	if _, err := Open(path); err == nil {
		t.Fatal("a broken migration opened")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a store that never worked was left behind: %v", err)
	}
}
