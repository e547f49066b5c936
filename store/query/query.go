// Package query is byline's filter language: parsing a filter string into
// terms, and printing terms back as the canonical string. The store
// compiles a Filter to SQL; this package only knows the syntax.
//
//	+tag -tag          has / has not the tag (unread and starred are tags too)
//	+a,b -a,b          has at least one of / none of
//	@2-weeks-ago       newer than an age (also -old; second … year)
//	@7d @2w @3h @1y    the same, short: s, min, h, d, w, mo, y
//	@2025-01-31        newer than a date
//	@A--B              between two ages or dates
//	=text ~text        source title or URL contains / does not contain text
//	!text              title does not contain text
//	#N                 at most N articles
//	word "a phrase" pre*   full-text match on title, summary and body
//
// All terms must hold. A value with spaces can be quoted: ="Hacker News".
package query

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind is what a term tests.
type Kind int

const (
	KindTag    Kind = iota // +a,b or -a,b
	KindAge                // @…
	KindSource             // =text or ~text
	KindTitle              // !text
	KindLimit              // #N
	KindText               // word, "phrase", pref*
)

// Bound is one end of an age range: a relative age or an absolute date.
type Bound struct {
	// N and Unit for a relative age ("2", "week"); Suffix is "ago" or "old".
	N      int
	Unit   string
	Suffix string
	// Date for an absolute bound (Unit is empty).
	Date time.Time
}

// IsDate reports whether the bound is an absolute date.
func (b Bound) IsDate() bool { return b.Unit == "" }

// Time resolves the bound against now.
func (b Bound) Time(now time.Time) time.Time {
	if b.IsDate() {
		return b.Date
	}
	switch b.Unit {
	case "second":
		return now.Add(-time.Duration(b.N) * time.Second)
	case "minute":
		return now.Add(-time.Duration(b.N) * time.Minute)
	case "hour":
		return now.Add(-time.Duration(b.N) * time.Hour)
	case "day":
		return now.AddDate(0, 0, -b.N)
	case "week":
		return now.AddDate(0, 0, -7*b.N)
	case "month":
		return now.AddDate(0, -b.N, 0)
	case "year":
		return now.AddDate(-b.N, 0, 0)
	}
	return now
}

func (b Bound) String() string {
	if b.IsDate() {
		return b.Date.Format("2006-01-02")
	}
	// Canonical: the unit in the plural except for one.
	unit := b.Unit
	if b.N != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d-%s-%s", b.N, unit, b.Suffix)
}

// Term is one token of a filter.
type Term struct {
	Kind Kind
	// Neg negates a tag, source term (~) or title term (!, always negated).
	Neg bool
	// Tags for KindTag: normalised, at least one.
	Tags []string
	// From and To for KindAge; To is nil for an open range ("newer than").
	From Bound
	To   *Bound
	// Text for KindSource, KindTitle and KindText.
	Text string
	// Phrase and Prefix qualify KindText.
	Phrase bool
	Prefix bool
	// Limit for KindLimit.
	Limit int
}

// Filter is a parsed filter: every term must hold.
type Filter struct {
	Terms []Term
}

// Error is a parse error that names the offending token, and, when it is
// about one place in it, that place's position in the filter (counting
// characters from 1).
type Error struct {
	Token string
	Msg   string
	Pos   int
}

func (e *Error) Error() string {
	if e.Pos > 0 {
		return fmt.Sprintf("%q: %s (at character %d)", e.Token, e.Msg, e.Pos)
	}
	return fmt.Sprintf("%q: %s", e.Token, e.Msg)
}

// NormalizeTag folds a tag to its stored form: trimmed, lower case, inner
// white space as "-".
func NormalizeTag(t string) string {
	return strings.Join(strings.Fields(strings.ToLower(t)), "-")
}

var units = map[string]string{
	"second": "second", "seconds": "second", "sec": "second", "secs": "second",
	"minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
	"hour": "hour", "hours": "hour",
	"day": "day", "days": "day",
	"week": "week", "weeks": "week",
	"month": "month", "months": "month",
	"year": "year", "years": "year",
}

// Limits on a filter. Each term becomes SQL, and SQLite refuses an
// expression tree deeper than 1,000; a megabyte phrase costs a gigabyte
// of memory in the full-text search. No one types more than this.
const (
	MaxTerms      = 64  // terms, counting each tag of a +a,b list
	MaxTermLength = 256 // characters in one term or phrase
)

