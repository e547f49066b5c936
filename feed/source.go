package feed

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// IsURL reports whether location is an http(s) URL.
func IsURL(location string) bool {
	l := strings.ToLower(location)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// KindOf decides what kind of source location names: an http(s) URL, a
// folder, or a feed file. It fails when a local path does not exist.
func KindOf(location string) (Kind, error) {
	if IsURL(location) {
		return KindURL, nil
	}
	if strings.Contains(location, "://") {
		if u, err := url.Parse(location); err == nil && strings.EqualFold(u.Scheme, "file") && u.Path != "" {
			return "", fmt.Errorf("%s: a file URL; give the file's path instead (%s)", location, u.Path)
		}
		return "", fmt.Errorf("%s: only http and https URLs, feed files and folders can be added", location)
	}
	info, err := os.Stat(location)
	if err != nil {
		if os.IsNotExist(err) {
			return "", fmt.Errorf("%s: no such file or folder", location)
		}
		return "", err
	}
	if info.IsDir() {
		return KindFolder, nil
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("%s: %v; only feed files and folders can be added", location, notRegular(info))
	}
	return KindFile, nil
}

// ReadFile parses a feed document on disk.
func ReadFile(path string) (*Result, error) {
	data, err := ReadRegularFile(path, DefaultMaxBody)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	res, err := ParseFeed(data, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}

// Read reads a local source (file or folder). URL sources go through a
// Fetcher, so that conditional GET state can be kept by the caller.
func Read(ctx context.Context, kind Kind, location string) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch kind {
	case KindFile:
		return ReadFile(location)
	case KindFolder:
		return ReadFolder(location)
	}
	return nil, fmt.Errorf("%s: cannot read a source of kind %q locally", location, kind)
}
