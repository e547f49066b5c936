package feed

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"
	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// ErrNotAFeed is returned for documents that are not RSS, Atom or JSON Feed.
var ErrNotAFeed = errors.New("not a feed: no RSS, Atom or JSON Feed document found")

var xmlDeclEncoding = regexp.MustCompile(`(?i)^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']`)

// ParseFeed parses an RSS, Atom or JSON Feed document. base is the URL (or
// file path) the document came from; relative item links are resolved
// against the feed's own link, else against base.
func ParseFeed(data []byte, base string) (*Result, error) {
	data = normaliseDocument(data)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty document")
	}
	if declaresEntities(data) {
		// No feed needs its own entities; a document that declares them is
		// an entity-expansion bomb or worse.
		return nil, errors.New("refused: the document declares XML entities")
	}
	fp := gofeed.NewParser()
	// byline shows no item images; finding one means parsing every item's
	// HTML a second time.
	fp.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	f, err := fp.Parse(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			if looksLikeHTML(data) {
				return nil, fmt.Errorf("%w (it is an HTML page)", ErrNotAFeed)
			}
			return nil, ErrNotAFeed
		}
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	if f == nil {
		return nil, ErrNotAFeed
	}
	if f.FeedType == "" {
		return nil, ErrNotAFeed
	}
	res := &Result{Title: PlainText(f.Title), SiteURL: sanitize.Line(f.Link)}
	linkBase := base
	if f.Link != "" {
		linkBase = resolveURL(base, f.Link)
	}
	res.Articles = make([]Article, 0, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		res.Articles = append(res.Articles, itemToArticle(it, linkBase))
	}
	return res, nil
}

func itemToArticle(it *gofeed.Item, base string) Article {
	a := Article{GUID: it.GUID, Title: it.Title, Link: resolveURL(base, sanitize.Line(it.Link)), Summary: it.Description}
	switch {
	case it.Author != nil && it.Author.Name != "":
		a.Author = it.Author.Name
	case len(it.Authors) > 0 && it.Authors[0] != nil:
		a.Author = it.Authors[0].Name
	}
	switch {
	case it.PublishedParsed != nil:
		a.Published = *it.PublishedParsed
	case it.UpdatedParsed != nil:
		a.Published = *it.UpdatedParsed
	default:
		// gofeed reads English day and month names only.
		if t, ok := ParseForeignDate(it.Published); ok {
			a.Published = t
		} else if t, ok := ParseForeignDate(it.Updated); ok {
			a.Published = t
		}
	}
	a.Tags = append(a.Tags, itemTags(it)...)
	a.Content = it.Content
	if strings.TrimSpace(a.Content) == "" {
		a.Content = it.Description
	}
	// Podcasts and other media: the enclosure is what the item is about.
	for _, enc := range it.Enclosures {
		if enc == nil || !IsURL(enc.URL) {
			continue
		}
		a.Content += AttachmentHTML(enc.Type, enc.URL)
	}
	if a.Summary == it.Content || strings.TrimSpace(it.Content) == "" && len(it.Enclosures) == 0 {
		a.Summary = "" // the content itself: the excerpt of its text
	}
	return NewArticle(a)
}

// AttachmentHTML is the paragraph an article's content ends with for an
// enclosure (a podcast's episode, a video): its type and a link to it.
func AttachmentHTML(kind, link string) string {
	if kind == "" {
		kind = "media"
	}
	return fmt.Sprintf(`<p>Attached %s: <a href="%s">%s</a></p>`, html.EscapeString(kind), html.EscapeString(link), html.EscapeString(link))
}

// normaliseDocument fixes what commonly stops an XML parser on real feeds:
// a byte-order mark or blank lines before the prolog, and ISO-8859-1 /
// Windows-1252 bytes in a document that declares no encoding. It also
// removes escape sequences, which XML cannot carry but hostile feeds do.
func normaliseDocument(data []byte) []byte {
	data = bytes.TrimPrefix(fromUTF16(data), []byte("\xef\xbb\xbf"))
	xml := bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("<"))
	if xml {
		data = forbiddenReferences(data, true)
	}
	data = sanitize.StripEscapes(data)
	if xml {
		// Removing escapes can join the text around one into a new
		// reference ("&#x&#8;1b;"); this pass removes nothing.
		data = forbiddenReferences(data, false)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '<' {
		data = numericZones(trimmed)
		if xmlDeclEncoding.Find(data) == nil && !utf8.Valid(data) { // the declaration first: it is short
			if dec, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
				data = dec
			}
		}
	}
	return data
}

// forbiddenReferences rewrites the character references of an XML
// document (outside CDATA sections, comments and processing instructions,
// where "&#" is text) whose character XML 1.0 forbids: the XML parser
// refuses the whole document for one of them, so one item's
// "Back&#8;space" lost every item of the feed. A reference to a C0 control
// becomes the control itself when raw, so that StripEscapes then removes it
// with the rest of its sequence ("&#x1b;]0;title&#7;" goes whole, where
// dropping the references alone would leave "]0;title" as text), and so
// do references to printable ASCII (see plainASCII); a
// reference to anything else XML forbids (NUL, surrogates, U+FFFE, U+FFFF),
// and to a control when not raw, becomes "&#xFFFD;", the replacement
// character. References to controls XML allows (C1, DEL) are left: the
// parser decodes them and the sanitiser removes them, with their sequence,
// from the text. It works on the bytes of any ASCII-compatible encoding.
func forbiddenReferences(data []byte, raw bool) []byte {
	if !bytes.Contains(data, []byte("&#")) {
		return data
	}
	var out []byte // nil until something changes
	done := 0      // data[:done] is in out
	for i := 0; i < len(data); {
		switch {
		case data[i] == '<':
			i = sectionEnd(data, i)
		case data[i] == '&' && i+1 < len(data) && data[i+1] == '#':
			r, n, ok := charReference(data[i:])
			if !ok || xmlChar(r) && !(raw && plainASCII(r, data, i, i+n, done, out)) {
				i++
				continue
			}
			out = append(out, data[done:i]...)
			if raw && (r < 0x20 || xmlChar(r)) {
				out = append(out, byte(r))
			} else {
				out = append(out, "&#xFFFD;"...)
			}
			i += n
			done = i
		default:
			i++
		}
	}
	if out == nil {
		return data
	}
	return append(out, data[done:]...)
}

