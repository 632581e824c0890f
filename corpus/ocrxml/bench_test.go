package ocrxml

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"folio/internal/shared"
)

// BenchmarkRead reads the generated ALTO pages (about 45 KB each).
func BenchmarkRead(b *testing.B) {
	g := &altoGen{pages: 20}
	src, err := io.ReadAll(g)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if err := Read(bytes.NewReader(src), func(*Page) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadPAGE reads modern_de.page.xml (215 KB).
func BenchmarkReadPAGE(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(shared.Dir(b, "ocr-formats"), "modern_de.page.xml"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if err := Read(bytes.NewReader(src), func(*Page) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
