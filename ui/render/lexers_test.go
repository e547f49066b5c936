package render

import (
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// shortInputs are inputs of a character or two, on which two of Chroma's
// lexers loop for good.
var shortInputs = func() []string {
	out := []string{"", "\n", "  ", "\t"}
	for c := byte(0x21); c < 0x7f; c++ {
		out = append(out, string(c), string(c)+"\n", "a"+string(c))
	}
	return out
}()

// within runs fn and reports whether it returned within d (a goroutine
// that never returns is left behind: the test fails anyway).
func within(d time.Duration, fn func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// Every Chroma lexer but loopingLexers finishes on short inputs; those are
// never run here (they would spin for the rest of the test binary).
func TestLexersFinish(t *testing.T) {
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		name := l.Config().Name
		if loopingLexers[name] {
			continue
		}
		ok := within(5*time.Second, func() {
			for _, in := range shortInputs {
				it, err := chroma.Coalesce(l).Tokenise(nil, in)
				if err != nil {
					continue
				}
				for tok := it(); tok != chroma.EOF; tok = it() {
				}
			}
		})
		if !ok {
			t.Fatalf("Chroma's %q lexer does not finish on inputs of a character or two: add it to loopingLexers", name)
		}
	}
	for name := range loopingLexers {
		if lexers.Get(name) == nil {
			t.Errorf("loopingLexers names %q, which Chroma no longer has", name)
		}
	}
}

// Code in a language whose lexer loops is shown plain, and the render
// ends: by name, alias or file name, from Markdown and from a feed's HTML.
func TestLoopingLanguagesShownPlain(t *testing.T) {
	for name, md := range map[string]string{
		"jungle":      "# J\n\n```jungle\n-\n```\n\nAfter.\n",
		"jsonata":     "Before.\n\n```jsonata\n\"\n```\n\nAfter.\n",
		"file name":   "```x.jsonata\n\\\n```\n\nAfter.\n",
		"upper case":  "```JSONata\n'\n```\n\nAfter.\n",
		"in a list":   "- item\n\n  ```jungle\n  1\n  ```\n- After.\n",
		"highlighted": "```go\nfunc f() {}\n```\n\n```jsonata\n\"\n```\n\nAfter.\n",
	} {
		t.Run(name, func(t *testing.T) {
			var out string
			var err error
			if !within(10*time.Second, func() { out, _, err = New("dark", termenv.TrueColor).RenderArticle("", md, 80) }) {
				t.Fatal("the render did not end")
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(ansi.Strip(out), "After.") {
				t.Errorf("text after the code is missing:\n%s", ansi.Strip(out))
			}
		})
	}
}
