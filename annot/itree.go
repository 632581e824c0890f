package annot

// itree is an interval tree: a treap of annotations ordered by (start, end,
// id), each node knowing the largest end in its subtree, so that the
// annotations overlapping a span are found in O(log n + k) and an insert or
// a delete costs O(log n) expected. Priorities come from a fixed-seed
// generator, so the shape (and the cost) is the same on every run.
type itree struct {
	root *inode
	rng  uint64
	n    int
}

type inode struct {
	a           ispan
	pri         uint64
	maxEnd      int
	left, right *inode
}

// ispan is what the tree keeps of an annotation: its key.
type ispan struct {
	Start, End int
	ID         string
}

func spanKey(a Annotation) ispan { return ispan{a.Start, a.End, a.ID} }

func ikey(a, b ispan) int {
	switch {
	case a.Start != b.Start:
		return a.Start - b.Start
	case a.End != b.End:
		return a.End - b.End
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

func (t *itree) next() uint64 {
	// splitmix64
	t.rng += 0x9e3779b97f4a7c15
	z := t.rng
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (n *inode) fix() *inode {
	n.maxEnd = n.a.End
	if n.left != nil && n.left.maxEnd > n.maxEnd {
		n.maxEnd = n.left.maxEnd
	}
	if n.right != nil && n.right.maxEnd > n.maxEnd {
		n.maxEnd = n.right.maxEnd
	}
	return n
}

// split divides n into the nodes ordered before a (or equal to it, when
// orEqual) and the rest.
func split(n *inode, a ispan, orEqual bool) (l, r *inode) {
	if n == nil {
		return nil, nil
	}
	c := ikey(n.a, a)
	if c < 0 || orEqual && c == 0 {
		n.right, r = split(n.right, a, orEqual)
		return n.fix(), r
	}
	l, n.left = split(n.left, a, orEqual)
	return l, n.fix()
}

// merge joins l and r, every key of l ordered before every key of r.
func merge(l, r *inode) *inode {
	switch {
	case l == nil:
		return r
	case r == nil:
		return l
	case l.pri > r.pri:
		l.right = merge(l.right, r)
		return l.fix()
	default:
		r.left = merge(l, r.left)
		return r.fix()
	}
}

// insert adds a; a node with a's key is replaced.
func (t *itree) insert(a ispan) {
	l, r := split(t.root, a, false)
	mid, r := split(r, a, true)
	if mid == nil {
		t.n++
	}
	t.root = merge(merge(l, (&inode{a: a, pri: t.next()}).fix()), r)
}

// remove deletes the node with a's key, if there is one.
func (t *itree) remove(a ispan) {
	l, r := split(t.root, a, false)
	mid, r := split(r, a, true)
	if mid != nil {
		t.n--
	}
	t.root = merge(l, r)
}

// overlapping calls fn with each annotation that shares a code point with
// sp, in order, until fn returns false.
func (t *itree) overlapping(sp Span, fn func(ispan) bool) {
	var walk func(n *inode) bool
	walk = func(n *inode) bool {
		if n == nil || n.maxEnd <= sp.Start {
			return true
		}
		if !walk(n.left) {
			return false
		}
		if n.a.Start >= sp.End {
			return true // this node and all to its right start after sp
		}
		if n.a.End > sp.Start && !fn(n.a) {
			return false
		}
		return walk(n.right)
	}
	walk(t.root)
}
