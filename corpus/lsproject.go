package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
)

// A Label Studio project folder keeps its tasks in tasks.json and the
// annotations of a task in files of their own under annotations/: the
// task again with its "annotations" (annotations/ID.json, as Label
// Studio's examples keep them), or one annotation that names its task
// in a "task" field (else by the file's name, ID.json), as Label Studio
// exports one. folio reads each task once, with the annotations of its
// files: a task's id is its "id", else its place in tasks.json (from 1,
// as Label Studio numbers the tasks it imports). The fields a task file
// adds to the task are read as the task's (counted as dropped if folio
// does not read them); those both have are the task's. A file whose
// task is not there, or that holds another text, is read on its own.
const (
	lsTasksFile       = "tasks.json"
	lsAnnotationsDir  = "annotations"
	lsAnnotationsList = "annotations"
	lsPredictionsList = "predictions"
)

// lsProject holds the annotation files of a Label Studio project folder.
type lsProject struct {
	byTask map[string][]item // the files, by the id of the task they annotate
}

// isLSProject reports whether a folder's entries are those of a Label
// Studio project: tasks.json beside an annotations folder.
func isLSProject(entries []fs.DirEntry) bool {
	tasks, annotations := false, false
	for _, e := range entries {
		switch {
		case e.IsDir() && e.Name() == lsAnnotationsDir:
			annotations = true
		case !e.IsDir() && e.Name() == lsTasksFile:
			tasks = true
		}
	}
	return tasks && annotations
}

// lsTasksFirst returns entries with tasks.json before the annotations
// folder, so that the files read with their tasks are known when the
// walk comes to the folder.
func lsTasksFirst(entries []fs.DirEntry) []fs.DirEntry {
	i := slices.IndexFunc(entries, func(e fs.DirEntry) bool { return e.IsDir() && e.Name() == lsAnnotationsDir })
	j := slices.IndexFunc(entries, func(e fs.DirEntry) bool { return !e.IsDir() && e.Name() == lsTasksFile })
	if i < 0 || j < 0 || i > j {
		return entries
	}
	out := slices.Clone(entries)
	dir := out[i]
	out = slices.Delete(out, i, i+1)
	return slices.Insert(out, j, dir) // j-1 is now tasks.json
}

// lsProjectFiles finds the annotation files of the Label Studio project
// in the folder name (at rel below the root; shown as dir shows paths),
// by the id of their task. A file it cannot read, or that is not a JSON
// object, is left to be read (and reported) on its own.
func (r *reader) lsProjectFiles(name, rel string, shown func(string) string) *lsProject {
	p := &lsProject{byTask: map[string][]item{}}
	dir := path.Join(name, lsAnnotationsDir)
	entries, err := fs.ReadDir(r.fsys, dir)
	if err != nil {
		return p
	}
	for _, e := range entries {
		base := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(base, ".") || !strings.EqualFold(path.Ext(base), ".json") {
			continue
		}
		it := item{name: path.Join(dir, base), shown: shown(path.Join(rel, lsAnnotationsDir, base))}
		raw, why := r.slurp(it.name)
		if why != "" {
			continue
		}
		var f struct {
			ID          json.RawMessage `json:"id"`
			Task        json.RawMessage `json:"task"`
			Data        json.RawMessage `json:"data"`
			Annotations json.RawMessage `json:"annotations"`
		}
		if json.Unmarshal(bytes.TrimPrefix(raw, []byte(bom)), &f) != nil {
			continue
		}
		task := ""
		switch {
		case present(f.Task): // an annotation of task "task"
			task, _ = lineID(f.Task)
		case present(f.Data) || present(f.Annotations): // the task itself
			task, _ = lineID(f.ID)
		}
		if task == "" {
			task = strings.TrimSuffix(base, path.Ext(base))
		}
		p.byTask[task] = append(p.byTask[task], it)
	}
	return p
}

