// Package store is byline's local SQLite store (pure Go, through
// modernc.org/sqlite): sources, articles and their bodies, tags, read and
// starred state. It owns the schema and its migrations.
//
// It knows nothing of the UI and must not import bubbletea, lipgloss or
// glamour. Articles come in as model.Article values (feed/model): the store depends
// on those types, never on the parsers.
package store
