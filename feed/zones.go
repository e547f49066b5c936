package feed

import "bytes"

// gofeed reads an RSS date by trying some eighty layouts with numeric
// zones before those with zone names, and each failed layout costs an
// error built by the time package: the date most RSS feeds write, RFC
// 822's "Tue, 14 Nov 2023 21:29:41 GMT", is found after about eighty
// failures, and parsing those dates took a quarter of gofeed's time on a
// corpus of such feeds (more than the XML). numericZones writes the zone
// of such a date as the offset gofeed would give it ("GMT" is "+0000",
// "EST" "-0500", from gofeed's own table) and a one-digit day with its
// zero, so that the fourth layout gofeed tries (RFC 1123 with a numeric
// zone) reads it: the same instant, found at once. Only a date of exactly
// that shape, alone in a pubDate or lastBuildDate element, is touched;
// anything else is left for gofeed as it was. TestNumericZonesSameInstant
// holds the instants equal to gofeed's own reading.

// dateZones are the zone names gofeed's date parser gives an offset to
// (internal/shared/dateparser.go, timezoneAbbreviations), as "+hhmm".
var dateZones = map[string]string{
	"UT": "+0000", "GMT": "+0000", "UTC": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
	"WET": "+0000", "WEST": "+0100", "BST": "+0100", "CET": "+0100",
	"CEST": "+0200", "EET": "+0200", "EEST": "+0300",
}

// dateElements are the RSS elements whose text is such a date, without
// their "Date>", which the scan looks for (a rarer byte to look for than
// "<", which starts every tag).
var dateElements = []struct{ open, close string }{
	{"<pub", "</pubDate>"},
	{"<lastBuild", "</lastBuildDate>"},
}

// numericZones rewrites the dates of an RSS document (see above), in one
// pass. It returns data itself when there is nothing to rewrite.
func numericZones(data []byte) []byte {
	var out []byte // nil until something changes
	done := 0      // data[:done] is in out
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("Date>"))
		if j < 0 {
			break
		}
		tag := i + j
		start := tag + len("Date>")
		i = start
		closing := ""
		for _, e := range dateElements {
			if tag >= len(e.open) && string(data[tag-len(e.open):tag]) == e.open {
				closing = e.close
			}
		}
		if closing == "" {
			continue
		}
		k := bytes.Index(data[start:min(len(data), start+80)], []byte(closing))
		if k < 0 {
			continue
		}
		end := start + k
		if fixed, ok := numericDate(data[start:end]); ok {
			out = append(out, data[done:start]...)
			out = append(out, fixed...)
			done = end
		}
		i = end
	}
	if out == nil {
		return data
	}
	return append(out, data[done:]...)
}

// numericDate rewrites one date of the shape "Ddd, D Mon YYYY HH:MM:SS
// ZONE" (white space around it kept out) as "Ddd, DD Mon YYYY HH:MM:SS
// +hhmm"; ok is false for any other text.
func numericDate(b []byte) ([]byte, bool) {
	b = bytes.TrimSpace(b)
	// "Tue, " then the day.
	if len(b) < 5 || !letters(b[:3]) || b[3] != ',' || b[4] != ' ' {
		return nil, false
	}
	rest := b[5:]
	day := 0
	for day < len(rest) && day < 3 && isDigit(rest[day]) {
		day++
	}
	if day < 1 || day > 2 {
		return nil, false
	}
	dayDigits := rest[:day]
	rest = rest[day:]
	// " Nov 2023 21:29:41 " is 19 bytes, then the zone.
	const middle = len(" Nov 2023 21:29:41 ")
	if len(rest) < middle+2 {
		return nil, false
	}
	m := rest[:middle]
	if m[0] != ' ' || !letters(m[1:4]) || m[4] != ' ' || !digits(m[5:9]) || m[9] != ' ' ||
		!digits(m[10:12]) || m[12] != ':' || !digits(m[13:15]) || m[15] != ':' || !digits(m[16:18]) || m[18] != ' ' {
		return nil, false
	}
	offset, ok := dateZones[string(rest[middle:])]
	if !ok {
		return nil, false
	}
	out := make([]byte, 0, 5+2+middle+len(offset))
	out = append(out, b[:5]...)
	if day == 1 {
		out = append(out, '0')
	}
	out = append(out, dayDigits...)
	out = append(out, m...)
	return append(out, offset...), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

func letters(b []byte) bool {
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
