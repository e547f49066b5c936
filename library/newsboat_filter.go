package library

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/byline/byline/feed/newsboat"
	"github.com/byline/byline/store/query"
)

// TranslateNewsboatFilter says a newsboat filter expression (a query feed's) in
// byline's filter language, or why it cannot be said there. What
// translates: unread, tags and flags (# and !#), age (in days), matches
// of a plain word or phrase in the title or content, and of the feed's
// title or URL; "and" everywhere, "or" between tags, unread and starred.
// starFlag is the newsboat flag made the star ("" for none); the other
// flags are tags (NewsboatFlagTag).
func TranslateNewsboatFilter(expr, starFlag string) (string, error) {
	s, _, err := translateNewsboatFilter(expr, starFlag)
	return s, err
}

// wordSearchNote is said of a translation whose regular expression
// became a word search.
const wordSearchNote = "byline finds whole words in the title and text together, where newsboat matched the text anywhere in the field"

// translateNewsboatFilter is TranslateNewsboatFilter, with a note when the
// filter says nearly, not exactly, the same.
func translateNewsboatFilter(expr, starFlag string) (string, string, error) {
	e, err := newsboat.ParseFilter(expr)
	if err != nil {
		return "", "", fmt.Errorf("newsboat's filter does not parse: %v", err)
	}
	terms, err := translate(e, starFlag)
	if err != nil {
		return "", "", err
	}
	note := ""
	for _, t := range terms {
		if t.Kind == query.KindText {
			note = wordSearchNote
		}
	}
	f := query.Filter{Terms: terms}
	s := f.String()
	// What byline prints it must read back as the same filter.
	if _, err := query.Parse(s); err != nil {
		return "", "", fmt.Errorf("byline's filter language cannot say it: %v", err)
	}
	return s, note, nil
}

// NewsboatFlagTag is the tag a newsboat flag becomes: flag-s for s, flag-capital-s
// for S (tags are lower case, and newsboat's flags are not).
func NewsboatFlagTag(flag rune) string {
	if unicode.IsUpper(flag) {
		return "flag-capital-" + string(unicode.ToLower(flag))
	}
	return "flag-" + string(flag)
}

func translate(e *newsboat.Expr, starFlag string) ([]query.Term, error) {
	if e.Join == "and" {
		l, err := translate(e.Left, starFlag)
		if err != nil {
			return nil, err
		}
		r, err := translate(e.Right, starFlag)
		if err != nil {
			return nil, err
		}
		return append(l, r...), nil
	}
	if e.Join == "or" {
		l, lerr := translate(e.Left, starFlag)
		r, rerr := translate(e.Right, starFlag)
		if lerr != nil {
			return nil, lerr
		}
		if rerr != nil {
			return nil, rerr
		}
		if len(l) != 1 || len(r) != 1 || !anyTag(l[0]) || !anyTag(r[0]) {
			return nil, fmt.Errorf("byline's filters say \"or\" only between tags, unread and starred (%s)", e)
		}
		return []query.Term{{Kind: query.KindTag, Tags: append(append([]string{}, l[0].Tags...), r[0].Tags...)}}, nil
	}
	return comparison(e, starFlag)
}

// anyTag is a "has one of these tags" term, which an "or" can extend.
func anyTag(t query.Term) bool { return t.Kind == query.KindTag && !t.Neg }

func tagTerm(neg bool, tags ...string) []query.Term {
	return []query.Term{{Kind: query.KindTag, Neg: neg, Tags: tags}}
}

