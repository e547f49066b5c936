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
// that shape, alone in a pubDate or lastBuildDate element of an item or
// the channel, is touched; anything else (such an element in a title's
// markup, in CDATA, in an Atom entry) is left as it was.
// TestNumericZonesSameInstant holds the instants equal to gofeed's own
// reading, TestNumericZonesLeaveText the text as it was.

// dateZones are the zone names gofeed's date parser gives an offset to
// (internal/shared/dateparser.go, timezoneAbbreviations), as "+hhmm".
var dateZones = map[string]string{
	"UT": "+0000", "GMT": "+0000", "UTC": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
	"WET": "+0000", "WEST": "+0100", "BST": "+0100", "CET": "+0100",
	"CEST": "+0200", "EET": "+0200", "EEST": "+0300",
}

// dateParents are the elements whose date children are rewritten: an
// RSS item's and channel's. A pubDate anywhere else (in a title's markup,
// in CDATA, in an Atom entry's XHTML) is text, and left as it is.
var dateParents = map[string]bool{"item": true, "channel": true}

// dateNames are the date elements rewritten.
var dateNames = map[string]bool{"pubDate": true, "lastBuildDate": true}

// numericZones rewrites the dates of an RSS document (see above), in one
// pass over its tags, keeping the names of the elements open: only a date
// element whose parent is an item or the channel is touched, never text
// in CDATA, comments or processing instructions. A document whose tags do
// not nest (a close tag that is not the open one's) is left as it is from
// there on. It returns data itself when there is nothing to rewrite.
func numericZones(data []byte) []byte {
	if !bytes.Contains(data, []byte("Date>")) {
		return data
	}
	var out []byte // nil until something changes
	done := 0      // data[:done] is in out
	var open [][]byte
	finish := func() []byte {
		if out == nil {
			return data
		}
		return append(out, data[done:]...)
	}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return finish()
		}
		i += j
		rest := data[i:]
		if skip := skippedEnd(rest); skip != 0 {
			if skip < 0 {
				return finish() // not closed: nothing more to rewrite
			}
			i += skip
			continue
		}
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return finish()
		}
		tag := rest[1:end]
		i += end + 1
		if len(tag) > 0 && tag[0] == '/' {
			name := tagName(tag[1:])
			if len(open) == 0 || !bytes.Equal(open[len(open)-1], name) {
				return finish()
			}
			open = open[:len(open)-1]
			continue
		}
		if len(tag) > 0 && tag[len(tag)-1] == '/' {
			continue // empty element
		}
		name := tagName(tag)
		if len(name) == 0 {
			return finish()
		}
		if dateNames[string(name)] && len(open) > 0 && dateParents[string(open[len(open)-1])] {
			closing := "</" + string(name) + ">"
			k := bytes.Index(data[i:min(len(data), i+80)], []byte(closing))
			if k >= 0 && bytes.IndexByte(data[i:i+k], '<') < 0 {
				if fixed, ok := numericDate(data[i : i+k]); ok {
					if out == nil {
						// Room for a few hundred dates two bytes longer
						// ("GMT" is "+0000"), so out is allocated once.
						out = make([]byte, 0, len(data)+1024)
					}
					out = append(out, data[done:i]...)
					out = append(out, fixed...)
					done = i + k
				}
				i += k + len(closing)
				continue
			}
		}
		open = append(open, name)
	}
}

// skippedEnd is, for a document at a "<" that starts a section whose
// text is not markup (CDATA, a comment, a processing instruction, a
// declaration), the length of the section; -1 when it is not closed; 0
// for an element's tag.
func skippedEnd(b []byte) int {
	for _, s := range []struct{ open, close string }{{"<![CDATA[", "]]>"}, {"<!--", "-->"}, {"<?", "?>"}, {"<!", ">"}} {
		if bytes.HasPrefix(b, []byte(s.open)) {
			k := bytes.Index(b[len(s.open):], []byte(s.close))
			if k < 0 {
				return -1
			}
			return len(s.open) + k + len(s.close)
		}
	}
	return 0
}

// tagName is the name a tag's text starts with.
func tagName(tag []byte) []byte {
	for k, c := range tag {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' {
			return tag[:k]
		}
	}
	return tag
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
