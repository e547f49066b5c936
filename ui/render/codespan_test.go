package render

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// Inline code must not make a paragraph wrap badly: Glamour pads a code span
// with a space each side after it has wrapped the line, which made the line
// too wide and pushed its last word onto a line of its own.
func TestCodeSpansWrapLikeText(t *testing.T) {
	paras := []string{
		"Any folder of `.md` or `.markdown` files is a source, read recursively; a Hugo or Jekyll `content/` folder " +
			"works as it is, and a `date` at the start of the file name wins over the `mtime` of the file, with " +
			"`config.toml` and `$XDG_DATA_HOME` too; `tags` and `categories` become tags and `draft` a tag.",
		"byline reads YAML between `---` lines, TOML between `+++` lines, or a JSON object at the top of the file:",
	}
	for _, width := range []int{60, 76, 100, 120} {
		for _, md := range paras {
			out, err := New("dark", termenv.ANSI256).Render("", md, width)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, l := range strings.Split(ansi.Strip(out), "\n") {
				if strings.TrimSpace(l) != "" {
					lines = append(lines, strings.TrimRight(l, " "))
				}
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("width %d: line %d is %d wide: %q", width, i, w, l)
				}
				if i < len(lines)-1 && ansi.StringWidth(l) < width/2 {
					t.Errorf("width %d: line %d is a stub: %q\n%s", width, i, l, strings.Join(lines, "\n"))
				}
			}
		}
	}
}
