// Package termquery keeps the terminal from being asked what byline does
// not need to know. Bubble Tea v1 asks the terminal for its background
// colour as the program starts (a package init), and a terminal that does
// not answer (a plain pseudo-terminal, some multiplexers and editors'
// terminals) makes every command wait five seconds, and leaves the query's
// escapes in piped output. Its init runs before Bubble Tea's (packages are
// initialised in import-path order once their imports are, and this path
// sorts first) and settles the answer as dark; the reader asks for real,
// once, only when the theme is "auto" (Background). A terminal answers the
// position report sent with the query at once, so a real terminal never
// makes that wait.
//
// It imports lipgloss and termenv only.
package termquery

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func init() {
	lipgloss.SetHasDarkBackground(true)
}

// Background asks the terminal once whether its background is dark; no
// answer is dark.
func Background() (dark bool) {
	dark = termenv.NewOutput(nil).HasDarkBackground()
	lipgloss.SetHasDarkBackground(dark)
	return dark
}
