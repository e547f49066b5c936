package sanitize

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Hello, world", "Hello, world"},
		{"newline and tab kept", "a\n\tb", "a\n\tb"},
		{"CR dropped", "a\r\nb", "a\nb"},
		{"SGR colour", "\x1b[31mred\x1b[0m", "red"},
		{"CSI with params", "x\x1b[1;2;3Hy", "xy"},
		{"OSC title with BEL", "\x1b]0;pwned\x07title", "title"},
		{"OSC title with ST", "\x1b]2;pwned\x1b\\title", "title"},
		{"OSC 52 clipboard", "a\x1b]52;c;ZWNobyBoaQ==\x07b", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"PM and SOS", "a\x1b^pm\x1b\\b\x1bXsos\x1b\\c", "abc"},
		{"8-bit CSI", "a\u009b31mb", "ab"},
		{"8-bit OSC", "a\u009d0;t\u009cb", "ab"},
		{"other C1", "a\u0085b\u0084c", "abc"},
		{"two-char escape", "a\x1bcb\x1b7c", "abc"},
		{"charset designation", "a\x1b(0b", "ab"},
		{"bell backspace NUL DEL", "a\x07b\x08c\x00d\x7fe", "abcde"},
		{"bidi override", "abc\u202egnp.exe", "abcgnp.exe"},
		{"bidi isolate", "a\u2066b\u2069c", "abc"},
		{"zero width space and BOM", "a\u200bb\ufeffc", "abc"},
		{"tag characters", "a\U000E0041\U000E0042b", "ab"},
		{"ZWJ emoji kept", "👩\u200d💻", "👩\u200d💻"},
		{"non-latin kept", "Ünïcödé 日本語 العربية", "Ünïcödé 日本語 العربية"},
		{"invalid UTF-8", "a\xffb", "a\ufffdb"},
		{"unterminated OSC keeps the text after it", "a\x1b]0;never ends", "a0;never ends"},
		{"OSC cut short by another sequence", "\x1b]8;;http://x\x1b[1mlabel\x1b[0m rest", "8;;http://xlabel rest"},
		{"unterminated 8-bit OSC", "a\u009d8;;u text", "a8;;u text"},
		{"unterminated DCS", "a\x1bPq#0 text", "aq#0 text"},
		{"trailing ESC", "abc\x1b", "abc"},
		{"malformed CSI", "a\x1b[12\nb", "a\nb"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Text(c.in); got != c.want {
				t.Fatalf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestStripEscapesKeepsOtherBytes(t *testing.T) {
	in := []byte("<t>caf\xe9 \x1b]0;pwn\x07ok\x1b[31m red\x00\r\n\t</t>")
	want := "<t>caf\xe9 ok red\r\n\t</t>"
	if got := string(StripEscapes(in)); got != want {
		t.Fatalf("StripEscapes = %q, want %q", got, want)
	}
	clean := []byte("<rss>plain</rss>")
	if got := StripEscapes(clean); &got[0] != &clean[0] {
		t.Fatalf("clean input was copied")
	}
}

// A stray OSC introducer in a feed document leaves the rest of the
// document: the items after it are still there to parse.
func TestStripEscapesKeepsTheDocumentAfterAnUnterminatedString(t *testing.T) {
	in := []byte("<rss><item><title>a\x1b]0;no end</title></item><item><title>b</title></item></rss>")
	want := "<rss><item><title>a0;no end</title></item><item><title>b</title></item></rss>"
	if got := string(StripEscapes(in)); got != want {
		t.Fatalf("StripEscapes = %q, want %q", got, want)
	}
}

func TestLine(t *testing.T) {
	if got := Line("  a\n\tb \x1b[2J c  "); got != "a b c" {
		t.Fatalf("Line = %q", got)
	}
}

// Safe is the property every output must have: no byte that a terminal
// would act on.
func Safe(s string) bool {
	for _, r := range s {
		if r == 0x1b || (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || invisible(r) {
			return false
		}
	}
	return utf8.ValidString(s)
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\x1b]0;t\x07", "\u009b2J", "\u202e", "a\xffb", strings.Repeat("\x1b[", 10)} {
		f.Add(s)
	}
	for _, s := range []string{"&#x1b;]0;t&#x07;", "&#27;[2J", "&#x9b;", "&#8238;", "&amp;#x1b;", "\u206a\u3164\u2800",
		"&#0000027;[2J", "&#X1B;]0;t&#7;", "Back\x08space", "a&#xFFFE;&#xD800;b"} {
		f.Add(s)
	}
	// Two runs of marks with something removed between them.
	marks := strings.Repeat("\u0301", 10)
	for _, between := range []string{"\u200b", "\x01", "\x1b[1m", "\u034f\u200d"} {
		f.Add("a" + marks + between + marks + "b")
	}
	f.Fuzz(func(t *testing.T, s string) {
		if md := Markdown(s); !Safe(md) || Markdown(md) != md {
			t.Fatalf("Markdown(%q) = %q is not safe or not idempotent", s, md)
		}
		out := Text(s)
		if !Safe(out) {
			t.Fatalf("Text(%q) = %q is not safe", s, out)
		}
		if Text(out) != out {
			t.Fatalf("Text is not idempotent on %q", s)
		}
		for name, o := range map[string]string{"Text": out, "Markdown": Markdown(s), "StylingOnly": StylingOnly(s)} {
			if n := longestStack(o); n > maxStacked {
				t.Fatalf("%s(%q) stacks %d marks on one character", name, s, n)
			}
		}
		if l := Line(s); strings.ContainsAny(l, "\n\t") {
			t.Fatalf("Line(%q) = %q keeps a newline or tab", s, l)
		}
	})
}

// A character keeps a few marks and joiners (scripts and emoji need
// them); a hostile run of thousands, which a terminal renderer measures in
// time to the square of its length, is cut to maxStacked.
func TestStackedMarksAreBounded(t *testing.T) {
	zalgo := "a" + strings.Repeat("\u0301", 100) + "b"
	if got := Text(zalgo); got != "a"+strings.Repeat("\u0301", maxStacked)+"b" {
		t.Errorf("zalgo kept %d marks", utf8.RuneCountInString(got)-2)
	}
	joiners := "x" + strings.Repeat("\u200d", 20000) + "y"
	if got := Text(joiners); utf8.RuneCountInString(got) != maxStacked+2 {
		t.Errorf("a run of joiners kept %d runes", utf8.RuneCountInString(got))
	}
	for _, keep := range []string{"👨\u200d👩\u200d👧\u200d👦", "Ελληνικά", "हिन्दी", "e\u0301\u0323", "ﷺ"} {
		if got := Text(keep); got != keep {
			t.Errorf("Text(%q) = %q", keep, got)
		}
	}
}

// The cap counts one character's marks across what is removed between
// them: an invisible character, a control or an escape sequence between
// two runs of marks joined them, past the cap, and only a second pass cut
// them. StylingOnly keeps an SGR between them, which a terminal does not
// count as a character: the marks still stack on the one before.
func TestStackedMarksCountAcrossWhatIsRemoved(t *testing.T) {
	run := strings.Repeat("\u0301", 10)
	capped := "a" + strings.Repeat("\u0301", maxStacked) + "b"
	for _, between := range []string{"\u200b", "\u034f", "\u202e", "\x01", "\r", "\x7f", "\u0085", "\x1b[31m", "\u009b2J", "\x1b]0;t\x07", "\x1b7"} {
		s := "a" + run + between + run + "b"
		if got := Text(s); got != capped {
			t.Errorf("Text(%q) = %q, %d marks", s, got, utf8.RuneCountInString(got)-2)
		}
		if got := Markdown(s); got != capped {
			t.Errorf("Markdown(%q) = %q", s, got)
		}
	}
	styled := "a" + run + "\x1b[1m" + run + "b"
	if got, want := StylingOnly(styled), "a"+run+"\x1b[1m"+strings.Repeat("\u0301", maxStacked-10)+"b"; got != want {
		t.Errorf("StylingOnly(%q) = %q, want %q", styled, got, want)
	}
	// A character that stays, a newline or an invalid byte (shown as
	// U+FFFD) starts a new count.
	for _, between := range []string{"x", "\n", "\t", "\xff"} {
		s := "a" + run + between + run + "b"
		if got := Text(s); utf8.RuneCountInString(got) != 23 {
			t.Errorf("Text(%q) = %q: marks of two characters were cut", s, got)
		}
	}
}

// FuzzStackedMarks reads each ~ of its input as a run of ten marks, so
// that the fuzzer puts runs on both sides of what the sanitiser removes or
// keeps: one pass caps every run, and what it writes is already its own
// fixed point.
func FuzzStackedMarks(f *testing.F) {
	for _, s := range []string{"a~\u200b~b", "a~\x1b[1m~b", "~\x1b]0;t\x07~", "a~\r~\n~", "~\u009b2J~x~", "~\xff~", "e~\u200d~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ReplaceAll(s, "~", strings.Repeat("\u0301", 10))
		for name, clean := range map[string]func(string) string{"Text": Text, "Markdown": Markdown, "StylingOnly": StylingOnly} {
			out := clean(s)
			if n := longestStack(out); n > maxStacked {
				t.Fatalf("%s(%q) stacks %d marks on one character", name, s, n)
			}
			if again := clean(out); again != out {
				t.Fatalf("%s(%q) = %q, and again %q", name, s, out, again)
			}
		}
	})
}

// longestStack is the longest run of marks and joiners in s, as a
// terminal counts it: SGR sequences between them are no character.
func longestStack(s string) int {
	longest, n := 0, 0
	for i := 0; i < len(s); {
		if end := sgrEnd(s, i); end > 0 {
			i = end
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n = stacked(r, n)
		longest = max(longest, n)
		i += size
	}
	return longest
}

// A text of control-string introducers with no terminator is read once:
// each introducer looked for its terminator to the end of the text, and
// 300 KB of 8-bit OSCs took minutes.
func TestUnterminatedStringsAreReadOnce(t *testing.T) {
	for _, intro := range []string{"\u009d", "\u0090", "\x1b]", "\x1bP"} {
		s := strings.Repeat(intro+"ab", 100000)
		looked := 0
		for i := 0; i+len(intro) <= len(s); i++ {
			if strings.HasPrefix(s[i:], intro) {
				end, _ := stringEnd(s, i+len(intro), false)
				looked += end - i
			}
		}
		if looked > 2*len(s) {
			t.Errorf("%q: %d bytes looked at for a text of %d", intro, looked, len(s))
		}
		if got := Text(s); got != strings.Repeat("ab", 100000) {
			t.Errorf("%q: %d bytes kept, want %d", intro, len(got), 200000)
		}
	}
}

// BenchmarkTextOfIntroducers cleans N and 10N bytes of unterminated 8-bit
// OSCs: the time per byte stays the same.
func BenchmarkTextOfIntroducers(b *testing.B) {
	for _, n := range []int{30000, 300000} {
		s := strings.Repeat("\u009dab", n/3)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				Text(s)
			}
		})
	}
}
