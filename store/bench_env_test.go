package store_test

import "os"

func benchEnabled() bool { return os.Getenv("BYLINE_BENCH") != "" }