// plainASCII reports a reference (data[i:end]) to a printable ASCII
// character that means the same written raw: a sequence may spell its
// every character so ("&#27;&#93;&#48;&#59;x&#7;"), and once the ESC is raw
// the rest must be too, or only "ESC&#x" is seen as the sequence and
// "5d;0;x" stays. Markup characters stay references, and so does a "]"
// that would close a CDATA section that is not there ("]]>" in text is an
// error). out and done are forbiddenReferences' output so far.
func plainASCII(r rune, data []byte, i, end, done int, out []byte) bool {
	switch {
	case r < 0x20 || r > 0x7e || r == '<' || r == '>' || r == '&' || r == '"' || r == '\'':
		return false
	case r != ']':
		return true
	}
	var prev byte
	if i > done {
		prev = data[i-1]
	} else if len(out) > 0 {
		prev = out[len(out)-1]
	}
	next := data[end:]
	return !bytes.HasPrefix(next, []byte("]>")) && !(prev == ']' && bytes.HasPrefix(next, []byte(">")))
}

// skippedSections are the parts of an XML document where "&#" starts no
// reference.
var skippedSections = []struct{ open, close []byte }{
	{[]byte("<![CDATA["), []byte("]]>")},
	{[]byte("<!--"), []byte("-->")},
	{[]byte("<?"), []byte("?>")},
}

// sectionEnd returns the index past the skipped section that starts at
// data[i] (the end of the document when it is not closed), or i+1.
func sectionEnd(data []byte, i int) int {
	for _, s := range skippedSections {
		if bytes.HasPrefix(data[i:], s.open) {
			if j := bytes.Index(data[i+len(s.open):], s.close); j >= 0 {
				return i + len(s.open) + j + len(s.close)
			}
			return len(data)
		}
	}
	return i + 1
}

// charReference reads the character reference at the start of b ("&#27;",
// "&#x1B;", "&#0000027;"): its code point and length. ok is false when b
// holds no complete reference or its number is past the last code point
// (the parser keeps such text as it is).
func charReference(b []byte) (r rune, n int, ok bool) {
	i, base := 2, rune(10)
	if i < len(b) && (b[i] == 'x' || b[i] == 'X') {
		i, base = i+1, 16
	}
	start := i
	for ; i < len(b); i++ {
		var d rune
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		case c == ';' && i > start:
			return r, i + 1, r <= utf8.MaxRune
		default:
			return 0, 0, false
		}
		if r <= utf8.MaxRune {
			r = r*base + d
		}
	}
	return 0, 0, false
}

// xmlChar reports a character XML 1.0 allows in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xd7ff ||
		r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= utf8.MaxRune
}

// declaresEntities reports an <!ENTITY declaration in the prolog (before
// the root element).
func declaresEntities(data []byte) bool {
	head := data[:min(len(data), 64<<10)]
	doctype := bytes.Index(head, []byte("<!DOCTYPE"))
	if doctype < 0 {
		return false
	}
	return bytes.Contains(head[doctype:], []byte("<!ENTITY"))
}

// fromUTF16 turns a UTF-16 document (with a byte-order mark, or starting
// "<" with a NUL beside it) into UTF-8, and its XML declaration with it.
func fromUTF16(data []byte) []byte {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), len(data) > 1 && data[0] == '<' && data[1] == 0:
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}), len(data) > 1 && data[0] == 0 && data[1] == '<':
		enc = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	default:
		return data
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return xmlDeclEncodingAttr.ReplaceAll(out, []byte(`${1}utf-8${2}`))
}

var xmlDeclEncodingAttr = regexp.MustCompile(`(?i)(<\?xml[^>]*encoding\s*=\s*["'])[^"']*(["'])`)

func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 2048)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<head")) ||
		bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<!doctype html"))
}

// resolveURL resolves ref against base; when base is not a URL (a file
// path) or ref is already absolute, ref comes back unchanged.
func resolveURL(base, ref string) string {
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil || r.IsAbs() {
		return ref
	}
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() || (b.Scheme != "http" && b.Scheme != "https") {
		return ref
	}
	return b.ResolveReference(r).String()
}

// maxFeedTag is the longest category kept as a tag, in characters: a
// longer one is a sentence or a keyword list no one filters on.
const maxFeedTag = 64

// itemTags are an item's categories as tags. gofeed reads itunes:keywords
// as comma-separated, but many podcasts separate them with spaces; such a
// list (no comma in it) is read as one keyword a word, instead of one tag
// of a hundred characters.
func itemTags(it *gofeed.Item) []string {
	var spaced string
	if it.ITunesExt != nil && !strings.Contains(it.ITunesExt.Keywords, ",") {
		spaced = strings.TrimSpace(it.ITunesExt.Keywords)
	}
	tags := make([]string, 0, len(it.Categories))
	for _, c := range it.Categories {
		c = strings.TrimSpace(c)
		if spaced != "" && c == spaced {
			tags = append(tags, strings.Fields(c)...)
			spaced = "" // once: a category that says the same again is a category
			continue
		}
		if utf8.RuneCountInString(c) <= maxFeedTag {
			tags = append(tags, c)
		}
	}
	return tags
}
