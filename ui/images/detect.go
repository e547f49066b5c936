package images

import (
	"bytes"
	"os"
	"strings"
	"time"

	"github.com/byline/byline/ui/tty"
)

// kittyQuery asks whether the terminal takes kitty graphics: a 1×1 image
// query, which stores nothing.
const kittyQuery = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"

// QueryKitty asks the terminal once whether it supports the kitty graphics
// protocol, waiting at most timeout for its answer. Call it before the
// program reads keys: the answer arrives as input. Inside tmux or screen
// it does not ask: a multiplexer does not pass placeholders through.
func QueryKitty(timeout time.Duration) bool {
	if os.Getenv("TMUX") != "" || strings.HasPrefix(os.Getenv("TERM"), "screen") || strings.HasPrefix(os.Getenv("TERM"), "tmux") {
		return false
	}
	return bytes.Contains(tty.Ask(kittyQuery, timeout), []byte("\x1b_Gi=31;OK"))
}
