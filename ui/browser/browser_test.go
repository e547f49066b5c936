package browser

import (
	"testing"
)

func TestAllowed(t *testing.T) {
	for link, want := range map[string]bool{
		"https://example.com/a?b=c":     true,
		"http://example.com":            true,
		"HTTPS://EXAMPLE.COM/":          true,
		"mailto:someone@example.com":    true,
		"javascript:alert(1)":           false,
		"JavaScript:alert(1)":           false,
		"file:///etc/passwd":            false,
		"data:text/html,<script>":       false,
		"vbscript:msgbox":               false,
		"ftp://example.com/x":           false,
		"https:///no-host":              false,
		"/relative/path":                false,
		"":                              false,
		"mailto:":                       false,
		"http://example.com/\x1b]0;x\a": false, // control characters: not a URL
	} {
		if got := Allowed(link); got != want {
			t.Errorf("Allowed(%q) = %v, want %v", link, got, want)
		}
	}
}

func TestCommandPassesTheURLAsOneArgumentWithoutAShell(t *testing.T) {
	t.Setenv("BROWSER", "firefox --new-tab")
	link := "https://example.com/a b;$(rm -rf ~)|`id`"
	cmd, err := Command(link)
	if err != nil {
		t.Fatal(err)
	}
	if cmd.Args[0] != "firefox" || len(cmd.Args) != 3 || cmd.Args[1] != "--new-tab" || cmd.Args[2] != link {
		t.Fatalf("args = %q", cmd.Args)
	}
	if _, err := Command("javascript:alert(1)"); err == nil {
		t.Fatalf("javascript: link got a command")
	}
	t.Setenv("BROWSER", "")
	cmd, _ = Command("https://example.com")
	if cmd.Args[len(cmd.Args)-1] != "https://example.com" {
		t.Fatalf("default opener args = %q", cmd.Args)
	}
}
