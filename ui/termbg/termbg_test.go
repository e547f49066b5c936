package termbg

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]bool{
		"\x1b]11;rgb:0000/0000/0000\x07":     true,
		"\x1b]11;rgb:ffff/ffff/ffff\x1b\\":   false,
		"\x1b]11;rgb:28/2c/34\x07\x1b[?62;c": true,
		"junk\x1b]11;rgb:fdfd/f6f6/e3e3\x07": false,
	} {
		dark, ok := parse([]byte(in))
		if !ok || dark != want {
			t.Errorf("parse(%q) = %v, %v", in, dark, ok)
		}
	}
	if _, ok := parse([]byte("\x1b[?62;c")); ok {
		t.Errorf("a device-attributes answer alone is no colour")
	}
}
