package render

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// headingIDs gives headings automatic ids ("Intro" is "intro", the next
// "Intro" "intro-1"): goldmark's for ASCII, in linear time: goldmark's
// own tries "-1", "-2", … from the start for each repeat, and 20,000
// headings of the same name took 38 s to parse, uncancellable.
// TestHeadingIDsAsGoldmarks holds them equal.
type headingIDs struct {
	used map[string]bool
	// next is, for a name seen again, the first number its next repeat
	// may take: every number below it is taken, and ids are only ever
	// added, so the search goes on from there.
	next map[string]int
}

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}, next: map[string]int{}}
}

// parseContext is a parser context with linear heading ids.
func parseContext() parser.Context {
	return parser.NewContext(parser.WithIDs(newHeadingIDs()))
}

// Generate is the automatic id of value: for ASCII, goldmark's (letters
// and digits, lower case, a hyphen for each space, hyphen or underscore,
// everything else dropped); beyond it, as GitHub and most static site
// generators make them, every letter, digit and combining mark of any
// script, lower case, and a hyphen for a space. goldmark's own drop every
// byte that is not ASCII: "## Über uns" was "ber-uns" and "## 日本語"
// "heading", where the article's own links say "#über-uns" and "#日本語".
func (s *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	value = util.TrimRightSpace(util.TrimLeftSpace(value))
	result := []byte{}
	for i := 0; i < len(value); {
		v := value[i]
		if v >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(value[i:])
			i += n
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
				result = utf8.AppendRune(result, unicode.ToLower(r))
			case unicode.IsSpace(r):
				result = append(result, '-')
			}
			continue
		}
		i++
		if util.IsAlphaNumeric(v) {
			if 'A' <= v && v <= 'Z' {
				v += 'a' - 'A'
			}
			result = append(result, v)
		} else if util.IsSpace(v) || v == '-' || v == '_' {
			result = append(result, '-')
		}
	}
	if len(result) == 0 {
		if kind == ast.KindHeading {
			result = []byte("heading")
		} else {
			result = []byte("id")
		}
	}
	name := string(result)
	if !s.used[name] {
		s.used[name] = true
		return result
	}
	for i := max(s.next[name], 1); ; i++ {
		id := name + "-" + strconv.Itoa(i)
		if !s.used[id] {
			s.used[id] = true
			s.next[name] = i + 1
			return []byte(id)
		}
	}
}

// Put takes an id given by hand ({#id}).
func (s *headingIDs) Put(value []byte) {
	s.used[string(value)] = true
}
