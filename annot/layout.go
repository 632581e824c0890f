package annot

// Layout is the page layout of a document imported from hOCR, ALTO or
// PAGE XML: where each word and line of the stored text sits on the page
// image, how sure the OCR was, and the page's original XML, so that an
// export can write the corrections back in place.
type Layout struct {
	// Format is "hocr", "alto" or "page".
	Format string `json:"format"`
	// Page is the 1-based number of the page in its file.
	Page int `json:"page"`
	// ImageRef is the page image as the file names it ("" if it does not).
	ImageRef string `json:"image_ref,omitempty"`
	// Image is the page image found at import: ImageRef resolved relative
	// to the XML file, else a file beside it with the same stem; "" if none
	// was found.
	Image string `json:"image,omitempty"`
	// Width and Height are the page size in pixels, 0 if the file does not
	// say.
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Lines are the text lines in reading order.
	Lines []LayoutLine `json:"lines"`
	// Words are the words in reading order; a file with line text only
	// has none.
	Words []LayoutWord `json:"words,omitempty"`
	// Source is the page's XML as it was read: the whole file for a
	// single-page file, else the file's header, this page and closing tags.
	Source []byte `json:"-"`
}

// Box is an axis-aligned rectangle in page pixels: X1 and Y1 are the
// right and bottom edges as hOCR writes them (ALTO HPOS+WIDTH).
type Box struct {
	X0 int `json:"x0"`
	Y0 int `json:"y0"`
	X1 int `json:"x1"`
	Y1 int `json:"y1"`
}

// Empty reports whether b has no area.
func (b Box) Empty() bool { return b.X1 <= b.X0 || b.Y1 <= b.Y0 }

// Union returns the smallest box holding b and c; an empty box counts as
// none.
func (b Box) Union(c Box) Box {
	switch {
	case b.Empty():
		return c
	case c.Empty():
		return b
	}
	return Box{min(b.X0, c.X0), min(b.Y0, c.Y0), max(b.X1, c.X1), max(b.Y1, c.Y1)}
}

// Point is a polygon vertex in page pixels.
type Point struct {
	X int `json:"x"`
	Y int `json:"y"`
}

// LayoutLine is one text line: its span in the stored text (without the
// line break), its box and polygon, and the other readings of its text
// when the file has line text only (PAGE TextEquiv with other indexes).
type LayoutLine struct {
	Span
	Box     Box      `json:"box"`
	Polygon []Point  `json:"polygon,omitempty"`
	Alt     []string `json:"alt,omitempty"`
}

// LayoutWord is one word: its span in the stored text, the index of its
// line in Layout.Lines, its box and polygon, the OCR's confidence in 0–1
// (HasConf false: the file gives none; 0 is a real value), and the other
// readings the file gives (PAGE TextEquiv with higher indexes).
type LayoutWord struct {
	Span
	Line    int      `json:"line"`
	Box     Box      `json:"box"`
	Polygon []Point  `json:"polygon,omitempty"`
	Conf    float64  `json:"conf,omitempty"`
	HasConf bool     `json:"has_conf,omitempty"`
	Alt     []string `json:"alt,omitempty"`
}

// MinConf returns the lowest word confidence of l, and false if no word
// has one.
func (l *Layout) MinConf() (float64, bool) {
	lo, ok := 1.0, false
	if l == nil {
		return 0, false
	}
	for _, w := range l.Words {
		if w.HasConf {
			lo, ok = min(lo, w.Conf), true
		}
	}
	if !ok {
		return 0, false
	}
	return lo, true
}
