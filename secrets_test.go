package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/byline/byline/feed/greader"
)

func TestPasswordCommandIsSplitLikeAShell(t *testing.T) {
	words, err := passwordCommandWords(`printf %s 'two words'`)
	if err != nil || len(words) != 3 || words[2] != "two words" {
		t.Fatalf("words = %q, %v", words, err)
	}
	a := &app{}
	a.cfg.Sync.PasswordCommand = `printf %s 'two words'`
	t.Setenv("BYLINE_SYNC_PASSWORD", "")
	if pw, err := a.syncPassword("me", false); err != nil || pw != "two words" {
		t.Fatalf("password = %q, %v", pw, err)
	}
	a.cfg.Sync.PasswordCommand = `printf "unclosed`
	if _, err := a.syncPassword("me", false); err == nil || !strings.Contains(err.Error(), "password_command") {
		t.Fatalf("unclosed quote: %v", err)
	}
	a.cfg.Sync.PasswordCommand = `echo $(id)`
	if _, err := a.syncPassword("me", false); err == nil {
		t.Fatalf("command substitution ran")
	}
}

func TestSyncLoginRefusesCredentialsInTheURL(t *testing.T) {
	c := newCLI(t)
	t.Setenv("BYLINE_SYNC_PASSWORD", "pw")
	code, _, errOut := c.run("sync", "login", "http://me:pw@127.0.0.1:1/api/greader.php", "--user", "me")
	if code != 2 || !strings.Contains(errOut, "not in the URL") || strings.Contains(errOut, ":pw@") {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	if out, _ := c.runOK("sync", "status"); strings.Contains(out, "pw") {
		t.Fatalf("status shows the password: %s", out)
	}
}

func (c *cli) runOK(args ...string) (string, string) {
	_, out, errOut := c.run(args...)
	return out, errOut
}

func TestLoginRedirectNeverCarriesThePasswordToAnotherHost(t *testing.T) {
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.Form.Get("Passwd") != "" {
			leaked.Store(true)
		}
		w.Write([]byte("Auth=stolen\n"))
	}))
	defer other.Close()
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer server.Close()
	c := greader.New(server.URL, http.DefaultClient, "test")
	err := c.Login(context.Background(), "me", "secret")
	if err == nil || leaked.Load() {
		t.Fatalf("login followed a redirect to another host: err %v, password leaked %v", err, leaked.Load())
	}
}

// A password_command the splitter cannot take is an error that names the
// setting, never a panic: process substitution made the shell-words
// library dereference a nil function.
func TestPasswordCommandThatIsNoPlainCommandIsAnError(t *testing.T) {
	for _, cmd := range []string{"cat <(x)", "cat >(x)", "echo $(id)", "echo `id`", "cat <(echo $(id))", "a | b", "a; b", "a > f", "@(a)"} {
		words, err := passwordCommandWords(cmd)
		if err == nil || !strings.Contains(err.Error(), "password_command") {
			t.Errorf("%q: words %q, error %v", cmd, words, err)
		}
	}
}

func FuzzPasswordCommandWords(f *testing.F) {
	for _, s := range []string{"pass show byline", `printf %s 'two words'`, "cat <(x)", "echo $(id)", `a "$HOME" \x`, "$((1/0))", "${x:?}", "a{b,c}", "~/bin/pw", "${#}", "$((", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		words, err := passwordCommandWords(cmd)
		if err == nil && strings.TrimSpace(cmd) != "" && len(words) == 0 {
			t.Fatalf("%q: no words and no error", cmd)
		}
	})
}
