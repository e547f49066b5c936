package remote

import (
	"testing"
	"time"

	"github.com/byline/byline/feed"
)

// A server's item passes the path a feed's item does: its title and its
// body lose a sequence spelled as character references whole.
func TestServerItemEncodedSequencesGoWhole(t *testing.T) {
	a := newArticle("g", 1, "Ti&#x1b;]0;PWNED&#7;tle", "https://ex.example/1", "", time.Unix(0, 0), nil,
		"<p>b&#x1b;]0;PWNED&#7;ody &#27;[2J&#x1B;]52;c;aGk=&#x07;end</p>")
	if a.Title != "Title" {
		t.Errorf("title %q", a.Title)
	}
	md, err := feed.ToMarkdown(a.Content, a.Format, a.Link)
	if err != nil || md != "body end" {
		t.Errorf("body %q (%v)", md, err)
	}
}
