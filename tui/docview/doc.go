// Package docview lays out one document for the reader: the stored,
// corrected or diff text wrapped at a width, with styled ranges
// (entities, marks, suggestions, corrections), decorations drawn between
// the characters (label chips, proposed fixes, suspect marks) and the
// maps between view positions and stored code points. It also holds the
// rule for showing untrusted text safely (Sanitize) and measuring it the
// way terminals draw it (Width, Truncate, Fit).
package docview
