package library

import (
	"strings"
	"testing"
)

func TestTranslateNewsboatFilter(t *testing.T) {
	for _, c := range []struct{ in, star, want string }{
		{`unread = "yes"`, "", "+unread"},
		{`unread = "no"`, "", "-unread"},
		{`unread != "yes"`, "", "-unread"},
		{`tags # "Tech News"`, "", "+tech-news"},
		{`tags !# "politics"`, "", "-politics"},
		{`flags # "s"`, "", "+flag-s"},
		{`flags # "s"`, "s", "+starred"},
		{`flags !# "S"`, "", "-flag-capital-s"},
		{`unread = "yes" and tags # "go"`, "", "+unread +go"},
		{`tags # "go" or tags # "rust"`, "", "+go,rust"},
		{`unread = "yes" or flags # "s"`, "s", "+unread,starred"},
		{`unread = "yes" and (tags # "a" or tags # "b" or tags # "c")`, "", "+unread +a,b,c"},
		{`(tags # "a" or tags # "b") and tags !# "c"`, "", "+a,b -c"},
		{`age < 7`, "", "@7-days-ago"},
		{`age <= 7`, "", "@8-days-ago"},
		{`age > 30`, "", "@1970-01-01--31-days-ago"},
		{`age >= 30`, "", "@1970-01-01--30-days-ago"},
		{`age between 1:5`, "", "@6-days-ago--1-day-ago"},
		{`age = 2`, "", "@3-days-ago--2-days-ago"},
		{`title =~ "rust"`, "", "rust"},
		{`content =~ "release notes"`, "", `"release notes"`},
		{`title !~ "sponsored"`, "", "!sponsored"},
		{`feedurl =~ "youtube.com"`, "", "=youtube.com"},
		{`feedtitle !~ "Hacker News"`, "", `~"Hacker News"`},
		{`unread = "yes" and age < 3 and title !~ "ad"`, "", "+unread @3-days-ago !ad"},
	} {
		got, err := TranslateNewsboatFilter(c.in, c.star)
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, why string }{
		{`title =~ "^Rust"`, "regular expressions"},
		{`author = "me"`, `nothing for "author"`},
		{`unread = "yes" or age < 3`, `"or" only between tags`},
		{`tags !# "a" or tags !# "b"`, `"or" only between tags`},
		{`content !~ "x"`, "does not contain"},
		{`age < "soon"`, "number of days"},
		{`unread = "maybe"`, `"yes" or "no"`},
		{`flags # "ab"`, "one flag letter"},
		{`title =~ "a.b"`, "regular expressions"},
		{`unread = "yes`, "does not parse"},
	} {
		got, err := TranslateNewsboatFilter(c.in, "")
		if err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: %q, %v; want an error saying %q", c.in, got, err, c.why)
		}
	}
}
