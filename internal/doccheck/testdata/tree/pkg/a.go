// Package pkg cites docs/guide.md, which exists, and docs/missing.md, which does not.
package pkg

// Usage is a help text that cites the external @EXT@.md.
const Usage = `strings are not read: docs/nope.md, @EXT@ section 3`

/* A block comment
   that cites docs/guide.md and,
   on its third line, docs/nope.md. */
