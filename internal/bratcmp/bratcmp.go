// Package bratcmp compares brat .ann files annotation by annotation, for
// the tests of folio's brat round trip: two files hold the same
// annotations when Lines gives the same for both, whatever their ids and
// order.
package bratcmp

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Lines parses every annotation line of a .ann file (T, R, E, A, M,
// N, #, *) into one string each, with every reference to another
// annotation replaced by what that annotation is: an entity by "LABEL
// start end" (see joinBlank), an event by "E(TYPE [trigger])", a relation
// by "R(LABEL Arg1:from -> Arg2:to)". Two files hold the same annotations when
// their lines are the same multiset, whatever the ids and the order.
// Lines it cannot parse come back as they are, so that they count.
func Lines(path, text string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	spans, evs, rels := map[string]string{}, map[string][]string{}, map[string][]string{}
	for _, line := range lines {
		f := strings.SplitN(line, "\t", 3)
		if len(f) < 2 || f[0] == "" {
			continue
		}
		switch f[0][0] {
		case 'T':
			spans[f[0]] = joinBlank(f[1], text)
		case 'E':
			evs[f[0]] = strings.Fields(f[1])
		case 'R':
			rels[f[0]] = strings.Fields(f[1])
		}
	}
	var desc func(id string, depth int) string
	desc = func(id string, depth int) string {
		if s, ok := spans[id]; ok {
			return s
		}
		if a, ok := evs[id]; ok && len(a) > 0 && depth < 8 {
			typ, tr, _ := strings.Cut(a[0], ":")
			return "E(" + typ + " [" + desc(tr, depth+1) + "])"
		}
		if a, ok := rels[id]; ok && len(a) == 3 && depth < 8 {
			r1, from, _ := strings.Cut(a[1], ":")
			r2, to, _ := strings.Cut(a[2], ":")
			return "R(" + a[0] + " " + r1 + ":" + desc(from, depth+1) + " -> " + r2 + ":" + desc(to, depth+1) + ")"
		}
		return "?" + id
	}
	var out []string
	for _, line := range lines {
		f := strings.SplitN(line, "\t", 3)
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(f) < 2 || f[0] == "" {
			out = append(out, line)
			continue
		}
		a := strings.Fields(f[1])
		switch c := f[0][0]; {
		case c == 'T':
			out = append(out, "T "+spans[f[0]])
		case c == 'R' && len(a) == 3:
			out = append(out, desc(f[0], 0))
		case c == 'E' && len(a) > 0:
			var args []string
			for _, x := range a[1:] {
				role, id, _ := strings.Cut(x, ":")
				args = append(args, role+":"+desc(id, 1))
			}
			slices.Sort(args)
			out = append(out, "E "+strings.TrimPrefix(strings.TrimSuffix(desc(f[0], 0), ")"), "E(")+" "+strings.Join(args, " "))
		case (c == 'A' || c == 'M') && len(strings.SplitN(f[1], " ", 3)) >= 2:
			// split at spaces only: a value may hold more (DKPro's do)
			p := strings.SplitN(f[1], " ", 3)
			out = append(out, "A "+p[0]+" on "+desc(p[1], 0)+" = "+strings.Join(p[2:], ""))
		case c == 'N' && len(a) >= 3 && len(f) == 3:
			out = append(out, "N on "+desc(a[1], 0)+" "+a[2]+" "+f[2])
		case c == '#' && len(a) == 2 && len(f) == 3:
			out = append(out, "# "+a[0]+" on "+desc(a[1], 0)+" "+f[2])
		case c == '*' && len(a) >= 2:
			var ms []string
			for _, m := range a[1:] {
				ms = append(ms, desc(m, 0))
			}
			slices.Sort(ms)
			out = append(out, "* "+a[0]+" "+strings.Join(ms, " | "))
		default:
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return out, nil
}

// joinBlank turns "L 5 7;8 10" into "L 5 10" when only white space lies
// between its fragments in text: folio holds such an entity as one span,
// and writes it back split at line breaks only.
func joinBlank(spec, text string) string {
	label, offs, _ := strings.Cut(spec, " ")
	frags := strings.Split(offs, ";")
	if len(frags) == 1 {
		return spec
	}
	runes := []rune(text)
	var first, last int
	prevEnd := -1
	for i, fr := range frags {
		var s, e int
		if _, err := fmt.Sscanf(fr, "%d %d", &s, &e); err != nil {
			return spec
		}
		if i == 0 {
			first = s
		}
		if prevEnd >= 0 && (s > len(runes) || s < prevEnd || strings.TrimSpace(string(runes[prevEnd:s])) != "") {
			return spec
		}
		prevEnd, last = e, e
	}
	return label + " " + strconv.Itoa(first) + " " + strconv.Itoa(last)
}
