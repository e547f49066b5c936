package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/byline/byline/refresh"
	"github.com/byline/byline/store"
	"github.com/byline/byline/ui/render"
	"github.com/muesli/termenv"
)

// encodedControls are the sequences and characters an attacker would like
// to reach the terminal: window title (OSC 0), clipboard (OSC 52), DCS,
// APC, a non-SGR CSI, their 8-bit forms, BEL, a bidi override and the
// invisible format characters and fillers of category Cf and friends.
var encodedControls = []string{
	"\x1b]0;PWNED\x07",
	"\x1b]52;c;cm0gLXJmIH4=\x1b\\",
	"\x1bP1$r0m\x1b\\",
	"\x1b_Gf=100;AAAA\x1b\\",
	"\x1b[2J",
	"\u009b2J",
	"\u009d0;C1TITLE\u009c",
	"\x07",
	"\u202e",
	"\u206a\u180e\u0600\u06dd\u070f\u115f\u1160\u3164\uffa0\u034f\u17b4\u2800\u00ad\u2061",
}

// isControlRune is what the encodings below spell as character references.
func isControlRune(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) || hostileInvisible(r)
}

// hostileInvisible is what must never be printed: every Cf character but
// ZWJ and ZWNJ, and the fillers that render as nothing.
func hostileInvisible(r rune) bool {
	if r == 0x200c || r == 0x200d {
		return false
	}
	switch r {
	case 0x115f, 0x1160, 0x3164, 0xffa0, 0x034f, 0x17b4, 0x17b5, 0x2800:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// encodings of a control sequence: every control character in it spelled
// raw, as a decimal or hex character reference, or double-encoded (an
// entity whose text is itself a character reference, which a Markdown
// parser decodes once more after the HTML was turned into Markdown).
var encodings = map[string]func(string) string{
	"raw": func(s string) string { return s },
	"dec": func(s string) string { return spellControls(s, func(r rune) string { return fmt.Sprintf("&#%d;", r) }) },
	"hex": func(s string) string {
		return spellControls(s, func(r rune) string { return fmt.Sprintf("&#x%x;", r) })
	},
	"double": func(s string) string {
		return spellControls(s, func(r rune) string { return fmt.Sprintf("&amp;#x%X;", r) })
	},
}

// xmlEncodings spell each control as a character reference in the feed's
// XML itself, not in the HTML it carries: references to characters XML
// forbids (ESC, BEL, BS) made the parser refuse the whole feed. The cases
// and leading zeros are the spellings a parser accepts.
var xmlEncodings = map[string]func(rune) string{
	"xml-dec": func(r rune) string { return fmt.Sprintf("&#000%d;", r) },
	"xml-hex": func(r rune) string { return fmt.Sprintf("&#X%X;", r) },
}

// fragments are the texts inside encodedControls' sequences: none may be
// left when a sequence is removed. The C1 ones are not here: a feed
// parser decodes &#x9b; as HTML does, to "›" (Windows-1252), and keeps the
// text after it.
var fragments = []string{"PWNED", "cm0gLXJmIH4", "1$r0m", "Gf=100", "[2J"}

func spellControls(s string, spell func(rune) string) string {
	var b strings.Builder
	for _, r := range s {
		if isControlRune(r) {
			b.WriteString(spell(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hostilePayload is every control in one encoding, between markers that
// must survive as text.
func hostilePayload(enc string) string {
	var b strings.Builder
	for i, c := range encodedControls {
		fmt.Fprintf(&b, "m%d%s ", i, encodings[enc](c))
	}
	return b.String()
}

// writeEncodedCorpus writes one source of every kind, each field of each
// carrying every control in every encoding: RSS with escaped HTML, RSS with
// CDATA, Atom, JSON Feed (whose encoder spells ESC as \u001b) and a folder
// of Markdown files.
func writeEncodedCorpus(t *testing.T, dir string) []string {
	t.Helper()
	var paths []string
	for enc, spell := range xmlEncodings {
		p := hostilePayload("hex") // in CDATA, where "&#" is text
		xp := spellControls(html.EscapeString(hostilePayload("raw")), spell)
		paths = append(paths, writeEncodedFeeds(t, dir, enc, p, xp)...)
	}
	for enc := range encodings {
		p := hostilePayload(enc)
		// In XML character data the payload is HTML, escaped once more.
		paths = append(paths, writeEncodedFeeds(t, dir, enc, p, html.EscapeString(p))...)

		md := filepath.Join(dir, "notes-"+enc)
		// Markdown decodes character references itself: spell them once.
		mp := strings.ReplaceAll(p, "&amp;", "&")
		yq := strings.ReplaceAll(strings.ReplaceAll(mp, `\`, `\\`), `"`, `\"`)
		writeFile(t, filepath.Join(md, "a.md"), fmt.Sprintf("---\ntitle: \"MD %s\"\nauthor: \"Al %s\"\ntags: [\"t %s\"]\n---\n\nBody %s\n\n`code %s`\n\n[link %s](https://example.com/)\n", yq, yq, yq, mp, mp, mp))
		paths = append(paths, md)
	}
	return paths
}

// writeEncodedFeeds writes an RSS, an Atom and a JSON feed named for the
// encoding enc, carrying p where the document holds HTML as it is (CDATA,
// JSON) and xp in XML character data and attributes.
func writeEncodedFeeds(t *testing.T, dir, enc, p, xp string) []string {
	var paths []string
	{
		rss := fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>RSS-%[3]s %[1]s</title><link>https://evil.example/</link>
<item><title>Escaped %[1]s</title><link>https://evil.example/1</link><guid>1</guid><author>m@example.com (Mallory %[1]s)</author>
<category>cat %[1]s</category><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate><description>&lt;p&gt;Body %[1]s&lt;/p&gt;&lt;pre&gt;code %[1]s&lt;/pre&gt;</description></item>
<item><title><![CDATA[CDATA %[2]s]]></title><link>https://evil.example/2</link><guid>2</guid><description><![CDATA[<p>cdata body %[2]s</p>]]></description></item>
</channel></rss>`, xp, p, enc)
		paths = append(paths, writeFile(t, filepath.Join(dir, enc+".rss"), rss))

		atom := fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Atom-%[2]s %[1]s</title><id>urn:a</id>
<entry><title type="html">Atom entry %[1]s</title><id>urn:a:1</id><updated>2006-01-02T15:04:05Z</updated><author><name>Eve %[1]s</name></author>
<category term="t %[1]s"/><content type="html">&lt;p&gt;atom body %[1]s&lt;/p&gt;</content></entry></feed>`, xp, enc)
		paths = append(paths, writeFile(t, filepath.Join(dir, enc+".atom"), atom))

		jf, _ := json.Marshal(map[string]any{
			"version": "https://jsonfeed.org/version/1.1", "title": "JSON-" + enc + " " + p,
			"items": []map[string]any{{
				"id": "j1", "title": "JSON item " + p, "content_html": "<p>json body " + p + "</p>",
				"tags": []string{"json " + p}, "authors": []map[string]string{{"name": "Jo " + p}},
				"url": "https://evil.example/j1",
			}},
		})
		paths = append(paths, writeFile(t, filepath.Join(dir, enc+".json"), string(jf)))
	}
	return paths
}

// foreignSequence returns the first thing in out that byline did not
// write itself, or "". On a terminal byline writes SGR styling (CSI ... m)
// and, in the reader, OSC 8 hyperlinks; piped, it writes no escapes at all.
func foreignSequence(out string, terminal bool) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i := 0; i < len(out); {
		if out[i] == 0x1b {
			if terminal && strings.HasPrefix(out[i:], "\x1b[") {
				j := i + 2
				for j < len(out) && (out[j] >= '0' && out[j] <= '9' || out[j] == ';' || out[j] == ':') {
					j++
				}
				if j < len(out) && out[j] == 'm' {
					i = j + 1
					continue
				}
			}
			if terminal && strings.HasPrefix(out[i:], "\x1b]8;;") {
				if end := strings.Index(out[i:], "\x1b\\"); end > 0 && !strings.ContainsAny(out[i+5:i+end], "\x07\x1b") {
					i += end + 2
					continue
				}
			}
			return fmt.Sprintf("escape sequence %q", out[i:min(len(out), i+12)])
		}
		r, size := utf8.DecodeRuneInString(out[i:])
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || hostileInvisible(r) {
			return fmt.Sprintf("control %U in %q", r, out[max(0, i-16):min(len(out), i+16)])
		}
		i += size
	}
	return ""
}

func TestEncodedControlsNeverReachTheTerminal(t *testing.T) {
	t.Setenv("COLORTERM", "truecolor")
	t.Setenv("TERM", "xterm-256color")
	c := newCLI(t)
	for _, src := range writeEncodedCorpus(t, t.TempDir()) {
		if code, out, errOut := c.run("add", src); code != 0 {
			t.Fatalf("add %s: exit %d: %s%s", src, code, out, errOut)
		} else if bad := foreignSequence(out+errOut, false); bad != "" {
			t.Errorf("add %s: %s", src, bad)
		}
	}
	var arts []struct {
		ID     int64  `json:"id"`
		Source string `json:"source"`
		Title  string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("ls", "--json")), &arts); err != nil || len(arts) < 16 {
		t.Fatalf("want the corpus listed, got %d articles (%v)", len(arts), err)
	}
	check := func(what, out string, terminal bool) {
		t.Helper()
		if bad := foreignSequence(out, terminal); bad != "" {
			t.Errorf("%s: %s", what, bad)
		}
	}
	for _, args := range [][]string{{"ls"}, {"ls", "--json"}, {"sources"}, {"sources", "--json"}} {
		code, out, errOut := c.run(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		check(strings.Join(args, " "), out+errOut, false)
	}

	st, err := store.Open(filepath.Join(c.dataDir, "byline", "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	reader := render.New("dark", termenv.TrueColor, render.WithHyperlinks(true))
	for _, a := range arts {
		what := fmt.Sprintf("article %d", a.ID)
		// Front matter is cleaned before it is parsed: a control in it
		// lost the file its title, date and tags.
		if strings.HasPrefix(a.Source, "notes-") && !strings.HasPrefix(a.Title, "MD m0") {
			t.Errorf("%s (%s): front matter's title lost: %q", what, a.Source, a.Title)
		}
		// byline read, piped and on a terminal.
		for _, args := range [][]string{{"read", fmt.Sprint(a.ID)}, {"read", fmt.Sprint(a.ID), "--raw"}} {
			code, out, errOut := c.run(args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errOut)
			}
			check(strings.Join(args, " ")+" piped", out+errOut, false)
			// A feed's sequences go whole, however they were spelled,
			// in the title as in the body; "double" spells them as
			// text, which is shown as the author wrote it.
			kind, enc, _ := strings.Cut(strings.Fields(a.Source + " ")[0], "-")
			// The author and the tags are text, not HTML: a reference
			// there is text as written, so only the title and the body
			// are read here.
			if (kind == "RSS" || kind == "Atom" || kind == "JSON") && enc != "double" && len(args) == 2 {
				title, _, _ := strings.Cut(out, "\n")
				_, body, _ := strings.Cut(out, "--------")
				for _, f := range fragments {
					if strings.Contains(title+body, f) {
						t.Errorf("%v (%s): %q left as text:\n%s", args, a.Source, f, out)
					}
				}
			}
		}
		code, out, errOut := c.runOnTerminal("read", fmt.Sprint(a.ID))
		if code != 0 {
			t.Fatalf("read %d on a terminal: exit %d: %s", a.ID, code, errOut)
		}
		check(what+": read on a terminal", out+errOut, true)
		if !strings.Contains(out, "\x1b[") || !strings.Contains(out, "m9") {
			t.Errorf("%s: read on a terminal lost its styling or its text:\n%s", what, out)
		}

		// The reader pane: what the reader previews on start.
		art, err := st.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		md, err := refresh.DisplayMarkdown(ctx, st, art)
		if err != nil {
			t.Fatal(err)
		}
		body, links, err := reader.RenderArticle(fmt.Sprint(a.ID), md, 80)
		if err != nil {
			t.Fatal(err)
		}
		check(what+": reader pane ("+fmt.Sprint(len(links))+" links)", body, true)

		// What is stored holds no controls either.
		art, _ = st.Article(ctx, a.ID)
		var text string
		if err := st.DB().QueryRow("SELECT text FROM bodies WHERE article_id = ?", a.ID).Scan(&text); err != nil {
			t.Fatal(err)
		}
		for field, v := range map[string]string{"title": art.Title, "author": art.Author, "summary": art.Summary,
			"text": text, "markdown": art.Markdown, "source": art.Source, "tags": strings.Join(art.Tags, " ")} {
			check(what+": stored "+field, v, false)
		}
	}
}

// runOnTerminal runs byline as it runs when stdout is a terminal: Glamour
// with the environment's colour profile.
func (c *cli) runOnTerminal(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), stdoutIsTerminal: true, stderrIsTerminal: true, termWidth: 100}
	code = a.run(args)
	return code, out.String(), errb.String()
}
