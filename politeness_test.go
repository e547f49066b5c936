package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPermanentRedirectMovesTheSource(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/old.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new.xml", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/temp.xml", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new2.xml", http.StatusFound) })
	mux.HandleFunc("/new.xml", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(sampleRSS)) })
	mux.HandleFunc("/new2.xml", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(sampleRSS)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newCLI(t)
	c.mustRun("add", srv.URL+"/old.xml")
	c.mustRun("add", srv.URL+"/temp.xml")
	locs := []string{}
	for _, s := range sourceList(t, c) {
		locs = append(locs, strings.TrimPrefix(s.Location, srv.URL))
	}
	if strings.Join(locs, ",") != "/new.xml,/temp.xml" {
		t.Fatalf("locations after redirects: %v (a 301 moves the source, a 302 does not)", locs)
	}
}

func TestAddDiscoversTheFeedOfAWebPage(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/blog/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!DOCTYPE html><html><head><title>Blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/atom+xml" title="Atom feed" href="/blog/atom.xml">
<link rel="alternate" type="application/rss+xml" title="RSS feed" href="rss.xml">
</head><body><link rel="alternate" type="application/rss+xml" href="/ignored.xml"></body></html>`))
	})
	mux.HandleFunc("/blog/atom.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><entry><title>Post</title><id>1</id></entry></feed>`))
	})
	mux.HandleFunc("/nofeed/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<html><head><title>x</title></head><body>no feed</body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newCLI(t)
	out := c.mustRun("add", srv.URL+"/blog/")
	if !strings.Contains(out, "links to 2 feed(s). Using Atom feed: "+srv.URL+"/blog/atom.xml") || !strings.Contains(out, "also: RSS feed  "+srv.URL+"/blog/rss.xml") {
		t.Fatalf("discovery: %q", out)
	}
	if got := lsTitles(t, c); strings.Join(got, "|") != "Post" {
		t.Fatalf("articles: %v", got)
	}
	code, _, errOut := c.run("add", srv.URL+"/nofeed/")
	if code != 1 || !strings.Contains(errOut, "links to no feed") {
		t.Fatalf("page without feeds: exit %d, %q", code, errOut)
	}
}
