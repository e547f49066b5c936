package ui

import (
	"os"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
)

// CopyToClipboard puts text on the system clipboard (xclip, xsel,
// wl-copy, pbcopy), or, where none is installed or there is no display
// (over ssh), asks the terminal to with OSC 52.
func CopyToClipboard(text string) error {
	if err := clipboard.WriteAll(text); err == nil {
		return nil
	}
	_, err := osc52.New(text).WriteTo(os.Stderr)
	return err
}
