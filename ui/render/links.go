package render

import (
	neturl "net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/byline/byline/feed/sanitize"
	"github.com/charmbracelet/x/ansi"
)

// Link is a numbered link of an article: its text (or a picture's alt
// text) as the reader sees it, and its address as the author wrote it
// (references decoded, nothing percent-encoded), which is what opens.
// A URL that appears twice keeps its first number. Links in code are not
// links.
type Link struct {
	N     int
	Text  string
	URL   string
	Image bool
}

// Shown is a link's address as the reader is shown it: an in-page link
// decoded, as a browser and the status line show it ("#%C3%BCber-uns" is
// #über-uns: a table of contents in another script was a list of %XX);
// any other address as the author wrote it.
func Shown(url string) string {
	if frag, ok := strings.CutPrefix(url, "#"); ok && strings.Contains(frag, "%") {
		if decoded, err := neturl.PathUnescape(frag); err == nil {
			return "#" + decoded
		}
	}
	return url
}

// unescapeMarkdown drops the backslash of backslash escapes: text segments
// keep them, and the label is escaped again when it is written back.
func unescapeMarkdown(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// linksList writes the links one to a line: its number, its label where
// it has one, and its URL whole. On a terminal a line that does not fit
// moves the URL to a line of its own, and a URL wider than the line
// continues on the next at character boundaries, so that every character
// can be read and copied; with wholeURLs it is written whole.
// URLs become OSC 8 hyperlinks here, where they are written, after the
// output filter has run over Glamour's text.
func (r *Renderer) linksList(links []Link, width int) string {
	numWidth := len("[" + strconv.Itoa(links[len(links)-1].N) + "]")
	var b strings.Builder
	for _, l := range links {
		num := "[" + strconv.Itoa(l.N) + "]"
		lead := "  " + num + strings.Repeat(" ", numWidth-len(num)+1)
		hang := strings.Repeat(" ", len(lead))
		label := sanitize.Line(l.Text)
		if l.Image {
			label = strings.TrimSuffix("image: "+label, ": ")
		}
		url := sanitize.Line(Shown(l.URL))
		if label == url || strings.HasPrefix(label, "http://") || strings.HasPrefix(label, "https://") {
			label = "" // the URL says it
		}
		switch {
		case label == "":
			b.WriteString(r.wrapURL(lead, hang, url, width))
		case ansi.StringWidth(lead+label+" — "+url) <= width:
			b.WriteString(lead + label + " — " + r.link(url, url) + "\n")
		default:
			for i, w := range strings.Split(ansi.Wrap(label, max(width-len(hang), 10), ""), "\n") {
				if i == 0 {
					b.WriteString(lead + w + "\n")
				} else {
					b.WriteString(hang + w + "\n")
				}
			}
			b.WriteString(r.wrapURL(hang, hang, url, width))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// URL writes an address on a line of its own at the document's margin,
// the way the links list writes each one: whole, or wrapped at character
// boundaries, and a hyperlink where the terminal supports it.
func (r *Renderer) URL(url string, width int) string {
	return strings.TrimSuffix(r.wrapURL("  ", "  ", sanitize.Line(url), width), "\n")
}

// wrapURL writes url after lead, continuing under hang at character
// boundaries when it is wider than the line.
func (r *Renderer) wrapURL(lead, hang, url string, width int) string {
	if r.wholeURLs {
		return lead + r.link(url, url) + "\n"
	}
	var b strings.Builder
	prefix, rest, first := lead, url, true
	for lines := 1; ; lines++ {
		if lines == maxURLLines && !fits(rest, max(width-len(prefix), 10)) {
			// A URL of thousands of lines (a data: URL, a tracking blob)
			// would bury the list: its head shows, and its size; the
			// reader's links list has it whole.
			return b.String() + prefix + "… (" + byteSize(len(url)) + ")\n"
		}
		part := ansi.Truncate(measured(rest, max(width-len(prefix), 10)), max(width-len(prefix), 10), "")
		if part == "" { // one character wider than the room
			_, size := utf8.DecodeRuneInString(rest)
			part = rest[:size]
		}
		if first {
			// Only the first piece is the hyperlink (to the whole URL): one
			// OSC 8 for each link, so that the output grows with the URL,
			// not with its square, and each line's sequence ends on it
			// (a pane that shows some of the lines shows whole sequences).
			b.WriteString(prefix + r.link(part, url) + "\n")
		} else {
			b.WriteString(prefix + part + "\n")
		}
		rest = rest[len(part):]
		if rest == "" {
			return b.String()
		}
		prefix, first = hang, false
	}
}

// maxURLLines is the most lines a URL takes in the links list on a
// terminal: a longer one shows its head and its size.
const maxURLLines = 4

// fits reports whether s is at most width cells, measuring only as much
// of it as could fit.
func fits(s string, width int) bool {
	head := measured(s, width)
	return len(head) == len(s) && ansi.StringWidth(s) <= width
}

// byteSize is a size as a reader reads it: "900 bytes", "1.5 KB", "200 KB".
func byteSize(n int) string {
	switch {
	case n < 1000:
		return strconv.Itoa(n) + " bytes"
	case n < 10<<10:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
	case n < 10<<20:
		return strconv.Itoa((n+512)>>10) + " KB"
	}
	return strconv.Itoa((n+(512<<10))>>20) + " MB"
}

// link makes text (a URL, or a part of one written over several lines) a
// hyperlink to url where the terminal supports OSC 8. Only web and mail
// addresses become links; sanitize.Line has removed anything that could
// end the sequence early.
func (r *Renderer) link(text, url string) string {
	if !r.hyperlinks || !(strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "mailto:")) {
		return text
	}
	return Hyperlink(url, text)
}

// MaxHyperlinkURL is the longest URL written as a hyperlink: terminals
// refuse longer ones (VTE's limit is 2083 bytes), and a pane redrawn with
// a megabyte URL in it would send a megabyte a frame.
const MaxHyperlinkURL = 2083

// Hyperlink wraps text in an OSC 8 hyperlink to url, terminated with ST
// rather than BEL (which some terminals and multiplexers take for the
// bell); text alone when url is longer than MaxHyperlinkURL. url must hold
// no control characters (sanitize.Line).
func Hyperlink(url, text string) string {
	if len(url) > MaxHyperlinkURL {
		return text
	}
	return "\x1b]8;;" + url + "\x1b\\" + text + "\x1b]8;;\x1b\\"
}
