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

// insert adds a; a node with a's key is replaced. It descends once to
// where a's priority puts it and splits only the subtree below.
func (t *itree) insert(a ispan) {
	nn := &inode{a: a, pri: t.next()}
	var added bool
	t.root, added = insertNode(t.root, nn)
	if added {
		t.n++
	}
}

func insertNode(n, nn *inode) (*inode, bool) {
	if n == nil {
		return nn.fix(), true
	}
	c := ikey(nn.a, n.a)
	if c == 0 {
		n.a = nn.a
		return n.fix(), false
	}
	if nn.pri > n.pri {
		l, r := split(n, nn.a, false)
		mid, r := split(r, nn.a, true) // a node with nn's key lies below n
		nn.left, nn.right = l, r
		return nn.fix(), mid == nil
	}
	var added bool
	if c < 0 {
		n.left, added = insertNode(n.left, nn)
	} else {
		n.right, added = insertNode(n.right, nn)
	}
	return n.fix(), added
}

// remove deletes the node with a's key, if there is one.
func (t *itree) remove(a ispan) {
	var removed bool
	t.root, removed = removeNode(t.root, a)
	if removed {
		t.n--
	}
}

func removeNode(n *inode, a ispan) (*inode, bool) {
	if n == nil {
		return nil, false
	}
	var removed bool
	switch c := ikey(a, n.a); {
	case c < 0:
		n.left, removed = removeNode(n.left, a)
	case c > 0:
		n.right, removed = removeNode(n.right, a)
	default:
		return merge(n.left, n.right), true
	}
	if !removed {
		return n, false // nothing below changed
	}
	return n.fix(), true
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
