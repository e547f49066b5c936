// Package storetest builds stores of generated articles for benchmarks:
// deterministic, at the sizes the issues name, cached on disk between runs
// because building 100,000 articles takes a while.
package storetest

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline/byline/feed"
	"github.com/byline/byline/store"
)

// Spec says what to generate.
type Spec struct {
	Articles int
	Sources  int
	Tags     int // distinct tags; each article gets 0-6
	MinBody  int // body size range in bytes
	MaxBody  int
	Seed     int64
}

// Large is the store the filter benchmarks use: 100,000 articles from 500
// sources, 2,000 tags, bodies of 2-8 KB.
var Large = Spec{Articles: 100_000, Sources: 500, Tags: 2000, MinBody: 2 << 10, MaxBody: 8 << 10, Seed: 1}

// Now is the generated store's present: articles are spread over the two
// years before it.
var Now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// CommonTags are tags carried by many articles; "go" and "news" and
// "video" among them, for the filters the benchmarks run.
var CommonTags = []string{"go", "news", "video", "rust", "linux", "security", "ai", "web"}

func (s Spec) name() string {
	return fmt.Sprintf("byline-bench-v4-schema%d-%d-%d-%d-%d-%d-%d.db", store.SchemaVersion, s.Articles, s.Sources, s.Tags, s.MinBody, s.MaxBody, s.Seed)
}

// Open returns a store holding the generated articles, building it in the
// system temp folder on first use and copying it for this benchmark.
func Open(tb testing.TB, spec Spec) *store.Store {
	tb.Helper()
	cache := filepath.Join(os.TempDir(), spec.name())
	if _, err := os.Stat(cache); err != nil {
		tb.Logf("generating %d articles into %s (once)", spec.Articles, cache)
		tmp := cache + ".part"
		os.Remove(tmp)
		st, err := store.Open(tmp)
		if err != nil {
			tb.Fatal(err)
		}
		if err := Fill(context.Background(), st, spec); err != nil {
			tb.Fatal(err)
		}
		st.Close()
		if err := os.Rename(tmp, cache); err != nil {
			tb.Fatal(err)
		}
		os.Remove(tmp + "-wal")
		os.Remove(tmp + "-shm")
	}
	dst := filepath.Join(tb.TempDir(), "bench.db")
	if err := copyFile(cache, dst); err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(dst)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// Written out before the benchmark's clock starts, not during it.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var words = strings.Fields(`the of and to in is that for it as with was on be by this are at from or an have not
which but all were when we there can more if will one about their would what so no out up into some time could them
than other only new these may first then do any like my now over such our man most even made after also did many
before must through back years where much your way well down should because each just those people how too little
state good very make world still own see men work long get here between both life being under never day same another
know while last might us great old year off come since against go came right used take three states himself few house
use during without again place around however home small found thought went say part once general high upon school every
don does got united left number course war until always away something fact though water less public put think almost
hand enough far took head yet government system better set told nothing night end why called didn eyes find going look
asked later knew point next program city business give group toward young days let room president side social given
present several order national possible rather second face per among form important often things looking large fed
kernel compiler goroutine rustacean memory safety concurrency latency throughput database index query planner cache
terminal reader feed article markdown front matter tag filter search release security patch vulnerability café résumé
naïve façade über jalapeño`)

// Fill writes spec's articles into st, a source at a time, as a refresh
// would.
func Fill(ctx context.Context, st *store.Store, spec Spec) error {
	rng := rand.New(rand.NewSource(spec.Seed))
	tags := make([]string, spec.Tags)
	copy(tags, CommonTags)
	for i := len(CommonTags); i < spec.Tags; i++ {
		tags[i] = fmt.Sprintf("tag%04d", i)
	}
	// Zipf-like: a few tags are everywhere, most are rare. Words too: the
	// list above is the head of a 20,000-word vocabulary, as in real text
	// a few words are in every article and most are in few.
	zipf := rand.NewZipf(rng, 1.1, 4, uint64(spec.Tags-1))
	vocab := append([]string{}, words...)
	for i := len(vocab); i < 20000; i++ {
		vocab = append(vocab, fmt.Sprintf("w%05d", i))
	}
	wordZipf := rand.NewZipf(rng, 1.05, 2, uint64(len(vocab)-1))
	span := int64(2 * 365 * 24 * time.Hour / time.Second)
	perSource := spec.Articles / spec.Sources
	for s := 0; s < spec.Sources; s++ {
		src, err := st.AddSource(ctx, store.NewSource{
			Kind: "url", Location: fmt.Sprintf("https://site%03d.example/feed.xml", s), Title: fmt.Sprintf("Site %03d", s),
		})
		if err != nil {
			return err
		}
		n := perSource
		if s == spec.Sources-1 {
			n = spec.Articles - perSource*(spec.Sources-1)
		}
		arts := make([]feed.Article, n)
		for i := range arts {
			var body strings.Builder
			size := spec.MinBody + rng.Intn(spec.MaxBody-spec.MinBody+1)
			for body.Len() < size {
				body.WriteString(vocab[wordZipf.Uint64()])
				body.WriteByte(' ')
			}
			if rng.Intn(100) == 0 {
				body.WriteString("memory safety")
			}
			title := vocab[wordZipf.Uint64()] + " " + vocab[wordZipf.Uint64()] + " " + vocab[wordZipf.Uint64()]
			var at []string
			for k := rng.Intn(7); k > 0; k-- {
				at = append(at, tags[zipf.Uint64()])
			}
			text := body.String()
			arts[i] = feed.Article{
				GUID: fmt.Sprintf("%d-%d", s, i), Title: title, Link: fmt.Sprintf("https://site%03d.example/%d", s, i),
				Published: Now.Add(-time.Duration(rng.Int63n(span)) * time.Second),
				Tags:      at, Summary: feed.Excerpt(text, 200), Content: "<p>" + text + "</p>", Format: feed.FormatHTML, Text: text,
			}
		}
		if _, err := st.SaveArticles(ctx, src.ID, arts, Now); err != nil {
			return err
		}
	}
	// A realistic state: most old articles read, a few starred.
	if _, err := st.DB().ExecContext(ctx, "UPDATE articles SET read = 1 WHERE id % 10 <> 0"); err != nil {
		return err
	}
	if _, err := st.DB().ExecContext(ctx, "UPDATE articles SET starred = 1 WHERE id % 97 = 0"); err != nil {
		return err
	}
	_, err := st.IndexPending(ctx)
	return err
}
