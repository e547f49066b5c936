// Package theme holds byline's colours and the lipgloss styles built from
// them once, so View never builds a style.
package theme

import "github.com/charmbracelet/lipgloss"

// Theme is a palette.
type Theme struct {
	Accent, Text, Muted, Subtle, Unread, Star, Error lipgloss.Color
}

// Dark and Light are the built-in palettes.
var (
	Dark = Theme{
		Accent: "#7D56F4", Text: "#E4E4E4", Muted: "#8A8A8A", Subtle: "#4E4E4E",
		Unread: "#5FAFFF", Star: "#FFD75F", Error: "#FF5F5F",
	}
	Light = Theme{
		Accent: "#5A3FC0", Text: "#1C1C1C", Muted: "#6C6C6C", Subtle: "#BCBCBC",
		Unread: "#005FAF", Star: "#AF8700", Error: "#D70000",
	}
)

// ForStyle picks the palette that goes with a Glamour style name.
func ForStyle(style string) Theme {
	if style == "light" {
		return Light
	}
	return Dark
}

// Styles are the lipgloss styles the components use.
type Styles struct {
	Title       lipgloss.Style
	TitleUnread lipgloss.Style
	Meta        lipgloss.Style
	SelectedBar lipgloss.Style
	Bar         lipgloss.Style
	UnreadMark  lipgloss.Style
	StarMark    lipgloss.Style
	Tag         lipgloss.Style
	PaneBorder  lipgloss.Style
	FocusBorder lipgloss.Style
	Header      lipgloss.Style
	HeaderMeta  lipgloss.Style
	Status      lipgloss.Style
	// Selection marks text the next key replaces, and search matches.
	Selection    lipgloss.Style
	StatusError  lipgloss.Style
	StatusRight  lipgloss.Style
	Welcome      lipgloss.Style
	WelcomeTitle lipgloss.Style
	Code         lipgloss.Style
	Problem      lipgloss.Style
}

// NewStyles builds the styles for a palette.
func NewStyles(t Theme) *Styles {
	return &Styles{
		Title:        lipgloss.NewStyle().Foreground(t.Text),
		TitleUnread:  lipgloss.NewStyle().Foreground(t.Text).Bold(true),
		Meta:         lipgloss.NewStyle().Foreground(t.Muted),
		SelectedBar:  lipgloss.NewStyle().Foreground(t.Accent).SetString("▌"),
		Bar:          lipgloss.NewStyle().SetString(" "),
		UnreadMark:   lipgloss.NewStyle().Foreground(t.Unread).SetString("●"),
		StarMark:     lipgloss.NewStyle().Foreground(t.Star).SetString("★"),
		Tag:          lipgloss.NewStyle().Foreground(t.Accent),
		PaneBorder:   lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, true, false, false).BorderForeground(t.Subtle),
		FocusBorder:  lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, true, false, false).BorderForeground(t.Accent),
		Header:       lipgloss.NewStyle().Bold(true).Foreground(t.Text),
		HeaderMeta:   lipgloss.NewStyle().Foreground(t.Muted),
		Status:       lipgloss.NewStyle().Foreground(t.Muted),
		Selection:    lipgloss.NewStyle().Reverse(true),
		StatusError:  lipgloss.NewStyle().Foreground(t.Error),
		StatusRight:  lipgloss.NewStyle().Foreground(t.Muted),
		Welcome:      lipgloss.NewStyle().Padding(1, 2),
		WelcomeTitle: lipgloss.NewStyle().Bold(true).Foreground(t.Accent),
		Code:         lipgloss.NewStyle().Foreground(t.Accent),
		Problem:      lipgloss.NewStyle().Foreground(t.Error),
	}
}
