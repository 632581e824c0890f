package termimg

import (
	"container/list"
	"image"
	"sync"
)

// Cache keeps the last pages decoded, by path, so that moving from line
// to line decodes a page once. It is safe for use by several goroutines
// (the commands that draw run concurrently).
type Cache struct {
	mu     sync.Mutex
	max    int
	pixels int64      // pixels of the decoded pages held
	budget int64      // at most this many pixels held (but always the last page)
	order  *list.List // of *cacheEntry, most recent first
	byKey  map[string]*list.Element
	load   func(string) (image.Image, error)
}

type cacheEntry struct {
	key    string
	img    image.Image
	err    error
	once   sync.Once
	pixels int64
}

// pixelBudget is how many pixels of decoded pages a cache holds: about
// 1 GB at four bytes a pixel, so that four pages of a large atlas do not
// reach the supervisor's heap limit.
const pixelBudget = 256 << 20

// NewCache returns a cache of at most n pages that decodes with load
// (nil: Load).
func NewCache(n int, load func(string) (image.Image, error)) *Cache {
	if load == nil {
		load = Load
	}
	return &Cache{max: max(n, 1), budget: pixelBudget, order: list.New(), byKey: map[string]*list.Element{}, load: load}
}

// Page returns the decoded page at path, decoding it on the first ask
// (concurrent asks for one page wait for one decoding). A failure is
// kept too, so a missing page is not looked for again and again.
func (c *Cache) Page(path string) (image.Image, error) {
	c.mu.Lock()
	el, ok := c.byKey[path]
	if ok {
		c.order.MoveToFront(el)
	} else {
		el = c.order.PushFront(&cacheEntry{key: path})
		c.byKey[path] = el
		c.evict()
	}
	e := el.Value.(*cacheEntry)
	c.mu.Unlock()
	e.once.Do(func() {
		e.img, e.err = c.load(path)
		if e.img != nil {
			c.mu.Lock()
			e.pixels = int64(e.img.Bounds().Dx()) * int64(e.img.Bounds().Dy())
			if _, held := c.byKey[path]; held && c.byKey[path] == el {
				c.pixels += e.pixels
				c.evict()
			}
			c.mu.Unlock()
		}
	})
	return e.img, e.err
}

// evict drops the least recently used pages while there are more than
// max or their pixels pass the budget, keeping the most recent. c.mu is
// held.
func (c *Cache) evict() {
	for c.order.Len() > 1 && (c.order.Len() > c.max || c.pixels > c.budget) {
		old := c.order.Back()
		c.order.Remove(old)
		e := old.Value.(*cacheEntry)
		delete(c.byKey, e.key)
		c.pixels -= e.pixels
	}
}

// Len is the number of pages held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
