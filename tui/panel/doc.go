// Package panel is the annotation panel: the open document's tags,
// entities, corrections, marks, notes and open suggestions (every
// candidate whole, suspects as such), and its record. It moves and draws;
// the root acts on the item under the cursor.
package panel
