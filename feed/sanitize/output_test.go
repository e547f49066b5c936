package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStylingOnly(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"SGR kept", "\x1b[38;5;252mgrey\x1b[0m", "\x1b[38;5;252mgrey\x1b[0m"},
		{"SGR with colon parameters kept", "\x1b[4:3mcurly\x1b[m", "\x1b[4:3mcurly\x1b[m"},
		{"OSC title dropped", "a\x1b]0;PWNED\x07b", "ab"},
		{"OSC 52 dropped", "a\x1b]52;c;cm0=\x1b\\b", "ab"},
		{"OSC 8 dropped", "\x1b]8;;http://x\x1b\\t\x1b]8;;\x1b\\", "t"},
		{"cursor movement dropped", "a\x1b[2Jb\x1b[1;1Hc", "abc"},
		{"private SGR-looking CSI dropped", "a\x1b[?25mb", "ab"},
		{"DCS and APC dropped", "a\x1bPq\x1b\\b\x1b_G\x1b\\c", "abc"},
		{"8-bit CSI dropped", "a\u009b31mb", "ab"},
		{"BEL and DEL dropped", "a\x07b\x7fc", "abc"},
		{"bidi override dropped", "a\u202eb", "ab"},
		{"Cf and fillers dropped", "a\u206a\u180e\u0600\u3164\u2800b", "ab"},
		{"ZWJ kept", "👩\u200d💻", "👩\u200d💻"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := StylingOnly(c.in); got != c.want {
				t.Fatalf("StylingOnly(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestMarkdownNeutralisesCharacterReferences(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Hello &#x1b;]0;PWNED&#x07;", "Hello &amp;#x1b;]0;PWNED&amp;#x07;"},
		{"a&#27;[2Jb", "a&amp;#27;[2Jb"},
		{"a&#x9b;b&#X9D;c", "a&amp;#x9b;b&amp;#X9D;c"},
		{"a&#8238;b&rlm;c&shy;d", "a&amp;#8238;b&amp;rlm;c&amp;shy;d"},
		{"no joining: &#x&#x200b;1b;", "no joining: &#x&amp;#x200b;1b;"},
		{"keep &amp; &lt;x&gt; &#x41; &eacute; &#128512;", "keep &amp; &lt;x&gt; &#x41; &eacute; &#128512;"},
		{"joiners stay: &zwj; &#x200c;", "joiners stay: &zwj; &#x200c;"},
		// html.UnescapeString, which Glamour decodes text with, takes a
		// reference without its semicolon, and lets a number wrap around.
		{"no semicolon: &#x1b[8m &#27[5m", "no semicolon: &amp;#x1b[8m &amp;#27[5m"},
		{"leading zeros: &#00000000000000000000027;", "leading zeros: &amp;#00000000000000000000027;"},
		{"wrapped: &#18446744073709551643;", "wrapped: &amp;#18446744073709551643;"},
		{"legacy name: &shy", "legacy name: &amp;shy"},
		{"still text: &copy 2026 &amp AT&T", "still text: &copy 2026 &amp AT&T"},
		{"raw \x1b]0;t\x07 too", "raw  too"},
	}
	for _, c := range cases {
		if got := Markdown(c.in); got != c.want {
			t.Errorf("Markdown(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFormatCharactersRemoved(t *testing.T) {
	for _, r := range []rune{0x206a, 0x206f, 0x180e, 0x0600, 0x0605, 0x06dd, 0x070f, 0x115f, 0x1160, 0x3164, 0xffa0,
		0x034f, 0x17b4, 0x17b5, 0x2800, 0x08e2, 0x110bd, 0x13430, 0x1d173, 0xe0001} {
		if got := Text("a" + string(r) + "b"); got != "ab" {
			t.Errorf("Text kept %U: %q", r, got)
		}
	}
}

// styledSafe is the property of StylingOnly's output: SGR sequences and
// otherwise what Safe allows.
func styledSafe(s string) bool {
	for i := 0; i < len(s); {
		if end := sgrEnd(s, i); end > 0 {
			i = end
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !Safe(string(r)) || (r == utf8.RuneError && size <= 1) {
			return false
		}
		i += size
	}
	return true
}

func FuzzStylingOnly(f *testing.F) {
	for _, s := range []string{"\x1b[1;38;5;2mhi\x1b[0m", "\x1b]0;t\x07", "\x1b[31", "\x1b[38:2::1:2:3m", "\u009b2J",
		"\x1b\x1b[m", "a\x1b[1m\x1b]8;;x\x1b\\", strings.Repeat("\x1b[", 10)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := StylingOnly(s)
		if !styledSafe(out) {
			t.Fatalf("StylingOnly(%q) = %q lets a control through", s, out)
		}
		if StylingOnly(out) != out {
			t.Fatalf("StylingOnly is not idempotent on %q", s)
		}
		if Text(out) != Text(s) {
			t.Fatalf("StylingOnly(%q) changed the text, not only the sequences", s)
		}
	})
}

// Markdown cleans a conversion's output: there 'ESC \' is the converter's
// backslash after an ESC (it escapes '[' and other punctuation), and ends
// no control string; and no control string runs past the end of its line.
// An unterminated OSC in a heading took everything up to a '[' escaped
// paragraphs later.
func TestMarkdownConversionNeverEndsAString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"## Heading \x1b]0;evil end\n\nSecond paragraph.\n\nThird \x1b\\[1] words", "## Heading 0;evil end\n\nSecond paragraph.\n\nThird \\[1] words"},
		{"a \x1b]8;;x\x1b\\[b]", "a 8;;x\\[b]"},
		{"a \x1b]0;x\ny\x07 z", "a 0;x\ny z"},
		{"kept whole on its line: a\x1b]0;t\x07b", "kept whole on its line: ab"},
	}
	for _, c := range cases {
		if got := Markdown(c.in); got != c.want {
			t.Errorf("Markdown(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Raw text (not converted) keeps ESC \ as the terminator it is.
	if got := Text("a\x1b]0;t\x1b\\b"); got != "ab" {
		t.Errorf("Text = %q", got)
	}
}
