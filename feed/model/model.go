// Package model holds the types that feed produces and store keeps: the
// article as read from a source, its content format and the kinds of
// source. It imports nothing of byline's, so the store depends on these
// few types and not on the parsers, HTTP or readability.
package model

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Format says what an article's Content is written in.
type Format string

const (
	FormatHTML     Format = "html"
	FormatMarkdown Format = "markdown"
	FormatText     Format = "text"
)

// Article is one item read from a source, before it is stored.
type Article struct {
	// GUID identifies the article within its source: the feed's guid/id,
	// else its link, else a hash of its content (see Key).
	GUID   string
	Title  string
	Link   string
	Author string
	// Site names the site the article is from, when its source is not
	// the site (a saved page).
	Site      string
	Published time.Time // zero when the source gave no date
	Tags      []string  // categories / front matter tags and categories
	Summary   string    // plain text
	Content   string    // as received, in Format
	Format    Format
	// SummaryFromContent says Summary is the start of Content's text (the
	// item had no description of its own): the store then keeps no copy of
	// it and takes it from the content again when it is asked for.
	SummaryFromContent bool
	// Text is not stored: the store indexes Content for search. Sources
	// may still fill it.
	Text string
	// Problem is set when the article was read with a defect worth showing
	// (for example front matter that did not parse).
	Problem string
	// RemoteID is the item's id on a sync server; 0 for other sources.
	RemoteID int64
}

// Key is the article's identity within its source: GUID, else link, else a
// hash of title and content.
func (a *Article) Key() string {
	if a.GUID != "" {
		return a.GUID
	}
	if a.Link != "" {
		return a.Link
	}
	h := sha256.Sum256([]byte(a.Title + "\x00" + a.Content))
	return "sha256:" + hex.EncodeToString(h[:16])
}

// ContentHash changes whenever anything stored about the article changes, so
// a refresh can skip rewriting articles that are unchanged.
func (a *Article) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{a.Title, a.Link, a.Author, a.Summary, a.Content, string(a.Format), a.Problem} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, t := range a.Tags {
		h.Write([]byte(t))
		h.Write([]byte{1})
	}
	if a.Site != "" {
		// Only when set: the articles stored before there was a site keep
		// their hash, and are not all rewritten at their next refresh.
		h.Write([]byte(a.Site))
		h.Write([]byte{2})
	}
	if !a.Published.IsZero() {
		h.Write([]byte(a.Published.UTC().Format(time.RFC3339)))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Kind is what a source is.
type Kind string

const (
	KindURL    Kind = "url"    // an http(s) feed
	KindFile   Kind = "file"   // a feed document on disk
	KindFolder Kind = "folder" // a folder of Markdown articles
	KindRemote Kind = "remote" // a subscription followed on the sync server
	// KindSaved is the one built-in source of pages saved to read later
	// (byline save); its articles are never removed by retention.
	KindSaved Kind = "saved"
)
