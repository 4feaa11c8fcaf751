package main

import (
	"strconv"
	"unicode/utf8"

	"github.com/cascade-infra/cascade/cascade"
)

// Hand-written JSON encoders for the hot part of `run --format json`: the failures.

// appendFailureJSON appends f as compact JSON to dst: the same bytes json.Marshal
// writes for f, without its reflection. A run's report may hold hundreds of thousands
// of failures.
func appendFailureJSON(dst []byte, f *cascade.FailureReport) []byte {
	dst = append(dst, `{"asset":`...)
	dst = appendJSONString(dst, f.Asset)
	dst = append(dst, `,"sector":`...)
	dst = appendJSONString(dst, f.Sector)
	dst = append(dst, `,"at_s":`...)
	dst = strconv.AppendInt(dst, f.AtS, 10)
	if f.Compromised {
		dst = append(dst, `,"compromised":true`...)
	} else {
		dst = append(dst, `,"compromised":false`...)
	}
	dst = append(dst, `,"compromised_at_s":`...)
	dst = appendJSONTime(dst, f.CompromisedAtS)
	dst = append(dst, `,"cause":`...)
	dst = appendCauseJSON(dst, &f.Cause)
	dst = append(dst, `,"restored_s":`...)
	dst = appendJSONTime(dst, f.RestoredS)
	dst = append(dst, `,"down_s":`...)
	dst = appendJSONTime(dst, f.DownS)
	dst = append(dst, `,"outages":`...)
	dst = strconv.AppendInt(dst, int64(f.Outages), 10)
	dst = append(dst, `,"label":`...)
	dst = appendJSONString(dst, f.Label)
	dst = append(dst, `,"operator":`...)
	dst = appendJSONString(dst, f.Operator)
	dst = append(dst, `,"country":`...)
	dst = appendJSONString(dst, f.Country)
	return append(dst, '}')
}

// readAheadStrings reads the first byte of the strings of rows fs that lie at random in
// memory — the assets' names and labels and their causes' suppliers — in one short loop
// whose reads do not wait for each other, so that appendFailureJSON, which reads them a
// row at a time, finds them in cache. It returns a sum of what it read, for the caller
// to keep (reads whose values are unused would be optimised away).
func readAheadStrings(fs []cascade.FailureReport) byte {
	var sum byte
	first := func(s string) byte {
		if s == "" {
			return 0
		}
		return s[0]
	}
	for i := range fs {
		f := &fs[i]
		sum += first(f.Asset) + first(f.Label) + first(f.Cause.Supplier)
		for _, s := range f.Cause.Suppliers {
			sum += first(s)
		}
	}
	return sum
}

// appendCauseJSON appends c as compact JSON to dst: the same bytes json.Marshal writes
// for c, leaving out the empty fields its omitempty tags leave out.
func appendCauseJSON(dst []byte, c *cascade.CauseReport) []byte {
	dst = append(dst, `{"kind":`...)
	dst = appendJSONString(dst, c.Kind)
	if c.Event != "" {
		dst = append(dst, `,"event":`...)
		dst = appendJSONString(dst, c.Event)
	}
	if c.Supplier != "" {
		dst = append(dst, `,"supplier":`...)
		dst = appendJSONString(dst, c.Supplier)
	}
	if len(c.Suppliers) > 0 {
		dst = append(dst, `,"suppliers":[`...)
		for i, s := range c.Suppliers {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, s)
		}
		dst = append(dst, ']')
	}
	if c.Group != "" {
		dst = append(dst, `,"group":`...)
		dst = appendJSONString(dst, c.Group)
	}
	if c.LostAtS != nil {
		dst = append(dst, `,"lost_at_s":`...)
		dst = strconv.AppendInt(dst, *c.LostAtS, 10)
	}
	if c.BackupS != nil {
		dst = append(dst, `,"backup_s":`...)
		dst = strconv.AppendInt(dst, *c.BackupS, 10)
	}
	if c.DelayS != nil {
		dst = append(dst, `,"delay_s":`...)
		dst = strconv.AppendInt(dst, *c.DelayS, 10)
	}
	return append(dst, '}')
}

// appendJSONTime appends *t, or null when t is nil.
func appendJSONTime(dst []byte, t *int64) []byte {
	if t == nil {
		return append(dst, "null"...)
	}
	return strconv.AppendInt(dst, *t, 10)
}

// appendJSONString appends s as a JSON string exactly as encoding/json writes it (with
// its default HTML escaping): '"' and '\\' are escaped, control characters become \b,
// \f, \n, \r, \t or \u00XX, '<', '>' and '&' become \u003c, \u003e and \u0026, U+2028
// and U+2029 become \u2028 and \u2029, and every byte of invalid UTF-8 becomes \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if jsonSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default: // other control characters, '<', '>' and '&'
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// jsonSafe marks the ASCII bytes appendJSONString copies unescaped.
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		switch b {
		case '"', '\\', '<', '>', '&':
		default:
			safe[b] = true
		}
	}
	return safe
}()
