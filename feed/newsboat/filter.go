package newsboat

import (
	"fmt"
	"strings"
)

// Expr is a parsed expression of newsboat's filter language (query feeds,
// ignore-article, the filter command): comparisons joined by "and" and
// "or", grouped with parentheses.
type Expr struct {
	// Join is "and" or "or" for a joined pair (Left, Right), "" for a
	// comparison.
	Join        string
	Left, Right *Expr
	// A comparison: Attr Op Value, as `unread = "yes"` or `age < 7`.
	// Op is one of = != =~ !~ < > <= >= # !# between; a between's
	// Value is "A:B".
	Attr, Op, Value string
}

func (e *Expr) String() string {
	if e.Join != "" {
		return "(" + e.Left.String() + " " + e.Join + " " + e.Right.String() + ")"
	}
	// Quoted as newsboat quotes: only the backslash and the quote escaped.
	return e.Attr + " " + e.Op + ` "` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(e.Value) + `"`
}

// ParseFilter parses newsboat's filter language. As in newsboat's parser,
// "and" and "or" bind alike and group to the right ("a and b or c" is
// "a and (b or c)"); parentheses group.
func ParseFilter(s string) (*Expr, error) {
	toks, err := lexFilter(s)
	if err != nil {
		return nil, err
	}
	p := &filterParser{toks: toks}
	e, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos].text)
	}
	return e, nil
}

type filterTok struct {
	kind byte // 'w' word, 's' string, 'o' operator, '(' ')'
	text string
}

var filterOps = []string{"==", "!=", "=~", "!~", "<=", ">=", "!#", "=", "<", ">", "#"}

func lexFilter(s string) ([]filterTok, error) {
	var toks []filterTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			toks = append(toks, filterTok{c, string(c)})
			i++
		case c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("a quote is not closed")
			}
			toks = append(toks, filterTok{'s', b.String()})
			i = j + 1
		default:
			op := ""
			for _, o := range filterOps {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op != "" {
				toks = append(toks, filterTok{'o', op})
				i += len(op)
				continue
			}
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n()\"=!<>#~", rune(s[j])) {
				j++
			}
			if j == i {
				return nil, fmt.Errorf("unexpected %q", string(c))
			}
			toks = append(toks, filterTok{'w', s[i:j]})
			i = j
		}
	}
	return toks, nil
}

type filterParser struct {
	toks []filterTok
	pos  int
}

func (p *filterParser) next() (filterTok, bool) {
	if p.pos >= len(p.toks) {
		return filterTok{}, false
	}
	t := p.toks[p.pos]
	p.pos++
	return t, true
}

// maxDepth bounds parentheses, so a hostile line cannot exhaust the stack.
const maxDepth = 64

func (p *filterParser) expr(depth int) (*Expr, error) {
	left, err := p.operand(depth)
	if err != nil {
		return nil, err
	}
	if p.pos >= len(p.toks) {
		return left, nil
	}
	t := p.toks[p.pos]
	join := strings.ToLower(t.text)
	if t.kind != 'w' || (join != "and" && join != "or") {
		return left, nil
	}
	p.pos++
	right, err := p.expr(depth)
	if err != nil {
		return nil, err
	}
	return &Expr{Join: join, Left: left, Right: right}, nil
}

func (p *filterParser) operand(depth int) (*Expr, error) {
	t, ok := p.next()
	if !ok {
		return nil, fmt.Errorf("the expression ends early")
	}
	if t.kind == '(' {
		if depth >= maxDepth {
			return nil, fmt.Errorf("parentheses nested deeper than %d", maxDepth)
		}
		e, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		if c, ok := p.next(); !ok || c.kind != ')' {
			return nil, fmt.Errorf("a parenthesis is not closed")
		}
		return e, nil
	}
	if t.kind != 'w' {
		return nil, fmt.Errorf("expected an attribute, found %q", t.text)
	}
	op, ok := p.next()
	switch {
	case !ok:
		return nil, fmt.Errorf("%s: no comparison follows", t.text)
	case op.kind == 'w' && strings.EqualFold(op.text, "between"):
		op.text = "between"
	case op.kind != 'o':
		return nil, fmt.Errorf("%s: expected a comparison, found %q", t.text, op.text)
	}
	v, ok := p.next()
	if !ok || (v.kind != 's' && v.kind != 'w') {
		return nil, fmt.Errorf("%s %s: no value follows", t.text, op.text)
	}
	if op.text == "==" {
		op.text = "="
	}
	return &Expr{Attr: strings.ToLower(t.text), Op: op.text, Value: v.text}, nil
}
