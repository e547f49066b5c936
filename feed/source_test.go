package feed

import (
	"strings"
	"testing"
)

// A file:// URL is not refused without a word on what to give instead.
func TestKindOfFileURLSaysToGiveThePath(t *testing.T) {
	_, err := KindOf("file:///home/me/feeds/episodes.xml")
	if err == nil || !strings.Contains(err.Error(), "give the file's path instead (/home/me/feeds/episodes.xml)") {
		t.Fatalf("file URL: %v", err)
	}
	if _, err := KindOf("ftp://example.com/feed.xml"); err == nil || !strings.Contains(err.Error(), "only http and https") {
		t.Fatalf("ftp URL: %v", err)
	}
}