// Parse parses a filter string.
func Parse(s string) (Filter, error) {
	var f Filter
	toks, err := tokenize(s)
	if err != nil {
		return f, err
	}
	terms := 0
	for _, tok := range toks {
		if utf8.RuneCountInString(tok.value) > MaxTermLength {
			return Filter{}, &Error{Token: abbreviate(tok.raw), Msg: fmt.Sprintf("a term or phrase is at most %d characters long", MaxTermLength)}
		}
		terms += 1 + strings.Count(tok.value, ",")
		if terms > MaxTerms {
			return Filter{}, &Error{Token: abbreviate(tok.raw), Msg: fmt.Sprintf("a filter has at most %d terms", MaxTerms)}
		}
	}
	for _, tok := range toks {
		t, err := parseToken(tok)
		if err != nil {
			return Filter{}, err
		}
		f.Terms = append(f.Terms, t)
	}
	return f, nil
}

// abbreviate shortens a long token for an error message.
func abbreviate(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

// token is a raw token: its text as typed, and its value with quotes
// removed.
type token struct {
	raw    string
	value  string
	quoted bool // the value (after any prefix) was quoted
}

func tokenize(s string) ([]token, error) {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		start := i
		var val strings.Builder
		quoted := false
		for i < len(rs) && !unicode.IsSpace(rs[i]) {
			if rs[i] == '"' {
				// A quote opens a term (after its sign, if any) and closes
				// it: "+unread"a b"" is two terms run together, not a tag.
				if i > start && (i > start+1 || !strings.ContainsRune("+-@=~!#", rs[start])) {
					return nil, &Error{Token: string(rs[start:i]), Msg: "runs into the quote after it; put a space between two terms", Pos: i + 1}
				}
				quoted = true
				j := i + 1
				for j < len(rs) && rs[j] != '"' {
					j++
				}
				if j >= len(rs) {
					return nil, &Error{Token: string(rs[start:]), Msg: "unclosed quote"}
				}
				val.WriteString(string(rs[i+1 : j]))
				i = j + 1
				if i < len(rs) && !unicode.IsSpace(rs[i]) {
					return nil, &Error{Token: string(rs[start:i]), Msg: "runs into what follows it; put a space between two terms", Pos: i + 1}
				}
				continue
			}
			val.WriteRune(rs[i])
			i++
		}
		toks = append(toks, token{raw: string(rs[start:i]), value: val.String(), quoted: quoted})
	}
	return toks, nil
}

func parseToken(tok token) (Term, error) {
	v := tok.value
	bad := func(msg string) (Term, error) { return Term{}, &Error{Token: tok.raw, Msg: msg} }
	if tok.quoted && !strings.ContainsRune("+-@=~!#", rune(tok.raw[0])) {
		text := strings.Join(strings.Fields(v), " ")
		if text == "" {
			return bad("empty phrase")
		}
		return Term{Kind: KindText, Text: text, Phrase: true}, nil
	}
	switch v[0] {
	case '+', '-':
		var tags []string
		for _, p := range strings.Split(v[1:], ",") {
			if n := NormalizeTag(p); n != "" {
				tags = append(tags, n)
			} else {
				return bad("empty tag")
			}
		}
		return Term{Kind: KindTag, Neg: v[0] == '-', Tags: tags}, nil
	case '@':
		return parseAge(tok)
	case '=', '~':
		text := strings.Join(strings.Fields(v[1:]), " ")
		if text == "" {
			return bad("needs text to look for in the source title or URL")
		}
		return Term{Kind: KindSource, Neg: v[0] == '~', Text: text}, nil
	case '!':
		text := strings.Join(strings.Fields(v[1:]), " ")
		if text == "" {
			return bad("needs text the title must not contain")
		}
		return Term{Kind: KindTitle, Neg: true, Text: text}, nil
	case '#':
		n, err := strconv.Atoi(v[1:])
		if err != nil || n <= 0 {
			return bad("needs a positive number of articles, like #20")
		}
		return Term{Kind: KindLimit, Limit: n}, nil
	}
	prefix := strings.HasSuffix(v, "*") && !tok.quoted
	text := strings.TrimSuffix(v, "*")
	if !hasWordChar(text) {
		return bad("has nothing to search for")
	}
	return Term{Kind: KindText, Text: text, Prefix: prefix}, nil
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func parseAge(tok token) (Term, error) {
	v := tok.value[1:]
	parts := strings.SplitN(v, "--", 2)
	from, err := parseBound(parts[0])
	if err != nil {
		return Term{}, &Error{Token: tok.raw, Msg: err.Error()}
	}
	t := Term{Kind: KindAge, From: from}
	if len(parts) == 2 {
		to, err := parseBound(parts[1])
		if err != nil {
			return Term{}, &Error{Token: tok.raw, Msg: err.Error()}
		}
		t.To = &to
	}
	return t, nil
}

var dateShape = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)

// shortAge is an age as people type it: 7d, 2w, 3h, 1y.
var shortAge = regexp.MustCompile(`^(\d+)([a-z]+)$`)

