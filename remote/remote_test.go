package remote

import "testing"

func TestDisplayURLHidesCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"https://me:pw@rss.example.com/api": "https://rss.example.com/api",
		"https://rss.example.com":           "https://rss.example.com",
		"http://me@host:8080/x":             "http://host:8080/x",
	} {
		if got := DisplayURL(in); got != want {
			t.Errorf("DisplayURL(%q) = %q, want %q", in, got, want)
		}
	}
}
