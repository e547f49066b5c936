package main

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/byline/byline/store"
	"github.com/byline/byline/ui"
	"github.com/byline/byline/ui/keys"
	"github.com/byline/byline/ui/render"
	"github.com/byline/byline/ui/theme"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

// The reader itself, its raw output bytes as the terminal gets them, with
// the hostile corpus: every article previewed and opened, its links list
// shown. Bubble Tea's own screen control (CSI sequences) passes; nothing
// else may: no OSC but byline's OSC 8 links, no DCS, APC, PM or SOS, no
// BEL, no C1 control, no bidi override.
func TestReaderOutputHoldsOnlyItsOwnSequences(t *testing.T) {
	if testing.Short() {
		t.Skip("the reader over the hostile corpus: skipped in -short mode")
	}
	c := newCLI(t)
	for _, src := range writeEncodedCorpus(t, t.TempDir()) {
		c.mustRun("add", src)
	}
	var arts []struct{ ID int64 }
	if err := json.Unmarshal([]byte(c.mustRun("ls", "--json")), &arts); err != nil || len(arts) < 16 {
		t.Fatalf("corpus: %d articles (%v)", len(arts), err)
	}
	st, err := store.Open(filepath.Join(c.dataDir, "byline", "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := ui.New(ui.Options{
		Store:      st,
		Renderer:   render.New("dark", termenv.TrueColor, render.WithHyperlinks(true)),
		Styles:     theme.NewStyles(theme.Dark),
		Keys:       keys.Default(),
		Hyperlinks: true,
	})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	key := func(s string) {
		switch s {
		case "enter":
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		case "esc":
			tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
		default:
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
		}
		time.Sleep(15 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	for range arts {
		key("enter")
		key("L")
		key("esc")
		key("esc")
		key("j")
	}
	key("Q")
	data, err := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(10*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	raw := string(data)
	if !strings.Contains(raw, "\x1b[") {
		t.Fatal("the reader wrote nothing")
	}
	if !strings.Contains(raw, "atom body") || !strings.Contains(raw, "json body") {
		t.Fatalf("the articles' bodies were not shown (%d bytes written)", len(raw))
	}
	if bad := foreignInFrame(raw); bad != "" {
		t.Fatal(bad)
	}
}

// foreignInFrame finds a sequence or control in a Bubble Tea frame stream
// that neither Bubble Tea nor byline writes.
func foreignInFrame(s string) string {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
				j++
			}
			if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e {
				return "a broken CSI sequence: " + quoteAt(s, i)
			}
			i = j + 1
		case c == 0x1b && strings.HasPrefix(s[i:], "\x1b]8;;"):
			end := strings.Index(s[i:], "\x1b\\")
			if end < 0 || strings.ContainsAny(s[i+5:i+end], "\x07\x1b") {
				return "a broken OSC 8 link: " + quoteAt(s, i)
			}
			i += end + 2
		case c == 0x1b:
			return "a foreign escape sequence: " + quoteAt(s, i)
		case c == 0x07 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'):
			return "a control character: " + quoteAt(s, i)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r >= 0x80 && r <= 0x9f) || hostileInvisible(r) {
				return "a C1 or invisible character: " + quoteAt(s, i)
			}
			i += size
		}
	}
	return ""
}

func quoteAt(s string, i int) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s[max(0, i-20):min(len(s), i+30)], "\x1b", "⟨ESC⟩"), "\x07", "⟨BEL⟩"))
}
