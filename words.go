package main

import "fmt"

// count is n with a noun, singular or plural: "1 article", "3 articles".
func count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
