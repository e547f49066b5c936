package feed

import (
	"strings"
	"time"
	"unicode"

	"github.com/itlightning/dateparse"
)

// dateWords maps day and month names (and their usual abbreviations) in
// Portuguese, Spanish, French, German and Italian to English, for feeds
// that write their RFC 822 dates in their own language ("Seg, 24 Set
// 2018"). A table before the parser gofeed already uses, rather than a
// second, multilingual date library: the formats are the English ones and
// only the words differ, and a table is easy to read and to extend.
// Words that are English already, or that mean different things in two of
// these languages, are left out.
var dateWords = map[string]string{
	// Portuguese
	"seg": "Mon", "segunda": "Mon", "segunda-feira": "Mon", "ter": "Tue", "terça": "Tue", "terça-feira": "Tue",
	"qua": "Wed", "quarta": "Wed", "quarta-feira": "Wed", "qui": "Thu", "quinta": "Thu", "quinta-feira": "Thu",
	"sex": "Fri", "sexta": "Fri", "sexta-feira": "Fri", "sáb": "Sat", "sábado": "Sat", "dom": "Sun", "domingo": "Sun",
	"janeiro": "Jan", "fevereiro": "Feb", "fev": "Feb", "março": "Mar", "abril": "Apr", "abr": "Apr", "maio": "May", "mai": "May",
	"junho": "Jun", "julho": "Jul", "agosto": "Aug", "ago": "Aug", "setembro": "Sep", "set": "Sep", "outubro": "Oct", "out": "Oct",
	"novembro": "Nov", "dezembro": "Dec", "dez": "Dec",
	// Spanish
	"lun": "Mon", "lunes": "Mon", "mar.": "Tue", "martes": "Tue", "mié": "Wed", "miércoles": "Wed", "jue": "Thu", "jueves": "Thu",
	"vie": "Fri", "viernes": "Fri", "sábados": "Sat", "enero": "Jan", "ene": "Jan", "febrero": "Feb", "marzo": "Mar",
	"mayo": "May", "junio": "Jun", "julio": "Jul", "septiembre": "Sep", "sept": "Sep", "octubre": "Oct",
	"noviembre": "Nov", "diciembre": "Dec", "dic": "Dec",
	// French
	"lundi": "Mon", "mardi": "Tue", "mercredi": "Wed", "mer": "Wed", "jeudi": "Thu", "jeu": "Thu", "vendredi": "Fri", "ven": "Fri",
	"samedi": "Sat", "sam": "Sat", "dimanche": "Sun", "dim": "Sun",
	"janvier": "Jan", "janv": "Jan", "février": "Feb", "févr": "Feb", "fév": "Feb", "mars": "Mar", "avril": "Apr", "avr": "Apr",
	"juin": "Jun", "juillet": "Jul", "juil": "Jul", "août": "Aug", "aoû": "Aug", "septembre": "Sep", "octobre": "Oct",
	"novembre": "Nov", "décembre": "Dec", "déc": "Dec",
	// German
	"mo": "Mon", "montag": "Mon", "di": "Tue", "dienstag": "Tue", "mi": "Wed", "mittwoch": "Wed", "do": "Thu", "donnerstag": "Thu",
	"fr": "Fri", "freitag": "Fri", "sa": "Sat", "samstag": "Sat", "so": "Sun", "sonntag": "Sun",
	"januar": "Jan", "jän": "Jan", "februar": "Feb", "märz": "Mar", "mär": "Mar", "mrz": "Mar", "juni": "Jun", "juli": "Jul",
	"oktober": "Oct", "okt": "Oct", "dezember": "Dec",
	// Italian
	"lunedì": "Mon", "martedì": "Tue", "mercoledì": "Wed", "giovedì": "Thu", "gio": "Thu", "venerdì": "Fri",
	"sabato": "Sat", "domenica": "Sun",
	"gennaio": "Jan", "gen": "Jan", "febbraio": "Feb", "aprile": "Apr", "maggio": "May", "mag": "May", "giugno": "Jun", "giu": "Jun",
	"luglio": "Jul", "lug": "Jul", "settembre": "Sep", "ottobre": "Oct", "ott": "Oct", "dicembre": "Dec",
}

// ParseForeignDate reads a feed date that gofeed could not: one written with day
// and month names in another language. It reports false when the date
// still cannot be read; the article then has no date. A date without a
// zone is taken as UTC, as front matter dates are.
func ParseForeignDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	changed := false
	for i, f := range fields {
		word := strings.ToLower(strings.TrimSuffix(f, "."))
		if en, ok := dateWords[word]; ok {
			fields[i], changed = en, true
		} else if en, ok := dateWords[strings.ToLower(f)]; ok {
			fields[i], changed = en, true
		} else if word == "de" || word == "del" || word == "à" || word == "um" || word == "às" || word == "alle" {
			fields[i], changed = "", true // "24 de setembro de 2018", "à 10:00"
		}
	}
	if !changed {
		return time.Time{}, false
	}
	t, err := dateparse.ParseIn(strings.Join(strings.Fields(strings.Join(fields, " ")), " "), time.UTC, dateparse.RetryAmbiguousDateWithSwap(true))
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}
