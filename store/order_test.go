package store

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/byline/byline/store/query"
)

func listAll(t *testing.T, s *Store, lq ListQuery) []string {
	t.Helper()
	items, err := s.Articles(context.Background(), lq)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range items {
		out = append(out, a.Title)
	}
	return out
}

// Every order pages (After, or Skip by source) to the same list as one
// query, and the tail and the page before a cursor are pieces of it.
func TestOrdersPagesAndTails(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	for _, q := range []string{"", "+go", "+unread", "iterators"} {
		f, _ := query.Parse(q)
		for _, o := range Orders {
			whole := listAll(t, s, ListQuery{Filter: f, Order: o, Now: filterNow})
			if len(whole) < 2 {
				continue
			}
			var paged []string
			lq := ListQuery{Filter: f, Order: o, Limit: 1, Now: filterNow}
			for i := 0; i < 50; i++ {
				page, err := s.Articles(ctx, lq)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				paged = append(paged, page[0].Title)
				lq.After, lq.Skip = page[0].Cursor, lq.Skip+1
			}
			if !reflect.DeepEqual(paged, whole) {
				t.Errorf("%q %v: paged %q, whole %q", q, o, paged, whole)
			}
			tail := listAll(t, s, ListQuery{Filter: f, Order: o, Tail: true, Limit: 2, Now: filterNow})
			if !reflect.DeepEqual(tail, whole[len(whole)-2:]) {
				t.Errorf("%q %v: tail %q, want %q", q, o, tail, whole[len(whole)-2:])
			}
			if o == BySource {
				continue
			}
			all, _ := s.Articles(ctx, ListQuery{Filter: f, Order: o, Now: filterNow})
			before := listAll(t, s, ListQuery{Filter: f, Order: o, Before: all[len(all)-1].Cursor, Limit: 1, Now: filterNow})
			if !reflect.DeepEqual(before, whole[len(whole)-2:len(whole)-1]) {
				t.Errorf("%q %v: the page before the last is %q", q, o, before)
			}
		}
	}
	newest := listAll(t, s, ListQuery{Now: filterNow})
	oldest := listAll(t, s, ListQuery{Order: OldestFirst, Now: filterNow})
	slices.Reverse(oldest)
	if !reflect.DeepEqual(newest, oldest) {
		t.Errorf("oldest first is not newest first reversed")
	}
}

// Tag counts within a filter count only the articles it selects.
func TestTagCountsIn(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	f, _ := query.Parse("+go")
	in, err := s.TagCountsIn(ctx, f, filterNow)
	if err != nil {
		t.Fatal(err)
	}
	n, unread, _ := s.Count(ctx, f, filterNow)
	if in["go"].Total != n || in["unread"].Total != unread {
		t.Fatalf("+go: go %v, unread %v; want %d, %d", in["go"], in["unread"], n, unread)
	}
	all, _ := s.TagCounts(ctx)
	for _, c := range all {
		if in[c.Tag].Total > c.Total {
			t.Errorf("%s: %d in the filter, more than its %d", c.Tag, in[c.Tag].Total, c.Total)
		}
	}
}

func TestSavedFilterRemembersItsOrder(t *testing.T) {
	s := library(t)
	ctx := context.Background()
	if err := s.SaveFilter(ctx, "go", "+go"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFilterSort(ctx, "go", BySource); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFilter(ctx, "go", "+go +unread"); err != nil { // saved again: the order stays
		t.Fatal(err)
	}
	got, _ := s.SavedFilters(ctx)
	if len(got) != 1 || got[0].Sort != "source" {
		t.Fatalf("saved filters: %+v", got)
	}
	if o, err := ParseOrder(got[0].Sort); err != nil || o != BySource {
		t.Fatalf("ParseOrder(%q) = %v, %v", got[0].Sort, o, err)
	}
	if err := s.SetFilterSort(ctx, "nope", OldestFirst); err == nil {
		t.Fatalf("an order for no saved filter was accepted")
	}
}
