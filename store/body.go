package store

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/byline/byline/feed/plain"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
)

// Bodies (an item's content, its Markdown conversion, the extracted full
// text) are kept compressed, each row its own zstd frame: a body is read
// whole or not at all, and a frame per row keeps every write and read to
// the one article. klauspost/compress is pure Go and the codec made for
// this; at its fastest level an item of feed HTML takes microseconds and
// half its bytes or less (the 200 × 50 corpus: 1.9 KB to 0.9 KB). A value
// stored as TEXT is a body from before compression (the migration to
// schema 7 rewrites them, a batch at a time) and is read as it is.
//
// The encoder and decoder hold no state between calls (EncodeAll and
// DecodeAll are safe for concurrent use); they are made once because
// making one costs more than a body.
var (
	bodyEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithLowerEncoderMem(true))
	bodyDecoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxMemory(1<<30))
)

// packMin is the shortest body compressed: below it a frame's header
// costs more than it saves.
const packMin = 64

// packBody is the value a body is stored as: short ones as text, the
// others compressed (a BLOB).
func packBody(s string) any {
	if len(s) < packMin {
		return s
	}
	return bodyEncoder.EncodeAll([]byte(s), make([]byte, 0, len(s)/2))
}

// A refresh writes its bodies in a fast form first (schema 12): an S2
// block (klauspost/compress/s2, the module zstd comes from) after the byte
// fastTag, which no zstd frame starts with (their magic starts 0x28).
// Compressing an item with zstd took a fifth of a cold refresh's CPU, and
// a new store's bodies were all compressed again by its first gc, with
// the dictionary trained then; S2 takes a quarter of zstd's time and
// keeps 40% of the bytes where zstd keeps 50%. A body is compressed into
// its lasting form (zstd, with the store's dictionary) when the search
// index takes it, which reads it anyway, off the refresh's path; gc
// indexes what waits first, so it leaves every body in that form.
const fastTag = 0x00

// packFast is packBody in the fast form.
func packFast(s string) any {
	if len(s) < packMin {
		return s
	}
	dst := make([]byte, 1+s2.MaxEncodedLen(len(s)))
	dst[0] = fastTag
	n := len(s2.Encode(dst[1:], []byte(s)))
	return dst[: 1+n : 1+n]
}

// isFast reports whether a stored body is in the fast form.
func isFast(v any) bool {
	b, ok := v.([]byte)
	return ok && len(b) > 0 && b[0] == fastTag
}

// unpackBody reads a stored body back, compressed or not.
func unpackBody(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []byte:
		if isFast(v) {
			out, err := s2.Decode(nil, v[1:])
			if err != nil {
				return "", fmt.Errorf("read article body: %w", err)
			}
			return string(out), nil
		}
		out, err := bodyDecoder.DecodeAll(v, nil)
		if err != nil {
			return "", fmt.Errorf("read article body: %w", err)
		}
		return string(out), nil
	}
	return "", fmt.Errorf("read article body: unexpected %T", v)
}

// indexText is the text the full-text index is given for a field: the
// field as FTS5's word tokenizer reads it, with every run of Chinese,
// Japanese or Korean letters also written as its overlapping pairs
// (日本語の -> 日本 本語 語の の), so that a word inside such a run is found
// (see cjkTerm). Writing the pairs in the text keeps one index, one
// tokenizer and one query language for every script; the trigram
// tokenizer would do it too, but over every script (an index three times
// the size) and not below three letters, which most Chinese and Japanese
// words are.
func indexText(s string) string {
	if !hasCJK(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	// prev is where the run's previous letter starts, -1 outside a run.
	prev := -1
	endRun := func(at int) {
		// The run's last letter alone, for a search of one letter.
		b.WriteString(s[prev:at])
		b.WriteByte(' ')
		prev = -1
	}
	for i, r := range s {
		if !isCJK(r) {
			if prev >= 0 {
				endRun(i)
			}
			b.WriteRune(r)
			continue
		}
		if prev < 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString(s[prev : i+utf8.RuneLen(r)])
			b.WriteByte(' ')
		}
		prev = i
	}
	if prev >= 0 {
		endRun(len(s))
	}
	return b.String()
}

// cjkTerm is a search term as the index holds it: a term with a run of
// Chinese, Japanese or Korean letters becomes a phrase of the run's pairs,
// which matches wherever the run is a part of a longer one. A run of one
// letter is a prefix: any pair it starts, or the letter alone ending a run.
// ok is false for a term without such letters.
func cjkTerm(t string) (tokens []string, lastPrefix bool, ok bool) {
	if !hasCJK(t) {
		return nil, false, false
	}
	var run []rune
	var word strings.Builder
	flushWord := func() {
		if word.Len() > 0 {
			tokens = append(tokens, word.String())
			word.Reset()
		}
	}
	flushRun := func() {
		switch len(run) {
		case 0:
			return
		case 1:
			tokens = append(tokens, string(run))
			lastPrefix = true
		default:
			for i := 0; i+1 < len(run); i++ {
				tokens = append(tokens, string(run[i:i+2]))
			}
			lastPrefix = false
		}
		run = run[:0]
	}
	for _, r := range t {
		if isCJK(r) {
			flushWord()
			run = append(run, r)
			continue
		}
		flushRun()
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			word.WriteRune(r)
			lastPrefix = false
		} else {
			flushWord()
		}
	}
	flushRun()
	flushWord()
	return tokens, lastPrefix, true
}

func hasCJK(s string) bool {
	for _, r := range s {
		if isCJK(r) {
			return true
		}
	}
	return false
}

// isCJK reports whether r is a letter of a script written without spaces
// between words (Han, kana) or whose words take particles (Hangul).
func isCJK(r rune) bool {
	if r < 0x1100 || r > 0x11ff && r < 0x2e80 {
		return false // Latin, Greek, Cyrillic, Arabic, Indic…: no need to look further
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r == 'ー' || r == '々' // the prolonged sound and iteration marks
}

// contentSummary is the summary an item without a description of its own
// has: the start of its content's text, as feed.NewArticle takes it.
func contentSummary(content string) string {
	return plain.Excerpt(plain.Prefix(content, 300), 300)
}

// articleText is the body's text for the index: the content's, and the
// extracted full text's when there is one.
func articleText(content, full string) string {
	t := plain.Text(content)
	if full != "" {
		t += " " + plain.Text(full)
	}
	return t
}
