package feed

import (
	"strings"
	"sync"

	"github.com/byline/byline/feed/sanitize"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
)

// The converter holds no per-call state, so one serves every goroutine.
var markdownConverter = sync.OnceValue(func() *converter.Converter {
	return converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(),
		strikethrough.NewStrikethroughPlugin(),
	))
})

// HTMLToMarkdown converts item HTML to Markdown, keeping tables and code
// blocks; relative links and images are resolved against base when it is an
// http(s) URL.
func HTMLToMarkdown(html, base string) (string, error) {
	var opts []converter.ConvertOptionFunc
	if strings.HasPrefix(base, "http://") || strings.HasPrefix(base, "https://") {
		opts = append(opts, converter.WithDomain(base))
	}
	md, err := markdownConverter().ConvertString(html, opts...)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(md), nil
}

// ToMarkdown returns the article body as Markdown, whatever format it was
// received in, without control characters or escape sequences: they go
// before conversion, so that the converter cannot drop an ESC and leave
// the rest of a sequence as text. The converter decodes entities, and the
// Markdown it writes can hold character references a Markdown parser
// decodes in turn, so its output is cleaned as Markdown again.
func ToMarkdown(content string, format Format, base string) (string, error) {
	content = sanitize.Text(content)
	switch format {
	case FormatMarkdown, FormatText:
		return sanitize.Markdown(content), nil
	default:
		md, err := HTMLToMarkdown(content, base)
		return sanitize.Markdown(md), err
	}
}