var shortUnits = map[string]string{
	"s": "second", "sec": "second", "min": "minute", "h": "hour", "d": "day",
	"w": "week", "mo": "month", "y": "year",
}

func parseBound(s string) (Bound, error) {
	if s == "" {
		return Bound{}, fmt.Errorf("needs an age like 7d, 2w or 2-weeks-ago, or a date like 2025-01-31")
	}
	if dateShape.MatchString(s) {
		d, err := time.ParseInLocation("2006-1-2", s, time.Local)
		if err != nil {
			return Bound{}, fmt.Errorf("bad date %q (want a real date, YYYY-MM-DD)", s)
		}
		return Bound{Date: d}, nil
	}
	if m := shortAge.FindStringSubmatch(strings.ToLower(s)); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return Bound{}, fmt.Errorf("bad age %q: %q is not a number", s, m[1])
		}
		unit, ok := shortUnits[m[2]]
		if !ok {
			return Bound{}, fmt.Errorf("unknown age unit %q in %q (use s, min, h, d, w, mo or y, like 7d or 2w)", m[2], s)
		}
		return Bound{N: n, Unit: unit, Suffix: "ago"}, nil
	}
	p := strings.Split(s, "-")
	if len(p) != 3 {
		return Bound{}, fmt.Errorf("bad age %q (want an age like 7d, 2w or 2-weeks-ago, or a date like 2025-01-31)", s)
	}
	n, err := strconv.Atoi(p[0])
	if err != nil || n < 0 {
		return Bound{}, fmt.Errorf("bad age %q: %q is not a number", s, p[0])
	}
	unit, ok := units[strings.ToLower(p[1])]
	if !ok {
		return Bound{}, fmt.Errorf("unknown age unit %q (use second, minute, hour, day, week, month or year)", p[1])
	}
	suffix := strings.ToLower(p[2])
	if suffix != "ago" && suffix != "old" {
		return Bound{}, fmt.Errorf("bad age %q: end it with -ago or -old", s)
	}
	return Bound{N: n, Unit: unit, Suffix: suffix}, nil
}

// String prints the filter in canonical form; Parse(f.String()) gives f
// back.
func (f Filter) String() string {
	parts := make([]string, 0, len(f.Terms))
	for _, t := range f.Terms {
		parts = append(parts, t.String())
	}
	return strings.Join(parts, " ")
}

// String prints one term.
func (t Term) String() string {
	switch t.Kind {
	case KindTag:
		sign := "+"
		if t.Neg {
			sign = "-"
		}
		return sign + strings.Join(t.Tags, ",")
	case KindAge:
		s := "@" + t.From.String()
		if t.To != nil {
			s += "--" + t.To.String()
		}
		return s
	case KindSource:
		if t.Neg {
			return "~" + quoteIfNeeded(t.Text)
		}
		return "=" + quoteIfNeeded(t.Text)
	case KindTitle:
		return "!" + quoteIfNeeded(t.Text)
	case KindLimit:
		return "#" + strconv.Itoa(t.Limit)
	case KindText:
		if t.Phrase {
			return `"` + t.Text + `"`
		}
		if t.Prefix {
			return t.Text + "*"
		}
		return quoteIfNeeded(t.Text)
	}
	return ""
}

func quoteIfNeeded(s string) string {
	if strings.ContainsFunc(s, unicode.IsSpace) || strings.Contains(s, `"`) {
		return `"` + strings.ReplaceAll(s, `"`, "") + `"`
	}
	return s
}

// Limit is the smallest #N in the filter, or 0.
func (f Filter) Limit() int {
	n := 0
	for _, t := range f.Terms {
		if t.Kind == KindLimit && (n == 0 || t.Limit < n) {
			n = t.Limit
		}
	}
	return n
}

// Tags returns the tags the filter requires (the +tag terms with one tag).
func (f Filter) Tags() []string {
	var out []string
	for _, t := range f.Terms {
		if t.Kind == KindTag && !t.Neg && len(t.Tags) == 1 {
			out = append(out, t.Tags[0])
		}
	}
	return out
}

// With returns the filter with term added, replacing a tag term on the
// same tags.
func (f Filter) With(term Term) Filter {
	out := f.Without(term)
	out.Terms = append(out.Terms, term)
	return out
}

// Without returns the filter without tag terms naming exactly term's
// tags (with either sign).
func (f Filter) Without(term Term) Filter {
	var out Filter
	for _, t := range f.Terms {
		if t.Kind == KindTag && term.Kind == KindTag && strings.Join(t.Tags, ",") == strings.Join(term.Tags, ",") {
			continue
		}
		out.Terms = append(out.Terms, t)
	}
	return out
}
