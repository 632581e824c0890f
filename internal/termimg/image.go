package termimg

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // page images: JPEG
	_ "image/png"  // page images: PNG
	"io"
	"os"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/tiff" // page images: TIFF
)

// MaxPixels bounds the pages Load decodes (a 600 dpi A3 scan is about
// 70 megapixels): a damaged or hostile header must not fill memory.
const MaxPixels = 200 << 20

// Load decodes the page image at path: JPEG, PNG or TIFF, found by
// content.
func Load(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("page image %s: not a regular file", path)
	}
	cfg, format, err := image.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("page image %s: %w", path, unformat(err))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, fmt.Errorf("page image %s: %s of %d×%d pixels is too large", path, format, cfg.Width, cfg.Height)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("page image %s: %w", path, unformat(err))
	}
	return img, nil
}

// unformat says what image.ErrFormat means.
func unformat(err error) error {
	if errors.Is(err, image.ErrFormat) {
		return errors.New("not a JPEG, PNG or TIFF image")
	}
	return err
}

// Scale returns the part r of img scaled to w×h pixels (area-weighted
// bilinear, so that a strong reduction averages the pixels it drops).
// Parts of r outside img are white.
func Scale(img image.Image, r image.Rectangle, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	r = r.Canon()
	in := r.Intersect(img.Bounds())
	if in.Empty() || r.Dx() == 0 || r.Dy() == 0 {
		return dst
	}
	// the part of dst that in maps to
	fx := float64(dst.Bounds().Dx()) / float64(r.Dx())
	fy := float64(dst.Bounds().Dy()) / float64(r.Dy())
	d := image.Rect(int(float64(in.Min.X-r.Min.X)*fx+0.5), int(float64(in.Min.Y-r.Min.Y)*fy+0.5),
		int(float64(in.Max.X-r.Min.X)*fx+0.5), int(float64(in.Max.Y-r.Min.Y)*fy+0.5))
	draw.BiLinear.Scale(dst, d, img, in, draw.Src, nil)
	return dst
}

// Tint multiplies the pixels of img inside r by c: white paper takes
// c's colour and dark ink stays dark, so a highlighted word stays
// legible.
func Tint(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := img.PixOffset(x, y)
			p := img.Pix[i : i+3 : i+3]
			p[0] = uint8(uint16(p[0]) * uint16(c.R) / 255)
			p[1] = uint8(uint16(p[1]) * uint16(c.G) / 255)
			p[2] = uint8(uint16(p[2]) * uint16(c.B) / 255)
		}
	}
}
