// Package stubsuggester is a stub external suggester written in Go for
// the tests of the suggester protocol (docs/SUGGESTERS.md): a test binary
// whose TestMain calls Run when FOLIO_FAKE_SUGGESTER is set is a
// suggester that misbehaves on cue.
package stubsuggester

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// request is the part of a suggester request the stub reads.
type request struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Run answers requests on stdin. Every document gets PER on each "Anna"
// and the replacement "Köln" for each "Koln"; the text decides the rest:
// SLOW sleeps past any test timeout, CRASH exits with status 3, GARBAGE
// writes a line that is not JSON first, SILENT writes only garbage,
// WRONGID answers for another document, RANGE adds suggestions that must
// be refused. Each start appends a line to $FOLIO_FAKE_LOG.
func Run(mode string) int {
	if log := os.Getenv("FOLIO_FAKE_LOG"); log != "" {
		f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintln(f, "start")
			f.Close()
		}
	}
	if mode == "exit" {
		fmt.Fprintln(os.Stderr, "no model here")
		return 2
	}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var req request
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			fmt.Fprintln(os.Stderr, "bad request:", err)
			return 1
		}
		t := req.Text
		switch {
		case strings.Contains(t, "CRASH"):
			fmt.Fprintln(os.Stderr, "boom: the model fell over")
			return 3
		case strings.Contains(t, "SLOW"):
			time.Sleep(10 * time.Second)
		case strings.Contains(t, "SILENT"):
			fmt.Println("loading model… done")
			continue
		case strings.Contains(t, "GARBAGE"):
			fmt.Println("Warning: this is not JSON")
			fmt.Println(`{"id":"x","suggestions":[{"start":0,"end":1,"text":"a"}]}`)
		}
		id := req.ID
		if strings.Contains(t, "WRONGID") {
			id = "another"
		}
		var items []map[string]any
		runes := []rune(t)
		for i := 0; i+4 <= len(runes); i++ {
			switch string(runes[i : i+4]) {
			case "Anna":
				items = append(items, map[string]any{"start": i, "end": i + 4, "label": "PER", "score": 0.9, "source": "ner"})
			case "Koln":
				items = append(items, map[string]any{"start": i, "end": i + 4, "replacement": "Köln", "score": 0.8})
			}
		}
		if strings.Contains(t, "RANGE") {
			n := len(runes)
			items = append(items,
				map[string]any{"start": n - 2, "end": n + 5, "label": "PER"},
				map[string]any{"start": -1, "end": 2, "label": "PER"},
				map[string]any{"start": 0, "end": 4, "label": "GPE"},
				map[string]any{"start": 0, "end": 4, "label": "GPE"},
				map[string]any{"start": 0, "end": 4, "label": "PER", "replacement": "x"},
				map[string]any{"start": 0, "end": 4},
				map[string]any{"start": 0, "end": 4, "label": "PER", "score": 7},
				map[string]any{"start": 3, "end": 3, "label": "PER"},
			)
		}
		b, _ := json.Marshal(map[string]any{"id": id, "suggestions": items})
		fmt.Println(string(b))
	}
	return 0
}
