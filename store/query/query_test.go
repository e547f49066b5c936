package query

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseEveryTermKind(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.ParseInLocation("2006-01-02", s, time.Local); return d }
	cases := []struct {
		in   string
		want Term
	}{
		{"+go", Term{Kind: KindTag, Tags: []string{"go"}}},
		{"-News", Term{Kind: KindTag, Neg: true, Tags: []string{"news"}}},
		{"+a,b", Term{Kind: KindTag, Tags: []string{"a", "b"}}},
		{"-news,video", Term{Kind: KindTag, Neg: true, Tags: []string{"news", "video"}}},
		{"+unread", Term{Kind: KindTag, Tags: []string{"unread"}}},
		{"@2-weeks-ago", Term{Kind: KindAge, From: Bound{N: 2, Unit: "week", Suffix: "ago"}}},
		{"@3-days-old", Term{Kind: KindAge, From: Bound{N: 3, Unit: "day", Suffix: "old"}}},
		{"@1-year-ago", Term{Kind: KindAge, From: Bound{N: 1, Unit: "year", Suffix: "ago"}}},
		{"@10-seconds-ago", Term{Kind: KindAge, From: Bound{N: 10, Unit: "second", Suffix: "ago"}}},
		{"@5-minutes-ago", Term{Kind: KindAge, From: Bound{N: 5, Unit: "minute", Suffix: "ago"}}},
		{"@6-hours-ago", Term{Kind: KindAge, From: Bound{N: 6, Unit: "hour", Suffix: "ago"}}},
		{"@2-months-ago", Term{Kind: KindAge, From: Bound{N: 2, Unit: "month", Suffix: "ago"}}},
		{"@2025-01-31", Term{Kind: KindAge, From: Bound{Date: day("2025-01-31")}}},
		{"@2025-01-01--2025-02-01", Term{Kind: KindAge, From: Bound{Date: day("2025-01-01")}, To: &Bound{Date: day("2025-02-01")}}},
		{"@5-days-ago--1-day-ago", Term{Kind: KindAge, From: Bound{N: 5, Unit: "day", Suffix: "ago"}, To: &Bound{N: 1, Unit: "day", Suffix: "ago"}}},
		{"=hacker", Term{Kind: KindSource, Text: "hacker"}},
		{`="Hacker News"`, Term{Kind: KindSource, Text: "Hacker News"}},
		{"~reddit.com", Term{Kind: KindSource, Neg: true, Text: "reddit.com"}},
		{"!sponsored", Term{Kind: KindTitle, Neg: true, Text: "sponsored"}},
		{"#20", Term{Kind: KindLimit, Limit: 20}},
		{"golang", Term{Kind: KindText, Text: "golang"}},
		{`"a phrase"`, Term{Kind: KindText, Text: "a phrase", Phrase: true}},
		{"pref*", Term{Kind: KindText, Text: "pref", Prefix: true}},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			f, err := Parse(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Terms) != 1 || !reflect.DeepEqual(f.Terms[0], c.want) {
				t.Fatalf("Parse(%q) = %+v, want %+v", c.in, f.Terms, c.want)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, s := range []string{
		"+go",
		"+unread +go @1-month-ago",
		"-news,video +starred",
		`rust "memory safety" +lang`,
		`="Hacker News" ~reddit !sponsored #20 pref*`,
		"@2025-01-01--2025-02-01 @5-days-ago--1-day-ago @1-year-old",
		"",
	} {
		f, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		if got := f.String(); got != s {
			t.Errorf("String(Parse(%q)) = %q", s, got)
		}
		again, err := Parse(f.String())
		if err != nil || !reflect.DeepEqual(again, f) {
			t.Errorf("Parse(String(f)) differs for %q: %+v vs %+v (%v)", s, again, f, err)
		}
	}
	// Non-canonical input comes back canonical.
	f, _ := Parse("  +Go   @1-years-ago  +Machine Learning  ")
	if got := f.String(); got != "+go @1-year-ago +machine Learning" {
		t.Errorf("canonical form: %q", got)
	}
}

func TestParseErrorsNameTheToken(t *testing.T) {
	cases := map[string]string{
		"+go @2-fortnights-ago": "@2-fortnights-ago",
		"@2025-13-45":           "@2025-13-45",
		`rust "unclosed phrase`: `"unclosed phrase`,
		"@yesterday":            "@yesterday",
		"@two-days-ago":         "@two-days-ago",
		"@2-days-hence":         "@2-days-hence",
		"#0":                    "#0",
		"#many":                 "#many",
		"+":                     "+",
		"+a,,b":                 "+a,,b",
		"=":                     "=",
		"!":                     "!",
		"@":                     "@",
		"@1-day-ago--":          "@1-day-ago--",
		`""`:                    `""`,
		"***":                   "***",
	}
	for in, tok := range cases {
		_, err := Parse(in)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q): want a parse error, got %v", in, err)
			continue
		}
		if pe.Token != tok || !strings.Contains(err.Error(), tok) {
			t.Errorf("Parse(%q): error %q names %q, want %q", in, err, pe.Token, tok)
		}
	}
	_, err := Parse("@2-fortnights-ago")
	if !strings.Contains(err.Error(), "unknown age unit") {
		t.Errorf("unit error: %v", err)
	}
}

