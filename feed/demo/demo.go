// Package demo is byline's sample library: a guided tour written as
// Markdown articles with front matter, and a small feed file. `byline demo`
// reads it into a temporary store.
package demo

import (
	"embed"
	"io/fs"
)

//go:embed tour changelog.xml
var files embed.FS

// Library is the sample library: tour/ (Markdown) and changelog.xml.
var Library fs.FS = files
