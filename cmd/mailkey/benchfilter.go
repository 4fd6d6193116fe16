package main

import (
	"fmt"
	"strconv"
	"time"

	"mailkey"
	"mailkey/wasm/i18n"
	mkkb "mailkey/wasm/kb"
	"mailkey/wasm/ledger"
	"mailkey/wasm/ledgerview"
)

// nativeFilter is the median time (ms) of the popup's filter over n entries
// (the ledger the bench seeds) in native Go: what the keystroke costs before
// wasm and drawing.
func nativeFilter(n int) (float64, error) {
	k, err := mkkb.Load()
	if err != nil {
		return 0, err
	}
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		return 0, err
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	entries := make([]ledger.Entry, n)
	for i := range entries {
		e, err := ledger.New(fmt.Sprintf("%032x", i), []string{"google", "qq", "yahoo", "netease", "microsoft", "icloud", "zoho", "fastmail"}[i%8],
			"person"+strconv.Itoa(i%97)+"@example.com", "Label "+strconv.Itoa(i)+" for a mail program", "Thunderbird on PC "+strconv.Itoa(i%13),
			ledger.KindAppPassword, ledger.FromManual, now.Add(time.Duration(i)*time.Minute))
		if err != nil {
			return 0, err
		}
		entries[i] = e
	}
	rows := ledgerview.Rows(entries, k, cat, "en", now)
	var times []float64
	for i := 0; i < 25; i++ {
		start := time.Now()
		ledgerview.Apply(rows, ledgerview.Filter{Query: string(rune('a' + i%26))})
		times = append(times, float64(time.Since(start).Microseconds())/1000)
	}
	return median(times), nil
}
