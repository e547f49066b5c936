package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// passwordCommandWords splits password_command into words as a POSIX
// shell would (quotes, backslashes, $VAR from the environment), for a
// command that is still run without a shell: no pipes, redirections,
// command or process substitution. An empty setting is no command. What
// it cannot take is an error, never a panic: the shell-words library
// dereferences a nil function on a process substitution ('cat <(x)'), so
// such words are refused before they are expanded, and a panic left in
// it is an error too.
func passwordCommandWords(cmdline string) (words []string, err error) {
	if strings.TrimSpace(cmdline) == "" {
		return nil, nil
	}
	defer func() {
		if r := recover(); r != nil {
			words, err = nil, fmt.Errorf("password_command: cannot be read as a command (%v)", r)
		}
	}()
	var parsed []*syntax.Word
	for w, err := range syntax.NewParser().WordsSeq(strings.NewReader(cmdline)) {
		if err != nil {
			return nil, fmt.Errorf("password_command: %w", err)
		}
		if what := substitution(w); what != "" {
			return nil, fmt.Errorf("password_command: %s is not run (the command runs without a shell)", what)
		}
		parsed = append(parsed, w)
	}
	refuse := errors.New("not run (the command runs without a shell)")
	cfg := &expand.Config{
		Env:       expand.FuncEnviron(os.Getenv),
		CmdSubst:  func(io.Writer, *syntax.CmdSubst) error { return refuse },
		ProcSubst: func(*syntax.ProcSubst) (string, error) { return "", refuse },
	}
	if words, err = expand.Fields(cfg, parsed...); err != nil {
		return nil, fmt.Errorf("password_command: %w", err)
	}
	if len(words) == 0 {
		return nil, errors.New("password_command: no command")
	}
	return words, nil
}

// substitution names the first part of w that would run or compute
// something (a command, process or arithmetic substitution, an extended
// glob), or is "".
func substitution(w *syntax.Word) string {
	what := ""
	syntax.Walk(w, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.CmdSubst:
			what = "a command substitution"
		case *syntax.ProcSubst:
			what = "a process substitution"
		case *syntax.ArithmExp:
			what = "an arithmetic expansion"
		case *syntax.ExtGlob:
			what = "an extended glob"
		}
		return what == ""
	})
	return what
}

// checkSyncURL refuses a server URL with credentials in it: they would be
// stored with the URL and shown by 'sync status'.
func checkSyncURL(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err == nil && u.User != nil {
		return usagef("sync login: put the user in --user and the password in $BYLINE_SYNC_PASSWORD, password_command or the prompt, not in the URL")
	}
	return nil
}
