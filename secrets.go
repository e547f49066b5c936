package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"mvdan.cc/sh/v3/shell"
)

// passwordCommandWords splits password_command into words as a POSIX
// shell would (quotes, backslashes, $VAR from the environment), for a
// command that is still run without a shell: no pipes, redirections or
// command substitution. An empty setting is no command.
func passwordCommandWords(cmdline string) ([]string, error) {
	if strings.TrimSpace(cmdline) == "" {
		return nil, nil
	}
	words, err := shell.Fields(cmdline, nil)
	if err != nil {
		return nil, fmt.Errorf("password_command: %w", err)
	}
	if len(words) == 0 {
		return nil, errors.New("password_command: no command")
	}
	return words, nil
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
