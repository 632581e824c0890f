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
	mu    sync.Mutex
	max   int
	order *list.List // of *cacheEntry, most recent first
	byKey map[string]*list.Element
	load  func(string) (image.Image, error)
}

type cacheEntry struct {
	key  string
	img  image.Image
	err  error
	once sync.Once
}

// NewCache returns a cache of at most n pages that decodes with load
// (nil: Load).
func NewCache(n int, load func(string) (image.Image, error)) *Cache {
	if load == nil {
		load = Load
	}
	return &Cache{max: max(n, 1), order: list.New(), byKey: map[string]*list.Element{}, load: load}
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
		for c.order.Len() > c.max {
			old := c.order.Back()
			c.order.Remove(old)
			delete(c.byKey, old.Value.(*cacheEntry).key)
		}
	}
	e := el.Value.(*cacheEntry)
	c.mu.Unlock()
	e.once.Do(func() { e.img, e.err = c.load(path) })
	return e.img, e.err
}

// Len is the number of pages held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
