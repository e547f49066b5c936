package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/byline/byline/store/query"
)

// SavedFilter is a named filter.
type SavedFilter struct {
	Name  string
	Query string
	// Sort is the order the filter lists in: an Order's name, "" for
	// newest first.
	Sort string
}

// SavedFilters lists the saved filters in the order they were saved.
func (s *Store) SavedFilters(ctx context.Context) ([]SavedFilter, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name, query, sort FROM filters ORDER BY position, name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SavedFilter
	for rows.Next() {
		var f SavedFilter
		if err := rows.Scan(&f.Name, &f.Query, &f.Sort); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// SaveFilter saves a filter under a name, replacing one of the same name
// (which keeps its place). The query must parse.
func (s *Store) SaveFilter(ctx context.Context, name, q string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("a saved filter needs a name")
	}
	f, err := query.Parse(q)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, `INSERT INTO filters(name, query, position)
		VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM filters))
		ON CONFLICT(name) DO UPDATE SET query = excluded.query`, name, f.String())
	return err
}

// SetFilterSort remembers the order a saved filter lists in.
func (s *Store) SetFilterSort(ctx context.Context, name string, o Order) error {
	sort := o.String()
	if o == NewestFirst {
		sort = ""
	}
	res, err := s.exec(ctx, "UPDATE filters SET sort = ? WHERE name = ?", sort, name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("no saved filter %q: %w", name, ErrNotFound)
	}
	return nil
}

// DeleteFilter removes a saved filter.
func (s *Store) DeleteFilter(ctx context.Context, name string) error {
	res, err := s.exec(ctx, "DELETE FROM filters WHERE name = ?", name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("no saved filter %q: %w", name, ErrNotFound)
	}
	return nil
}
