// Package termimg draws raster images in a terminal: Unicode half-blocks
// in 24-bit (or 256) colours everywhere, and the sixel, kitty and iTerm2
// graphics protocols where the terminal has them.
//
// Every drawing is a list of rows, one string per terminal row, each
// exactly as wide (in cells) as asked, so that a Bubble Tea view can
// place it like text. Graphics protocols draw one strip of pixels per
// row, so that a row redrawn alone (Bubble Tea rewrites changed lines
// only) redraws its own part of the image; the strip is written with the
// cursor saved and restored, after the row's cells were blanked, so the
// cursor ends where the text layout expects it.
//
// Detect asks the terminal which protocol it has (DA1 for sixel, a kitty
// graphics query, XTVERSION for iTerm2 and WezTerm, the cell size in
// pixels) with a short timeout; Load decodes JPEG, PNG and TIFF pages and
// Cache keeps the last pages decoded.
package termimg
