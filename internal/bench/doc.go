// Package bench measures what a user of folio waits for: the built binary
// in a pseudo-terminal (Session, Screen), its anonymous memory (AnonBytes,
// MemWatch), and SQLite with an FTS5 index as the comparator on the same
// data (BuildSQLite, QuerySQLite, through the sqlite3 command, so that
// SQLite stays out of folio's module). BenchmarkUserWaits drives them;
// docs/PERFORMANCE.md says how to run it and what it measured.
package bench
