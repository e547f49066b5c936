package feed

import "testing"

func TestPlainText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"tags and spaces", "<p>One\n\n  two</p><p>three</p>", "One two three"},
		{"inline tags join", "<p>a<b>b</b>c</p>", "abc"},
		{"script dropped", "<p>a</p><script>evil()</script><p>b</p>", "a b"},
		{"entities decoded", "<p>caf&eacute; &amp; tea</p>", "café & tea"},
		// A reference decodes to a control after the input was cleaned:
		// it goes, with its sequence, and the space around it folds.
		{"decoded escape", "<p>a &#27;[31m b</p>", "a b"},
		{"decoded bidi override", "<p>x &#x202e; y</p>", "x y"},
		{"no markup", "  plain\ttext \n", "plain text"},
	}
	for _, c := range cases {
		if got := PlainText(c.in); got != c.want {
			t.Errorf("%s: PlainText(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}