func comparison(e *newsboat.Expr, starFlag string) ([]query.Term, error) {
	cannot := func(why string) ([]query.Term, error) {
		return nil, fmt.Errorf("%s: %s", e, why)
	}
	switch e.Attr {
	case "unread":
		var yes bool
		switch strings.ToLower(e.Value) {
		case "yes", "1", "true":
			yes = true
		case "no", "0", "false":
		default:
			return cannot("unread is \"yes\" or \"no\"")
		}
		switch e.Op {
		case "=":
		case "!=":
			yes = !yes
		default:
			return cannot("unread is compared with = or !=")
		}
		return tagTerm(!yes, "unread"), nil
	case "tags":
		tag := query.NormalizeTag(e.Value)
		if tag == "" {
			return cannot("an empty tag")
		}
		switch e.Op {
		case "#":
			return tagTerm(false, tag), nil
		case "!#":
			return tagTerm(true, tag), nil
		}
		return cannot("byline compares tags only with # and !#")
	case "flags":
		flags := []rune(e.Value)
		if len(flags) != 1 || !unicode.IsLetter(flags[0]) {
			return cannot("byline reads one flag letter at a time")
		}
		tag := NewsboatFlagTag(flags[0])
		if string(flags[0]) == starFlag {
			tag = "starred"
		}
		switch e.Op {
		case "#":
			return tagTerm(false, tag), nil
		case "!#":
			return tagTerm(true, tag), nil
		}
		return cannot("byline compares flags only with # and !#")
	case "age":
		return age(e)
	case "title", "content", "description":
		text, ok := plain(e.Value, false)
		if !ok {
			return cannot("byline matches words and phrases, not regular expressions")
		}
		switch {
		case e.Op == "=~":
			// byline's word search looks in the title and the text together.
			return []query.Term{{Kind: query.KindText, Text: text, Phrase: strings.Contains(text, " ")}}, nil
		case e.Op == "!~" && e.Attr == "title":
			return []query.Term{{Kind: query.KindTitle, Neg: true, Text: text}}, nil
		}
		return cannot("byline matches words in the text, and says \"does not contain\" of the title alone")
	case "feedtitle", "feedurl":
		text, ok := plain(e.Value, true)
		if !ok {
			return cannot("byline matches a feed's title or URL by plain text, not regular expressions")
		}
		switch e.Op {
		case "=~":
			return []query.Term{{Kind: query.KindSource, Text: text}}, nil
		case "!~":
			return []query.Term{{Kind: query.KindSource, Neg: true, Text: text}}, nil
		}
		return cannot("byline matches a feed's title or URL with =~ and !~")
	}
	return cannot(fmt.Sprintf("byline's filters have nothing for %q", e.Attr))
}

// plain is a regular expression that is only text: letters, digits,
// spaces and punctuation without meaning (dots too when dots reads as
// itself, in a URL).
func plain(re string, dots bool) (string, bool) {
	meta := `\^$|?*+()[]{}`
	if !dots {
		meta += "."
	}
	text := strings.Join(strings.Fields(re), " ")
	if text == "" || strings.ContainsAny(text, meta+`"`) {
		return "", false
	}
	return text, true
}

// age translates a comparison of an article's age in whole days.
func age(e *newsboat.Expr) ([]query.Term, error) {
	days := func(b int) query.Bound { return query.Bound{N: b, Unit: "day", Suffix: "ago"} }
	epoch := query.Bound{Date: time.Date(1970, 1, 1, 0, 0, 0, 0, time.Local)}
	older := func(n int) []query.Term { // at least n days old
		to := days(n)
		return []query.Term{{Kind: query.KindAge, From: epoch, To: &to}}
	}
	newer := func(n int) []query.Term { // less than n days old
		return []query.Term{{Kind: query.KindAge, From: days(n)}}
	}
	if e.Op == "between" {
		lo, hi, ok := strings.Cut(e.Value, ":")
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if !ok || err1 != nil || err2 != nil || a < 0 || b < a {
			return nil, fmt.Errorf("%s: an age range is two numbers of days, A:B", e)
		}
		to := days(a)
		return []query.Term{{Kind: query.KindAge, From: days(b + 1), To: &to}}, nil
	}
	n, err := strconv.Atoi(e.Value)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("%s: an age is a number of days", e)
	}
	switch e.Op {
	case "<":
		return newer(n), nil
	case "<=":
		return newer(n + 1), nil
	case ">":
		return older(n + 1), nil
	case ">=":
		return older(n), nil
	case "=":
		to := days(n)
		return []query.Term{{Kind: query.KindAge, From: days(n + 1), To: &to}}, nil
	}
	return nil, fmt.Errorf("%s: byline compares ages with <, <=, >, >=, = and between", e)
}
