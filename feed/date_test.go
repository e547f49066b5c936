package feed

import (
	"testing"
	"time"
)

// Dates as feeds in these languages write them: RFC 822 with local names
// (WordPress and Blogger with a localised PHP or Java date), and the long
// forms some hand-written feeds use.
var foreignDates = []struct{ in, want string }{
	{"Seg, 24 Set 2018 10:00:00 -0300", "2018-09-24T13:00:00Z"},        // Portuguese
	{"Qua, 05 Dez 2018 18:30:00 +0000", "2018-12-05T18:30:00Z"},        // Portuguese
	{"sáb, 03 fev 2024 09:15:00 -0300", "2024-02-03T12:15:00Z"},        // Portuguese, lower case
	{"24 de setembro de 2018 10:00", "2018-09-24T10:00:00Z"},           // Portuguese, long form
	{"Lun, 14 Ene 2019 08:00:00 +0100", "2019-01-14T07:00:00Z"},        // Spanish
	{"mié, 18 dic 2019 12:00:00 GMT", "2019-12-18T12:00:00Z"},          // Spanish
	{"Mar., 09 Abr 2019 07:45:00 +0200", "2019-04-09T05:45:00Z"},       // Spanish, "Mar." is Tuesday
	{"lun., 02 sept. 2019 16:20:00 +0200", "2019-09-02T14:20:00Z"},     // French
	{"Jeu, 15 Févr 2018 08:00:00 +0100", "2018-02-15T07:00:00Z"},       // French
	{"mardi 3 décembre 2019 10:00", "2019-12-03T10:00:00Z"},            // French, long form
	{"Mo, 04 Mär 2019 09:00:00 +0100", "2019-03-04T08:00:00Z"},         // German
	{"Do, 17 Okt 2019 14:00:00 +0200", "2019-10-17T12:00:00Z"},         // German
	{"Fr, 06 Dez 2019 11:11:11 +0100", "2019-12-06T10:11:11Z"},         // German
	{"Mi, 01 Mai 2019 00:00:00 GMT", "2019-05-01T00:00:00Z"},           // German
	{"Gio, 10 Ott 2019 15:30:00 +0200", "2019-10-10T13:30:00Z"},        // Italian
	{"lunedì, 13 gennaio 2020 09:00:00 +0100", "2020-01-13T08:00:00Z"}, // Italian
	{"Ven, 21 Giu 2019 18:00:00 +0200", "2019-06-21T16:00:00Z"},        // Italian
}

func TestParseDateForeign(t *testing.T) {
	for _, c := range foreignDates {
		got, ok := ParseForeignDate(c.in)
		if !ok {
			t.Errorf("%q: not parsed", c.in)
			continue
		}
		if g := got.UTC().Format(time.RFC3339); g != c.want {
			t.Errorf("%q = %s, want %s", c.in, g, c.want)
		}
	}
	for _, bad := range []string{"", "soon", "24/13/2018 99:00", "Seg, 99 Set 2018"} {
		if got, ok := ParseForeignDate(bad); ok {
			t.Errorf("%q parsed as %v", bad, got)
		}
	}
}

// A feed in Portuguese: its items get their dates; an item whose date
// cannot be read has none, rather than the time it was fetched.
func TestParseFeedForeignDates(t *testing.T) {
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<item><title>a</title><guid>a</guid><pubDate>Seg, 24 Set 2018 10:00:00 -0300</pubDate></item>
<item><title>b</title><guid>b</guid><pubDate>quando der</pubDate></item>
</channel></rss>`
	res, err := ParseFeed([]byte(doc), "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Articles[0].Published.UTC().Format(time.RFC3339); got != "2018-09-24T13:00:00Z" {
		t.Errorf("a: %s", got)
	}
	if !res.Articles[1].Published.IsZero() {
		t.Errorf("b: %v, want no date", res.Articles[1].Published)
	}
}
