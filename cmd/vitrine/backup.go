package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"vitrine/store"
)

// backupHelp is `vitrine backup --help`'s opening: what it does on each engine.
const backupHelp = `vitrine backup --db DB --to FILE [--force]

Takes a consistent copy of the database while servers keep running.
  SQLite:     written with VACUUM INTO, a compact file that "vitrine restore" puts back.
  PostgreSQL: runs pg_dump --format=custom when pg_dump is on the PATH; otherwise prints the pg_dump and
              pg_restore commands to run, and exits with status 1.
An existing FILE is kept unless --force is given.
`

// restoreHelp is `vitrine restore --help`'s opening.
const restoreHelp = `vitrine restore --from FILE --db TARGET [--force]
vitrine restore --check FILE

Checks a SQLite backup on a scratch copy — SQLite's integrity check, the schema version (this vitrine's
migrations are run on it when it is older), and every rollup against the raw events — then puts it in place at
TARGET. Stop the servers first; an existing TARGET is kept unless --force is given, and then it is moved aside
to TARGET.before-restore. --check only checks. A PostgreSQL target is restored with pg_restore (printed).
`

func cmdBackup(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("backup")
	fs.Usage = func() { fmt.Fprint(fs.Output(), backupHelp+"\nFlags:\n"); fs.PrintDefaults() }
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	to := fs.String("to", "", "file to write the backup to (required)")
	force := fs.Bool("force", false, "replace FILE if it exists")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup: --to is required")
	}
	if _, err := os.Stat(*to); err == nil && !*force {
		return fmt.Errorf("backup: %s already exists; choose another file or add --force to replace it", *to)
	}
	start := time.Now()
	if store.IsPostgres(*dbPath) {
		if err := pgDump(ctx, *dbPath, *to, out); err != nil {
			return err
		}
	} else if err := sqliteBackup(ctx, strings.TrimPrefix(*dbPath, "sqlite:"), *to); err != nil {
		return err
	}
	st, err := os.Stat(*to)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(out, "Backed up %s to %s: %s in %s.\n", redactURL(*dbPath), *to, byteSize(st.Size()), time.Since(start).Round(time.Millisecond))
	return nil
}