// attachLS returns task n of tasks (raw, a task of the tasks file shown)
// with the annotations of its files in p, and the problems found; the
// files it takes are read no more (reader.attached). A file of another
// text is left, and said so.
func (r *reader) attachLS(p *lsProject, raw json.RawMessage, n int, shown string) (json.RawMessage, []Problem) {
	var task map[string]json.RawMessage
	if json.Unmarshal(raw, &task) != nil || task == nil {
		return raw, nil
	}
	id, _ := lineID(task["id"])
	if id == "" {
		id = strconv.Itoa(n)
	}
	files := p.byTask[id]
	if len(files) == 0 {
		return raw, nil
	}
	delete(p.byTask, id) // a second task of that id does not get them
	var data map[string]json.RawMessage
	_ = json.Unmarshal(task["data"], &data)
	text, _, why := lsText(data)
	if why != "" {
		return raw, nil // the task is skipped: its files are read on their own
	}
	var probs []Problem
	for _, f := range files {
		where := f.shown
		b, why := r.slurp(f.name)
		var file map[string]json.RawMessage
		if why != "" || json.Unmarshal(bytes.TrimPrefix(b, []byte(bom)), &file) != nil || file == nil {
			continue // read on its own, which says why not
		}
		if present(file["data"]) {
			var fd map[string]json.RawMessage
			_ = json.Unmarshal(file["data"], &fd)
			if t, _, why := lsText(fd); why != "" || t != text {
				probs = append(probs, Problem{Where: where, Msg: fmt.Sprintf("its text is not the text of task %s of %s: read as a task of its own", id, shown)})
				continue
			}
		}
		merged, ok := lsMerge(task, file)
		if !ok {
			continue // its lists are not lists: read on its own, which says so
		}
		for _, k := range merged.kept {
			probs = append(probs, Problem{Where: where, Msg: fmt.Sprintf("its %q field is not the task's: the task's is kept", k),
				Skipped: true, Part: true, Dropped: fmt.Sprintf("annotation file %q field", k)})
		}
		task = merged.task
		r.attached[f.name] = true
	}
	out, err := json.Marshal(task)
	if err != nil {
		return raw, probs
	}
	return out, probs
}

// lsMerged is a task with an annotation file's annotations.
type lsMerged struct {
	task map[string]json.RawMessage
	kept []string // the fields of the file that differ from the task's, whose are kept
}

// lsMerge adds file, an annotation file, to task: a task file's
// annotations and predictions, and its fields the task has not; a bare
// annotation to the task's annotations. ok is false when a list is not
// one.
func lsMerge(task, file map[string]json.RawMessage) (lsMerged, bool) {
	m := lsMerged{task: maps.Clone(task)}
	appendTo := func(key string, items ...json.RawMessage) bool {
		var list []json.RawMessage
		if present(m.task[key]) && json.Unmarshal(m.task[key], &list) != nil {
			return false
		}
		b, err := json.Marshal(append(list, items...))
		m.task[key] = b
		return err == nil
	}
	if !present(file["data"]) && !present(file[lsAnnotationsList]) {
		b, err := json.Marshal(file)
		return m, err == nil && appendTo(lsAnnotationsList, b)
	}
	for _, k := range []string{lsAnnotationsList, lsPredictionsList} {
		var items []json.RawMessage
		if present(file[k]) && json.Unmarshal(file[k], &items) != nil {
			return m, false
		}
		if len(items) > 0 && !appendTo(k, items...) {
			return m, false
		}
	}
	for _, k := range slices.Sorted(maps.Keys(file)) {
		switch {
		case k == "id" || k == "data" || k == lsAnnotationsList || k == lsPredictionsList || !present(file[k]):
		case !present(m.task[k]):
			m.task[k] = file[k]
		case !sameJSON(m.task[k], file[k]):
			m.kept = append(m.kept, k)
		}
	}
	return m, true
}

// sameJSON reports whether two JSON values are written the same but for
// white space.
func sameJSON(a, b json.RawMessage) bool {
	var x, y bytes.Buffer
	return json.Compact(&x, a) == nil && json.Compact(&y, b) == nil && bytes.Equal(x.Bytes(), y.Bytes())
}
