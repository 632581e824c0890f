package suggest

import "sync/atomic"

// ocrCleanMargin is how far keeping a trusted word must beat its best
// candidate for the verdict to be remembered: then the small differences
// between documents (each discounts its own words) cannot change it.
const ocrCleanMargin = 4

// The OCR value remembers, across documents, the trusted words that no
// candidate comes near, so that each is checked once per lexicon
// generation rather than once per occurrence: cleanMark[id] holds the
// generation + 1 in which word id was found clean. The slice grows under
// o.mu's write lock; its elements are read and written atomically under
// the read lock.

// isClean reports whether lexicon word id was found clean in the current
// generation. The caller holds o.mu for reading.
func (o *OCR) isClean(id uint32) bool {
	return int(id) < len(o.cleanMark) && atomic.LoadUint64(&o.cleanMark[id]) == o.gen+1
}

// markClean remembers that lexicon word id is clean. The caller holds o.mu
// for reading.
func (o *OCR) markClean(id uint32) {
	if int(id) < len(o.cleanMark) {
		atomic.StoreUint64(&o.cleanMark[id], o.gen+1)
	}
}

// growClean sizes cleanMark to n words. The caller holds o.mu for writing.
func (o *OCR) growClean(n int) {
	if n > len(o.cleanMark) {
		o.cleanMark = append(o.cleanMark, make([]uint64, n-len(o.cleanMark))...)
	}
}