// sqliteBackup writes the backup beside its final name and renames it there once complete and synced, so that
// FILE is never a half-written backup, even when the machine stops during one.
func sqliteBackup(ctx context.Context, path, to string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: no database at %s: %w", path, err)
	}
	partial := to + ".partial"
	os.Remove(partial)
	if err := store.BackupSQLite(ctx, path, partial); err != nil {
		os.Remove(partial)
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(partial); err != nil {
		os.Remove(partial)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(partial, to); err != nil {
		os.Remove(partial)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// pgDumpCommands is the guidance printed for PostgreSQL when pg_dump cannot be run here.
func pgDumpCommands(dsn, to string) string {
	return fmt.Sprintf(`PostgreSQL is backed up by its own tools. Install the PostgreSQL client (pg_dump), or run on a machine that has it:
  pg_dump --format=custom --file=%s '%s'
and to restore it, into an empty database, with the servers stopped:
  pg_restore --no-owner --dbname='%s' %s
then start vitrine: it runs any migrations the backup lacks.
`, to, dsn, dsn, to)
}

// pgDump runs pg_dump for a PostgreSQL --db when it is on the PATH, and otherwise prints how to.
func pgDump(ctx context.Context, dsn, to string, out io.Writer) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		fmt.Fprint(out, pgDumpCommands(redactURL(dsn), to))
		return errors.New("backup: pg_dump is not on the PATH; run the command above")
	}
	partial := to + ".partial"
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--file="+partial, dsn)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	if err := cmd.Run(); err != nil {
		os.Remove(partial)
		return fmt.Errorf("backup: pg_dump: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	if err := os.Rename(partial, to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

func cmdRestore(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("restore")
	fs.Usage = func() { fmt.Fprint(fs.Output(), restoreHelp+"\nFlags:\n"); fs.PrintDefaults() }
	from := fs.String("from", "", "the backup to restore")
	target := fs.String("db", "", "where to restore it: "+dbHelp)
	check := fs.String("check", "", "only check this backup")
	force := fs.Bool("force", false, "replace an existing database at --db (it is moved aside to DB.before-restore)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *check != "" {
		scratch, err := os.MkdirTemp("", "vitrine-restore-check-")
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		defer os.RemoveAll(scratch)
		res, err := checkBackup(ctx, *check, filepath.Join(scratch, "check.db"))
		if err != nil {
			return err
		}
		printCheck(out, *check, res)
		fmt.Fprintln(out, "The backup is sound (only checked; nothing was restored).")
		return nil
	}
	if *from == "" || *target == "" {
		return errors.New("restore: --from and --db are required (or --check FILE to check a backup only)")
	}
	if store.IsPostgres(*target) {
		fmt.Fprintf(out, "A PostgreSQL database is restored by its own tools, into an empty database, with the servers stopped:\n  pg_restore --no-owner --dbname='%s' %s\n(a SQLite backup goes into PostgreSQL with: vitrine copy --from %s --to '%s')\n", redactURL(*target), *from, *from, redactURL(*target))
		return errors.New("restore: a PostgreSQL target is restored with pg_restore; run the command above")
	}
	path := strings.TrimPrefix(*target, "sqlite:")
	if _, err := os.Stat(path); err == nil && !*force {
		return fmt.Errorf("restore: %s already exists and may be a live database; stop the servers and add --force to replace it (it is kept as %s.before-restore)", path, path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	// The backup is checked where it will live, so that putting it in place is a rename, never a half copy.
	scratch := path + ".restoring"
	defer removeSQLite(scratch)
	res, err := checkBackup(ctx, *from, scratch)
	if err != nil {
		return err
	}
	printCheck(out, *from, res)
	if _, err := os.Stat(path); err == nil {
		if err := moveSQLite(path, path+".before-restore"); err != nil {
			return fmt.Errorf("restore: move the current database aside: %w", err)
		}
		fmt.Fprintf(out, "The database that was at %s is kept as %s.before-restore.\n", path, path)
	}
	if err := moveSQLite(scratch, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(out, "Restored %s to %s.\n", *from, path)
	return nil
}

// checkBackup copies the backup at from to scratch and checks the copy (store.CheckSQLiteBackup), leaving the
// backup itself untouched: the check runs migrations.
func checkBackup(ctx context.Context, from, scratch string) (store.BackupCheck, error) {
	var res store.BackupCheck
	head := make([]byte, 16)
	f, err := os.Open(from)
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	n, _ := io.ReadFull(f, head)
	f.Close()
	switch {
	case bytes.HasPrefix(head[:n], []byte("PGDMP")):
		return res, fmt.Errorf("restore: %s is a pg_dump archive: list it with `pg_restore --list %s` and restore it with pg_restore into PostgreSQL", from, from)
	case !bytes.Equal(head[:n], []byte("SQLite format 3\x00")):
		return res, fmt.Errorf("restore: %s is not a vitrine backup: it is not a SQLite database (its first bytes are damaged or it is another kind of file)", from)
	}
	removeSQLite(scratch)
	if err := copyFile(from, scratch); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	res, err = store.CheckSQLiteBackup(ctx, scratch)
	if err != nil {
		return res, fmt.Errorf("restore: %s refused: %w", from, err)
	}
	return res, nil
}

// printCheck reports what checkBackup checked.
func printCheck(out io.Writer, from string, res store.BackupCheck) {
	fmt.Fprintf(out, "Checked %s:\n  SQLite integrity check: ok\n", from)
	switch res.Migrated {
	case 0:
		fmt.Fprintf(out, "  schema version %d: every migration of this vitrine applied\n", res.ToVersion)
	case 1:
		fmt.Fprintf(out, "  schema version %d: 1 migration it lacked applied now\n", res.ToVersion)
	default:
		fmt.Fprintf(out, "  schema version %d: %d migrations it lacked applied now\n", res.ToVersion, res.Migrated)
	}
	fmt.Fprintln(out, "  rollups: equal to the raw events")
}

// copyFile copies a file and syncs the copy.
func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// syncFile flushes a written file to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// moveSQLite renames a SQLite database with its -wal and -shm files (a WAL may hold committed changes; a stale
// one beside another database would corrupt it).
func moveSQLite(from, to string) error {
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(to + suffix)
	}
	if err := os.Rename(from, to); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(from+suffix, to+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// removeSQLite removes a SQLite database and its -wal and -shm files, if there.
func removeSQLite(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// byteSize prints a size for people: 1.4 MB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