func TestBoundTime(t *testing.T) {
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	f, _ := Parse("@1-month-ago")
	if got := f.Terms[0].From.Time(now); !got.Equal(now.AddDate(0, -1, 0)) {
		t.Fatalf("1 month ago = %v", got)
	}
	f, _ = Parse("@2-weeks-ago")
	if got := f.Terms[0].From.Time(now); !got.Equal(now.AddDate(0, 0, -14)) {
		t.Fatalf("2 weeks ago = %v", got)
	}
}

func TestWithAndWithout(t *testing.T) {
	f, _ := Parse("+go -news rust")
	f = f.With(Term{Kind: KindTag, Neg: true, Tags: []string{"go"}})
	if f.String() != "-news rust -go" {
		t.Fatalf("With: %q", f.String())
	}
	f = f.Without(Term{Kind: KindTag, Tags: []string{"news"}})
	if f.String() != "rust -go" {
		t.Fatalf("Without: %q", f.String())
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"+go -news", "@2-weeks-ago", `"a b" c*`, "=x ~y !z #3", "@2025-01-01--2025-02-01", `="q`,
		strings.Repeat("w ", 70), "+" + strings.Repeat("t,", 70), `"` + strings.Repeat("a", 300) + `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			return
		}
		if len(q.Terms) > MaxTerms {
			t.Fatalf("%d terms parsed", len(q.Terms))
		}
		again, err := Parse(q.String())
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", q.String(), s, err)
		}
		if again.String() != q.String() {
			t.Fatalf("not stable: %q -> %q -> %q", s, q.String(), again.String())
		}
	})
}

func TestTermsRunTogetherAreErrors(t *testing.T) {
	for _, c := range []struct {
		in  string
		pos int
	}{
		{`+unread"Reduce Nesting"`, 8},
		{`"Reduce Nesting"+unread`, 17},
		{`go"lang"`, 3},
		{`="Hacker News"x`, 15},
	} {
		_, err := Parse(c.in)
		var pe *Error
		if !errors.As(err, &pe) || pe.Pos != c.pos || !strings.Contains(err.Error(), "runs into") {
			t.Errorf("Parse(%q) = %v, want an error at character %d", c.in, err, c.pos)
		}
	}
	// Quotes that open a term after its sign, and close it, are fine.
	for _, ok := range []string{`+unread "Reduce Nesting"`, `="Hacker News" +go`, `!"big news"`} {
		if _, err := Parse(ok); err != nil {
			t.Errorf("Parse(%q): %v", ok, err)
		}
	}
}

func TestShortAges(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"@7d":     "@7-days-ago",
		"@2w":     "@2-weeks-ago",
		"@3h":     "@3-hours-ago",
		"@1y":     "@1-year-ago",
		"@6mo":    "@6-months-ago",
		"@30min":  "@30-minutes-ago",
		"@2w--1w": "@2-weeks-ago--1-week-ago",
		"@7D":     "@7-days-ago",
	} {
		f, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if f.String() != want {
			t.Errorf("Parse(%q) = %q, want %q", in, f.String(), want)
		}
	}
	f, _ := Parse("@7d")
	if got := f.Terms[0].From.Time(now); !got.Equal(now.AddDate(0, 0, -7)) {
		t.Errorf("@7d is %v", got)
	}
	for _, bad := range []string{"@7m", "@7x", "@d", "@7"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
