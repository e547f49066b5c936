package store_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/byline/byline/store"
	"github.com/byline/byline/store/query"
	"github.com/byline/byline/store/storetest"
)

// The filters the issue names, on 100,000 articles.
var benchFilters = []struct{ name, q string }{
	{"latest", ""},
	{"unread_go_month", "+unread +go @1-month-ago"},
	{"not_news_video_starred", "-news,video +starred"},
	{"common_word", "the"},
	{"rare_word", "w12345"},
	{"mid_word", "kernel"},
	{"phrase_and_tags", `"memory safety" +go -news`},
	{"rare_tag", "+tag1500"},
	{"or_tags", "+rust,linux +unread"},
	{"prefix", "goro*"},
	{"source", "=site042"},
}

func BenchmarkFilterFirstPage(b *testing.B) {
	st := storetest.Open(b, storetest.Large)
	ctx := context.Background()
	for _, bf := range benchFilters {
		f, err := query.Parse(bf.q)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bf.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := st.Articles(ctx, store.ListQuery{Filter: f, Limit: 200, Now: storetest.Now}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFilterCount(b *testing.B) {
	st := storetest.Open(b, storetest.Large)
	ctx := context.Background()
	for _, bf := range benchFilters {
		f, _ := query.Parse(bf.q)
		b.Run(bf.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := st.Count(ctx, f, storetest.Now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTagCounts(b *testing.B) {
	st := storetest.Open(b, storetest.Large)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := st.TagCounts(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFilterMedians prints the median first-page time of each benchmark
// filter; run with BYLINE_BENCH=1 (it builds the 100,000-article store).
func TestFilterMedians(t *testing.T) {
	if testing.Short() || !benchEnabled() {
		t.Skip("set BYLINE_BENCH=1 to measure filter medians on 100,000 articles")
	}
	st := storetest.Open(t, storetest.Large)
	ctx := context.Background()
	for _, bf := range benchFilters {
		f, _ := query.Parse(bf.q)
		var times []time.Duration
		var n int
		for i := 0; i < 21; i++ {
			start := time.Now()
			list, err := st.Articles(ctx, store.ListQuery{Filter: f, Limit: 200, Now: storetest.Now})
			if err != nil {
				t.Fatal(err)
			}
			times = append(times, time.Since(start))
			n = len(list)
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		t.Logf("%-24s %-32q %4d rows  median %v", bf.name, bf.q, n, times[len(times)/2])
	}
	start := time.Now()
	tc, _ := st.TagCounts(ctx)
	t.Logf("tag counts: %d tags in %v", len(tc), time.Since(start))
}

// BenchmarkOpenArticle reads one article with its body, as the reader
// does when an article is opened, on 100,000 articles.
func BenchmarkOpenArticle(b *testing.B) {
	st := storetest.Open(b, storetest.Large)
	ctx := context.Background()
	ids, err := st.ArticleIDs(ctx, query.Filter{}, storetest.Now)
	if err != nil || len(ids) == 0 {
		b.Fatalf("%d articles: %v", len(ids), err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, err := st.Article(ctx, ids[(i*7919)%len(ids)])
		if err != nil || a.Content == "" {
			b.Fatalf("article: %v (%d bytes)", err, len(a.Content))
		}
	}
}

// BenchmarkLargeStoreSize reports the size on disk of the 100,000-article
// store after its index is built and it is compacted.
func BenchmarkLargeStoreSize(b *testing.B) {
	for i := 0; i < b.N; i++ {
		st := storetest.Open(b, storetest.Large)
		if err := st.Compact(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Size())/(1<<20), "store-MB")
	}
}
